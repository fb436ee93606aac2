"""Issue 14 §7: the government settings page and API (secretariat and admin only, audited, the webhook secret
write-only, a confirmation before the public page is published) and the login page's link to the public pages.
The page is organizations'; its tests live with the highest app they touch (insights' public page)."""

import json

from sinergi.core.models import AuditEntry
from sinergi.insights.public.models import PublicPage
from sinergi.organizations.models import Government
from sinergi.reporting.config import config_for
from sinergi.reporting.models import ReportingConfig


def _metro():
    return Government.objects.get(region_id="18.72")


def _patch(client, government, body):
    return client.patch(
        f"/api/v1/governments/{government.pk}/settings", json.dumps(body), content_type="application/json"
    )


def test_the_api_reads_and_changes_the_settings_and_never_sends_the_secret(api):
    metro = _metro()
    client = api("sekretariat")
    response = _patch(
        client, metro,
        {"webhook_url": "https://hook.example.invalid/sinergi", "webhook_secret": "s3cret-value",
         "due_working_days": 12, "head_approval_required": True},
    )  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert body["webhook_secret_set"] is True and "webhook_secret" not in body
    assert (body["due_working_days"], body["head_approval_required"]) == (12, True)
    config = ReportingConfig.objects.get(government=metro)
    assert config.webhook_secret == "s3cret-value" and config.due_working_days == 12
    assert "s3cret-value" not in client.get(f"/api/v1/governments/{metro.pk}/settings").content.decode()
    entries = AuditEntry.objects.filter(content_type__model="reportingconfig", object_id=str(config.pk))
    assert entries.filter(after__due_working_days=12).exists()
    assert entries.filter(reason="Rahasia webhook diganti").exists()
    assert not any("s3cret-value" in json.dumps([e.before, e.after]) for e in entries)
    assert _patch(client, metro, {"webhook_url": "not a url"}).status_code == 422
    assert _patch(client, metro, {"due_working_days": 0}).status_code == 422


def test_only_the_secretariat_and_the_admin_reach_the_settings(api, login):
    metro = _metro()
    for persona, status in (("bnn", 403), ("disdik", 403), ("walikota", 403), ("lamtim", 404), ("admin", 200)):
        assert api(persona).get(f"/api/v1/governments/{metro.pk}/settings").status_code == status, persona
        assert _patch(api(persona), metro, {"due_working_days": 9}).status_code == status, persona
    assert login("bnn").get(f"/pemda/{metro.pk}/pengaturan/").status_code == 403
    assert login("sekretariat").get(f"/pemda/{metro.pk}/pengaturan/").status_code == 200


def test_publishing_the_public_page_needs_a_confirmation(api):
    metro = _metro()
    PublicPage.objects.filter(government=metro).update(enabled=False)
    client = api("sekretariat")
    refused = _patch(client, metro, {"public_page_enabled": True})
    assert refused.status_code == 422
    assert "status kerawanan" in refused.json()["error"]["fields"]["confirm_public"][0]
    assert not PublicPage.objects.filter(government=metro, enabled=True).exists()
    assert _patch(client, metro, {"public_page_enabled": True, "confirm_public": True}).status_code == 200
    assert PublicPage.objects.get(government=metro).enabled
    assert login_free_public_page_answers(metro)


def login_free_public_page_answers(government):
    from django.test import Client

    return Client().get(f"/publik/{government.region_id}/").status_code == 200


def test_the_settings_page_saves_keeps_the_secret_and_asks_before_publishing(login):
    metro = _metro()
    PublicPage.objects.filter(government=metro).update(enabled=False)
    config = config_for(metro)
    config.webhook_secret = "zq-old-secret-17"
    config.save()
    client = login("sekretariat")
    page = client.get(f"/pemda/{metro.pk}/pengaturan/").content.decode()
    assert "zq-old-secret-17" not in page and "Rahasia sudah diatur" in page
    form = {"due_working_days": "7", "head_approval_required": "on", "webhook_url": "", "webhook_secret": "",
            "public_page_enabled": "on"}  # fmt: skip
    response = client.post(f"/pemda/{metro.pk}/pengaturan/", form)
    assert response.status_code == 200 and "Konfirmasikan bahwa halaman boleh" in response.content.decode()
    config.refresh_from_db()
    assert config.due_working_days != 7
    response = client.post(f"/pemda/{metro.pk}/pengaturan/", {**form, "confirm_public": "on"})
    assert response.status_code == 302
    config.refresh_from_db()
    assert (config.due_working_days, config.head_approval_required, config.webhook_secret) == (
        7,
        True,
        "zq-old-secret-17",
    )
    assert PublicPage.objects.get(government=metro).enabled
    assert f'href="/pemda/{metro.pk}/pengaturan/"' in client.get(f"/pemda/{metro.pk}/").content.decode()


def test_the_login_page_links_the_public_pages(client):
    page = client.get("/akun/masuk/").content.decode()
    assert 'href="/publik/"' in page
