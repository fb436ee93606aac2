"""Volunteer groups, members and trainings through the pages: who sees and changes what, duplicates, decree files,
phone masking (pages and exports) and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PERSONAS, metro_agency
from sinergi.core.models import AuditEntry
from sinergi.programmes.models import TrainingRecord, Volunteer, VolunteerGroup
from sinergi.programmes.tests.people import (
    IRING_MULYO,
    IRINGMULYO_READERS,
    MASKED,
    METRO_KELURAHAN,
    PDF,
    PHONE,
    PHONE_READERS,
    bad_file,
    csv_rows,
    in_metro,
    make_group,
    make_member,
    pdf,
    xlsx_text,
)


def _group_form(**overrides):
    data = {"name": "Satgas Uji Kelurahan", "kind": "satgas", "region": IRING_MULYO, "sk_number": "7/SK/2024"}
    data.update(overrides)
    return data


def _member_form(**overrides):
    data = {"name": "Budi Uji Santoso", "sex": "L", "birth_year": "1985", "region": IRING_MULYO, "phone": PHONE}
    data.update(overrides)
    return data


# --- groups --------------------------------------------------------------------------------------------------


def test_a_kelurahan_operator_registers_a_group_with_its_decree_file(login):
    client = login("kel.iringmulyo")
    form = client.get("/relawan/baru/").content.decode()
    assert "Kelurahan Iring Mulyo" in form and 'value="18.72.01.1001"' not in form  # only their own area
    response = client.post(
        "/relawan/baru/", {**_group_form(), "sk_date": "2024-02-01", "sk_file": pdf("SK Satgas.pdf")}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = VolunteerGroup.objects.get(name="Satgas Uji Kelurahan")
    assert (group.sk_number, group.sk_file_name, group.region_id) == ("7/SK/2024", "SK Satgas.pdf", IRING_MULYO)
    assert AuditEntry.objects.filter(object_id=str(group.pk), content_type__model="volunteergroup").count() == 2
    download = client.get(f"/relawan/{group.pk}/sk/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    page = client.get(f"/relawan/{group.pk}/").content.decode()
    assert "SK Satgas.pdf" in page and "7/SK/2024" in page


@pytest.mark.parametrize("kind", ["empty", "fake_pdf", "renamed_exe"])
def test_a_bad_decree_file_is_refused_and_nothing_is_saved(login, kind):
    response = login("sekretariat").post(
        "/relawan/baru/", {**_group_form(name=f"Kelompok Uji {kind}"), "sk_file": bad_file(kind)}
    )
    assert response.status_code == 200
    assert 'class="field has-error"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not VolunteerGroup.objects.filter(name=f"Kelompok Uji {kind}").exists()


def test_an_oversized_decree_file_is_refused(login, settings):
    settings.SINERGI_EVIDENCE_MAX_BYTES = 16
    group = make_group("Kelompok Uji Besar")
    response = login("sekretariat").post(
        f"/relawan/{group.pk}/ubah/", {**_group_form(name=group.name), "sk_file": pdf()}
    )
    assert response.status_code == 200 and "MB" in response.content.decode()
    group.refresh_from_db()
    assert not group.sk_file and group.name == "Kelompok Uji Besar"


def test_the_decree_download_is_scoped(login):
    group = make_group("Kelompok Uji Unduh SK")
    from sinergi.programmes import services
    from sinergi.programmes.tests.people import user

    services.volunteer_group_attach_sk(group=group, upload=pdf(), by=user("sekretariat"))
    for persona in PERSONAS:
        expected = 200 if persona in IRINGMULYO_READERS else 404
        assert login(persona).get(f"/relawan/{group.pk}/sk/").status_code == expected, persona
    assert login("sekretariat").get(f"/relawan/{make_group('Tanpa SK Uji').pk}/sk/").status_code == 404


def test_group_pages_by_role(login):
    group = make_group("Kelompok Uji Peran")
    for persona in PERSONAS:
        client = in_metro(login(persona)) if persona in ("provinsi", "admin") else login(persona)
        page = client.get(f"/relawan/{group.pk}/")
        edit = client.get(f"/relawan/{group.pk}/ubah/")
        if persona not in IRINGMULYO_READERS:
            assert (page.status_code, edit.status_code) == (404, 404), persona
            assert b"Kelompok Uji Peran" not in page.content
        elif persona in ("sekretariat", "admin", "kel.iringmulyo"):
            assert (page.status_code, edit.status_code) == (200, 200), persona
        else:
            assert (page.status_code, edit.status_code) == (200, 403), persona
            assert client.post(f"/relawan/{group.pk}/aktif/").status_code == 403
            assert client.post(f"/relawan/{group.pk}/anggota/baru/", _member_form()).status_code == 403


def test_the_list_searches_filters_and_exports(login):
    make_group("Kader Uji Posyandu Iring", kind="kader")
    make_group("Relawan Uji Kelurahan Metro", at=METRO_KELURAHAN)
    quiet = make_group("Penggiat Uji Tidak Aktif", kind="penggiat")
    quiet.is_active = False
    quiet.save()
    client = login("sekretariat")
    assert "Kader Uji Posyandu Iring" in client.get("/relawan/", {"q": "posyandu iring"}).content.decode()
    by_kind = client.get("/relawan/", {"kind": "kader", "q": "Uji"}).content.decode()
    assert "Kader Uji Posyandu Iring" in by_kind and "Relawan Uji Kelurahan Metro" not in by_kind
    by_place = client.get("/relawan/", {"region": METRO_KELURAHAN, "q": "Uji"}).content.decode()
    assert "Relawan Uji Kelurahan Metro" in by_place and "Kader Uji Posyandu Iring" not in by_place
    inactive = client.get("/relawan/", {"active": "0", "q": "Uji"}).content.decode()
    assert "Penggiat Uji Tidak Aktif" in inactive and "Kader Uji Posyandu Iring" not in inactive
    rows = csv_rows(client.get("/relawan/", {"q": "Uji", "kind": "kader", "export": "csv"}))
    assert len(rows) == 2 and "Kader Uji Posyandu Iring" in rows[1]
    assert "Relawan Uji Kelurahan Metro" in xlsx_text(client.get("/relawan/", {"q": "Uji", "export": "xlsx"}))
    # The kelurahan operator does not even see the other kelurahan's group.
    assert "Relawan Uji Kelurahan Metro" not in login("kel.iringmulyo").get("/relawan/", {"q": "Uji"}).content.decode()


def test_groups_are_activated_and_deactivated(login):
    group = make_group("Kelompok Uji Aktif")
    client = login("kel.iringmulyo")
    assert client.post(f"/relawan/{group.pk}/aktif/").status_code == 302
    group.refresh_from_db()
    assert not group.is_active
    client.post(f"/relawan/{group.pk}/aktif/")
    group.refresh_from_db()
    assert group.is_active
    assert client.get(f"/relawan/{group.pk}/aktif/").status_code == 405


def test_a_group_cannot_be_moved_out_of_the_operators_area(login):
    group = make_group("Kelompok Uji Pindah")
    response = login("kel.iringmulyo").post(
        f"/relawan/{group.pk}/ubah/", _group_form(name=group.name, region=METRO_KELURAHAN)
    )
    assert response.status_code == 200  # the other kelurahan is not even a choice
    group.refresh_from_db()
    assert group.region_id == IRING_MULYO


# --- members -------------------------------------------------------------------------------------------------


def test_a_likely_duplicate_is_shown_and_saved_only_when_confirmed(login):
    group = make_group("Kelompok Uji Duplikat")
    make_member(group, "Budi Uji Santoso", birth_year=1985)
    client = login("kel.iringmulyo")
    first = client.post(f"/relawan/{group.pk}/anggota/baru/", _member_form(name="  budi uji   SANTOSO"))
    html = first.content.decode()
    assert first.status_code == 200
    assert "Kelompok Uji Duplikat" in html and 'name="confirm_duplicate"' in html
    assert Volunteer.objects.filter(group=group).count() == 1
    unticked = client.post(f"/relawan/{group.pk}/anggota/baru/", {**_member_form(), "confirm_duplicate": ""})
    assert unticked.status_code == 200 and Volunteer.objects.filter(group=group).count() == 1
    confirmed = client.post(f"/relawan/{group.pk}/anggota/baru/", {**_member_form(), "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Volunteer.objects.filter(group=group).count() == 2


def test_a_duplicate_in_a_group_the_user_cannot_see_is_not_named(login):
    hidden = make_group("Kelompok Uji Tersembunyi", at=None, agency="Dinkes")
    make_member(hidden, "Rina Uji Lestari", birth_year=1992)
    own = make_group("Kelompok Uji Disdik", at=None, agency="Disdikbud")
    response = login("disdik").post(
        f"/relawan/{own.pk}/anggota/baru/", _member_form(name="Rina Uji Lestari", sex="P", birth_year="1992")
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'name="confirm_duplicate"' in html
    assert "Kelompok Uji Tersembunyi" not in html


@pytest.mark.parametrize(
    ("field", "value"),
    [("birth_year", "1800"), ("birth_year", "2024"), ("birth_year", "sembilan"), ("phone", "0812-abc"), ("sex", "X")],
)
def test_bad_member_input_is_refused(login, field, value):
    group = make_group("Kelompok Uji Masukan")
    response = login("sekretariat").post(f"/relawan/{group.pk}/anggota/baru/", _member_form(**{field: value}))
    assert response.status_code == 200
    assert not Volunteer.objects.filter(group=group).exists()


def test_a_member_is_edited_without_revealing_or_losing_the_phone(login):
    group = make_group("Kelompok Uji Ubah")
    member = make_member(group)
    client = login("kel.iringmulyo")
    form = client.get(f"/relawan/anggota/{member.pk}/ubah/").content.decode()
    assert PHONE not in form and MASKED in form
    response = client.post(
        f"/relawan/anggota/{member.pk}/ubah/",
        _member_form(name="Siti Uji Aminah", sex="P", birth_year="1990", phone="", role="Koordinator"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert (member.role, member.phone) == ("Koordinator", PHONE)
    history = client.get(f"/relawan/anggota/{member.pk}/").content.decode()
    assert PHONE not in history
    secretariat = login("sekretariat")
    assert PHONE in secretariat.get(f"/relawan/anggota/{member.pk}/ubah/").content.decode()
    secretariat.post(
        f"/relawan/anggota/{member.pk}/ubah/",
        _member_form(name="Siti Uji Aminah", sex="P", birth_year="1990", phone="0899 1111 2222"),
    )
    member.refresh_from_db()
    assert member.phone == "0899 1111 2222"
    assert "0899 1111 2222" not in client.get(f"/relawan/anggota/{member.pk}/").content.decode()  # history masked


def test_members_are_activated_and_deactivated(login):
    member = make_member(make_group("Kelompok Uji Anggota Aktif"))
    client = login("kel.iringmulyo")
    assert client.post(f"/relawan/anggota/{member.pk}/aktif/").status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert login("bnn").post(f"/relawan/anggota/{member.pk}/aktif/").status_code == 403
    assert login("disdik").post(f"/relawan/anggota/{member.pk}/aktif/").status_code == 404


def test_an_area_operator_cannot_register_someone_from_another_kelurahan(login):
    group = make_group("Kelompok Uji Wilayah")
    response = login("kel.iringmulyo").post(f"/relawan/{group.pk}/anggota/baru/", _member_form(region=METRO_KELURAHAN))
    assert response.status_code == 200  # not a choice for them
    assert not Volunteer.objects.filter(group=group).exists()


# --- phone masking -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_phones_are_masked_for_everyone_but_the_secretariat_in_pages_and_exports(login, persona):
    kelurahan_group = make_group("Kelompok Uji Telepon")
    make_member(kelurahan_group, "Wati Uji Telepon")
    agency_group = make_group("Kelompok Uji Telepon Disdik", at=None, agency="Disdikbud")
    make_member(agency_group, "Joko Uji Telepon", phone="085700001234")
    client = in_metro(login(persona))
    pages = [
        client.get("/relawan/anggota/", {"q": "Uji Telepon"}),
        client.get(f"/relawan/{kelurahan_group.pk}/"),
        client.get(f"/relawan/{agency_group.pk}/"),
    ]
    exports = [
        client.get("/relawan/anggota/", {"q": "Uji Telepon", "export": "csv"}),
        client.get("/relawan/anggota/", {"q": "Uji Telepon", "export": "xlsx"}),
        client.get(f"/relawan/{kelurahan_group.pk}/", {"export": "csv"}),
        client.get(f"/relawan/{agency_group.pk}/", {"export": "xlsx"}),
    ]
    texts = [r.content.decode() for r in pages if r.status_code == 200]
    for response in exports:
        if response.status_code == 200:
            texts.append(
                "\n".join(csv_rows(response))
                if response.get("Content-Type", "").startswith("text/csv")
                else xlsx_text(response)
            )
    shown = "\n".join(texts)
    if persona in PHONE_READERS:
        assert PHONE in shown and "085700001234" in shown
    else:
        assert PHONE not in shown and "085700001234" not in shown
    if persona in {"bnn", "walikota", "provinsi", "kel.iringmulyo"}:
        assert MASKED in shown
    if persona in {"disdik", "kepala.disdik"}:
        assert "0857****1234" in shown and "Wati Uji Telepon" not in shown
    if persona in {"dinkes", "lamtim"}:
        assert "Wati Uji Telepon" not in shown and "Joko Uji Telepon" not in shown


# --- trainings -----------------------------------------------------------------------------------------------


def test_trainings_are_recorded_and_removed_on_the_volunteer_page(login):
    member = make_member(make_group("Kelompok Uji Pelatihan"))
    client = login("kel.iringmulyo")
    response = client.post(
        f"/relawan/anggota/{member.pk}/",
        {"title": "Pelatihan Kader Uji P4GN", "held_on": "2024-05-02", "until": "2024-05-03", "organiser": "BNN"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    training = TrainingRecord.objects.get(volunteer=member)
    assert "Pelatihan Kader Uji P4GN" in client.get(f"/relawan/anggota/{member.pk}/").content.decode()
    backwards = client.post(
        f"/relawan/anggota/{member.pk}/", {"title": "Bimtek Uji", "held_on": "2024-05-02", "until": "2024-05-01"}
    )
    assert backwards.status_code == 200 and TrainingRecord.objects.filter(volunteer=member).count() == 1
    assert (
        login("bnn").post(f"/relawan/anggota/{member.pk}/", {"title": "x", "held_on": "2024-05-02"}).status_code == 403
    )
    assert login("bnn").post(f"/relawan/pelatihan/{training.pk}/hapus/").status_code == 403
    assert login("disdik").post(f"/relawan/pelatihan/{training.pk}/hapus/").status_code == 404
    assert client.post(f"/relawan/pelatihan/{training.pk}/hapus/").status_code == 302
    assert not TrainingRecord.objects.filter(volunteer=member).exists()
    assert AuditEntry.objects.filter(content_type__model="trainingrecord", object_id=str(training.pk)).count() == 2


def test_a_training_links_to_an_event_the_user_sees(login):
    from datetime import date

    from sinergi.programmes import services
    from sinergi.programmes.tests.people import region, user

    event = services.event_create(
        government=metro_agency("Kesbangpol").government, by=user("sekretariat"), agency=metro_agency("Kesbangpol"),
        kind="pelatihan_kader", title="Pelatihan Kader Uji Terhubung", starts_on=date(2024, 5, 2),
        region=region(IRING_MULYO), target_group="masyarakat_umum", participants=10,
    )  # fmt: skip
    member = make_member(make_group("Kelompok Uji Kegiatan"))
    client = login("sekretariat")
    client.post(
        f"/relawan/anggota/{member.pk}/", {"title": "Pelatihan Kader", "held_on": "2024-05-02", "event": event.pk}
    )
    assert TrainingRecord.objects.get(volunteer=member).event == event
    assert "Pelatihan Kader Uji Terhubung" in client.get(f"/relawan/anggota/{member.pk}/").content.decode()


# --- query counts --------------------------------------------------------------------------------------------


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


def test_the_lists_do_not_grow_with_their_rows(login):
    group = make_group("Kelompok Uji Hitung")
    make_member(group, "Anggota Uji 0")
    client = login("sekretariat")
    urls = [
        ("/relawan/", {"q": "Uji Hitung"}),
        ("/relawan/", {"q": "Uji Hitung", "export": "csv"}),
        ("/relawan/", {"q": "Uji Hitung", "export": "xlsx"}),
        ("/relawan/anggota/", {"q": "Anggota Uji"}),
        ("/relawan/anggota/", {"q": "Anggota Uji", "export": "xlsx"}),
        (f"/relawan/{group.pk}/", {}),
        (f"/relawan/{group.pk}/", {"export": "csv"}),
    ]
    before = [_queries(client, url, params) for url, params in urls]
    for n in range(1, 8):
        make_group(f"Kelompok Uji Hitung {n}", at=METRO_KELURAHAN if n % 2 else IRING_MULYO)
        make_member(group, f"Anggota Uji {n}", at=METRO_KELURAHAN if n % 2 else IRING_MULYO, birth_year=1980 + n)
    after = [_queries(client, url, params) for url, params in urls]
    assert after == before
