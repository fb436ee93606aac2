"""Indicator sources (issue 5 §6) on the planning side: API round trip, validation, the form and plan copies."""

import json

from sinergi.planning import services
from sinergi.planning.models import Action


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_round_trip_of_source_and_filter(api, draft_plan):
    client = api("sekretariat")
    action = Action.objects.filter(plan=draft_plan).first()
    body = {
        "name": "Peserta sosialisasi pelajar",
        "unit": "orang",
        "source": "participants",
        "source_filter": {"kinds": ["sosialisasi", "penyuluhan"], "target_group": "pelajar"},
    }
    created = _post(client, f"/api/v1/actions/{action.pk}/indicators", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["source"] == "participants"
    assert data["source_filter"] == {"kinds": ["penyuluhan", "sosialisasi"], "target_group": "pelajar"}
    assert data["source_description"]
    url = f"/api/v1/indicators/{data['id']}"
    changed = _patch(client, url, {"source_filter": {"kinds": ["kampanye"]}})
    assert changed.json()["source_filter"] == {"kinds": ["kampanye"]}
    # A new source alone clears the old filter; a filter key the source does not use is refused, naming the field.
    assert _patch(client, url, {"source": "active_volunteers"}).json()["source_filter"] == {}
    refused = _patch(client, url, {"source": "villages_status", "source_filter": {"stage": "pokja"}})
    assert refused.status_code == 422
    assert "source_filter" in refused.json()["error"]["fields"]
    refused = _post(client, f"/api/v1/actions/{action.pk}/indicators", {**body, "source_filter": {"kinds": ["x"]}})
    assert refused.status_code == 422
    listed = client.get(f"/api/v1/actions/{action.pk}").json()["indicators"]
    assert [i["source"] for i in listed] == ["manual", "active_volunteers"]


def test_indicator_form_sets_the_source_and_keeps_only_the_filter_it_uses(login, draft_plan):
    client = login("sekretariat")
    action = Action.objects.filter(plan=draft_plan).first()
    indicator = action.indicators.get()
    page = client.get(f"/indikator/{indicator.pk}/ubah/")
    assert 'name="source"' in page.content.decode() and 'name="kinds"' in page.content.decode()
    form = {"name": "Kelurahan bahaya", "unit": "kelurahan", "aggregation": "latest", "direction": "lower",
            "version": action.version}  # fmt: skip
    refused = client.post(f"/indikator/{indicator.pk}/ubah/", {**form, "source": "villages_status"})
    assert refused.status_code == 200  # the status is required: shown again with the error
    indicator.refresh_from_db()
    assert indicator.source == "manual"
    saved = client.post(
        f"/indikator/{indicator.pk}/ubah/",
        {**form, "source": "villages_status", "status": "bahaya", "kinds": ["sosialisasi"], "stage": "pokja"},
    )
    assert saved.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.source, indicator.source_filter) == ("villages_status", {"status": "bahaya"})


def test_revisions_and_carried_forward_plans_keep_the_source(draft_plan, secretariat):
    action = Action.objects.filter(plan=draft_plan).first()
    indicator = action.indicators.get()
    services.indicator_update(
        indicator=indicator, by=secretariat, source="event_count", source_filter={"kinds": ["sosialisasi"]}
    )
    new = services.plan_carry_forward(plan=draft_plan, start_year=2023, end_year=2023, title="RAD 2023", by=secretariat)
    copy = new.actions.get(lineage=action.lineage).indicators.get()
    assert (copy.source, copy.source_filter) == ("event_count", {"kinds": ["sosialisasi"]})
