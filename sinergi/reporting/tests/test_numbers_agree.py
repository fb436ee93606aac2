"""Issue #14 §4: every surface counts the same numbers for Semester I 2024 of Kota Metro (the demo)."""

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document

from sinergi.reporting.models import Period, Report, ReportStatus

pytestmark = pytest.mark.django_db


def semester_one_2024() -> Period:
    return Period.objects.get(government__region_id="18.72", year=2024, number=1)


def test_completeness_counts_returned_reports_apart_not_as_submitted(api):
    period = semester_one_2024()
    reports = Report.objects.filter(period=period)
    submitted = reports.filter(
        status__in=[ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED, ReportStatus.APPROVED]
    ).count()
    returned = reports.filter(status=ReportStatus.RETURNED).count()
    assert returned > 0  # the demo has returned reports: they were first submitted but are back with the agency
    total = api("sekretariat").get(f"/api/v1/periods/{period.pk}/completeness").json()["total"]
    assert (total["submitted"], total["returned"]) == (submitted, returned)
    assert total["missing"] == total["expected"] - submitted


def test_the_evidence_annex_is_numbered_one_by_one_in_every_format(api):
    period = semester_one_2024()
    client = api("sekretariat")
    xlsx = client.get(f"/api/v1/periods/{period.pk}/document.xlsx?draft=true")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Lampiran B"]
    numbers = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int | float)]
    assert len(numbers) >= 3
    assert numbers == list(range(1, len(numbers) + 1))

    docx = client.get(f"/api/v1/periods/{period.pk}/document.docx?draft=true")
    document = Document(io.BytesIO(docx.content))
    annex = next(t for t in document.tables if "Nama berkas" in _text(t))
    docx_numbers = [row.cells[0].text.strip() for row in annex.rows[1:]]
    assert docx_numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _text(table) -> str:
    return " ".join(cell.text for cell in table.rows[0].cells)


def test_a_task_force_counts_its_compositions(api):
    from sinergi.coordination.models import TaskForce

    team = TaskForce.objects.filter(government__region_id="18.72").first()
    count = team.compositions.count()
    assert count >= 1
    detail = api("sekretariat").get(f"/api/v1/task-forces/{team.pk}").json()
    assert detail["composition_count"] == count


def test_the_programme_recap_api_accepts_a_semester(api):
    from sinergi.organizations.models import Government

    metro = Government.objects.get(region_id="18.72")
    response = api("sekretariat").get(f"/api/v1/programme-recap?government={metro.pk}&year=2024&semester=1")
    assert response.status_code == 200, response.content
    assert response.json()["semester"] == 1
    assert (
        api("sekretariat").get(f"/api/v1/programme-recap?government={metro.pk}&year=2024&semester=3").status_code == 422
    )


def _submitted_in_db(period) -> int:
    return Report.objects.filter(
        period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED, ReportStatus.APPROVED]
    ).count()


def test_every_surface_counts_the_same_submitted_reports_for_semester_one_2024(api, login):
    period = semester_one_2024()
    submitted, expected = _submitted_in_db(period), Report.objects.filter(period=period).count()
    government = period.government_id
    client = api("sekretariat")

    completeness = client.get(f"/api/v1/periods/{period.pk}/completeness").json()["total"]
    dashboard = client.get(f"/api/v1/dashboard?government={government}&period={period.pk}").json()["totals"]
    analytics = client.get("/api/v1/analytics?dataset=capaian&region=18.72&from=2024-1&to=2024-1")
    analytics = b"".join(analytics.streaming_content).decode()
    analytics_rows = list(csv.DictReader(io.StringIO(analytics.lstrip("\ufeff"))))
    page = login("walikota").get(f"/dasbor/?period={period.pk}").content.decode()
    docx = Document(io.BytesIO(client.get(f"/api/v1/periods/{period.pk}/document.docx").content))
    annex_a = next(t for t in docx.tables if "Batas waktu" in _text(t))
    total_row = next(row for row in annex_a.rows if row.cells[1].text.strip() == "Jumlah")

    assert completeness["submitted"] == submitted
    assert dashboard["submitted"] == submitted
    assert sum(int(row["laporan_masuk"]) for row in analytics_rows) == submitted
    assert f"{submitted} dari {expected} laporan dikirim" in page
    assert "Laporan yang dikembalikan" in page  # the definition is named where the number is shown
    assert int(total_row.cells[4].text) == submitted
    out = io.StringIO()
    call_command("rollups", "--verify", stdout=out)
    assert "sesuai" in out.getvalue()


# --- §5: dashboards open on the right period -------------------------------------------------------------------


def test_the_dashboard_opens_on_the_latest_period_with_data_not_an_empty_newer_one(login, secretariat):
    from sinergi.reporting import services

    period = semester_one_2024()
    services.period_open(plan=period.plan, year=2024, number=2, by=secretariat, due_on=date(2025, 1, 14))
    page = login("walikota").get("/dasbor/").content.decode()
    assert re.search(r"selected>Semester I 2024<", page)
    assert f"{_submitted_in_db(period)} dari" in page


def test_the_trend_axis_stops_at_the_current_semester(api):
    from sinergi.insights.models import GovernmentRollup

    government = semester_one_2024().government
    assert GovernmentRollup.objects.filter(government=government, year__gt=date.today().year).exists()
    trend = api("sekretariat").get(f"/api/v1/dashboard?government={government.pk}").json()["trend"]
    current = f"{date.today().year}-{1 if date.today().month <= 6 else 2}"
    assert trend[-1]["semester"] == current


def test_the_province_ranking_lists_every_government_with_those_not_reporting(login):
    page = login("provinsi").get("/dasbor/wilayah/18/?semester=2024-1").content.decode()
    ranking = page[page.index('id="ranking') :] if 'id="ranking' in page else page
    for name in ("Pemerintah Kota Metro", "Pemerintah Kabupaten Lampung Timur", "Pemerintah Provinsi Lampung"):
        assert name in ranking
    assert "belum melapor" in ranking
    assert "dari 3 pemerintah daerah di wilayah ini" in page


def test_drill_down_keeps_the_chosen_semester_and_the_dashboard_links_to_the_map(login):
    government = semester_one_2024().government
    page = login("provinsi").get("/dasbor/wilayah/18/?semester=2024-1").content.decode()
    assert f'/dasbor/pemda/{government.pk}/?semester=2024-1"' in page
    board = login("sekretariat").get("/dasbor/?semester=2024-1").content.decode()
    assert f'href="/peta/{government.pk}/?semester=2024-1"' in board


# --- volunteers active in a period, by their joining and leaving dates -------------------------------------------


def test_volunteers_active_in_semester_one_2024_agree_on_dashboard_recap_city_and_kecamatan(api):
    from django.db.models import Q

    from sinergi.programmes.models import Volunteer

    period = semester_one_2024()
    government = period.government_id
    members = Volunteer.objects.filter(government_id=government, group__is_active=True)
    active = members.filter(
        Q(left_on__isnull=True) | Q(left_on__gte=date(2024, 1, 1)), joined_on__lte=date(2024, 6, 30)
    )
    assert active.count() > 0 and members.filter(left_on__range=(date(2024, 1, 1), date(2024, 6, 30))).exists()
    client = api("sekretariat")
    dashboard = client.get(f"/api/v1/dashboard?government={government}&period={period.pk}").json()["programme"]
    recap = client.get(f"/api/v1/programme-recap?government={government}&year=2024&semester=1&by=kecamatan").json()
    by_kelurahan = client.get(f"/api/v1/programme-recap?government={government}&year=2024&semester=1&by=kelurahan")
    assert dashboard["volunteers"] == active.count()
    assert recap["total"]["volunteers"]["active"] == active.count()
    assert by_kelurahan.json()["total"]["volunteers"]["active"] == active.count()
    rows = [row for row in recap["rows"] if row["kind"] not in ("subtotal", "heading", "total")]
    assert sum(row["volunteers"]["active"] for row in rows) == active.count()  # the kecamatan add up to the city
    # the member who left on 31 March 2024 is no longer counted in Semester II; those who joined in it are
    later = client.get(f"/api/v1/programme-recap?government={government}&year=2024&semester=2").json()
    left = members.filter(left_on__range=(date(2024, 1, 1), date(2024, 6, 30))).count()
    joined = members.filter(joined_on__range=(date(2024, 7, 1), date(2024, 12, 31))).count()
    assert later["total"]["volunteers"]["active"] == active.count() - left + joined


# --- cumulative achievement along the plan's revision lineage ---------------------------------------------------


def test_a_revised_plans_cumulative_indicator_continues_from_its_predecessor(api, secretariat):
    from decimal import Decimal

    from sinergi.planning import services as planning
    from sinergi.planning.models import Aggregation, Indicator, PlanStatus
    from sinergi.reporting import services

    first = semester_one_2024()
    earlier = (
        first.reports.filter(values__indicator__aggregation=Aggregation.SUM, values__value__gt=0)
        .values_list("values__indicator__lineage", "values__value")
        .first()
    )
    lineage, before = earlier
    # the demo already drafts a revision of the 2024 plan: adopt it mid-year
    revision = first.plan.revisions.get() if first.plan.revisions.exists() else None
    revision = revision or planning.plan_revise(plan=first.plan, by=secretariat)
    if revision.status == PlanStatus.DRAFT:
        planning.plan_submit_for_review(plan=revision, by=secretariat)
    planning.plan_adopt(
        plan=revision, by=secretariat, kind="perwali", number="7/2024", on=date(2024, 7, 1),
        confirm_reason="Revisi tengah tahun disepakati rakor",
    )  # fmt: skip
    second = services.period_open(plan=revision, year=2024, number=2, by=secretariat, due_on=date(2025, 1, 14))
    indicator = Indicator.objects.get(lineage=lineage, action__plan=revision)
    report = second.reports.get(action=indicator.action)
    services.report_save(report=report, by=secretariat, values={indicator.pk: Decimal(10)}, narrative="Berjalan.")

    data = api("sekretariat").get(f"/api/v1/periods/{second.pk}/achievement").json()
    row = next(i for a in data["actions"] for i in a["indicators"] if i["indicator_id"] == indicator.pk)
    assert Decimal(str(row["realised"])) == before + 10


# --- one formatting module ---------------------------------------------------------------------------------------


def test_pages_write_rupiah_percent_and_period_names_through_the_formatting_module(login, api):
    from sinergi.core import formatting

    period = semester_one_2024()
    totals = api("sekretariat").get(f"/api/v1/dashboard?government={period.government_id}&period={period.pk}")
    totals = totals.json()["totals"]
    page = login("walikota").get(f"/dasbor/?period={period.pk}").content.decode()
    realised, planned = formatting.rupiah(totals["budget_realised"]), formatting.rupiah(totals["budget_planned"])
    assert realised.startswith("Rp") and "." in planned
    assert f"penyerapan anggaran: {realised} dari {planned}" in page
    assert "Semester I 2024" in page and formatting.period_name(2024, 1) == "Semester I 2024"
    assert formatting.percent(53.3) == "53,3 %"
    assert "no data" not in page
