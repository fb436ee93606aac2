import datetime
import io

from openpyxl import load_workbook

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.organizations.models import Agency, Government, Membership


def _metro():
    return Government.objects.get(region_id="18.72")


def test_the_secretariat_adds_an_agency_in_the_app(login):
    response = login("sekretariat").post(
        "/perangkat-daerah/baru/", {"name": "Dinas Pemuda dan Olahraga", "acronym": "Dispora", "kind": "department"}
    )
    agency = Agency.objects.get(government=_metro(), acronym="Dispora")
    assert response.status_code == 302
    assert response["Location"] == f"/perangkat-daerah/{agency.pk}/"


def test_it_refuses_a_duplicate_name_with_a_message(login):
    response = login("sekretariat").post("/perangkat-daerah/baru/", {"name": "Dinas Kesehatan", "kind": "department"})
    assert response.status_code == 200
    assert "sudah memiliki perangkat daerah dengan nama tersebut" in response.content.decode()


def test_a_village_office_needs_a_region_inside_the_government(login):
    client = login("sekretariat")
    response = client.post("/perangkat-daerah/baru/", {"name": "Kelurahan Baru", "kind": "village"})
    assert response.status_code == 200
    assert Agency.objects.filter(name="Kelurahan Baru").count() == 0
    # A region of another government is not even offered.
    response = client.post(
        "/perangkat-daerah/baru/", {"name": "Kelurahan Baru", "kind": "village", "region": "18.07.01.2001"}
    )
    assert response.status_code == 200
    assert Agency.objects.filter(name="Kelurahan Baru").count() == 0


def test_the_api_names_the_field_that_is_wrong(api):
    client = api("sekretariat")
    response = client.post(
        "/api/v1/agencies",
        {"government": _metro().pk, "name": "X" * 300, "kind": "nonsense"},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"name", "kind"}
    response = client.post(
        "/api/v1/agencies",
        {"government": _metro().pk, "name": "Kelurahan Luar", "kind": "village", "region": "18.07.01.2001"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "region" in response.json()["error"]["fields"]
    response = client.post(
        "/api/v1/agencies", {"government": "satu", "name": "Dinas", "kind": "board"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "government" in response.json()["error"]["fields"]


def test_a_rename_keeps_the_history_and_moves_the_people(login):
    old = metro_agency("Dinkes")
    response = login("sekretariat").post(
        f"/perangkat-daerah/{old.pk}/ganti/",
        {
            "name": "Dinas Kesehatan dan Pengendalian Penduduk",
            "acronym": "Dinkes-PP",
            "kind": "department",
            "on": "2025-06-01",
            "reason": "Perda Kota Metro tentang Perangkat Daerah 2025",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = Agency.objects.get(acronym="Dinkes-PP")
    assert old.successor == new
    assert old.valid_until == datetime.date(2025, 5, 31)
    assert not old.is_active
    assert Membership.objects.get(user__username="dinkes").agency == new
    # The old agency is still listed under "ended", with its successor.
    ended = login("sekretariat").get("/perangkat-daerah/", {"status": "ended"}).content.decode()
    assert "Dinas Kesehatan dan Pengendalian Penduduk" in ended
    # The operator keeps access, now through the new agency.
    assert login("dinkes").get(f"/perangkat-daerah/{new.pk}/").status_code == 200


def test_a_merge_ends_every_merged_agency(login):
    first, second = metro_agency("Dinsos"), metro_agency("Disnakertrans")
    response = login("sekretariat").post(
        f"/perangkat-daerah/{first.pk}/ganti/",
        {
            "name": "Dinas Sosial, Tenaga Kerja dan Transmigrasi",
            "kind": "department",
            "merge_with": [second.pk],
            "on": "2025-06-01",
            "reason": "Perda 2025",
        },
    )
    assert response.status_code == 302
    merged = Agency.objects.get(name="Dinas Sosial, Tenaga Kerja dan Transmigrasi")
    assert set(merged.predecessors.all()) == {first, second}


def test_a_rename_needs_a_reason(login):
    old = metro_agency("Dinkes")
    response = login("sekretariat").post(
        f"/perangkat-daerah/{old.pk}/ganti/", {"name": "Baru", "kind": "department", "on": "2025-06-01", "reason": ""}
    )
    assert response.status_code == 200
    old.refresh_from_db()
    assert old.successor is None


def test_the_agency_list_searches_filters_and_exports(login):
    client = login("sekretariat")
    page = client.get("/perangkat-daerah/", {"q": "kesehatan"}).content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Sosial" not in page
    page = client.get("/perangkat-daerah/", {"kind": "bnn"}).content.decode()
    assert "Badan Narkotika Nasional Kota Metro" in page and "Dinas Kesehatan" not in page
    export = client.get("/perangkat-daerah/", {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nama"
    assert len(rows) == 1 + Agency.objects.filter(government=_metro()).count()


def test_exports_neutralise_spreadsheet_formulas(login):
    metro_agency("Dinkes").__class__.objects.filter(acronym="Dinkes", government=_metro()).update(
        head_name="=HYPERLINK(1)"
    )
    export = login("sekretariat").get("/perangkat-daerah/", {"export": "csv", "q": "kesehatan"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_the_government_profile_is_edited_with_a_logo(login, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "green").save(buffer, "PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    client = login("sekretariat")
    response = client.post(
        f"/pemda/{_metro().pk}/ubah/",
        {
            "name": "Pemerintah Kota Metro",
            "address": "Jl. AH. Nasution No. 5",
            "time_zone": "Asia/Jakarta",
            "logo": logo,
        },
    )
    assert response.status_code == 302
    government = _metro()
    assert government.logo.name.startswith("logos/18.72-")
    assert client.get(f"/pemda/{government.pk}/logo/").status_code == 200
    assert login("lamtim").get(f"/pemda/{government.pk}/logo/").status_code == 404


def test_it_refuses_a_fake_logo(login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = login("sekretariat").post(
        f"/pemda/{_metro().pk}/ubah/", {"name": "Pemerintah Kota Metro", "time_zone": "Asia/Jakarta", "logo": fake}
    )
    assert response.status_code == 200
    assert not _metro().logo


def test_the_secretariat_adds_a_person_with_a_role(login):
    client = login("sekretariat")
    response = client.post(
        "/pengguna/baru/",
        {
            "username": "satpolpp",
            "full_name": "Operator Satpol PP",
            "agency": metro_agency("Satpol PP").pk,
            "role": "agency_operator",
            "password": "Satpol-Metro-2024",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="satpolpp")
    assert person.check_password("Satpol-Metro-2024")
    assert person.memberships.get().role == "agency_operator"
    listed = client.get("/pengguna/", {"q": "satpol"}).content.decode()
    assert "Operator Satpol PP" in listed


def test_adding_a_person_without_password_or_email_is_refused(login):
    response = login("sekretariat").post(
        "/pengguna/baru/",
        {
            "username": "tanpasandi",
            "full_name": "Tanpa Sandi",
            "agency": metro_agency("Dinkes").pk,
            "role": "agency_operator",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="tanpasandi").exists()


def test_the_api_creates_a_person_and_refuses_a_taken_username(api):
    client = api("sekretariat")
    body = {
        "username": "bappeda",
        "full_name": "Operator Bappeda",
        "agency": metro_agency("Bappeda").pk,
        "role": "agency_operator",
        "password": "Bappeda-Metro-2024",
    }
    assert client.post("/api/v1/users", body, content_type="application/json").status_code == 201
    again = client.post("/api/v1/users", body, content_type="application/json")
    assert again.status_code == 422
    assert "username" in again.json()["error"]["fields"]


def test_a_duplicate_role_is_refused(api):
    client = api("sekretariat")
    body = {
        "user": User.objects.get(username="dinkes").pk,
        "agency": metro_agency("Dinkes").pk,
        "role": "agency_operator",
    }
    response = client.post("/api/v1/memberships", body, content_type="application/json")
    assert response.status_code == 422


def test_an_area_operator_role_outside_the_government_is_refused(api):
    client = api("sekretariat")
    body = {
        "user": User.objects.get(username="dinkes").pk,
        "agency": metro_agency("Dinkes").pk,
        "role": "area_operator",
        "region": "18.07.01",
    }
    response = client.post("/api/v1/memberships", body, content_type="application/json")
    assert response.status_code == 422
    assert "region" in response.json()["error"]["fields"]


def test_a_deactivated_person_cannot_sign_in(login, client):
    person = User.objects.get(username="dinkes")
    login("sekretariat").post(f"/pengguna/{person.pk}/aktif/")
    person.refresh_from_db()
    assert not person.is_active
    response = client.post("/akun/masuk/", {"username": "dinkes", "password": "sinergi-demo"})
    assert response.status_code == 200


def test_a_persons_history_shows_their_roles_even_after_removal(login, api):
    person = User.objects.get(username="dinkes")
    membership = Membership.objects.get(user=person)
    api("sekretariat").delete(f"/api/v1/memberships/{membership.pk}")
    page = login("sekretariat").get(f"/pengguna/{person.pk}/").content.decode()
    history = page.split('id="riwayat"')[1]
    assert "Dihapus" in history and "Operator perangkat daerah" in history
