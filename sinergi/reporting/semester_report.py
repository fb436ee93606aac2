"""The semester report ("Laporan Pelaksanaan RAD P4GN") as a document of the one document engine.

``build_consolidated`` (``consolidated.py``) selects the period's numbers; :func:`semester_report_document` lays
them out as a :class:`~sinergi.documents.engine.model.Document`: letterhead, title block, I. Pendahuluan,
II. Ringkasan, III. a table per action grouped by field, IV. the Tim Terpadu's coordination, the signature, and
two annexes (A: completeness and timeliness, landscape; B: evidence files). Every format is rendered from it by
the engine, so PDF, DOCX and XLSX hold the same tables, rows and numbers. Values go in as numbers, amounts and
dates, typed by their columns; the words are Indonesian, as in every official document.
"""

from sinergi.core import formatting
from sinergi.documents.builders import official
from sinergi.documents.engine.model import (
    COVERED,
    Align,
    Annex,
    Block,
    Cell,
    Column,
    Document,
    HeaderCell,
    Heading,
    Kind,
    Page,
    PageSize,
    Paragraph,
    Row,
    RowKind,
    Signatures,
    Table,
)
from sinergi.reporting.consolidated import ActionSection, ConsolidatedReport

MAIN_SHEET = "Laporan"


def _number_column(heading: str, weight: float, align: Align | None = None) -> Column:
    return Column(heading, Kind.NUMBER, weight=weight, align=align)


def _row_number(weight: float = 6) -> Column:
    return Column("No", Kind.NUMBER, weight=weight, align=Align.CENTER)


# --- II. Ringkasan ---------------------------------------------------------------------------------------------


def summary_tables(report: ConsolidatedReport) -> tuple[Table, Table]:
    """The government's achievement and budgets, then the numbers of reports: each value under its heading.

    Two one-row tables rather than one label–value list: a value is typed by its column, and the summary mixes a
    percentage, amounts and counts.
    """
    s = report.summary
    realised = "Realisasi anggaran" + ("" if report.draft else " (laporan disetujui)")
    achievement = Table(
        columns=(
            Column("Capaian pemerintah daerah", Kind.PERCENT, weight=1, align=Align.CENTER),
            Column("Anggaran aksi (rencana)", Kind.RUPIAH, weight=1, align=Align.CENTER),
            Column(realised, Kind.RUPIAH, weight=1, align=Align.CENTER),
        ),
        rows=(Row((s.achievement, s.budget, s.budget_realised)),),
    )
    counts = Table(
        columns=tuple(
            _number_column(heading, 1, Align.CENTER)
            for heading in (
                "Laporan wajib disampaikan",
                "Laporan disampaikan",
                "Laporan disetujui",
                "Disampaikan tepat waktu",
                "Terlambat",
            )
        ),
        rows=(Row((s.expected, s.submitted, s.approved, s.on_time, s.late)),),
    )
    return achievement, counts


# --- III. Capaian per bidang dan pelaksanaan aksi ----------------------------------------------------------------

ACTION_COLUMNS = (
    _row_number(5),
    Column("Indikator", weight=27),
    Column("Satuan", weight=9),
    _number_column("Target s.d. periode", 10),
    _number_column("Realisasi s.d. periode", 10),
    _number_column("Capaian (%)", 9),
    Column("Anggaran (rencana)", Kind.RUPIAH, weight=15),
    Column("Realisasi anggaran", Kind.RUPIAH, weight=15),
)
ACTION_FONT_PT = 8
ACTION_TEXTS = (
    ("Status laporan", "status"),
    ("Uraian kegiatan", "narrative"),
    ("Kendala", "obstacles"),
    ("Tindak lanjut", "follow_up"),
)


def action_table(action: ActionSection) -> Table:
    """One action: its heading (repeated on every page), a row per indicator, the action's achievement with its
    planned and realised budget, then the report's status, what was done, obstacles and follow-up."""
    width = len(ACTION_COLUMNS)
    rows = [
        Row((number, line.name, line.unit, line.target, line.realised, line.percent, None, None))
        for number, line in enumerate(action.indicators, start=1)
    ]
    rows.append(
        Row(
            (
                None,
                Cell("Capaian aksi", colspan=4, bold=True),
                *[COVERED] * 3,
                action.percent,
                action.budget,
                action.budget_realised,
            ),
            kind=RowKind.SUBTOTAL,
        )
    )
    # The labels stand in the indicator's column (left-aligned), the texts span the columns after it.
    rows.extend(
        Row((None, Cell(label, bold=True), Cell(getattr(action, name), colspan=width - 2), *[COVERED] * (width - 3)))
        for label, name in ACTION_TEXTS
    )
    return Table(
        columns=ACTION_COLUMNS,
        rows=tuple(rows),
        header_rows=((HeaderCell(action.heading, span=width, align=Align.LEFT),),),
        font_pt=ACTION_FONT_PT,
    )


def fields_blocks(report: ConsolidatedReport) -> list[Block]:
    """Chapter III: each field's heading with its achievement, then its actions' tables."""
    blocks: list[Block] = [Heading("III. Capaian per bidang dan pelaksanaan aksi", 2)]
    for group in report.fields:
        blocks.append(Heading(f"{group.heading} — capaian bidang: {formatting.percent(group.percent)}", 3))
        blocks.extend(action_table(action) for action in group.actions)
    if not report.fields:
        blocks.append(Paragraph("Belum ada laporan pada periode ini."))
    return blocks


# --- IV. Koordinasi Tim Terpadu P4GN ----------------------------------------------------------------------------


def coordination_blocks(report: ConsolidatedReport) -> list[Block]:
    """Chapter IV: the meetings held, each agency's attendance, the decisions and their follow-ups."""
    c = report.coordination
    blocks: list[Block] = [
        Heading("IV. Koordinasi Tim Terpadu P4GN", 2),
        Paragraph(c.introduction, justify=True),
    ]
    if not c.meetings:
        return blocks
    meetings = Table(
        columns=(
            _row_number(),
            Column("Tanggal", Kind.DATE, weight=19),
            Column("Jenis", weight=15),
            Column("Judul rapat", weight=46),
            _number_column("Jumlah hadir", 14),
        ),
        rows=tuple(Row((m.number, m.held_on, m.kind, m.title, m.headcount)) for m in c.meetings),
    )
    attendance = Table(
        columns=(
            _row_number(),
            Column("Perangkat daerah/instansi", weight=52),
            _number_column("Diundang", 12),
            _number_column("Hadir", 12),
            _number_column("Tingkat kehadiran (%)", 18),
        ),
        rows=tuple(Row((a.number, a.agency, a.invited, a.attended, a.percent)) for a in c.attendance),
    )
    decision_rows = [Row((d.number, d.meeting, d.text, d.total, d.done, d.overdue)) for d in c.decisions]
    total = (None, Cell("Jumlah", colspan=2), COVERED, c.follow_ups_total, c.follow_ups_done, c.follow_ups_overdue)
    decision_rows.append(Row(total, kind=RowKind.TOTAL))
    decisions = Table(
        columns=(
            _row_number(),
            Column("Rapat", weight=20),
            Column("Keputusan", weight=41),
            _number_column("Jumlah", 11),
            _number_column("Selesai", 11),
            _number_column("Terlambat", 11),
        ),
        rows=tuple(decision_rows),
        header_rows=((HeaderCell(""), HeaderCell(""), HeaderCell(""), HeaderCell("Tindak lanjut", span=3)),),
    )
    blocks += [Heading("A. Rapat yang terlaksana", 3), meetings]
    blocks += [Heading("B. Kehadiran perangkat daerah dan instansi", 3), attendance]
    blocks += [Heading("C. Keputusan rapat dan tindak lanjutnya", 3), decisions]
    return blocks


# --- annexes -----------------------------------------------------------------------------------------------------


def completeness_table(report: ConsolidatedReport) -> Table:
    """Annex A: each agency's reports expected, submitted, returned, approved, on time, late and missing."""
    counts = ("Wajib lapor", "Disampaikan", "Dikembalikan", "Disetujui", "Tepat waktu", "Terlambat", "Belum lapor")
    rows = [
        Row((number, row.agency, row.due_on, *row.counts)) for number, row in enumerate(report.completeness, start=1)
    ]
    total = report.completeness_total
    rows.append(Row((None, total.agency, None, *total.counts), kind=RowKind.TOTAL))
    return Table(
        columns=(
            _row_number(5),
            Column("Perangkat daerah", weight=30),
            Column("Batas waktu", Kind.DATE, weight=13, align=Align.CENTER),
            *(_number_column(heading, 8) for heading in counts),
        ),
        rows=tuple(rows),
        font_pt=8,
    )


def evidence_blocks(report: ConsolidatedReport) -> tuple[Block, ...]:
    """Annex B: the evidence files of the counted reports, numbered 1, 2, 3 … whatever their actions."""
    if not report.evidence:
        return (Paragraph("Tidak ada bukti dukung."),)
    table = Table(
        columns=(
            _row_number(),
            Column("Aksi/Kegiatan", weight=40),
            Column("Nama berkas", weight=28),
            Column("Jenis", weight=13, align=Align.CENTER),
            Column("Tanggal unggah", Kind.DATE, weight=13, align=Align.CENTER),
        ),
        rows=tuple(
            Row((number, item.action, item.name, item.kind, item.uploaded_on))
            for number, item in enumerate(report.evidence, start=1)
        ),
    )
    return (table,)


# --- the document --------------------------------------------------------------------------------------------


def semester_report_document(report: ConsolidatedReport) -> Document:
    """The semester report of one period, ready for ``render(document, "pdf" | "docx" | "xlsx")``."""
    kop = report.letterhead
    blocks: list[Block] = []
    if report.draft:  # besides the watermark across every page: a line that survives copying the text out
        blocks.append(Paragraph(report.watermark, align=Align.CENTER, bold=True))
    if report.note:
        blocks.append(Paragraph(report.note, align=Align.CENTER, italic=True, size_pt=8))
    blocks.append(Heading("I. Pendahuluan", 2))
    blocks.extend(Paragraph(text, justify=True) for text in report.introduction)
    blocks += [Heading("II. Ringkasan", 2), *summary_tables(report)]
    blocks += fields_blocks(report)
    blocks += coordination_blocks(report)
    blocks.append(Signatures((official.signature(report.signatory),)))
    return Document(
        title=report.title,
        subtitle=(report.subtitle,),
        letterhead=official.letterhead(kop),
        blocks=tuple(blocks),
        page=Page(PageSize.A4, landscape=False, margin_mm=15),
        annexes=(
            Annex(
                "Lampiran A. Kelengkapan dan ketepatan waktu pelaporan",
                (completeness_table(report),),
                page=Page(PageSize.A4, landscape=True, margin_mm=15),
                sheet_name="Lampiran A",
            ),
            Annex("Lampiran B. Daftar bukti dukung", evidence_blocks(report), sheet_name="Lampiran B"),
        ),
        draft=report.watermark,
        font_pt=9,
        author=kop.name,
        footer=report.title,
        filename_stem=report.filename_stem,
        sheet_name=MAIN_SHEET,
    )
