"""Issue 13 §7: the client address behind a trusted proxy, the per-address throttle, and token lifetime."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.utils import timezone

from sinergi.accounts.models import ApiToken, User

PROXY = "10.0.0.5"


def _login(client, username, password, **extra):
    return client.post("/akun/masuk/", {"username": username, "password": password}, **extra)


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # A client-written first entry is not believed: the nearest untrusted hop is the client.
        ("1.2.3.4, 203.0.113.7", "203.0.113.7"),
        # Trusted hops on the right are skipped.
        ("198.51.100.9, 10.0.0.6", "198.51.100.9"),
    ],
)
def test_lockout_behind_a_trusted_proxy_records_the_forwarded_client(db, settings, forwarded_for, expected):
    settings.SINERGI_TRUSTED_PROXIES = ["10.0.0.0/24"]
    client = Client(REMOTE_ADDR=PROXY)
    _login(client, "disdik", "tebakan", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [expected]


def test_an_attacker_behind_the_proxy_cannot_lock_the_official_out(db, settings, demo_password):
    settings.SINERGI_TRUSTED_PROXIES = ["10.0.0.5"]
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(5):
        _login(attacker, "disdik", "tebakan")
    assert _login(attacker, "disdik", demo_password).status_code == 429
    official = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert _login(official, "disdik", demo_password).status_code == 302


def test_forwarded_for_from_an_untrusted_peer_is_ignored(db, settings):
    settings.SINERGI_TRUSTED_PROXIES = ["10.0.0.5"]
    client = Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    _login(client, "disdik", "tebakan")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.1"]


def test_the_login_form_throttles_one_address_across_usernames(db, settings):
    settings.SINERGI_LOGIN_RATE_PER_MINUTE = 5
    client = Client(REMOTE_ADDR="10.7.7.7")
    statuses = [_login(client, f"nobody{i}", "x").status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]
    blocked = _login(client, "nobody99", "x")
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 61
    assert "Terlalu banyak percobaan masuk" in blocked.content.decode()
    # Another address is not affected.
    assert _login(Client(REMOTE_ADDR="10.7.7.8"), "nobody", "x").status_code == 200


def test_the_token_endpoint_throttles_one_address_across_usernames(db, settings):
    settings.SINERGI_LOGIN_RATE_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="10.7.7.9")
    responses = [
        client.post("/api/v1/auth/token", {"username": f"u{i}", "password": "x"}, content_type="application/json")
        for i in range(4)
    ]
    assert [r.status_code for r in responses] == [401, 401, 401, 429]
    assert responses[-1].json()["error"]["code"] == "rate_limited"
    assert int(responses[-1]["Retry-After"]) >= 1


def test_a_token_expires_after_the_configured_days(db, settings, client):
    settings.SINERGI_TOKEN_DAYS = 30
    response = client.post(
        "/api/v1/auth/token", {"username": "bnn", "password": "sinergi-demo"}, content_type="application/json"
    )
    body = response.json()
    token = ApiToken.objects.get(pk=body["id"])
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    auth = {"authorization": f"Bearer {body['token']}"}
    listed = client.get("/api/v1/auth/tokens", headers=auth).json()["items"][0]
    assert listed["expires_at"]
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get("/api/v1/me", headers=auth)
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "unauthenticated"


def test_the_token_list_page_shows_expiry_and_expired_tokens(login):
    client = login("disdik")
    client.post("/akun/", {"name": "Excel Disdik"})
    token = ApiToken.objects.get(user__username="disdik", name="Excel Disdik")
    page = client.get("/akun/").content.decode()
    assert "Kedaluwarsa" in page
    assert token.expires_at.astimezone(timezone.get_current_timezone()).strftime("%Y") in page
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert "kedaluwarsa</span>" in client.get("/akun/").content.decode()


def _live_tokens(username):
    return ApiToken.objects.filter(user__username=username, revoked_at=None).count()


def test_changing_the_password_revokes_the_api_tokens(login, api):
    bearer = api("dinkes")
    assert bearer.get("/api/v1/me").status_code == 200
    client = login("dinkes")
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": "sinergi-demo",
            "new_password1": "Metro-Bersinar-2024",
            "new_password2": "Metro-Bersinar-2024",
        },
    )
    assert response.status_code == 302
    assert bearer.get("/api/v1/me").status_code == 401
    assert _live_tokens("dinkes") == 0


def test_resetting_the_password_revokes_the_api_tokens(api):
    bearer = api("dinkes")
    User.objects.filter(username="dinkes").update(email="dinkes@metrokota.go.id")
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/akun/sandi/lupa/", {"email": "dinkes@metrokota.go.id"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/sandi/atur/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    response = client.post(
        form_page.request["PATH_INFO"], {"new_password1": "Tejo-Agung-2025!", "new_password2": "Tejo-Agung-2025!"}
    )
    assert response.status_code == 302
    assert bearer.get("/api/v1/me").status_code == 401


def test_the_admin_password_change_revokes_the_api_tokens(login, api):
    bearer = api("dinkes")
    user = User.objects.get(username="dinkes")
    admin = login("admin")
    response = admin.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "Admin-Set-2025!x", "password2": "Admin-Set-2025!x", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("Admin-Set-2025!x")
    assert bearer.get("/api/v1/me").status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(api):
    bearer = api("bnn")
    bearer.get("/api/v1/me")
    token = ApiToken.objects.get(user__username="bnn", name="test")
    first = token.last_used_at
    assert first is not None
    bearer.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    bearer.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)
