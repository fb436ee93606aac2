"""Programme recaps: correct sums, every area kept, scoping, constant query counts, files that say the same.

Most tests use a government of their own (Kota Bandar Lampung) so that demo records never change the expected
numbers; the demo personas are used for scoping in Kota Metro, with a year that has no demo records.
"""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sinergi.documents.engine.pdf import typst_source
from sinergi.organizations.models import Agency, Government
from sinergi.programmes.models import VulnerabilityAssessment
from sinergi.programmes.recap_columns import recap_columns, row_cells
from sinergi.programmes.recap_document import recap_document
from sinergi.programmes.recaps import (
    BY_AGENCY,
    BY_KECAMATAN,
    BY_KELURAHAN,
    NOT_COUNTED,
    ROW_DISTRICT_LEVEL,
    ROW_SUBTOTAL,
    ROW_WHOLE_AREA,
    build_recap,
)
from sinergi.programmes.tests.recap_world import NUMBERS, ROOT, YEAR, filled
from sinergi.regions.models import Region


def _row(recap, key):
    return next(row for row in recap.rows if row.key == key)


def _assert_total_is_sum(recap):
    counted = [row for row in recap.rows if row.kind not in NOT_COUNTED]
    for name in NUMBERS:
        assert getattr(recap.total, name) == sum(getattr(r, name) for r in counted), name
    for group, n in recap.total.by_group.items():
        assert n == sum(r.by_group[group] for r in counted)
    assert recap.total.participants == sum(recap.total.by_group.values())
    if recap.with_kinds:
        assert recap.total.held == sum(recap.total.by_kind.values())
        for kind, n in recap.total.by_kind.items():
            assert n == sum(r.by_kind[kind] for r in counted)


def test_per_kecamatan_counts_every_event_including_kecamatan_and_city_level(world):
    w = filled(world)
    recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=BY_KECAMATAN, with_kinds=True)
    region_rows = [row for row in recap.rows if row.kind == "region"]
    assert len(region_rows) == w.n_districts  # every kecamatan, even without records
    d1 = _row(recap, w.d1.code)
    assert (d1.held, d1.planned, d1.cancelled) == (3, 1, 1)
    assert (d1.participants, d1.male, d1.female, d1.unknown_sex) == (22, 9, 8, 5)
    assert d1.by_group["pelajar"] == 10 and d1.by_group["asn"] == 7 and d1.by_group["masyarakat_umum"] == 5
    assert d1.by_kind["sosialisasi"] == 1 and d1.by_kind["penyuluhan"] == 2
    assert (d1.volunteers, d1.volunteers_male, d1.volunteers_female) == (3, 2, 1)
    assert d1.vulnerability_counts["bahaya"] == 1 and d1.vulnerability_counts["aman"] == 1
    assert d1.vulnerability_counts["belum"] == w.d1.children.filter(is_current=True).count() - 2
    assert d1.bersinar == 1
    whole = _row(recap, "whole")
    assert whole.kind == ROW_WHOLE_AREA and whole.label == "(seluruh kota)"
    assert (whole.held, whole.participants) == (1, 3)
    assert (recap.total.held, recap.total.planned, recap.total.cancelled) == (5, 1, 1)
    assert recap.total.participants == 27
    assert recap.total.volunteers == 4
    _assert_total_is_sum(recap)
    # Tests have no place: only the government total, never in a row.
    assert all(row.tests is None for row in recap.rows)
    assert vars(recap.tests_total) == {"campaigns": 3, "tested": 90, "positive": 3, "referred": 1}


def test_per_kelurahan_keeps_a_kecamatan_level_row_and_subtotals(world):
    w = filled(world)
    recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=BY_KELURAHAN)
    assert len([r for r in recap.rows if r.kind == "region"]) == w.n_villages
    k1, k2 = _row(recap, w.k1.code), _row(recap, w.k2.code)
    assert (k1.held, k1.participants, k1.male, k1.female) == (1, 10, 6, 4)
    assert (k2.held, k2.participants, k2.unknown_sex) == (1, 5, 5)
    assert (k1.vulnerability, k2.vulnerability, k1.bersinar_stage) == ("bahaya", "aman", "pokja")
    assert k1.volunteers == 3 and k2.volunteers == 0  # inactive members and groups are left out
    level = _row(recap, f"{w.d1.code}:kecamatan")
    assert level.kind == ROW_DISTRICT_LEVEL and (level.held, level.participants) == (1, 7)
    subtotal = _row(recap, f"{w.d1.code}:jumlah")
    assert subtotal.kind == ROW_SUBTOTAL and (subtotal.held, subtotal.participants) == (3, 22)
    assert recap.total.held == 5 and recap.total.participants == 27
    _assert_total_is_sum(recap)
    # The same events, however grouped.
    for by in (BY_KECAMATAN, BY_AGENCY):
        other = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=by)
        assert (other.total.held, other.total.participants, other.total.male) == (5, 27, 13)


def test_per_agency_with_tests_and_a_semester(world):
    w = filled(world)
    recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=BY_AGENCY)
    a, b = _row(recap, str(w.a.pk)), _row(recap, str(w.b.pk))
    assert (a.held, a.planned, a.cancelled, a.participants) == (3, 1, 1, 22)
    assert (b.held, b.participants) == (2, 5)
    assert vars(a.tests) == {"campaigns": 2, "tested": 80, "positive": 3, "referred": 1}
    assert vars(b.tests) == {"campaigns": 1, "tested": 10, "positive": 0, "referred": 0}
    assert (
        vars(recap.total.tests)
        == vars(recap.tests_total)
        == {"campaigns": 3, "tested": 90, "positive": 3, "referred": 1}
    )
    assert a.volunteers == 3
    assert _row(recap, "no_agency").volunteers == 1  # the kelurahan group without an agency
    assert _row(recap, str(w.d1_office.pk)).held == 0  # every agency, even without records
    _assert_total_is_sum(recap)
    second = build_recap(user=w.secretariat, government=w.gov, year=YEAR, semester=2, by=BY_AGENCY)
    assert (second.total.held, second.total.planned) == (0, 1)
    assert second.starts_on == date(YEAR, 7, 1) and second.tests_total.campaigns == 0


def test_area_and_agency_operators_see_only_their_part(world):
    w = filled(world)
    area = build_recap(user=w.area, government=w.gov, year=YEAR, by=BY_KELURAHAN)
    codes = {r.key for r in area.rows if r.kind == "region"}
    assert codes == set(w.d1.children.filter(is_current=True).values_list("code", flat=True))
    assert area.total.held == 3 and area.total.participants == 22  # not the city-wide or other kecamatan events
    assert area.tests_total.campaigns == 0  # tests belong to agencies, not to an area
    assert not area.whole_government
    kecamatan = build_recap(user=w.area, government=w.gov, year=YEAR, by=BY_KECAMATAN)
    assert [r.key for r in kecamatan.rows] == [w.d1.code]
    agency = build_recap(user=w.operator, government=w.gov, year=YEAR, by=BY_AGENCY)
    assert [r.key for r in agency.rows] == [str(w.a.pk)]
    assert agency.total.held == 3 and agency.tests_total.tested == 80
    by_area = build_recap(user=w.operator, government=w.gov, year=YEAR, by=BY_KECAMATAN)
    assert by_area.total.held == 3 and len([r for r in by_area.rows if r.kind == "region"]) == w.n_districts


def test_the_demo_area_operator_sees_only_iring_mulyo(login, api):
    metro = Government.objects.get(region_id="18.72")
    page = login("kel.iringmulyo").get("/rekap-program/", {"by": "kelurahan", "year": YEAR})
    assert page.status_code == 200
    keys = [r.key for r in page.context["recap"].rows if r.kind == "region"]
    assert keys == ["18.72.04.1003"]
    assert b"Hadimulyo" not in page.content
    data = api("kel.iringmulyo").get(f"/api/v1/programme-recap?government={metro.pk}&year={YEAR}&by=kecamatan").json()
    assert [r["key"] for r in data["rows"]] == ["18.72.04"]
    assert data["whole_government"] is False
    full = api("sekretariat").get(f"/api/v1/programme-recap?government={metro.pk}&year={YEAR}&by=kelurahan").json()
    assert len([r for r in full["rows"] if r["kind"] == "region"]) == 22


def test_another_government_is_not_found(world, api):
    metro = Government.objects.get(region_id="18.72")
    assert api("lamtim").get(f"/api/v1/programme-recap?government={metro.pk}&year={YEAR}").status_code == 404
    assert api("sekretariat").get(f"/api/v1/programme-recap?government={world.gov.pk}&year={YEAR}").status_code == 404
    assert (
        api("sekretariat").get(f"/api/v1/programme-recap.xlsx?government={world.gov.pk}&year={YEAR}").status_code == 404
    )
    response = api("sekretariat").get(f"/api/v1/programme-recap?government={metro.pk}&year={YEAR}&by=desa")
    assert response.status_code == 422


def test_api_matches_the_recap(world):
    w = filled(world)
    client = Client(headers={"authorization": f"Bearer {_token(w.secretariat)}"})
    data = client.get(f"/api/v1/programme-recap?government={w.gov.pk}&year={YEAR}&by=agency").json()
    assert data["total"]["events"]["held"] == 5
    assert data["total"]["participants"] == {
        "total": 27,
        "by_group": {**dict.fromkeys(data["total"]["participants"]["by_group"], 0),
                     "pelajar": 10, "masyarakat_umum": 7, "asn": 7, "tokoh_masyarakat": 3},
        "male": 13,
        "female": 9,
        "unknown": 5,
    }  # fmt: skip
    assert data["urine_tests_total"] == {"campaigns": 3, "tested": 90, "positive": 3, "referred": 1}
    assert data["total"]["events"]["held_by_kind"] is None  # only on request
    row = next(r for r in data["rows"] if r["key"] == str(w.a.pk))
    kinds = client.get(f"/api/v1/programme-recap?government={w.gov.pk}&year={YEAR}&by=agency&kinds=true").json()
    assert kinds["total"]["events"]["held_by_kind"]["penyuluhan"] == 4
    assert kinds["total"]["events"]["held_by_kind"]["sosialisasi"] == 1
    assert row["urine_tests"] == {"campaigns": 2, "tested": 80, "positive": 3, "referred": 1}
    kelurahan = client.get(f"/api/v1/programme-recap?government={w.gov.pk}&year={YEAR}&by=kelurahan").json()
    k1 = next(r for r in kelurahan["rows"] if r["key"] == w.k1.code)
    assert k1["vulnerability"]["status"] == "bahaya" and k1["bersinar"]["stage"] == "pokja"
    ranged = client.get(
        f"/api/v1/programme-recap?government={w.gov.pk}&year={YEAR}&starts_on={YEAR}-08-01&ends_on={YEAR}-09-30"
    ).json()
    assert (ranged["total"]["events"]["held"], ranged["total"]["events"]["planned"]) == (0, 1)


def _token(user):
    from sinergi.accounts.services import token_create

    return token_create(user=user, name="test")[1]


def _more_records(w, n):
    """Many more events, volunteers, tests and agencies, in many more kelurahan."""
    villages = list(Region.objects.filter(parent__parent_id=ROOT, level=4, is_current=True)[:n])
    for i, village in enumerate(villages):
        agency = Agency.objects.create(government=w.gov, name=f"Dinas Tambahan {i}", kind="department")
        w.event(village, agency=agency, participants=4, male=2, female=2, target_group="pekerja")
        w.event(village.parent, agency=agency, status="planned", starts_on=date(YEAR, 8, 1))
        w.test(agency, 5, 1, 1)
        w.volunteers(village, agency=agency)
        w.status(village, "siaga") if not VulnerabilityAssessment.objects.filter(region=village, year=YEAR) else None


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@pytest.mark.parametrize("by", [BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY])
def test_query_counts_do_not_grow_with_records(world, by):
    w = filled(world)
    page = w.client(w.secretariat)
    api_client = Client(headers={"authorization": f"Bearer {_token(w.secretariat)}"})
    url = f"/rekap-program/?by={by}&year={YEAR}"
    api_url = f"/api/v1/programme-recap?government={w.gov.pk}&year={YEAR}&by={by}"
    page.get(url), api_client.get(api_url)  # warm the session, caches and the token's last use
    before = (_queries(lambda: page.get(url)), _queries(lambda: api_client.get(api_url)))
    _more_records(w, 30)
    after = (_queries(lambda: page.get(url)), _queries(lambda: api_client.get(api_url)))
    assert after == before
    assert page.get(url).context["recap"].total.held == 5 + 30
    assert before[0] <= 16 and before[1] <= 12, before


def test_recap_build_uses_seven_queries(world, django_assert_max_num_queries):
    w = filled(world)
    _more_records(w, 10)
    for by in (BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY):
        with django_assert_max_num_queries(7):
            build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=by)


@pytest.mark.parametrize("by", [BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY])
def test_xlsx_reads_back_as_the_page(world, by):
    w = filled(world)
    page = w.client(w.secretariat).get("/rekap-program/", {"by": by, "year": YEAR})
    recap = page.context["recap"]
    columns = recap_columns(recap)
    response = w.client(w.secretariat).get("/rekap-program/dokumen.xlsx", {"by": by, "year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(1, 1).value == "PEMERINTAH KOTA BANDAR LAMPUNG (UJI REKAP)"
    lines = _table_lines(sheet, columns[0].heading)
    for row, line in zip([*recap.rows, recap.total], lines, strict=False):
        assert line[0].strip() == row.label
        if row.kind == "heading":
            continue
        expected = row_cells(row, columns)
        got = [value if value is not None else "" for value in line[1 : len(columns) + 1]]
        assert got == expected, row.label
    kinds = openpyxl.load_workbook(io.BytesIO(response.content))["Per jenis kegiatan"]
    last = [line for line in kinds.iter_rows(min_row=4, values_only=True) if line[0] == "Jumlah"][0]
    assert sum(last[1:]) == recap.total.held
    total_line = lines[len(recap.rows)]
    assert total_line[0] == "Jumlah" and total_line[1] == recap.total.held == 5
    # The page shows the same numbers as the file.
    assert f'data-key="{w.k1.code if by == BY_KELURAHAN else "total"}"'.encode() in page.content


def _table_lines(sheet, first_heading: str) -> list[tuple]:
    """The recap table's rows in a worksheet: those below the line of column headings."""
    lines = list(sheet.iter_rows(values_only=True))
    headings = next(i for i, line in enumerate(lines) if line[1] == first_heading)
    return lines[headings + 1 :]


def test_pdf_and_csv_are_produced(world, api):
    w = filled(world)
    client = w.client(w.secretariat)
    pdf = client.get("/rekap-program/dokumen.pdf", {"by": "kelurahan", "year": YEAR})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    csv = b"".join(client.get("/rekap-program/dokumen.csv", {"by": "agency", "year": YEAR}).streaming_content)
    text = csv.decode("utf-8-sig")
    assert "Dinas Uji A" in text and "Tes urine: Diperiksa" in text
    token_client = Client(headers={"authorization": f"Bearer {_token(w.secretariat)}"})
    pdf = token_client.get(f"/api/v1/programme-recap.pdf?government={w.gov.pk}&year={YEAR}&by=agency")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/rekap-program/dokumen.docx").status_code == 404


def test_no_individual_urine_result_can_appear(world):
    w = filled(world)
    w.test(w.a, 1, 1, 1, host_name="SMA Rahasia Sekali", notes="Budi Santoso positif, dirujuk ke klinik")
    secrets = (b"SMA Rahasia", b"Budi Santoso", "SMA Rahasia".encode("utf-16-le"))
    client = w.client(w.secretariat)
    token_client = Client(headers={"authorization": f"Bearer {_token(w.secretariat)}"})
    contents = []
    for by in ("kecamatan", "kelurahan", "agency"):
        contents.append(client.get("/rekap-program/", {"by": by, "year": YEAR}).content)
        contents.append(client.get("/rekap-program/dokumen.xlsx", {"by": by, "year": YEAR}).content)
        contents.append(b"".join(client.get("/rekap-program/dokumen.csv", {"by": by, "year": YEAR}).streaming_content))
        response = token_client.get(f"/api/v1/programme-recap?government={w.gov.pk}&year={YEAR}&by={by}")
        contents.append(response.content)
        data = response.json()
        for row in [*data["rows"], data["total"]]:
            assert row["urine_tests"] is None or set(row["urine_tests"]) == {
                "campaigns",
                "tested",
                "positive",
                "referred",
            }
    recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by="agency", with_kinds=True)
    contents.append(typst_source(recap_document(recap)).encode())
    for content in contents:
        for secret in secrets:
            assert secret not in content
    # Unzipped XLSX text too (shared strings).
    import zipfile

    xlsx = client.get("/rekap-program/dokumen.xlsx", {"by": "agency", "year": YEAR}).content
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            assert b"Rahasia" not in archive.read(name) and b"Budi" not in archive.read(name)
    assert json.dumps(data).count("positive") >= 2  # only the aggregate field name


def test_page_renders_with_menu_link_and_defaults(login):
    response = login("sekretariat").get("/rekap-program/?by=nonsense&year=abc&semester=9")
    assert response.status_code == 200
    assert response.context["params"]["by"] == BY_KECAMATAN and response.context["params"]["semester"] is None
    assert b'href="/rekap-program/"' in response.content


def test_the_pdf_groups_thousands_like_every_other_surface(world):
    w = filled(world)
    w.test(w.a, tested=1250)
    client = w.client(w.secretariat)
    assert client.get("/rekap-program/dokumen.pdf", {"by": "agency", "year": YEAR}).status_code == 200
    recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by="agency")
    biggest = max(v for v in row_cells(recap.total, recap_columns(recap)) if isinstance(v, int))
    assert biggest >= 1250
    source = typst_source(recap_document(recap))  # what the PDF is compiled from
    grouped = f"{biggest:,}".replace(",", ".")  # "1.2xx", as core/formatting writes it in Indonesian
    assert f'"{grouped}"' in source and f'"{biggest}"' not in source
