"""The API edge (issue #13, part 3): numbers the database cannot hold, control characters, unreadable bodies and
damaged packages are refused with the one JSON error shape, never a 500 or an HTML page."""

import importlib
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.coordination.models import Decision, Meeting
from sinergi.exchange.package import DATA
from sinergi.exchange.tests import helpers as h
from sinergi.organizations.models import Agency, Government

HUGE = "18446744073709551616"  # 2**64


def _error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    if field:
        assert field in error["fields"], error
    return error


def _metro_meeting() -> Meeting:
    """A Kota Metro meeting that still takes decisions."""
    meetings = Meeting.objects.filter(government__region_id="18.72", status__in=["scheduled", "held"])
    return meetings.order_by("pk").first()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/v1/agencies?offset={HUGE}", "offset"),
        ("/api/v1/agencies?limit=100000", "limit"),
        ("/api/v1/agencies?government=99999999999999999999", "government"),
        (f"/api/v1/agencies/{HUGE}", "agency_id"),
        ("/api/v1/assessments?year=-109", "year"),
        ("/api/v1/assessments?year=21675", "year"),
        ("/api/v1/regions?q=%01", "q"),
    ],
)
def test_out_of_range_parameters_are_refused_naming_the_field(api, url, field):
    _error(api("sekretariat").get(url), 422, field)


def test_an_oversized_id_in_a_body_is_refused_and_nothing_is_written(api):
    before = Agency.objects.count()
    response = api("sekretariat").post(
        "/api/v1/agencies",
        {"government": 2**63, "name": "Dinas Uji", "kind": "department"},
        content_type="application/json",
    )
    _error(response, 422, "government")
    assert Agency.objects.count() == before


def test_a_decision_with_a_control_character_is_refused_by_the_api_and_the_form(api, login):
    meeting = _metro_meeting()
    before = Decision.objects.count()
    response = api("sekretariat").post(
        f"/api/v1/meetings/{meeting.pk}/decisions", {"text": "Rapat \u0001 lanjut"}, content_type="application/json"
    )
    _error(response, 422, "text")
    page = login("sekretariat").post(f"/rapat/{meeting.pk}/keputusan/", {"text": "Rapat \u0001 lanjut"})
    assert page.status_code == 200
    assert "text" in page.context["decision_form"].errors
    assert Decision.objects.count() == before
    # Tab and line breaks stay allowed in multi-line text.
    ok = api("sekretariat").post(
        f"/api/v1/meetings/{meeting.pk}/decisions", {"text": "Satu\n\tdua"}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content


def test_the_migration_strips_stored_control_characters_so_the_minutes_render_again(api):
    meeting = _metro_meeting()
    decision = Decision.objects.create(meeting=meeting, text="Keputusan \u0001 rusak\nbaris dua", order=99)
    client = api("sekretariat")
    client.raise_request_exception = False
    # The document engine leaves out the control characters XML forbids, so the minutes render even before.
    assert client.get(f"/api/v1/meetings/{meeting.pk}/minutes.docx").status_code == 200
    migration = importlib.import_module("sinergi.coordination.migrations.0002_strip_control_characters")
    migration.strip_control_characters(apps, None)
    decision.refresh_from_db()
    assert decision.text == "Keputusan  rusak\nbaris dua"
    assert client.get(f"/api/v1/meetings/{meeting.pk}/minutes.docx").status_code == 200


def test_a_too_large_body_answers_413_in_the_error_shape(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"government": 1, "name": "x" * 2000, "kind": "department"})
    _error(api("sekretariat").post("/api/v1/agencies", body, content_type="application/json"), 413)


def test_too_many_fields_answer_413_in_the_error_shape(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {f"f{i}": "x" for i in range(20)}
    _error(api("admin").post("/api/v1/exchange/import", fields), 413)


def test_a_broken_multipart_body_answers_400_in_the_error_shape(api):
    response = api("admin").post(
        "/api/v1/exchange/import", b"--x\r\nnonsense", content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code in (400, 422), response.content[:300]
    _error(response, response.status_code)
    no_boundary = api("admin").post("/api/v1/exchange/import", b"abc", content_type="multipart/form-data")
    _error(no_boundary, 400)


def test_an_over_long_upload_name_is_not_a_server_error(api):
    upload = SimpleUploadedFile("a" * 400 + ".zip", b"PK\x03\x04" + b"x" * 50)
    response = api("admin").post("/api/v1/exchange/import", {"file": upload})
    assert response.status_code < 500
    _error(response, response.status_code)


def _corrupt_member(raw: bytes, name: str) -> bytes:
    """The package with the compressed bytes of ``name`` overwritten (an invalid deflate stream)."""
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(raw)
    data[start : start + min(16, info.compress_size)] = b"\xff" * min(16, info.compress_size)
    return bytes(data)


@pytest.fixture
def package(db):
    h.close_metro_semester()
    h.trust()
    return h.build(h.retarget(h.metro_data()))


def test_a_package_with_a_corrupted_member_answers_422_naming_it(api, package):
    raw = _corrupt_member(package, DATA)
    response = api("admin").post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", raw)})
    error = _error(response, 422, "file")
    assert DATA in error["message"]
    assert not Government.objects.filter(region_id=h.BANDAR_LAMPUNG).exists()


def test_a_flipped_byte_anywhere_in_a_package_is_never_a_server_error(api, package):
    client = api("admin")
    for offset in range(0, len(package), max(1, len(package) // 40)):
        data = bytearray(package)
        data[offset] ^= 0xFF
        response = client.post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", bytes(data))})
        assert response.status_code < 500, (offset, response.content[:200])
