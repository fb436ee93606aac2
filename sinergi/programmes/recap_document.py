"""The programme recap as an official document: the builder that fills the one document engine's model.

``recap_document(recap)`` holds what the XLSX and PDF downloads (and the exchange package's PDF) print: the
government's letterhead, the title and period, the recap table (grouped column headers, one row per region or
agency, kecamatan headings and subtotals, the total), the notes a reader needs, and, when the recap counted held
events by kind, the table of kinds as an annex (its own worksheet in a workbook). Words are Indonesian, as in every
official document; numbers go in as numbers and the renderers write them the one Indonesian way.
"""

from django.utils import timezone

from sinergi.documents.builders import official
from sinergi.documents.engine.model import (
    COVERED,
    Align,
    Annex,
    Cell,
    Column,
    Document,
    HeaderCell,
    Kind,
    Page,
    PageSize,
    Paragraph,
    Row,
    RowKind,
    Table,
)
from sinergi.documents.rad_matrix import format_date
from sinergi.programmes.models import Event
from sinergi.programmes.recap_columns import column_groups, label_heading, recap_columns, row_cells
from sinergi.programmes.recaps import BY_AGENCY, KIND_TEXT, ROW_HEADING, ROW_SUBTOTAL, ROW_TOTAL, Recap, RecapRow

PAGE = Page(size=PageSize.A4, landscape=True, margin_mm=8.0)
LABEL_WIDTH_MM = 36.0
DIGIT_WIDTH = 1.3  # in average letters
TABLE_PT = 6.5
NOTES_PT = 7.0
INDENT = "\u00a0" * 4  # kelurahan under their kecamatan (non-breaking, so no format collapses it)

ROW_KINDS = {ROW_HEADING: RowKind.GROUP, ROW_SUBTOTAL: RowKind.SUBTOTAL, ROW_TOTAL: RowKind.TOTAL}


def subtitle(recap: Recap) -> str:
    return (
        f"{recap.government.name} · {recap.period_text} ({format_date(recap.starts_on)} – {format_date(recap.ends_on)})"
    )


def document_notes(recap: Recap) -> list[str]:
    """What a reader of the document needs to know to read the numbers right."""
    t = recap.tests_total
    notes = ["Peserta dihitung dari kegiatan berstatus terlaksana; relawan aktif adalah keadaan saat rekap dibuat."]
    if recap.by == BY_AGENCY:
        notes.append("Tes urine hanya berupa jumlah (tanpa data perorangan), menurut perangkat daerah pelaksana.")
    else:
        notes.append(
            "Tes urine dicatat menurut perangkat daerah pelaksana, bukan menurut wilayah; jumlah seluruhnya: "
            f"{t.campaigns} kegiatan, {t.tested} orang diperiksa, {t.positive} positif, {t.referred} dirujuk "
            "(lihat rekap per perangkat daerah)."
        )
        notes.append(
            "Kegiatan tingkat kecamatan dan tingkat kota/kabupaten dicatat pada baris tersendiri dan termasuk jumlah."
        )
    if not recap.whole_government:
        notes.append("Rekap ini hanya memuat data yang dapat dilihat oleh pengguna yang mengunduhnya.")
    return notes


def _label(row: RecapRow) -> str:
    return INDENT * row.level + row.label


def _heading_row(row: RecapRow, width: int) -> Row:
    """A kecamatan heading above its kelurahan: one cell across the table."""
    return Row((Cell(row.label, colspan=width), *([COVERED] * (width - 1))), kind=RowKind.GROUP)


def recap_table(recap: Recap) -> Table:
    """The recap's table: the row label, then the columns under their group headings; the total last."""
    columns = recap_columns(recap)
    width = len(columns) + 1
    group_cells = column_groups(columns, page=False)
    rows = []
    for row in [*recap.rows, recap.total]:
        if row.kind == ROW_HEADING:
            rows.append(_heading_row(row, width))
            continue
        values = [None if value == "" else value for value in row_cells(row, columns)]
        rows.append(Row((_label(row), *values), kind=ROW_KINDS.get(row.kind, RowKind.BODY)))
    # A group heading over a single column ("Kerawanan 2024") must fit that column too.
    alone = [name if span == 1 else "" for name, span in group_cells for _ in range(span)]
    table_columns = (
        Column(label_heading(recap), Kind.TEXT, width_mm=LABEL_WIDTH_MM),
        *(
            Column(
                c.heading,
                Kind.NUMBER if c.numeric else Kind.TEXT,
                weight=_weight([c.heading, alone[i], *(row.cells[i + 1] for row in rows)]),
            )
            for i, c in enumerate(columns)
        ),
    )
    groups = tuple(HeaderCell(name, span) for name, span in group_cells)
    return Table(
        columns=table_columns,
        rows=tuple(rows),
        header_rows=((HeaderCell(""), *groups),),
        font_pt=TABLE_PT,
        frozen_columns=1,
    )


def _weight(values) -> float:
    """A column's share of the page: its longest word or number in characters (a digit is about a third wider than
    the average letter), plus padding, so that headings and numbers need not break inside a narrow column."""
    widths = [0.0]
    for value in values:
        if isinstance(value, int):
            widths.append(len(f"{value:,}") * DIGIT_WIDTH)
        elif isinstance(value, str):
            widths += [len(word) for word in value.split()]
    return max(widths) + 2.0


def kinds_table(recap: Recap) -> Table:
    """Held events by kind, one row per recap row (kecamatan headings left out) and the total."""
    columns = (
        Column(label_heading(recap), Kind.TEXT, width_mm=LABEL_WIDTH_MM),
        *(Column(KIND_TEXT[kind], Kind.NUMBER) for kind in Event.Kind.values),
    )
    rows = tuple(
        Row((row.label, *(row.by_kind[kind] for kind in Event.Kind.values)), kind=ROW_KINDS.get(row.kind, RowKind.BODY))
        for row in [*recap.rows, recap.total]
        if row.kind != ROW_HEADING
    )
    return Table(columns=columns, rows=rows, font_pt=TABLE_PT)


def recap_document(recap: Recap) -> Document:
    """The recap as an A4 landscape document with the government's letterhead (see the module's docstring)."""
    notes = [*document_notes(recap), f"Dibuat {format_date(timezone.localdate())}."]
    annexes = ()
    if recap.with_kinds:
        annexes = (
            Annex(
                title=f"Kegiatan terlaksana menurut jenis · {subtitle(recap)}",
                blocks=(kinds_table(recap),),
                sheet_name="Per jenis kegiatan",
            ),
        )
    return Document(
        title=recap.title,
        subtitle=(subtitle(recap),),
        letterhead=official.government_letterhead(recap.government),
        blocks=(
            recap_table(recap),
            *(Paragraph(note, align=Align.LEFT, size_pt=NOTES_PT) for note in notes),
        ),
        page=PAGE,
        annexes=annexes,
        font_pt=8.0,
        author=recap.government.name,
        footer=recap.title,
        filename_stem=recap.filename_stem,
        sheet_name="Rekap",
    )
