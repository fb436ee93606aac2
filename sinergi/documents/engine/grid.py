"""What every renderer needs to know about a table beyond the model: the header as a grid of merged cells, each
body cell with its span and its text, and which rows must stay on one page together.

Renderers call these so that the three formats agree on every merge and every written value.
"""

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import translation

from sinergi.core import formatting
from sinergi.documents.engine.model import COVERED, Align, Cell, Kind, Row, RowKind, Table

NUMERIC = (Kind.NUMBER, Kind.RUPIAH, Kind.PERCENT)
LANGUAGE = "id"  # official documents are Indonesian whatever the interface language


date_text = formatting.long_date


def text_of(value, kind: Kind) -> str:
    """A cell's value written the one Indonesian way for its column's kind ("" for nothing).

    Call inside ``indonesian()`` (the renderers do) so numbers get Indonesian separators."""
    if value is None or value is COVERED:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int | Decimal | float):
        return _number_text(value, kind, translation.get_language())
    return str(value)


@functools.lru_cache(maxsize=4096)
def _number_text(value, kind: Kind, language: str | None) -> str:
    """A number written for its kind (cached: a large table repeats the same few values)."""
    if kind == Kind.RUPIAH:
        return formatting.rupiah(value, empty="")
    if kind == Kind.PERCENT:
        return formatting.percent(value, empty="")
    return formatting.quantity(value, empty="")


def indonesian():
    """A context in which numbers are written with Indonesian separators."""
    return translation.override(LANGUAGE)


def align_of(column) -> Align:
    """The column's alignment: as set, else right for numbers, amounts and percentages."""
    if column.align is not None:
        return column.align
    return Align.RIGHT if column.kind in NUMERIC else Align.LEFT


@dataclass(frozen=True)
class GridCell:
    """One cell placed on the grid: top-left position, spans, the model's value and its text."""

    row: int
    col: int
    rowspan: int
    colspan: int
    value: object
    text: str
    bold: bool = False
    align: Align | None = None  # None: the column's (a group row's cell is left-aligned)


def header_grid(table: Table) -> tuple[int, list[GridCell]]:
    """(the number of header rows, the header cells): the header rows, then the column headings.

    An empty one-column HeaderCell lets the column heading below reach up into that row (merged vertically)."""
    n = len(table.columns)
    rows = table.header_rows
    height = len(rows) + 1
    # top[c]: the header row where column c's heading starts
    top = [len(rows)] * n
    for c in range(n):
        r = len(rows) - 1
        while r >= 0 and _empty_at(rows[r], c):
            top[c] = r
            r -= 1
    cells: list[GridCell] = []
    for r, header_row in enumerate(rows):
        col = 0
        for cell in header_row:
            if not (cell.span == 1 and top[col] <= r):
                cells.append(GridCell(r, col, 1, cell.span, cell.text, cell.text, True, cell.align))
            col += cell.span
    for c, column in enumerate(table.columns):
        cells.append(GridCell(top[c], c, height - top[c], 1, column.heading, column.heading, True))
    if table.numbered_headings:
        cells.extend(GridCell(height, c, 1, 1, f"({c + 1})", f"({c + 1})", True) for c in range(n))
        height += 1
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return height, cells


def _empty_at(header_row, col: int) -> bool:
    position = 0
    for cell in header_row:
        if position == col:
            return cell.span == 1 and not cell.text
        position += cell.span
        if position > col:
            return False
    return False


def row_cells(table: Table, row: Row, index: int) -> list[GridCell]:
    """The cells a body row starts (COVERED positions left out); a group row is one cell across the table."""
    n = len(table.columns)
    if row.kind == RowKind.GROUP:
        value = next((v for v in row.cells if v is not COVERED and v is not None), "")
        bold = True
        if isinstance(value, Cell):
            value = value.value
        return [GridCell(index, 0, 1, n, value, text_of(value, Kind.TEXT), bold, Align.LEFT)]
    cells = []
    strong = row.kind in (RowKind.SUBTOTAL, RowKind.TOTAL)
    for col, value in enumerate(row.cells[:n]):
        if value is COVERED:
            continue
        rowspan = colspan = 1
        bold, align = strong, None
        if isinstance(value, Cell):
            rowspan, colspan, bold, align = value.rowspan, value.colspan, value.bold or strong, value.align
            value = value.value
        kind = table.columns[col].kind
        cells.append(GridCell(index, col, rowspan, colspan, value, text_of(value, kind), bold, align))
    return cells


def keep_segments(table: Table) -> list[tuple[int, int]]:
    """Runs of body rows (first, count) that must stay on one page: rows joined by a rowspan or keep_with_next."""
    segments = []
    rows = table.rows
    i = 0
    while i < len(rows):
        end = i  # last row of the segment so far
        j = i
        while j <= end:
            row = rows[j]
            for value in row.cells:
                if isinstance(value, Cell) and value.rowspan > 1:
                    end = max(end, j + value.rowspan - 1)
            if row.keep_with_next and j + 1 < len(rows):
                end = max(end, j + 1)
            j += 1
        end = min(end, len(rows) - 1)
        segments.append((i, end - i + 1))
        i = end + 1
    return segments


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name from ``text``: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip().strip("'") or "Lembar"
    name = clean[:31].rstrip()
    number = 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = clean[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def widths_mm(table: Table, available_mm: float) -> list[float]:
    """Each column's width: ``width_mm`` where set, the rest of ``available_mm`` shared by weight."""
    fixed = sum(c.width_mm for c in table.columns if c.width_mm is not None)
    weights = sum(c.weight for c in table.columns if c.width_mm is None) or 1.0
    left = max(available_mm - fixed, 0.0)
    return [c.width_mm if c.width_mm is not None else left * c.weight / weights for c in table.columns]


def placed_rows(height: int, cells: list[GridCell], n: int) -> list[list[tuple[str, GridCell]]]:
    """Row by row, left to right: ("cell", c) where a cell starts, ("continue", c) under a cell merged down.

    Word processors want a placeholder cell under every vertically merged one; spreadsheets merge a range."""
    starts: dict[int, list[GridCell]] = {}
    for cell in cells:
        starts.setdefault(cell.row, []).append(cell)
    active: dict[int, GridCell] = {}  # column -> a cell merged down through the current row
    rows = []
    for r in range(height):
        here = {cell.col: cell for cell in starts.get(r, ())}
        for col, cell in list(active.items()):
            if cell.row + cell.rowspan <= r:
                del active[col]
        placed = []
        col = 0
        while col < n:
            if col in active:
                placed.append(("continue", active[col]))
                col += active[col].colspan
            elif col in here:
                cell = here[col]
                placed.append(("cell", cell))
                if cell.rowspan > 1:
                    active[col] = cell
                col += cell.colspan
            else:
                placed.append(("empty", GridCell(r, col, 1, 1, None, "")))
                col += 1
        rows.append(placed)
    return rows
