"""The volunteer API: one group or volunteer, changes, trainings, decree files; phones masked in every answer."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PERSONAS, metro_agency
from sinergi.programmes.models import TrainingRecord, Volunteer
from sinergi.programmes.tests.people import (
    IRING_MULYO,
    IRINGMULYO_READERS,
    MASKED,
    METRO_KELURAHAN,
    PDF,
    PHONE,
    PHONE_READERS,
    bad_file,
    make_group,
    make_member,
    metro,
)

WRITERS = {"sekretariat", "admin", "kel.iringmulyo"}


def _send(client, method, url, body):
    return client.generic(method, url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_phones_are_masked_in_every_api_answer_but_the_secretariats(api, persona):
    group = make_group("Kelompok Uji API Telepon")
    member = make_member(group, "Sari Uji API")
    agency_group = make_group("Kelompok Uji API Disdik", at=None, agency="Disdikbud")
    make_member(agency_group, "Agus Uji API", phone="085700001234")
    client = api(persona)
    answers = [
        client.get("/api/v1/volunteers", {"q": "Uji API"}),
        client.get(f"/api/v1/volunteers/{member.pk}"),
        client.get("/api/v1/volunteers", {"group": agency_group.pk}),
    ]
    if persona in WRITERS:
        answers.append(_send(client, "PATCH", f"/api/v1/volunteers/{member.pk}", {"role": "Bendahara"}))
    text = "".join(a.content.decode() for a in answers)
    if persona in PHONE_READERS:
        assert PHONE in text and "085700001234" in text
    else:
        assert PHONE not in text and "085700001234" not in text
    if persona in IRINGMULYO_READERS - PHONE_READERS:
        assert answers[1].json()["phone"] == MASKED
    if persona in {"disdik", "kepala.disdik"}:
        assert answers[2].json()["items"][0]["phone"] == "0857****1234"
        assert answers[1].status_code == 404


def test_reading_and_changing_one_group(api):
    group = make_group("Kelompok Uji API Satu")
    for persona in PERSONAS:
        client = api(persona)
        read = client.get(f"/api/v1/volunteer-groups/{group.pk}")
        change = _send(client, "PATCH", f"/api/v1/volunteer-groups/{group.pk}", {"sk_number": f"SK-{persona}"})
        if persona not in IRINGMULYO_READERS:
            assert (read.status_code, change.status_code) == (404, 404), persona
            assert b"Kelompok Uji API Satu" not in read.content + change.content
        elif persona in WRITERS:
            assert (read.status_code, change.status_code) == (200, 200), persona
            assert change.json()["sk_number"] == f"SK-{persona}"
        else:
            assert (read.status_code, change.status_code) == (200, 403), persona
    moved = _send(api("kel.iringmulyo"), "PATCH", f"/api/v1/volunteer-groups/{group.pk}", {"region": METRO_KELURAHAN})
    assert moved.status_code == 403
    wrong = _send(api("sekretariat"), "PATCH", f"/api/v1/volunteer-groups/{group.pk}", {"kind": "gang", "sk_date": 5})
    assert wrong.status_code == 422 and {"kind", "sk_date"} <= set(wrong.json()["error"]["fields"])
    off = _send(api("sekretariat"), "PATCH", f"/api/v1/volunteer-groups/{group.pk}", {"is_active": False})
    assert off.json()["is_active"] is False


def test_changing_a_volunteer_checks_duplicates_and_input(api):
    group = make_group("Kelompok Uji API Ubah")
    make_member(group, "Dewi Uji Kartika", birth_year=1991)
    other = make_member(group, "Dewi Uji Kartini", birth_year=1991)
    client = api("kel.iringmulyo")
    clash = _send(client, "PATCH", f"/api/v1/volunteers/{other.pk}", {"name": "dewi uji KARTIKA"})
    assert clash.status_code == 409 and clash.json()["error"]["code"] == "possible_duplicate"
    other.refresh_from_db()
    assert other.name == "Dewi Uji Kartini"
    ok = _send(
        client, "PATCH", f"/api/v1/volunteers/{other.pk}", {"name": "Dewi Uji Kartika", "confirm_duplicate": True}
    )
    assert ok.status_code == 200 and ok.json()["name"] == "Dewi Uji Kartika"
    for body, field in [
        ({"birth_year": 2024}, "birth_year"),
        ({"birth_year": "tahun"}, "birth_year"),
        ({"phone": "0812 abc"}, "phone"),
        ({"sex": "X"}, "sex"),
        ({"name": None}, "name"),
        ({"region": "18.07.01.2001"}, "region"),
    ]:
        response = _send(client, "PATCH", f"/api/v1/volunteers/{other.pk}", body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["error"]["fields"], body
    assert _send(client, "PATCH", f"/api/v1/volunteers/{other.pk}", {"region": METRO_KELURAHAN}).status_code == 403
    assert _send(api("bnn"), "PATCH", f"/api/v1/volunteers/{other.pk}", {"role": "x"}).status_code == 403
    assert _send(api("disdik"), "PATCH", f"/api/v1/volunteers/{other.pk}", {"role": "x"}).status_code == 404
    assert _send(api("lamtim"), "PATCH", f"/api/v1/volunteers/{other.pk}", {"role": "x"}).status_code == 404


def test_a_volunteer_created_through_the_api_answers_masked(api):
    group = make_group("Kelompok Uji API Baru")
    body = {"group": group.pk, "name": "Tono Uji Baru", "sex": "L", "birth_year": 1988, "region": IRING_MULYO}
    response = _send(api("kel.iringmulyo"), "POST", "/api/v1/volunteers", {**body, "phone": PHONE})
    assert response.status_code == 201 and response.json()["phone"] == MASKED
    assert Volunteer.objects.get(pk=response.json()["id"]).phone == PHONE


def test_trainings_through_the_api(api):
    member = make_member(make_group("Kelompok Uji API Pelatihan"))
    client = api("kel.iringmulyo")
    url = f"/api/v1/volunteers/{member.pk}/trainings"
    created = _send(client, "POST", url, {"title": "Bimtek Uji Relawan", "held_on": "2024-06-01", "organiser": "BNN"})
    assert created.status_code == 201, created.content
    assert [t["title"] for t in client.get(url).json()] == ["Bimtek Uji Relawan"]
    assert [t["title"] for t in api("walikota").get(url).json()] == ["Bimtek Uji Relawan"]
    assert api("disdik").get(url).status_code == 404
    backwards = _send(client, "POST", url, {"title": "Bimtek Uji", "held_on": "2024-06-02", "until": "2024-06-01"})
    assert backwards.status_code == 422 and "until" in backwards.json()["error"]["fields"]
    assert _send(client, "POST", url, {"title": "Bimtek Uji", "held_on": "kemarin"}).status_code == 422
    assert (
        _send(client, "POST", url, {"title": "Bimtek Uji", "held_on": "2024-06-02", "event": 999999}).status_code == 422
    )
    assert _send(api("bnn"), "POST", url, {"title": "Bimtek Uji", "held_on": "2024-06-02"}).status_code == 403
    training = created.json()["id"]
    assert api("bnn").delete(f"/api/v1/trainings/{training}").status_code == 403
    assert api("dinkes").delete(f"/api/v1/trainings/{training}").status_code == 404
    assert api("lamtim").delete(f"/api/v1/trainings/{training}").status_code == 404
    assert client.delete(f"/api/v1/trainings/{training}").status_code == 204
    assert not TrainingRecord.objects.filter(volunteer=member).exists()


def test_the_decree_file_through_the_api(api, settings):
    group = make_group("Kelompok Uji API SK")
    url = f"/api/v1/volunteer-groups/{group.pk}/sk"
    assert api("sekretariat").get(url).status_code == 404  # no file yet
    upload = api("kel.iringmulyo").post(url, {"file": SimpleUploadedFile("Keputusan Lurah.pdf", PDF)})
    assert upload.status_code == 200, upload.content
    assert upload.json()["sk_file_name"] == "Keputusan Lurah.pdf"
    assert upload.json()["sk_download_url"] == url
    for persona in PERSONAS:
        response = api(persona).get(url)
        assert response.status_code == (200 if persona in IRINGMULYO_READERS else 404), persona
        if response.status_code == 200:
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"].startswith("attachment")
            assert b"".join(response.streaming_content) == PDF
    assert api("bnn").post(url, {"file": SimpleUploadedFile("sk.pdf", PDF)}).status_code == 403
    assert api("disdik").post(url, {"file": SimpleUploadedFile("sk.pdf", PDF)}).status_code == 404
    for kind in ("empty", "fake_pdf", "renamed_exe"):
        refused = api("sekretariat").post(url, {"file": bad_file(kind)})
        assert refused.status_code == 422 and "sk_file" in refused.json()["error"]["fields"], kind
    settings.SINERGI_EVIDENCE_MAX_BYTES = 16
    assert api("sekretariat").post(url, {"file": SimpleUploadedFile("sk.pdf", PDF)}).status_code == 422
    group.refresh_from_db()
    assert group.sk_file_name == "Keputusan Lurah.pdf"


def test_the_volunteer_list_pages_without_loading_everyone(api, django_assert_max_num_queries):
    group = make_group("Kelompok Uji API Halaman", at=None, agency="Dinkes")
    for n in range(12):
        make_member(group, f"Anggota Uji Halaman {n:02}", birth_year=1970 + n)
    client = api("dinkes")
    with django_assert_max_num_queries(8):
        page = client.get("/api/v1/volunteers", {"group": group.pk, "limit": 5, "offset": 5}).json()
    assert page["count"] == 12
    assert [v["name"] for v in page["items"]] == [f"Anggota Uji Halaman {n:02}" for n in range(5, 10)]
    assert all(v["phone"] == MASKED for v in page["items"])
    assert metro_agency("Dinkes").government == metro()
