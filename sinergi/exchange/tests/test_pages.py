"""The exchange pages and API: export with a download button, upload with its outcome, trusted senders, and a
received package's page."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.exchange import keys
from sinergi.exchange.models import ExchangePackage, TrustedSender
from sinergi.exchange.tests import helpers as h


@pytest.fixture
def english_login(login):
    def make(username):
        client = login(username)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def _upload(client, raw: bytes, name="paket.zip", **extra):
    return client.post("/pertukaran/impor/", {"file": SimpleUploadedFile(name, raw, "application/zip"), **extra})


def test_the_exchange_page_shows_the_key_and_what_can_be_sent(english_login):
    key = h.key()
    page = english_login("sekretariat").get("/pertukaran/")
    assert page.status_code == 200
    text = page.content.decode()
    assert key.public_key in text and key.fingerprint_display in text
    assert "Semester 1 2024" in text
    assert "Close every period first" in text
    assert "Download the package" not in text

    h.close_metro_semester()
    text = english_login("walikota").get("/pertukaran/").content.decode()
    assert "Download the package" in text
    # The observer reads the page but sends nothing; the menu leads there.
    observer = english_login("provinsi").get("/pertukaran/").content.decode()
    assert "Download the package" not in observer and 'href="/pertukaran/"' in observer
    assert 'href="/pertukaran/"' not in english_login("disdik").get("/").content.decode()


def test_export_from_the_page(english_login):
    client = english_login("sekretariat")
    metro = h.metro()
    refused = client.post("/pertukaran/ekspor/", {"government": metro.pk, "semester": "2024-1"}, follow=True)
    assert "closed or locked" in refused.content.decode()

    h.close_metro_semester()
    response = client.post("/pertukaran/ekspor/", {"government": metro.pk, "semester": "2024-1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="paket-sinergi-18.72-2024-semester-1.zip"' in response["Content-Disposition"]
    assert h.json_entry(response.content, "manifest.json")["government"]["region_code"] == "18.72"
    assert client.post("/pertukaran/ekspor/", {"government": metro.pk, "semester": "2024-9"}).status_code == 404


def test_import_from_the_page_with_its_outcomes(english_login):
    h.close_metro_semester()
    h.trust()
    client = english_login("admin")
    assert "No sender is trusted" not in client.get("/pertukaran/impor/").content.decode()

    not_zip = _upload(client, b"%PDF-1.7 bukan paket", name="paket.pdf")
    assert not_zip.status_code == 200
    assert "not an exchange package" in not_zip.content.decode()

    data = h.retarget(h.metro_data())
    raw = h.build(data)
    done = _upload(client, raw)
    assert "The package was imported." in done.content.decode()
    package = ExchangePackage.objects.get()
    assert f"/pertukaran/paket/{package.pk}/" in done.content.decode()
    assert "already imported" in _upload(client, raw).content.decode()

    data["government_numbers"]["participants"] += 10
    data["programme"][0]["participants"] += 10
    data["government_numbers"]["participants_male"] += 10
    data["programme"][0]["participants_male"] += 10
    conflict = _upload(client, h.build(data))
    text = conflict.content.decode()
    assert "Check the differences" in text
    assert "participants" in text.lower()
    token = conflict.context["token"]
    assert token
    assert ExchangePackage.objects.get() == package

    other = english_login("admin")  # another session cannot use this confirmation
    assert other.post("/pertukaran/impor/konfirmasi/", {"token": token}).status_code == 404
    assert client.post("/pertukaran/impor/konfirmasi/", {"token": "../../secret_key"}).status_code == 404
    replaced = client.post("/pertukaran/impor/konfirmasi/", {"token": token})
    assert "replaced the numbers" in replaced.content.decode()
    assert ExchangePackage.objects.filter(status="current").exclude(pk=package.pk).exists()
    assert client.post("/pertukaran/impor/konfirmasi/", {"token": token}).status_code == 404


def test_local_data_cannot_be_confirmed_away(english_login):
    h.close_metro_semester()
    h.trust(h.METRO)
    page = _upload(english_login("admin"), h.build(h.metro_data()), replace="on")
    assert "local data" in page.content.decode()
    assert page.context["token"] == ""
    assert "Replace with this package" not in page.content.decode()


def test_an_oversized_upload_is_refused_by_the_form(english_login, settings):
    settings.SINERGI_EXCHANGE_MAX_BYTES = 1000
    page = _upload(english_login("admin"), b"PK\x03\x04" + b"0" * 2000)
    assert "the limit is" in page.content.decode()


def test_trusted_senders_are_managed_on_their_page(english_login):
    client = english_login("admin")
    key = h.key()
    wrong = client.post(
        "/pertukaran/pengirim/",
        {"region": "18.71", "name": "Sinergi Bandar Lampung", "public_key": key.public_key, "fingerprint": "ab" * 32},
    )
    assert "fingerprint is not the one given" in wrong.content.decode()
    district = client.post("/pertukaran/pengirim/", {"region": "18.71.01", "name": "X", "public_key": key.public_key})
    assert "province or a regency/city" in district.content.decode()
    bad_key = client.post("/pertukaran/pengirim/", {"region": "18.71", "name": "X", "public_key": "bukan-kunci"})
    assert "base64" in bad_key.content.decode()
    assert not TrustedSender.objects.exists()

    added = client.post(
        "/pertukaran/pengirim/",
        {"region": "18.71", "name": "Sinergi Bandar Lampung", "public_key": key.public_key,
         "fingerprint": key.fingerprint_display},
    )  # fmt: skip
    assert added.status_code == 302
    sender = TrustedSender.objects.get()
    assert (sender.region_id, sender.fingerprint, sender.added_by.username) == ("18.71", key.fingerprint, "admin")
    listing = client.get("/pertukaran/pengirim/").content.decode()
    assert key.fingerprint_display in listing
    again = client.post("/pertukaran/pengirim/", {"region": "18.71", "name": "Lagi", "public_key": key.public_key})
    assert "already trusted" in again.content.decode()
    assert client.post(f"/pertukaran/pengirim/{sender.pk}/hapus/").status_code == 302
    assert not TrustedSender.objects.exists()


def test_a_received_package_is_shown_to_the_province(english_login):
    h.close_metro_semester()
    h.trust()
    data = h.retarget(h.metro_data())
    package = _upload(english_login("admin"), h.build(data)).context["outcome"].package
    page = english_login("provinsi").get(f"/pertukaran/paket/{package.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pemerintah Kota Bandar Lampung" in text and "Instalasi uji" in text
    assert str(data["government_numbers"]["participants"]) in text
    assert data["reports"][0]["agency_name"] in text
    listing = english_login("provinsi").get("/pertukaran/").content.decode()
    assert f"/pertukaran/paket/{package.pk}/" in listing
    assert f"/pertukaran/paket/{package.pk}/" not in english_login("lamtim").get("/pertukaran/").content.decode()


def test_the_api(api):
    h.close_metro_semester()
    key = h.key()
    assert api("disdik").get("/api/v1/exchange/key").json()["fingerprint"] == key.fingerprint

    metro = h.metro()
    exported = api("sekretariat").post(
        "/api/v1/exchange/export", json.dumps({"government": metro.pk, "semester": "2024-1"}), "application/json"
    )
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    assert (
        api("bnn")
        .post("/api/v1/exchange/export", json.dumps({"government": metro.pk, "semester": "2024-1"}), "application/json")
        .status_code
        == 403
    )

    h.trust()
    admin = api("admin")
    data = h.retarget(h.metro_data())
    raw = h.build(data)
    created = admin.post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", raw)})
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "imported"
    assert created.json()["package"]["region_code"] == "18.71"
    again = admin.post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", raw)})
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")
    data["government_numbers"]["volunteers"] += 1
    data["programme"][0]["volunteers"] += 1
    conflict = admin.post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", h.build(data))})
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "conflict"
    assert any("volunteers" in name for name in conflict.json()["error"]["fields"])
    refused = admin.post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", b"bukan zip")})
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "refused")
    assert (
        api("provinsi").post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", raw)}).status_code == 403
    )

    assert api("provinsi").get("/api/v1/exchange/packages").json()["count"] == 1
    assert api("lamtim").get("/api/v1/exchange/packages").json()["count"] == 0
    package_id = created.json()["package"]["id"]
    detail = api("provinsi").get(f"/api/v1/exchange/packages/{package_id}").json()
    assert detail["data"]["government"]["region_code"] == "18.71"
    assert api("sekretariat").get(f"/api/v1/exchange/packages/{package_id}").status_code == 404


def test_no_signing_key_yet(english_login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    text = english_login("admin").get("/pertukaran/").content.decode()
    assert "No signing key yet" in text
    assert english_login("sekretariat").post("/pertukaran/kunci/").status_code == 403
    english_login("admin").post("/pertukaran/kunci/")
    assert keys.signing_key() is not None
