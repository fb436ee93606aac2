import pytest
from django.core import mail
from django.test import Client

from sinergi.accounts.models import User


@pytest.fixture
def client_ip():
    return Client(REMOTE_ADDR="10.1.2.3")


def test_it_signs_in_and_reaches_the_home_page(db, client_ip, demo_password):
    response = client_ip.post("/akun/masuk/", {"username": "sekretariat", "password": demo_password}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/"
    assert "Pemerintah Kota Metro" in response.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(db, client_ip):
    response = client_ip.get("/perangkat-daerah/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")


def test_it_says_clearly_when_the_password_is_wrong(db, client_ip):
    response = client_ip.post("/akun/masuk/", {"username": "sekretariat", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_it_locks_out_a_username_from_one_address_after_repeated_failures(db, demo_password):
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(5):
        attacker.post("/akun/masuk/", {"username": "disdik", "password": "tebakan"})
    locked = attacker.post("/akun/masuk/", {"username": "disdik", "password": demo_password})
    assert locked.status_code == 429
    assert "Terlalu banyak" in locked.content.decode() or "Too many" in locked.content.decode()
    # The real official, from another address, still gets in.
    official = Client(REMOTE_ADDR="10.1.1.1")
    response = official.post("/akun/masuk/", {"username": "disdik", "password": demo_password})
    assert response.status_code == 302


def test_it_locks_out_the_api_token_endpoint_too(db):
    attacker = Client(REMOTE_ADDR="10.9.9.8")
    statuses = [
        attacker.post(
            "/api/v1/auth/token", {"username": "dinkes", "password": "x"}, content_type="application/json"
        ).status_code
        for _ in range(5)
    ]
    # The fifth failure reaches the limit and is itself answered with the lockout.
    assert statuses == [401, 401, 401, 401, 429]
    response = attacker.post(
        "/api/v1/auth/token", {"username": "dinkes", "password": "sinergi-demo"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"


def test_it_signs_out_with_post(login):
    client = login("disdik")
    response = client.post("/akun/keluar/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_it_changes_the_password(login):
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
    assert User.objects.get(username="dinkes").check_password("Metro-Bersinar-2024")


def test_it_refuses_a_weak_new_password_with_a_message(login):
    client = login("dinkes")
    response = client.post(
        "/akun/sandi/", {"old_password": "sinergi-demo", "new_password1": "12345", "new_password2": "12345"}
    )
    assert response.status_code == 200
    assert User.objects.get(username="dinkes").check_password("sinergi-demo")
    assert 'class="errorlist"' in response.content.decode()


def test_it_emails_a_password_reset_link(db, client_ip):
    User.objects.filter(username="dinkes").update(email="dinkes@metrokota.go.id")
    response = client_ip.post("/akun/sandi/lupa/", {"email": "dinkes@metrokota.go.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/akun/sandi/atur/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client_ip.get(path, follow=True)
    assert form_page.status_code == 200
    response = client_ip.post(
        form_page.request["PATH_INFO"], {"new_password1": "Tejo-Agung-2025!", "new_password2": "Tejo-Agung-2025!"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="dinkes").check_password("Tejo-Agung-2025!")


def test_it_hashes_new_passwords_with_argon2_in_production_settings():
    from config import settings

    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
