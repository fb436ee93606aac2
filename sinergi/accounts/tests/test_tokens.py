from sinergi.accounts.models import ApiToken


def test_it_issues_a_token_that_authenticates(db, client):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "bnn", "password": "sinergi-demo", "name": "skrip"},
        content_type="application/json",
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert key.startswith("sp_")
    me = client.get("/api/v1/me", headers={"authorization": f"Bearer {key}"})
    assert me.status_code == 200
    assert me.json()["username"] == "bnn"
    # Only a hash is stored.
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_it_refuses_a_wrong_password_with_a_clear_error(db, client):
    response = client.post(
        "/api/v1/auth/token", {"username": "bnn", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_it_answers_401_without_a_token(db, client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_it_lists_and_revokes_only_the_owners_tokens(api):
    bnn = api("bnn")
    other = api("dinkes")
    tokens = bnn.get("/api/v1/auth/tokens").json()
    assert tokens["count"] == 1
    token_id = tokens["items"][0]["id"]
    assert other.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert bnn.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 204
    # The revoked token no longer works.
    assert bnn.get("/api/v1/me").status_code == 401


def test_it_creates_and_revokes_tokens_on_the_profile_page(login):
    client = login("disdik")
    response = client.post("/akun/", {"name": "Excel Disdik"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="new-token"' in page
    token = ApiToken.objects.get(user__username="disdik", name="Excel Disdik")
    assert client.post(f"/akun/token/{token.pk}/cabut/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_does_not_authenticate_deactivated_users(api):
    from sinergi.accounts.models import User

    client = api("dinkes")
    User.objects.filter(username="dinkes").update(is_active=False)
    assert client.get("/api/v1/me").status_code == 401
