"""The semester report's document: its parts and typed tables (the builder alone), then every format read back."""

import io
import re
import shutil
import subprocess
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.db.models import Sum

from sinergi.documents.engine import render
from sinergi.documents.engine.model import (
    COVERED,
    VALUE_TYPES,
    Cell,
    Heading,
    Kind,
    Paragraph,
    RowKind,
    Signatures,
    Table,
)
from sinergi.reporting.consolidated import WATERMARK, build_consolidated
from sinergi.reporting.models import Evidence, Period, Report, ReportStatus
from sinergi.reporting.selectors import SUBMITTED_STATES
from sinergi.reporting.semester_report import semester_report_document

pytestmark = pytest.mark.django_db


def demo_period() -> Period:
    return Period.objects.select_related("government__region", "plan").get(
        government__region_id="18.72", year=2024, number=1
    )


def tables_of(blocks) -> list[Table]:
    return [block for block in blocks if isinstance(block, Table)]


def assert_well_formed(table: Table) -> None:
    """Every row has one entry per column, spans cover exactly what they say, values fit their column's kind."""
    width = len(table.columns)
    for header in table.header_rows:
        assert sum(cell.span for cell in header) == width
    covered_below: dict[int, int] = {}  # column → rows still covered by a rowspan above
    for row in table.rows:
        assert len(row.cells) == width, row
        col = 0
        while col < width:
            entry = row.cells[col]
            if covered_below.get(col):
                assert entry is COVERED, (row, col)
                covered_below[col] -= 1
                col += 1
                continue
            assert entry is not COVERED, (row, col)
            cell = entry if isinstance(entry, Cell) else Cell(entry)
            for offset in range(1, cell.colspan):
                assert row.cells[col + offset] is COVERED, (row, col + offset)
            for offset in range(cell.colspan):
                if cell.rowspan > 1:
                    covered_below[col + offset] = cell.rowspan - 1
            kind = table.columns[col].kind
            if cell.value is not None and not (isinstance(cell.value, str) and cell.colspan > 1):
                assert isinstance(cell.value, VALUE_TYPES[kind]), (kind, cell.value, row)
            col += cell.colspan


def test_it_holds_every_part_of_the_report():
    report = build_consolidated(demo_period())
    document = semester_report_document(report)
    assert document.title == "Laporan Pelaksanaan RAD P4GN Kota Metro Semester I 2024"
    assert document.subtitle == ("Periode B06: 1 Januari – 30 Juni 2024",)
    assert document.letterhead.name == report.letterhead.name
    assert document.filename_stem == "Laporan-RAD-P4GN-Kota-Metro-B06-2024" and document.draft == ""
    headings = [block.text for block in document.blocks if isinstance(block, Heading)]
    chapters = [
        "I. Pendahuluan",
        "II. Ringkasan",
        "III. Capaian per bidang dan pelaksanaan aksi",
        "IV. Koordinasi Tim Terpadu P4GN",
    ]
    assert [h for h in headings if h in chapters] == chapters
    assert any(h.startswith("Bidang 1. Pencegahan — capaian bidang: ") for h in headings)
    paragraphs = [block.text for block in document.blocks if isinstance(block, Paragraph)]
    assert report.note in paragraphs and report.introduction[0] in paragraphs
    assert report.coordination.introduction in paragraphs
    signature = document.blocks[-1]
    assert isinstance(signature, Signatures) and signature.items[0].role == report.signatory.position
    assert [annex.title for annex in document.annexes] == [
        "Lampiran A. Kelengkapan dan ketepatan waktu pelaporan",
        "Lampiran B. Daftar bukti dukung",
    ]
    assert not document.page.landscape and document.annexes[0].page.landscape
    action_tables = [t for t in tables_of(document.blocks) if t.columns[1].heading == "Indikator"]
    assert len(action_tables) == report.action_count == Report.objects.filter(period=demo_period()).count()
    for table in [*tables_of(document.blocks), *(t for a in document.annexes for t in tables_of(a.blocks))]:
        assert_well_formed(table)


def test_a_draft_carries_the_watermark():
    document = semester_report_document(build_consolidated(demo_period(), draft=True))
    assert document.draft == WATERMARK
    assert document.filename_stem.endswith("-DRAF")


def test_the_summary_and_the_action_tables_hold_the_databases_numbers():
    period = demo_period()
    document = semester_report_document(build_consolidated(period))
    achievement, counts = tables_of(document.blocks)[:2]
    reports = Report.objects.filter(period=period)
    approved = reports.filter(status=ReportStatus.APPROVED)
    budget = reports.aggregate(total=Sum("action__budget"))["total"] or 0
    realised = approved.aggregate(total=Sum("budget_realised"))["total"] or 0
    assert [c.kind for c in achievement.columns] == [Kind.PERCENT, Kind.RUPIAH, Kind.RUPIAH]
    assert achievement.rows[0].cells[1:] == (budget, realised)
    values = dict(zip((c.heading for c in counts.columns), counts.rows[0].cells, strict=True))
    assert values["Laporan wajib disampaikan"] == reports.count()
    assert values["Laporan disetujui"] == approved.count()
    action_tables = [t for t in tables_of(document.blocks) if t.columns[1].heading == "Indikator"]
    action_rows = [next(r for r in t.rows if r.kind == RowKind.SUBTOTAL) for t in action_tables]
    assert sum(row.cells[6] or 0 for row in action_rows) == budget
    assert sum(row.cells[7] or 0 for row in action_rows) == realised
    percents = [row.cells[5] for row in action_rows]
    assert all(p is None or isinstance(p, Decimal) for p in percents)


def test_the_evidence_annex_is_numbered_one_two_three():
    period = demo_period()
    document = semester_report_document(build_consolidated(period, draft=True))
    (evidence,) = tables_of(document.annexes[1].blocks)
    numbers = [row.cells[0] for row in evidence.rows]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == Evidence.objects.filter(report__period=period).count() > 1


def test_the_completeness_annex_ends_with_the_total():
    period = demo_period()
    report = build_consolidated(period)
    (table,) = tables_of(semester_report_document(report).annexes[0].blocks)
    total = table.rows[-1]
    assert total.kind == RowKind.TOTAL and total.cells[1] == "Jumlah"
    assert total.cells[3] == Report.objects.filter(period=period).count()
    assert [row.cells[0] for row in table.rows[:-1]] == list(range(1, len(report.completeness) + 1))


# --- every format read back ----------------------------------------------------------------------------------


def _database_totals(period: Period) -> dict:
    """What the official report must show, summed from the database without the report's own code."""
    reports = Report.objects.filter(period=period)
    approved = reports.filter(status=ReportStatus.APPROVED)
    return {
        "budget": reports.aggregate(total=Sum("action__budget"))["total"] or 0,
        "realised": approved.aggregate(total=Sum("budget_realised"))["total"] or 0,
        "expected": reports.count(),
        "submitted": reports.filter(status__in=SUBMITTED_STATES).count(),
        "approved": approved.count(),
        "evidence": Evidence.objects.filter(report__in=approved).count(),
    }


def _rupiah(text: str) -> int:
    return int(text.removeprefix("Rp").replace(".", ""))


def _read_xlsx(content: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = [list(row) for row in book["Laporan"].iter_rows(values_only=True)]

    def under(heading):
        index = next(i for i, row in enumerate(rows) if heading in row)
        return rows[index + 1][rows[index].index(heading)]

    action_heads = next(row for row in rows if row[:2] == ["No", "Indikator"])
    action_rows = [row for row in rows if row[1] == "Capaian aksi"]
    evidence = list(book["Lampiran B"].iter_rows(values_only=True))
    first = next(i for i, row in enumerate(evidence) if row[0] == "No") + 1
    return {
        "budget": under("Anggaran aksi (rencana)"),
        "realised": under("Realisasi anggaran (laporan disetujui)"),
        "expected": under("Laporan wajib disampaikan"),
        "submitted": under("Laporan disampaikan"),
        "approved": under("Laporan disetujui"),
        "action budgets": sum(row[action_heads.index("Anggaran (rencana)")] or 0 for row in action_rows),
        "action realised": sum(row[action_heads.index("Realisasi anggaran")] or 0 for row in action_rows),
        "numbers": [row[0] for row in evidence[first:] if row[0] is not None],
    }


def _read_docx(content: bytes) -> dict:
    tables = docx.Document(io.BytesIO(content)).tables
    values = {}
    for table in tables:
        if len(table.rows) > 1:
            for heading, value in zip(table.rows[0].cells, table.rows[1].cells, strict=True):
                values.setdefault(heading.text, value.text)
    budgets = realised = 0
    for table in tables:
        heads = [cell.text for cell in table.rows[1].cells] if len(table.rows) > 1 else []
        if heads[:2] != ["No", "Indikator"]:
            continue
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if cells[1] == "Capaian aksi":
                budgets += _rupiah(cells[heads.index("Anggaran (rencana)")] or "0")
                realised += _rupiah(cells[heads.index("Realisasi anggaran")] or "0")
    evidence = tables[-1]
    return {
        "budget": _rupiah(values["Anggaran aksi (rencana)"]),
        "realised": _rupiah(values["Realisasi anggaran (laporan disetujui)"]),
        "expected": int(values["Laporan wajib disampaikan"]),
        "submitted": int(values["Laporan disampaikan"]),
        "approved": int(values["Laporan disetujui"]),
        "action budgets": budgets,
        "action realised": realised,
        "numbers": [int(row.cells[0].text) for row in evidence.rows[1:]],
    }


def _read_pdf(content: bytes, tmp_path) -> dict:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "laporan.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    summary = text.split("II. Ringkasan", 1)[1]
    budget, realised = re.findall(r"Rp[\d.]+", summary)[:2]
    counts = re.search(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", summary, re.MULTILINE).groups()
    action_amounts = [
        _rupiah(amount)
        for line in text.splitlines()
        if "Capaian aksi" in line
        for amount in re.findall(r"Rp[\d.]+", line)
    ]
    annex = text.rsplit("Lampiran B. Daftar bukti dukung", 1)[1]
    return {
        "budget": _rupiah(budget),
        "realised": _rupiah(realised),
        "expected": int(counts[0]),
        "submitted": int(counts[1]),
        "approved": int(counts[2]),
        "action amounts": sum(action_amounts),
        "numbers": [int(n) for n in re.findall(r"^\s*(\d+)\s+\d+\. ", annex, re.MULTILINE)],
    }


def test_every_format_reads_back_the_databases_totals_and_numbers_the_evidence_one_to_n(tmp_path):
    period = demo_period()
    expected = _database_totals(period)
    document = semester_report_document(build_consolidated(period))
    numbering = list(range(1, expected["evidence"] + 1))
    assert len(numbering) > 1
    summary_keys = ("budget", "realised", "expected", "submitted", "approved")
    for fmt, read in (("xlsx", _read_xlsx), ("docx", _read_docx)):
        found = read(render(document, fmt))
        assert {key: found[key] for key in summary_keys} == {key: expected[key] for key in summary_keys}, fmt
        assert (found["action budgets"], found["action realised"]) == (expected["budget"], expected["realised"]), fmt
        assert found["numbers"] == numbering, fmt
    found = _read_pdf(render(document, "pdf"), tmp_path)
    assert {key: found[key] for key in summary_keys} == {key: expected[key] for key in summary_keys}
    assert found["action amounts"] == expected["budget"] + expected["realised"]
    assert found["numbers"] == numbering
