"""Every official document of the demo, built by its builder and printed in every format it is served in, read back
(openpyxl, python-docx, pdftotext when installed): its key totals are the database's."""

import io
import re
import shutil
import subprocess

import docx
import openpyxl
import pytest
from django.db.models import Count, Sum

from sinergi.accounts.models import User
from sinergi.coordination.documents.builders import invitation_document, minutes_document, sign_in_sheet_document
from sinergi.coordination.documents.downloads import DOCUMENTS as MEETING_DOCUMENTS
from sinergi.coordination.documents.selectors import build_invitation, build_minutes, build_sign_in_sheet
from sinergi.coordination.models import Meeting
from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.engine import FORMATS, render
from sinergi.documents.rad_matrix import build_rad_matrix
from sinergi.organizations.models import Government
from sinergi.planning.models import Action, RegionalPlan
from sinergi.programmes.models import Event
from sinergi.programmes.recap_document import recap_document
from sinergi.programmes.recaps import BY_AGENCY, build_recap
from sinergi.programmes.views.recaps import SERVED as RECAP_FORMATS
from sinergi.reporting.consolidated import build_consolidated
from sinergi.reporting.models import GeneratedDocument, Period, Report
from sinergi.reporting.semester_report import semester_report_document

pytestmark = pytest.mark.django_db
PDF_TEXT = shutil.which("pdftotext") is not None
REPORT_FORMATS = tuple(GeneratedDocument.Format.values)
RAD_FORMATS = tuple(FORMATS)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def read_back(content: bytes, fmt: str, tmp_path) -> tuple[str, list[list]]:
    """(the document's words, flattened; the spreadsheet's rows on every sheet, or [] for other formats)."""
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        rows = [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
        return _flat(" ".join(str(v) for row in rows for v in row if v is not None)), rows
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        texts = [p.text for p in document.paragraphs]
        texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return _flat("\n".join(texts)), []
    assert content.startswith(b"%PDF-")
    if not PDF_TEXT:
        return "", []
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    # Raw order (no -layout): a cell's wrapped lines follow one another instead of interleaving with other columns.
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return _flat(text), []


def _metro() -> Government:
    return Government.objects.get(region_id="18.72")


def test_the_rad_matrix_counts_the_plans_actions_and_budget(tmp_path):
    plan = (
        RegionalPlan.objects.filter(government=_metro())
        .annotate(n=Count("actions"))
        .select_related("government__region", "national_plan")
        .order_by("-n")
        .first()
    )
    actions = Action.objects.filter(plan=plan)
    count, budget = actions.count(), actions.aggregate(s=Sum("budget"))["s"] or 0
    assert count > 0 and budget > 0
    document = rad_matrix_document(build_rad_matrix(plan))
    for fmt in RAD_FORMATS:
        text, rows = read_back(render(document, fmt), fmt, tmp_path)
        if fmt == "xlsx":
            total = next(row for row in rows if "Jumlah seluruhnya" in row)
            assert budget in total
            numbers = {row[0] for row in rows if isinstance(row[0], int | float) or str(row[0] or "").isdigit()}
            assert len(numbers) == count
        elif text:
            assert "Jumlah seluruhnya" in text and f"Rp{budget:,}".replace(",", ".") in text, fmt
            assert "Aksi/Kegiatan RAD" in text


def test_the_semester_report_holds_the_periods_budget_and_realised_sums(tmp_path):
    period = (
        Period.objects.filter(government=_metro())
        .annotate(n=Count("reports"))
        .select_related("government__region", "plan")
        .order_by("-n")
        .first()
    )
    reports = Report.objects.filter(period=period)
    budget = reports.aggregate(s=Sum("action__budget"))["s"] or 0
    realised = reports.filter(status="approved").aggregate(s=Sum("budget_realised"))["s"] or 0
    assert budget > 0 and realised > 0
    report = build_consolidated(period)
    assert (report.summary.budget, report.summary.budget_realised) == (budget, realised)
    document = semester_report_document(report)
    for fmt in REPORT_FORMATS:
        text, rows = read_back(render(document, fmt), fmt, tmp_path)
        if fmt == "xlsx":
            heading = next(i for i, row in enumerate(rows) if "Anggaran aksi (rencana)" in row)
            column = rows[heading].index("Anggaran aksi (rencana)")
            line = rows[heading + 1]
            assert line[column] == budget and (line[column + 1] or 0) == realised
        elif text:
            for amount in (budget, realised):
                assert f"Rp{amount:,}".replace(",", ".") in text, (fmt, amount)


def _rakor() -> Meeting:
    return Meeting.objects.get(government__region_id="18.72", place="Ruang Rapat OR Setda Kota Metro")


def test_the_meeting_documents_name_every_invited_agency(tmp_path):
    meeting = _rakor()
    invited = sorted(meeting.invited_agencies.values_list("name", flat=True))
    assert invited
    invitation = build_invitation(meeting)
    assert len(invitation.recipients) == len(invited)
    minutes = build_minutes(meeting)
    documents = {
        "invitation": invitation_document(invitation),
        "sign_in_sheet": sign_in_sheet_document(build_sign_in_sheet(meeting)),
        "minutes": minutes_document(minutes),
    }
    for name, document in documents.items():
        for fmt in MEETING_DOCUMENTS[name].formats:
            text, _rows = read_back(render(document, fmt), fmt, tmp_path)
            if not text:
                continue
            if name == "invitation":
                for recipient in invitation.recipients:
                    assert _flat(recipient) in text, (fmt, recipient)
            elif name == "sign_in_sheet":
                for agency in invited:
                    assert _flat(agency) in text, (fmt, agency)
            else:
                for agency in minutes.absent_agencies:
                    assert _flat(agency) in text, (fmt, agency)
                assert len(minutes.absent_agencies) <= len(invited)


def test_the_programme_recap_counts_the_events_held(tmp_path):
    government = _metro()
    held = Event.objects.filter(government=government, status=Event.Status.HELD)
    year = held.order_by("-starts_on").values_list("starts_on__year", flat=True).first()
    expected = held.filter(starts_on__year=year).count()
    assert expected > 0
    user = User.objects.get(username="sekretariat")
    for fmt in RECAP_FORMATS:
        recap = build_recap(user=user, government=government, year=year, by=BY_AGENCY, with_kinds=fmt == "xlsx")
        assert recap.total.held == expected
        text, rows = read_back(render(recap_document(recap), fmt), fmt, tmp_path)
        if fmt == "xlsx":
            total = next(row for row in rows if row[0] == "Jumlah")
            assert expected in total
        elif text:
            assert re.search(rf"Jumlah\b.*\b{expected}\b", text)
