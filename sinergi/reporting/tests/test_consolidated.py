"""The consolidated semester report: its numbers, the draft watermark and its query count."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from sinergi.reporting import selectors
from sinergi.reporting.consolidated import WATERMARK, build_consolidated
from sinergi.reporting.consolidated_render import to_docx, to_pdf, to_xlsx
from sinergi.reporting.consolidated_render.pdf import consolidated_html
from sinergi.reporting.models import Period, Report, ReportStatus

pytestmark = pytest.mark.django_db


def demo_period() -> Period:
    return Period.objects.select_related("government__region", "plan").get(
        government__region_id="18.72", year=2024, number=1
    )


def _sheet_numbers(content: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book["Laporan"].iter_rows(values_only=True)]


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("word/"))


def test_it_titles_the_report_by_region_semester_and_year():
    report = build_consolidated(demo_period())
    assert report.title == "Laporan Pelaksanaan RAD P4GN Kota Metro Semester I Tahun 2024"
    assert report.subtitle == "Periode B06: 1 Januari – 30 Juni 2024"
    assert report.introduction and "RAD P4GN" in report.introduction[0]
    assert report.filename_stem == "Laporan-RAD-P4GN-Kota-Metro-B06-2024"


def test_it_uses_the_periods_own_introduction():
    period = demo_period()
    period.introduction = "Paragraf pertama.\n\nParagraf kedua."
    assert build_consolidated(period).introduction == ("Paragraf pertama.", "Paragraf kedua.")


def test_it_counts_only_approved_reports_like_the_achievement_api():
    period = demo_period()
    report = build_consolidated(period)
    reports = list(Report.objects.filter(period=period))
    expected = selectors.period_achievement(
        period=period, reports=list(selectors.report_queryset(user=_secretariat(), period=period)), approved_only=True
    )
    assert report.summary.achievement == expected.government
    assert report.summary.approved == sum(r.status == ReportStatus.APPROVED for r in reports)
    assert report.summary.expected == len(reports)
    sections = [a for f in report.fields for a in f.actions]
    assert len(sections) == len(reports)
    assert all(a.realised is None for s in sections if not s.counted for a in s.indicators)
    assert all(s.narrative == "" and s.status == "Belum disetujui" for s in sections if not s.counted)
    assert "belum disetujui" in report.note
    assert not report.draft and report.watermark == ""


def test_the_xlsx_holds_the_databases_numbers_as_numbers():
    period = demo_period()
    approved = (
        Report.objects.filter(period=period, status=ReportStatus.APPROVED, budget_realised__isnull=False)
        .select_related("action")
        .first()
    )
    rows = _sheet_numbers(to_xlsx(build_consolidated(period)))
    heading = next(i for i, row in enumerate(rows) if row[0] and str(row[0]).endswith(f"{approved.action.title} "
                   f"({approved.agency.name})"))  # fmt: skip
    table = rows[heading : heading + 20]
    for value in approved.values.select_related("indicator"):
        line = next(row for row in table if row[1] == value.indicator.name)
        if value.value is not None:
            assert line[4] == value.value and isinstance(line[4], int | float)
        assert line[3] is None or isinstance(line[3], int | float)
    budget = next(row for row in table if row[0] == "Anggaran (rencana)")
    realised = next(row for row in table if row[0] == "Realisasi anggaran")
    assert budget[2] == (approved.action.budget or None)
    assert realised[2] == approved.budget_realised and isinstance(realised[2], int)
    achievement = selectors.period_achievement(period=period, reports=[approved], approved_only=True).actions[0]
    percent = next(row for row in table if row[0] == "Capaian aksi (%)")[2]
    assert (percent is None and achievement.percent is None) or Decimal(str(percent)) == achievement.percent
    summary = next(row for row in rows if row[0] == "Laporan disetujui")
    assert summary[3] == Report.objects.filter(period=period, status=ReportStatus.APPROVED).count()


def test_a_draft_holds_unapproved_numbers_and_the_watermark_on_every_format():
    period = demo_period()
    submitted = (
        Report.objects.filter(period=period, status=ReportStatus.SUBMITTED, values__value__isnull=False)
        .distinct()
        .first()
    )
    value = submitted.values.exclude(value=None).select_related("indicator").first()
    draft = build_consolidated(period, draft=True)
    official = build_consolidated(period)

    def realised_of(report):
        section = next(a for f in report.fields for a in f.actions if a.title == submitted.action.title)
        return next(line.realised for line in section.indicators if line.name == value.indicator.name)

    assert realised_of(draft) == value.value
    assert realised_of(official) is None
    draft_rows = _sheet_numbers(to_xlsx(draft))
    assert draft_rows[0][0] == WATERMARK
    assert all(row[0] != WATERMARK for row in _sheet_numbers(to_xlsx(official)))
    assert WATERMARK in _docx_text(to_docx(draft)) and WATERMARK not in _docx_text(to_docx(official))
    assert 'class="watermark"' in consolidated_html(draft) and WATERMARK not in consolidated_html(official)


def test_docx_and_pdf_hold_the_title_and_signatory():
    period = demo_period()
    government = period.government
    government.signatory_name = "Nama Penanda Tangan (contoh)"
    government.save()
    report = build_consolidated(period)
    assert "Laporan Pelaksanaan RAD P4GN Kota Metro Semester I Tahun 2024" in _docx_text(to_docx(report))
    assert "Nama Penanda Tangan (contoh)" in _docx_text(to_docx(report))
    pdf = to_pdf(report)
    assert pdf.startswith(b"%PDF-")
    html = consolidated_html(report)
    assert report.title in html and "Nama Penanda Tangan (contoh)" in html


def test_it_reads_the_period_in_a_fixed_number_of_queries(django_assert_num_queries):
    from sinergi.reporting.tests.test_pages import _grow

    period = demo_period()
    build_consolidated(period)  # warm caches (content types, configuration)
    with django_assert_num_queries(6):
        build_consolidated(period, draft=True)
    _grow(period)
    with django_assert_num_queries(6):
        grown = build_consolidated(period, draft=True)
    assert grown.action_count == Report.objects.filter(period=period).count()


def _secretariat():
    from sinergi.accounts.models import User

    return User.objects.get(username="sekretariat")
