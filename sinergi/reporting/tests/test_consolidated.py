"""The consolidated semester report: its numbers, the draft watermark and its query count."""

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from sinergi.documents.engine import render
from sinergi.reporting import selectors
from sinergi.reporting.consolidated import WATERMARK, build_consolidated
from sinergi.reporting.models import Period, Report, ReportStatus
from sinergi.reporting.semester_report import semester_report_document

pytestmark = pytest.mark.django_db


def demo_period() -> Period:
    return Period.objects.select_related("government__region", "plan").get(
        government__region_id="18.72", year=2024, number=1
    )


def _sheet_numbers(content: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book["Laporan"].iter_rows(values_only=True)]


def to_xlsx(report) -> bytes:
    return render(semester_report_document(report), "xlsx")


def to_docx(report) -> bytes:
    return render(semester_report_document(report), "docx")


def to_pdf(report) -> bytes:
    return render(semester_report_document(report), "pdf")


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils; CI installs it)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("word/"))


def test_it_titles_the_report_by_region_semester_and_year():
    report = build_consolidated(demo_period())
    assert report.title == "Laporan Pelaksanaan RAD P4GN Kota Metro Semester I 2024"
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
    # The action's row "Capaian aksi": its achievement, planned budget and realised budget under their headings.
    headings = next(row for row in table if row[0] == "No")
    action_row = next(row for row in table if row[1] == "Capaian aksi")
    budget = action_row[headings.index("Anggaran (rencana)")]
    realised = action_row[headings.index("Realisasi anggaran")]
    assert budget == (approved.action.budget or None)
    assert realised == approved.budget_realised and isinstance(realised, int)
    achievement = selectors.period_achievement(period=period, reports=[approved], approved_only=True).actions[0]
    percent = action_row[headings.index("Capaian (%)")]
    assert (percent is None and achievement.percent is None) or Decimal(str(percent)) == achievement.percent
    summary = next(i for i, row in enumerate(rows) if "Laporan disetujui" in row)
    approved_count = rows[summary + 1][rows[summary].index("Laporan disetujui")]
    assert approved_count == Report.objects.filter(period=period, status=ReportStatus.APPROVED).count()


def test_a_draft_holds_unapproved_numbers_and_the_watermark_on_every_format(tmp_path):
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
    assert any(row[0] == WATERMARK for row in draft_rows[:12])  # above the introduction
    assert all(row[0] != WATERMARK for row in _sheet_numbers(to_xlsx(official)))
    assert WATERMARK in _docx_text(to_docx(draft)) and WATERMARK not in _docx_text(to_docx(official))
    assert WATERMARK in pdf_text(to_pdf(draft), tmp_path) and WATERMARK not in pdf_text(to_pdf(official), tmp_path)


def test_docx_and_pdf_hold_the_title_and_signatory(tmp_path):
    period = demo_period()
    government = period.government
    government.signatory_name = "Nama Penanda Tangan (contoh)"
    government.save()
    report = build_consolidated(period)
    assert "Laporan Pelaksanaan RAD P4GN Kota Metro Semester I 2024" in _docx_text(to_docx(report))
    assert "Nama Penanda Tangan (contoh)" in _docx_text(to_docx(report))
    pdf = to_pdf(report)
    assert pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert report.title in text and "Nama Penanda Tangan (contoh)" in text


def test_it_reads_the_period_in_a_fixed_number_of_queries(django_assert_num_queries):
    from sinergi.reporting.tests.test_pages import _grow

    period = demo_period()
    build_consolidated(period)  # warm caches (content types, configuration)
    with django_assert_num_queries(11):  # 6 for the reports, 5 for the coordination chapter
        build_consolidated(period, draft=True)
    _grow(period)
    _grow_meetings(period, 15)
    with django_assert_num_queries(11):
        grown = build_consolidated(period, draft=True)
    assert grown.action_count == Report.objects.filter(period=period).count()


def _secretariat():
    from sinergi.accounts.models import User

    return User.objects.get(username="sekretariat")


def _grow_meetings(period: Period, n: int) -> None:
    """Add ``n`` held meetings inside the period, each with invitations, attendance, a decision and follow-ups."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from sinergi.coordination.models import Attendance, Decision, FollowUp, Meeting
    from sinergi.organizations.models import Agency

    agencies = list(Agency.objects.filter(government=period.government).order_by("pk")[:6])
    for i in range(n):
        day = period.starts_on + timedelta(days=i % 150)
        meeting = Meeting.objects.create(
            government=period.government,
            title=f"Rapat uji {i}",
            starts_at=datetime.combine(day, time(9), tzinfo=ZoneInfo("Asia/Jakarta")),
            place="Aula",
            status=Meeting.Status.HELD,
            created_by=_secretariat(),
        )
        meeting.invited_agencies.add(*agencies)
        for agency in agencies[::2]:
            Attendance.objects.create(meeting=meeting, agency=agency, name="Peserta", position="Staf")
        decision = Decision.objects.create(meeting=meeting, text=f"Keputusan uji {i}")
        for agency in agencies[:2]:
            FollowUp.objects.create(
                decision=decision, government=period.government, agency=agency, description="Uji", due_on=day
            )


def test_the_coordination_chapter_counts_the_periods_meetings_attendance_and_follow_ups():
    from sinergi.coordination.models import FollowUp, Meeting

    period = demo_period()
    chapter = build_consolidated(period).coordination
    held = Meeting.objects.filter(
        government=period.government,
        status__in=["held", "closed"],
        starts_at__date__gte=period.starts_on,
        starts_at__date__lte=period.ends_on,
    )
    assert [m.title for m in chapter.meetings] == [m.title for m in held.order_by("starts_at", "pk")]
    assert {m.kind for m in chapter.meetings} >= {"Rakor Teknis", "Sinkronisasi"}
    assert all(m.date.endswith("2024") for m in chapter.meetings)
    first = held.order_by("starts_at").first()
    assert chapter.meetings[0].headcount == first.attendance.count()
    follow_ups = FollowUp.objects.filter(decision__meeting__in=held)
    assert chapter.follow_ups_total == follow_ups.count() > 0
    assert chapter.follow_ups_done == follow_ups.filter(status="done").count()
    assert sum(d.total for d in chapter.decisions) == chapter.follow_ups_total
    bnn = next(a for a in chapter.attendance if a.agency == "Badan Narkotika Nasional Kota Metro")
    assert bnn.invited == held.filter(invited_agencies__acronym="BNN Kota Metro").count()
    assert bnn.attended <= bnn.invited and bnn.percent is not None
    bkpsdm = next(a for a in chapter.attendance if a.agency.startswith("Badan Kepegawaian"))
    assert bkpsdm.attended < bkpsdm.invited  # absent from the technical meeting in March
    # The Rakor of 24 September falls in semester II, not in this report.
    assert all("24 September" not in m.date for m in chapter.meetings)


def test_the_coordination_chapter_is_in_every_format(tmp_path):
    period = demo_period()
    report = build_consolidated(period)
    title = report.coordination.meetings[0].title
    pdf = " ".join(pdf_text(to_pdf(report), tmp_path).split())
    # pdftotext reads a wrapped table cell line by line between its neighbours: look for the title's first line.
    assert "IV. Koordinasi Tim Terpadu P4GN" in pdf and " ".join(title.split()[:5]) in pdf
    text = _docx_text(to_docx(report))
    assert "IV. Koordinasi Tim Terpadu P4GN" in text and "Tingkat kehadiran (%)" in text
    # In the workbook the chapter stands on the report's own sheet, after the actions, as in the other formats.
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))
    assert book.sheetnames == ["Laporan", "Lampiran A", "Lampiran B"]
    rows = [list(row) for row in book["Laporan"].iter_rows(values_only=True)]
    assert any(row[0] == "IV. Koordinasi Tim Terpadu P4GN" for row in rows)
    meeting_row = next(row for row in rows if row[3] == title)
    assert meeting_row[4] == report.coordination.meetings[0].headcount
    total = next(row for row in rows if row[1] == "Jumlah")  # decisions: follow-ups, done, overdue
    assert total[3:6] == [
        report.coordination.follow_ups_total,
        report.coordination.follow_ups_done,
        report.coordination.follow_ups_overdue,
    ]
