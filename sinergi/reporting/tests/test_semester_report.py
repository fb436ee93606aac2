"""The semester report's document (the builder, before any renderer): its parts, its typed tables and its numbers."""

from decimal import Decimal

import pytest
from django.db.models import Sum

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
