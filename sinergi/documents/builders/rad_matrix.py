"""The RAD P4GN matrix as a document of the engine: letterhead, title block, the matrix table (target columns
under a merged "Target <year>" heading, a group row per field, budget subtotals and the total) and the signature.

``sinergi.documents.rad_matrix.build_rad_matrix`` reads the plan (the selector step); this only arranges it.
"""

from sinergi.documents.builders import official
from sinergi.documents.engine.model import (
    COVERED,
    Align,
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
    Signatures,
    Table,
)
from sinergi.documents.rad_matrix import HEADINGS_AFTER_TARGETS, HEADINGS_BEFORE_TARGETS, ActionEntry, RadMatrix

MARGIN_MM = 10.0
# More target columns than this (e.g. three years by semester) do not fit across A4; such plans print on A3.
A4_TARGET_COLUMNS = 6
# A target column fits its heading ("Tahun", "TW III") and a number such as "12.500"; with many years and periods
# the target columns shrink, but never below the narrow width, so the text columns keep half the table.
TARGET_MM, NARROW_TARGET_MM = 11.0, 8.5
C, R = Align.CENTER, Align.RIGHT
# The columns before and after the targets, as in HEADINGS_BEFORE_TARGETS and HEADINGS_AFTER_TARGETS: columns
# whose content has a known size get a width in millimetres; text columns share what is left by weight.
COLUMNS_BEFORE = (
    Column("No", width_mm=7.0, align=C),
    Column("Aksi RAN", width_mm=9.0, align=C),
    Column("Aksi/Kegiatan RAD", weight=14.0),
    Column("Indikator", weight=13.0),
    Column("Satuan", width_mm=13.0, align=C),
)
COLUMNS_AFTER = (
    Column("Anggaran", Kind.RUPIAH, width_mm=24.0),  # "Rp1.250.000.000"
    Column("Sumber dana", width_mm=14.0, align=C),
    Column("Penanggung jawab", weight=9.0),
    Column("Instansi terkait", weight=9.4),
    Column("Lokasi", weight=7.5),
    Column("Waktu", width_mm=19.0, align=C),
)
assert tuple(c.heading for c in COLUMNS_BEFORE) == HEADINGS_BEFORE_TARGETS
assert tuple(c.heading for c in COLUMNS_AFTER) == HEADINGS_AFTER_TARGETS
NO_SIGNATORY = ""


def page_for(matrix: RadMatrix) -> tuple[Page, float]:
    """A4 landscape, or A3 (in a slightly smaller font) when the target columns do not fit across A4."""
    if len(matrix.target_columns) > A4_TARGET_COLUMNS:
        return Page(PageSize.A3, landscape=True, margin_mm=MARGIN_MM), 7.0
    return Page(PageSize.A4, landscape=True, margin_mm=MARGIN_MM), 7.5


def columns_of(matrix: RadMatrix, page: Page) -> tuple[Column, ...]:
    n_targets = len(matrix.target_columns)
    target = max(NARROW_TARGET_MM, min(TARGET_MM, page.text_width_mm / 2 / max(n_targets, 1)))
    targets = tuple(Column(c.label, Kind.NUMBER, width_mm=target) for c in matrix.target_columns)
    return COLUMNS_BEFORE + targets + COLUMNS_AFTER


def _action_rows(entry: ActionEntry, n_targets: int) -> list[Row]:
    """One row per indicator; the action's own cells merged down them."""
    lines = entry.lines
    span = len(lines)

    def merged(value):
        return Cell(value, rowspan=span) if span > 1 else value

    rows = []
    for index, line in enumerate(lines):
        targets = tuple(line.targets[j] if j < len(line.targets) else None for j in range(n_targets))
        if index == 0:
            before = (merged(entry.number), merged(entry.national_code), merged(entry.title))
            after = tuple(
                merged(v)
                for v in (
                    entry.budget,
                    entry.budget_source,
                    entry.responsible,
                    entry.supporting,
                    entry.location,
                    entry.schedule,
                )
            )
        else:
            before, after = (COVERED,) * 3, (COVERED,) * len(COLUMNS_AFTER)
        rows.append(Row((*before, line.name, line.unit, *targets, *after), keep_with_next=index < span - 1))
    return rows


def _sum_row(label: str, amount: int, budget_index: int, n: int, kind: RowKind, keep: bool) -> Row:
    """A subtotal or total: the label across the columns before "Anggaran", the amount, an empty rest."""
    rest = n - budget_index - 1
    cells = (
        Cell(label, colspan=budget_index, align=R),
        *(COVERED,) * (budget_index - 1),
        amount,
        Cell(None, colspan=rest),
        *(COVERED,) * (rest - 1),
    )
    return Row(cells, kind=kind, keep_with_next=keep)


def matrix_table(matrix: RadMatrix, page: Page) -> Table:
    columns = columns_of(matrix, page)
    n = len(columns)
    n_targets = len(matrix.target_columns)
    budget_index = len(COLUMNS_BEFORE) + n_targets
    header = (
        *(HeaderCell("") for _ in COLUMNS_BEFORE),
        *(HeaderCell(f"Target {year}", len(matrix.columns_of_year(year))) for year in matrix.target_years),
        *(HeaderCell("") for _ in COLUMNS_AFTER),
    )
    rows: list[Row] = []
    for index, group in enumerate(matrix.fields):
        # The field's heading stays on the page of its first action.
        rows.append(Row((group.heading, *(COVERED,) * (n - 1)), kind=RowKind.GROUP, keep_with_next=True))
        for entry in group.actions:
            rows.extend(_action_rows(entry, n_targets))
        last = index == len(matrix.fields) - 1
        rows.append(_sum_row(f"Jumlah {group.heading}", group.subtotal, budget_index, n, RowKind.SUBTOTAL, last))
    if not matrix.fields:
        rows.append(Row((Cell("Belum ada aksi.", colspan=n), *(COVERED,) * (n - 1)), keep_with_next=True))
    # The grand total keeps with the signature below the table, so the signature never stands alone.
    rows.append(_sum_row("Jumlah seluruhnya", matrix.total, budget_index, n, RowKind.TOTAL, True))
    return Table(columns=columns, rows=tuple(rows), header_rows=(header,), frozen_columns=3)


def rad_matrix_document(matrix: RadMatrix) -> Document:
    """The matrix as a document, whatever format prints it."""
    page, font_pt = page_for(matrix)
    head = matrix.letterhead
    signatory = matrix.signatory
    blocks = []
    if matrix.scope_note:
        blocks.append(Paragraph(matrix.scope_note, align=Align.CENTER, italic=True, size_pt=8))
    blocks.append(matrix_table(matrix, page))
    blocks.append(Signatures((official.signature(signatory),)))
    return Document(
        title=matrix.title,
        subtitle=(matrix.subtitle, matrix.national_plan),
        letterhead=official.letterhead(head),
        blocks=tuple(blocks),
        page=page,
        font_pt=font_pt,
        author=head.name,
        footer=matrix.title,
        filename_stem=matrix.filename_stem,
        sheet_name="Matriks RAD",
    )
