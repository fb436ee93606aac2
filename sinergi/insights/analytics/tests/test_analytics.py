"""The analytics export: pivot-ready rows of the roll-ups for a subtree and semesters, for those who may read them."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.insights.models import ProgrammeRollup, ReportRollup


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_secretariat_exports_the_achievement_of_its_government(login):
    rows = _csv(login("sekretariat").get("/analitik/", {"dataset": "capaian", "format": "csv"}))
    stored = ReportRollup.objects.filter(region_id="18.72")
    assert len(rows) == stored.count() > 0
    assert {r["kode_kabkota"] for r in rows} == {"18.72"}
    assert {r["provinsi"] for r in rows} == {"Lampung"}
    assert sum(int(r["laporan_diharapkan"]) for r in rows) == sum(s.expected for s in stored)
    assert sum(int(r["laporan_disetujui"]) for r in rows) == sum(s.approved for s in stored)
    # A mean comes with its sum and count.
    some = next(r for r in rows if r["capaian_jumlah_aksi"] not in ("", "0"))
    assert float(some["capaian_rata_rata"]) == pytest.approx(
        float(some["capaian_jumlah"]) / int(some["capaian_jumlah_aksi"]), abs=0.05
    )


def test_the_programme_export_has_a_row_per_place_and_semester_and_filters_by_semester(login):
    client = login("sekretariat")
    rows = _csv(client.get("/analitik/", {"dataset": "program", "format": "csv"}))
    stored = ProgrammeRollup.objects.filter(region__code__startswith="18.72")
    assert len(rows) == stored.count() > 0
    assert sum(int(r["events_held"]) for r in rows) == sum(s.events_held for s in stored)
    village = next(r for r in rows if r["kode_kelurahan"])
    assert village["kecamatan"] and village["kelurahan"] and village["kabkota"] == "Kota Metro"
    year, semester = max(stored.values_list("year", "semester"))
    only = _csv(client.get("/analitik/", {"dataset": "program", "from": f"{year}-{semester}", "format": "csv"}))
    assert {(int(r["tahun"]), int(r["semester"])) for r in only} == {(year, semester)}


def test_an_observer_exports_its_province_and_nothing_else(login):
    client = login("provinsi")
    rows = _csv(client.get("/analitik/", {"dataset": "capaian", "region": "18", "format": "csv"}))
    assert "18.72" in {r["kode_kabkota"] for r in rows}
    assert all(r["kode_provinsi"] == "18" for r in rows)
    assert len(rows) == ReportRollup.objects.filter(region__code__startswith="18.").count()
    assert client.get("/analitik/", {"region": "31", "format": "csv"}).status_code == 403
    assert login("sekretariat").get("/analitik/", {"region": "18", "format": "csv"}).status_code == 403


@pytest.mark.parametrize("username", ["disdik", "kepala.disdik", "kel.iringmulyo"])
def test_agency_and_area_operators_have_no_analytics_export(login, username):
    assert login(username).get("/analitik/").status_code == 403
    assert login(username).get("/api/v1/analytics").status_code == 403


def test_bad_input_gets_a_clear_message(login):
    client = login("sekretariat")
    page = client.get("/analitik/", {"from": "2025", "format": "csv"})
    assert page.status_code == 200 and "2025-1" in page.content.decode()
    unknown = client.get("/analitik/", {"region": "18.72.99"})
    assert unknown.status_code == 200 and "18.72.99" in unknown.content.decode()
    assert 'class="error"' in client.get("/analitik/", {"from": "2025-2", "to": "2025-1"}).content.decode()


def test_the_xlsx_keeps_numbers_as_numbers(login):
    response = login("sekretariat").get("/analitik/", {"dataset": "capaian", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    second = [c.value for c in sheet[2]]
    assert isinstance(second[header.index("laporan_diharapkan")], int | float)
    assert second[header.index("kode_kabkota")] == "18.72"


def test_the_api_gives_the_same_rows(api):
    client = api("provinsi")
    response = client.get("/api/v1/analytics", {"dataset": "program", "region": "18.72"})
    rows = _csv(response)
    assert len(rows) == ProgrammeRollup.objects.filter(region__code__startswith="18.72").count()
    assert client.get("/api/v1/analytics", {"region": "31"}).status_code == 403
    assert client.get("/api/v1/analytics", {"from": "tahun lalu"}).status_code in (400, 422)


def test_the_preview_page_takes_a_fixed_number_of_queries(login):
    client = login("provinsi")
    client.get("/analitik/", {"region": "18"})
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/analitik/", {"region": "18", "dataset": "program"})
    assert page.status_code == 200
    assert len(queries) <= 12
