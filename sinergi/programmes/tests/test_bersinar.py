"""Kelurahan/Desa Bersinar: the service rules, the status board, pages and API for every role."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.organizations.models import Agency, Government
from sinergi.programmes import selectors, services
from sinergi.programmes.models import (
    BersinarDocument,
    BersinarProgramme,
    BersinarStep,
    PokjaMember,
    Volunteer,
    VolunteerGroup,
)
from sinergi.regions.models import Region

IRINGMULYO = "18.72.04.1003"  # kel.iringmulyo's own area
METRO_KEL = "18.72.01.1001"  # Kelurahan Metro (Metro Pusat)
YOSODADI = "18.72.04.1001"  # Metro Timur, outside kel.iringmulyo's area
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _metro():
    return Government.objects.get(region_id="18.72")


def _user(username):
    return User.objects.get(username=username)


def _village(code):
    """A village with no Bersinar programme (a demo one is removed first, so tests never depend on demo data)."""
    BersinarProgramme.objects.filter(region_id=code).delete()
    return Region.objects.get(code=code)


def _programme(code=METRO_KEL, by="sekretariat", **fields):
    return services.bersinar_create(government=_metro(), region=_village(code), by=_user(by), **fields)


def _pdf(name="sk-pokja.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _post(client, url, body, method="post"):
    return client.generic(method.upper(), url, json.dumps(body), content_type="application/json")


def _day(days_ago):
    return timezone.localdate() - timedelta(days=days_ago)


# --- services -------------------------------------------------------------------------------------------------


def test_a_programme_is_one_per_village_of_the_government(db):
    programme = _programme()
    assert (programme.stage, programme.region_id) == ("", METRO_KEL)
    with pytest.raises(ValidationError) as duplicate:
        services.bersinar_create(government=_metro(), region=programme.region, by=_user("sekretariat"))
    assert "Bersinar" in str(duplicate.value.message_dict["region"])
    lamtim_village = Region.objects.filter(level=4, code__startswith="18.07.").first()
    for outside in (lamtim_village, Region.objects.get(code="18.72.04")):  # another government; a kecamatan
        with pytest.raises(ValidationError) as refused:
            services.bersinar_create(government=_metro(), region=outside, by=_user("sekretariat"))
        assert "region" in refused.value.message_dict
    assert AuditEntry.objects.filter(object_id=str(programme.pk), action="create").exists()


def test_the_stage_reached_follows_the_furthest_step(db):
    programme = _programme()
    by = _user("sekretariat")
    services.bersinar_step_record(programme=programme, stage="pemetaan", done_on=_day(100), by=by)
    services.bersinar_step_record(programme=programme, stage="pokja", done_on=_day(50), by=by)
    programme.refresh_from_db()
    assert programme.stage == "pokja"
    services.bersinar_step_record(programme=programme, stage="penetapan_sk", done_on=_day(60), by=by)
    programme.refresh_from_db()
    assert programme.stage == "pokja" and programme.named_on == _day(60)  # the decree names the village
    services.bersinar_step_remove(programme=programme, stage="pokja", by=by)
    programme.refresh_from_db()
    assert programme.stage == "penetapan_sk"
    # Correcting a date updates the step rather than adding one.
    services.bersinar_step_record(programme=programme, stage="pemetaan", done_on=_day(90), by=by, notes="Data Polres")
    assert programme.steps.count() == 2 and programme.steps.get(stage="pemetaan").done_on == _day(90)
    stage_changes = AuditEntry.objects.filter(object_id=str(programme.pk), action="update", after__has_key="stage")
    assert stage_changes.count() >= 3


def test_stages_out_of_order_and_future_dates_are_refused(db):
    programme = _programme()
    by = _user("sekretariat")
    services.bersinar_step_record(programme=programme, stage="pokja", done_on=_day(30), by=by)
    with pytest.raises(ValidationError) as later:  # monev before the Pokja it follows
        services.bersinar_step_record(programme=programme, stage="monev", done_on=_day(40), by=by)
    assert "done_on" in later.value.message_dict
    with pytest.raises(ValidationError) as earlier:  # mapping after the Pokja it precedes
        services.bersinar_step_record(programme=programme, stage="pemetaan", done_on=_day(10), by=by)
    message = earlier.value.message_dict["done_on"][0]
    assert "Pokja" in message
    with pytest.raises(ValidationError) as future:
        services.bersinar_step_record(programme=programme, stage="monev", done_on=_day(-1), by=by)
    assert "done_on" in future.value.message_dict
    with pytest.raises(ValidationError):
        services.bersinar_step_record(programme=programme, stage="launching", done_on=_day(1), by=by)
    # The same day as an earlier stage is fine.
    services.bersinar_step_record(programme=programme, stage="relawan", done_on=_day(30), by=by)
    assert set(programme.steps.values_list("stage", flat=True)) == {"pokja", "relawan"}


@pytest.mark.parametrize(
    ("upload", "settings_limit"),
    [
        (SimpleUploadedFile("kosong.pdf", b""), None),
        (SimpleUploadedFile("besar.pdf", PDF + b"0" * 4096), 1024),
        (SimpleUploadedFile("palsu.pdf", b"MZ\x90\x00 not a pdf at all"), None),
    ],
    ids=["empty", "too-big", "fake-extension"],
)
def test_bad_documents_are_refused(db, settings, upload, settings_limit):
    if settings_limit:
        settings.SINERGI_EVIDENCE_MAX_BYTES = settings_limit
    programme = _programme()
    with pytest.raises(ValidationError) as refused:
        services.bersinar_document_add(programme=programme, upload=upload, stage="pemetaan", by=_user("sekretariat"))
    assert "file" in refused.value.message_dict
    assert not programme.documents.exists()


def test_a_document_is_stored_by_content_and_deleted_with_its_file(db, django_capture_on_commit_callbacks):
    programme = _programme()
    document = services.bersinar_document_add(
        programme=programme, upload=_pdf("../SK Lurah\x07.exe"), stage="penetapan_sk", kind="sk",
        by=_user("sekretariat"),
    )  # fmt: skip
    assert (document.name, document.content_type, document.size) == ("SK Lurah.pdf", "application/pdf", len(PDF))
    stored = document.file.name
    assert document.file.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        services.bersinar_document_delete(document=document, by=_user("sekretariat"))
    assert not document.file.storage.exists(stored)


def test_pokja_members_and_links_stay_within_the_government_and_village(db):
    programme = _programme()
    by = _user("sekretariat")
    member = services.pokja_member_add(programme=programme, by=by, name="Bripka Santoso", position="Bhabinkamtibmas")
    services.pokja_member_update(member=member, by=by, institution="Polsek Metro Pusat")
    lamtim_agency = Agency.objects.filter(government__region_id="18.07").first()
    with pytest.raises(ValidationError):
        services.pokja_member_add(programme=programme, by=by, name="X", position="Y", agency=lamtim_agency)
    office = Agency.objects.get(government=_metro(), region_id=METRO_KEL)
    here = services.volunteer_group_create(government=_metro(), by=by, name="Relawan Metro", kind="relawan",
                                           region=Region.objects.get(code=METRO_KEL))  # fmt: skip
    elsewhere = services.volunteer_group_create(government=_metro(), by=by, name="Relawan Yosodadi", kind="relawan",
                                                region=Region.objects.get(code=YOSODADI))  # fmt: skip
    event = services.event_create(
        government=_metro(), by=by, agency=office, kind="sosialisasi", title="Sosialisasi di Balai Kelurahan Metro",
        starts_on=_day(5), region=None, target_group="masyarakat_umum", participants=10,
    )  # fmt: skip
    assert services.bersinar_links_set(programme=programme, by=by, volunteer_groups=[here.pk], events=[event]) == [
        "volunteer_groups",
        "events",
    ]
    with pytest.raises(ValidationError) as refused:
        services.bersinar_links_set(programme=programme, by=by, volunteer_groups=[here.pk, elsewhere.pk])
    assert str(elsewhere.pk) in refused.value.message_dict["volunteer_groups"][0]
    assert list(programme.volunteer_groups.all()) == [here]
    services.pokja_member_remove(member=member, by=by)
    history = selectors.bersinar_history(programme)
    kinds = {(e.content_type.model, e.action) for e in history}
    assert {("pokjamember", "create"), ("pokjamember", "update"), ("pokjamember", "delete")} <= kinds
    assert ("bersinarprogramme", "update") in kinds  # the links


# --- the status board -----------------------------------------------------------------------------------------


def _board_fixture(by):
    """Kelurahan Metro at the Pokja stage with 2 active volunteers (1 inactive), 2 events this year (one placed,
    one linked) and a Waspada assessment."""
    programme = _programme()
    services.bersinar_step_record(programme=programme, stage="pemetaan", done_on=date(timezone.localdate().year, 1, 1),
                                  by=by)  # fmt: skip
    services.bersinar_step_record(programme=programme, stage="pokja", done_on=timezone.localdate(), by=by)
    region = Region.objects.get(code=METRO_KEL)
    group = services.volunteer_group_create(
        government=_metro(), by=by, name="Relawan Uji", kind="relawan", region=region
    )
    for name, active in (("Ani", True), ("Budi", True), ("Citra", False)):
        Volunteer.objects.create(group=group, government=_metro(), name=f"{name} Uji Papan", sex="P", birth_year=1990,
                                 region=region, is_active=active)  # fmt: skip
    office = Agency.objects.get(government=_metro(), region_id=METRO_KEL)
    today = timezone.localdate()
    placed = services.event_create(
        government=_metro(), by=by, agency=office, kind="sosialisasi", title="Sosialisasi papan", starts_on=today,
        region=region, target_group="masyarakat_umum", participants=10,
    )  # fmt: skip
    linked = services.event_create(
        government=_metro(), by=by, agency=office, kind="rakor_kelurahan", title="Rakor papan", starts_on=today,
        region=None, target_group="tokoh_masyarakat", participants=5,
    )  # fmt: skip
    services.bersinar_links_set(programme=programme, by=by, volunteer_groups=[group], events=[placed, linked])
    from sinergi.programmes.tests.test_assessments import _ratings

    services.assessment_record(government=_metro(), region=region, year=today.year - 1, ratings=_ratings(0, 0),
                               assessed_on=date(today.year - 1, 10, 1), by=by)  # fmt: skip
    services.assessment_record(government=_metro(), region=region, year=today.year, ratings=_ratings(1, 2),
                               assessed_on=today, by=by)  # fmt: skip
    return programme


def test_the_board_lists_every_village_with_its_programme(db):
    by = _user("sekretariat")
    programme = _board_fixture(by)
    board = selectors.bersinar_board(user=by, government=_metro())
    assert board.total == Region.objects.filter(level=4, code__startswith="18.72.", is_current=True).count() == 22
    assert [d.code for d, _rows in board.districts] == ["18.72.01", "18.72.02", "18.72.03", "18.72.04", "18.72.05"]
    row = next(r for r in board.rows if r.region.code == METRO_KEL)
    assert (row.programme_id, row.stage, row.stage_order) == (programme.pk, "pokja", 3)
    assert (row.volunteers, row.events, row.vulnerability) == (2, 2, "waspada")
    assert row.vulnerability_year == timezone.localdate().year
    assert [reached for _label, reached in row.progress] == [True, True, True, False, False, False]
    summary = {value: count for value, _label, count in board.summary}
    assert sum(summary.values()) == 22 and summary["pokja"] >= 1
    only_pokja = selectors.bersinar_board(user=by, government=_metro(), stage="pokja")
    assert METRO_KEL in [r.region.code for r in only_pokja.rows]
    assert all(r.stage == "pokja" for r in only_pokja.rows)
    searched = selectors.bersinar_board(user=by, government=_metro(), q="yosodadi")
    assert [r.region.code for r in searched.rows] == [YOSODADI]
    # The area operator's board holds their own kelurahan only; an agency operator's holds none.
    assert [
        r.region.code for r in selectors.bersinar_board(user=_user("kel.iringmulyo"), government=_metro()).rows
    ] == [IRINGMULYO]
    assert selectors.bersinar_board(user=_user("disdik"), government=_metro()).rows == []


def test_the_board_reads_in_a_constant_number_of_queries(db):
    by = _user("sekretariat")
    metro = Government.objects.select_related("region").get(region_id="18.72")

    def board_queries():
        with CaptureQueriesContext(connection) as queries:
            selectors.bersinar_board(user=by, government=metro)
        return len(queries)

    selectors.bersinar_board(user=by, government=metro)  # warm the scope cache
    before = board_queries()
    _board_fixture(by)
    for code in ("18.72.02.1001", "18.72.03.1001", "18.72.05.1001"):
        programme = _programme(code)
        services.bersinar_step_record(programme=programme, stage="pemetaan", done_on=_day(3), by=by)
        services.pokja_member_add(programme=programme, by=by, name="Lurah", position="Ketua")
    assert board_queries() == before <= 7


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_board_page_and_its_export(login):
    _board_fixture(_user("sekretariat"))
    page = login("walikota").get("/bersinar/")
    html = page.content.decode()
    assert page.status_code == 200 and "Kelurahan Metro" in html and "Kecamatan Metro Pusat" in html
    assert "Yosodadi" in html and "/bersinar/baru/" not in html  # the mayor reads, does not record
    assert 'href="?export=csv"' in html  # {% querystring %} writes the "?" itself
    export = login("sekretariat").get("/bersinar/", {"export": "csv", "stage": "pokja"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    metro_row = next(r for r in rows if ",Metro," in r)
    assert METRO_KEL in metro_row and "3/6" in metro_row and ",2,2," in metro_row
    assert len(rows) >= 2 and "Yosodadi" not in "".join(rows)
    xlsx = login("sekretariat").get("/bersinar/", {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "Iring Mulyo" in login("kel.iringmulyo").get("/bersinar/").content.decode()
    assert "Kelurahan Metro<" not in login("kel.iringmulyo").get("/bersinar/").content.decode()


def test_an_area_operator_runs_their_kelurahan_programme_through_the_pages(login):
    _village(IRINGMULYO)
    _village(YOSODADI)
    client = login("kel.iringmulyo")
    form = client.get("/bersinar/baru/").content.decode()
    assert "Iring Mulyo" in form and "Yosodadi" not in form  # only their own area is offered
    response = client.post("/bersinar/baru/", {"region": IRINGMULYO, "notes": "Usulan BNN Kota"})
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = BersinarProgramme.objects.get(region_id=IRINGMULYO)
    detail = f"/bersinar/{programme.pk}/"
    assert client.post("/bersinar/baru/", {"region": YOSODADI}).status_code == 200  # not offered: form error
    assert not BersinarProgramme.objects.filter(region_id=YOSODADI).exists()
    # A stage with its decree, in one form.
    step = client.post(
        f"{detail}tahap/",
        {
            "stage": "penetapan_sk",
            "done_on": _day(20).isoformat(),
            "notes": "SK Wali Kota",
            "file": _pdf(),
            "kind": "sk",
        },
    )
    assert step.status_code == 302, step.content.decode()[:2000]
    programme.refresh_from_db()
    assert programme.stage == "penetapan_sk" and programme.named_on == _day(20)
    document = programme.documents.get()
    assert (document.stage, document.kind) == ("penetapan_sk", "sk")
    # A bad file refuses the whole form: no step recorded.
    bad = client.post(f"{detail}tahap/", {"stage": "pokja", "done_on": _day(10).isoformat(),
                                          "file": SimpleUploadedFile("x.pdf", b"not a pdf")})  # fmt: skip
    assert bad.status_code == 200 and not programme.steps.filter(stage="pokja").exists()
    # Out of order: shown on the form.
    early = client.post(f"{detail}tahap/", {"stage": "monev", "done_on": _day(30).isoformat()})
    assert early.status_code == 200 and "errorlist" in early.content.decode()
    assert client.post(f"{detail}pokja/", {"name": "Sertu Wahyudi", "position": "Babinsa", "institution": "Koramil"})[
        "Location"
    ].endswith(detail)
    assert (
        client.post(f"{detail}dokumen/", {"file": _pdf("peta.pdf"), "kind": "laporan", "stage": ""}).status_code == 302
    )
    page = client.get(detail).content.decode()
    for text in ("Sertu Wahyudi", "Babinsa", "sk-pokja.pdf", "peta.pdf", "SK Wali Kota"):
        assert text in page
    download = client.get(f"/bersinar/dokumen/{document.public_id}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content) == PDF
    member = programme.pokja.get()
    assert (
        client.post(
            f"/bersinar/pokja/{member.pk}/ubah/", {"name": "Sertu Wahyudi", "position": "Babinsa Iring Mulyo"}
        ).status_code
        == 302
    )
    assert client.post(f"/bersinar/pokja/{member.pk}/hapus/").status_code == 302
    assert client.post(f"{detail}tahap/penetapan_sk/hapus/").status_code == 302
    assert client.post(f"/bersinar/dokumen/{document.public_id}/hapus/").status_code == 302
    programme.refresh_from_db()
    assert programme.stage == "" and not programme.pokja.exists() and programme.documents.count() == 1


def test_links_are_chosen_among_the_villages_groups_and_events(login):
    programme = _programme()
    by = _user("sekretariat")
    region = Region.objects.get(code=METRO_KEL)
    group = services.volunteer_group_create(
        government=_metro(), by=by, name="Satgas Metro", kind="satgas", region=region
    )
    other = services.volunteer_group_create(government=_metro(), by=by, name="Satgas Yosodadi", kind="satgas",
                                            region=Region.objects.get(code=YOSODADI))  # fmt: skip
    client = login("bnn")
    form = client.get(f"/bersinar/{programme.pk}/tautan/").content.decode()
    assert "Satgas Metro" in form and "Satgas Yosodadi" not in form
    assert client.post(f"/bersinar/{programme.pk}/tautan/", {"volunteer_groups": [group.pk]}).status_code == 302
    assert client.post(f"/bersinar/{programme.pk}/tautan/", {"volunteer_groups": [other.pk]}).status_code == 200
    assert list(programme.volunteer_groups.all()) == [group]
    assert "Satgas Metro" in client.get(f"/bersinar/{programme.pk}/").content.decode()


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("sekretariat", 200, 200),
        ("bnn", 200, 200),
        ("walikota", 200, 403),
        ("provinsi", 200, 403),
        ("admin", 200, 200),
        ("disdik", 404, 404),
        ("kepala.disdik", 404, 404),
        ("dinkes", 404, 404),
        ("kel.iringmulyo", 404, 404),  # Kelurahan Metro is outside their area
        ("lamtim", 404, 404),
    ],
)
def test_who_sees_and_changes_a_programme_page(login, persona, read, write):
    programme = _programme()
    document = services.bersinar_document_add(programme=programme, upload=_pdf(), by=_user("sekretariat"))
    member = services.pokja_member_add(
        programme=programme, by=_user("sekretariat"), name="Lurah Metro", position="Ketua"
    )
    client = login(persona)
    detail = client.get(f"/bersinar/{programme.pk}/")
    assert detail.status_code == read
    if read == 404:
        assert b"Lurah Metro" not in detail.content
    assert client.get(f"/bersinar/dokumen/{document.public_id}/").status_code == read
    for url in ("ubah/", "tahap/", "pokja/", "tautan/", "dokumen/"):
        assert client.get(f"/bersinar/{programme.pk}/{url}").status_code == write, url
    assert client.get(f"/bersinar/pokja/{member.pk}/ubah/").status_code == write
    if write != 200:
        assert (
            client.post(f"/bersinar/{programme.pk}/tahap/", {"stage": "pemetaan", "done_on": "2024-01-02"}).status_code
            == write
        )
        assert client.post(f"/bersinar/dokumen/{document.public_id}/hapus/").status_code == write
        assert client.post(f"/bersinar/pokja/{member.pk}/hapus/").status_code == write
        assert not programme.steps.exists() and programme.documents.exists() and programme.pokja.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("sekretariat", 200),
        ("bnn", 200),
        ("kel.iringmulyo", 200),
        ("walikota", 403),
        ("disdik", 403),
        ("provinsi", 403),
    ],
)
def test_who_may_start_a_programme_page(login, persona, status):
    assert login(persona).get("/bersinar/baru/").status_code == status


# --- API ------------------------------------------------------------------------------------------------------


def test_the_api_runs_a_programme_end_to_end(api):
    _village(YOSODADI)
    client = api("bnn")
    created = _post(client, "/api/v1/bersinar", {"government": _metro().pk, "region": YOSODADI, "notes": "Usulan"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (created.json()["kecamatan"], created.json()["stage"]) == ("Metro Timur", "")
    again = _post(client, "/api/v1/bersinar", {"government": _metro().pk, "region": YOSODADI})
    assert again.status_code == 422 and "region" in again.json()["error"]["fields"]
    step = _post(client, f"/api/v1/bersinar/{pk}/steps", {"stage": "pemetaan", "done_on": _day(40).isoformat()})
    assert step.status_code == 201 and step.json()["stage_order"] == 1
    future = _post(client, f"/api/v1/bersinar/{pk}/steps", {"stage": "pokja", "done_on": _day(-3).isoformat()})
    assert future.status_code == 422 and "done_on" in future.json()["error"]["fields"]
    backwards = _post(client, f"/api/v1/bersinar/{pk}/steps", {"stage": "pokja", "done_on": _day(50).isoformat()})
    assert backwards.status_code == 422
    assert _post(client, f"/api/v1/bersinar/{pk}/steps", {"stage": "bogus", "done_on": "2024-01-01"}).status_code == 422
    patched = _post(client, f"/api/v1/bersinar/{pk}", {"named_on": _day(30).isoformat()}, method="patch")
    assert patched.status_code == 200 and patched.json()["named_on"] == _day(30).isoformat()
    member = _post(client, f"/api/v1/bersinar/{pk}/pokja", {"name": "Aiptu Darmawan", "position": "Bhabinkamtibmas",
                                                              "agency": metro_agency("BNN Kota Metro").pk})  # fmt: skip
    assert member.status_code == 201, member.content
    assert client.get(f"/api/v1/bersinar/{pk}/pokja").json()["count"] == 1
    lamtim_agency = Agency.objects.filter(government__region_id="18.07").first().pk
    assert (
        _post(
            client, f"/api/v1/bersinar/{pk}/pokja", {"name": "X Y", "position": "Z Z", "agency": lamtim_agency}
        ).status_code
        == 422
    )
    assert (
        _post(client, f"/api/v1/pokja/{member.json()['id']}", {"position": "Anggota"}, method="patch").json()[
            "position"
        ]
        == "Anggota"
    )
    upload = client.post(f"/api/v1/bersinar/{pk}/documents", {"file": _pdf(), "kind": "sk", "stage": "pemetaan"})
    assert upload.status_code == 201, upload.content
    document = upload.json()
    assert document["name"] == "sk-pokja.pdf" and document["stage"] == "pemetaan"
    fake = client.post(f"/api/v1/bersinar/{pk}/documents", {"file": SimpleUploadedFile("a.pdf", b"<html>")})
    assert fake.status_code == 422 and "file" in fake.json()["error"]["fields"]
    assert client.get(f"/api/v1/bersinar/{pk}/documents").json()["count"] == 1
    download = client.get(document["download_url"])
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    region = Region.objects.get(code=YOSODADI)
    group = services.volunteer_group_create(government=_metro(), by=_user("bnn"), name="Kader Yosodadi",
                                            kind="kader", region=region)  # fmt: skip
    foreign = VolunteerGroup.objects.create(government=_metro(), name="Kader Metro", kind="kader",
                                            region=Region.objects.get(code=METRO_KEL))  # fmt: skip
    linked = _post(client, f"/api/v1/bersinar/{pk}/links", {"volunteer_groups": [group.pk]}, method="put")
    assert linked.status_code == 200 and linked.json()["volunteer_group_ids"] == [group.pk]
    refused = _post(client, f"/api/v1/bersinar/{pk}/links", {"volunteer_groups": [foreign.pk], "events": [999999]},
                    method="put")  # fmt: skip
    assert refused.status_code == 422 and set(refused.json()["error"]["fields"]) == {"volunteer_groups", "events"}
    assert client.delete(f"/api/v1/bersinar/{pk}/steps/pemetaan").status_code == 204
    assert client.delete(f"/api/v1/bersinar/{pk}/steps/pemetaan").status_code == 404
    assert client.get(f"/api/v1/bersinar/{pk}").json()["stage"] == ""
    assert client.delete(f"/api/v1/pokja/{member.json()['id']}").status_code == 204
    assert client.delete(f"/api/v1/bersinar-documents/{document['id']}").status_code == 204
    listed = client.get("/api/v1/bersinar", {"q": "yosodadi"}).json()
    assert [p["region_code"] for p in listed["items"]] == [YOSODADI]


def test_the_board_api(api):
    _board_fixture(_user("sekretariat"))
    board = api("walikota").get("/api/v1/bersinar/board", {"government": _metro().pk})
    assert board.status_code == 200
    body = board.json()
    assert body["total"] == 22 and len(body["kecamatan"]) == 5
    village = next(v for d in body["kecamatan"] for v in d["villages"] if v["code"] == METRO_KEL)
    assert (village["stage"], village["active_volunteers"], village["events_this_year"]) == ("pokja", 2, 2)
    assert village["vulnerability"] == "waspada"
    assert api("sekretariat").get("/api/v1/bersinar/board").json()["total"] == 22  # defaults to one's government
    mine = api("kel.iringmulyo").get("/api/v1/bersinar/board", {"government": _metro().pk}).json()
    assert [v["code"] for d in mine["kecamatan"] for v in d["villages"]] == [IRINGMULYO]
    assert api("lamtim").get("/api/v1/bersinar/board", {"government": _metro().pk}).status_code == 404
    assert api("disdik").get("/api/v1/bersinar/board", {"government": _metro().pk}).json()["total"] == 0


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("sekretariat", 200, 201),
        ("bnn", 200, 201),
        ("admin", 200, 201),
        ("walikota", 200, 403),
        ("provinsi", 200, 403),
        ("disdik", 404, 404),
        ("dinkes", 404, 404),
        ("kepala.disdik", 404, 404),
        ("kel.iringmulyo", 404, 404),
        ("lamtim", 404, 404),
    ],
)
def test_who_sees_and_changes_a_programme_api(api, persona, read, write):
    programme = _programme()
    document = services.bersinar_document_add(programme=programme, upload=_pdf(), by=_user("sekretariat"))
    member = services.pokja_member_add(
        programme=programme, by=_user("sekretariat"), name="Lurah Metro", position="Ketua"
    )
    client = api(persona)
    pk = programme.pk
    for url in (f"/api/v1/bersinar/{pk}", f"/api/v1/bersinar/{pk}/pokja", f"/api/v1/bersinar/{pk}/documents",
                f"/api/v1/bersinar-documents/{document.public_id}/file"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == read, url
        if read == 404:
            assert b"Lurah Metro" not in response.content and b"sk-pokja" not in response.content
    step = _post(client, f"/api/v1/bersinar/{pk}/steps", {"stage": "pemetaan", "done_on": _day(1).isoformat()})
    assert step.status_code == write
    refused = 200 if write == 201 else write
    assert _post(client, f"/api/v1/bersinar/{pk}", {"notes": "x"}, method="patch").status_code == refused
    assert _post(client, f"/api/v1/bersinar/{pk}/links", {"events": []}, method="put").status_code == refused
    assert _post(client, f"/api/v1/bersinar/{pk}/pokja", {"name": "A B", "position": "C D"}).status_code == write
    assert client.post(f"/api/v1/bersinar/{pk}/documents", {"file": _pdf()}).status_code == write
    if write != 201:
        assert client.delete(f"/api/v1/pokja/{member.pk}").status_code == write
        assert client.delete(f"/api/v1/bersinar-documents/{document.public_id}").status_code == write
        assert PokjaMember.objects.filter(pk=member.pk).exists()
        assert BersinarDocument.objects.filter(pk=document.pk).exists()
        assert not BersinarStep.objects.filter(programme=programme).exists()


def test_an_area_operator_records_only_their_own_kelurahan_api(api):
    _village(IRINGMULYO)
    _village(YOSODADI)
    client = api("kel.iringmulyo")
    body = {"government": _metro().pk, "region": IRINGMULYO}
    assert _post(client, "/api/v1/bersinar", body).status_code == 201
    assert _post(client, "/api/v1/bersinar", {**body, "region": YOSODADI}).status_code == 403
    assert _post(api("disdik"), "/api/v1/bersinar", {**body, "region": YOSODADI}).status_code == 403
    assert _post(api("walikota"), "/api/v1/bersinar", {**body, "region": YOSODADI}).status_code == 403
    assert _post(api("lamtim"), "/api/v1/bersinar", {**body, "region": YOSODADI}).status_code == 404
    assert _post(api("sekretariat"), "/api/v1/bersinar", {**body, "region": "18.72.04"}).status_code == 422
    assert _post(api("sekretariat"), "/api/v1/bersinar", {**body, "region": "99.99.99.9999"}).status_code == 422
    codes = [p["region_code"] for p in client.get("/api/v1/bersinar").json()["items"]]
    assert codes == [IRINGMULYO]
    assert not BersinarProgramme.objects.filter(region_id=YOSODADI).exists()
