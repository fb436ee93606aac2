"""XLSX through XlsxWriter: numbers stay numbers (with an Indonesian number format), merged header cells, group
and total rows, the letterhead lines at the top, panes frozen under the table headings, one worksheet per annex.

Every text is written with ``write_string`` on a workbook from ``core.spreadsheets.workbook`` (nothing becomes a
formula or a link).
"""

import io
import math
from datetime import date
from decimal import Decimal

from PIL import Image

from sinergi.core import spreadsheets
from sinergi.documents.engine import grid
from sinergi.documents.engine.model import (
    Align,
    Document,
    Fields,
    Heading,
    Kind,
    ListBlock,
    Page,
    PageBreak,
    PageSize,
    Paragraph,
    RowKind,
    Signatures,
    Table,
)

# The Indonesian language tag (421) makes LibreOffice write "Rp1.250.000" whatever its own locale; Excel uses the
# separators of the reader's settings.
NUMBER_FORMATS = {
    Kind.RUPIAH: '[$-421]"Rp"#,##0',
    Kind.NUMBER: "[$-421]#,##0",
    Kind.PERCENT: '[$-421]0.0" %"',
    Kind.DATE: "[$-421]d mmmm yyyy",
}
DECIMAL_FORMAT = "[$-421]#,##0.##"  # only for values with decimals, so never a bare trailing comma
FONT = {"font_name": "Arial", "font_size": 9}
LINE_HEIGHT = 12  # points per line of 9-point text
MM_PER_CHAR = 1.6  # a column one character wide, in millimetres of the printed page
PAPER = {PageSize.A4: 9, PageSize.A3: 8, PageSize.F4: 14}  # Excel's paper codes (14: folio)
HEAD_FILL = "#D9E2EC"
FILLS = {RowKind.GROUP: "#EEF2F6", RowKind.SUBTOTAL: "#F5F7FA", RowKind.TOTAL: HEAD_FILL}
HALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


def wrapped_lines(text: str, width_chars: float) -> int:
    """How many lines ``text`` wraps to in a column ``width_chars`` wide (an estimate; merged rows are not sized
    by Excel or LibreOffice, so the workbook sets row heights itself)."""
    capacity = max(int(width_chars * 1.3), 4)
    return max(1, sum(max(1, math.ceil(len(part) / capacity)) for part in str(text).split("\n")))


def footer_text(text: str) -> str:
    """Text for a page footer, where "&" starts a code."""
    return text.replace("&", "&&")


class _Sheet:
    def __init__(self, writer: "_Writer", name: str, page: Page, blocks):
        self.w = writer
        self.ws = writer.book.add_worksheet(name)
        self.page = page
        tables = [block for block in blocks if isinstance(block, Table)]
        # The widest table (most columns, the first of equals) sizes the columns and gets the frozen panes: a short
        # summary above the sheet's main tables must not squeeze them into its three columns.
        self.main = max(tables, key=lambda table: len(table.columns)) if tables else None
        if self.main is not None:
            mm = grid.widths_mm(self.main, page.text_width_mm)
            self.widths = [max(3.0, width / MM_PER_CHAR) for width in mm]
        else:
            self.widths = [page.text_width_mm / MM_PER_CHAR / 8] * 8
        self.last = len(self.widths) - 1
        self.row = 0
        self.frozen = False
        self.heights: dict[int, float] = {}

    # --- rows across the sheet ----------------------------------------------------------------------------

    def draft_mark(self, text: str) -> None:
        """A draft's mark on the sheet's first row and in its printed page header (spreadsheets have no watermark)."""
        if not text:
            return
        self.banner(text, self.w.fmt(bold=True, font_size=14, font_color="#C00000", align="center", valign="vcenter"),
                    height=20)  # fmt: skip
        self.ws.set_header(f"&C&14&B{footer_text(text)}")

    def banner(self, text: str, fmt, *, first=0, last=None, height: float | None = None) -> None:
        last = self.last if last is None else last
        if last > first:
            self.ws.merge_range(self.row, first, self.row, last, "", fmt)
        self.ws.write_string(self.row, first, text, fmt)
        width = sum(self.widths[first : last + 1])
        self.ws.set_row(self.row, height or wrapped_lines(text, width) * LINE_HEIGHT + 3)
        self.row += 1

    def letterhead(self, document: Document) -> None:
        head = document.letterhead
        if head is None:
            return
        top = self.row
        self.banner(head.name.upper(), self.w.fmt(bold=True, font_size=14, align="center", valign="vcenter"), height=22)
        lines = [line for line in head.lines if line] or [""]
        for index, line in enumerate(lines):
            rule = {"bottom": 6} if index == len(lines) - 1 else {}
            self.banner(line, self.w.fmt(align="center", valign="vcenter", **rule), height=14)
        if head.logo:
            try:
                with Image.open(head.logo) as image:
                    scale = 62 / (image.height or 62)
            except OSError:
                scale = None
            if scale:
                options = {"x_offset": 4, "y_offset": 2, "object_position": 3, "x_scale": scale, "y_scale": scale}
                self.ws.insert_image(top, min(1, self.last), str(head.logo), options)
        self.row += 1

    def title(self, document: Document) -> None:
        if not document.show_title:
            return
        title = self.w.fmt(bold=True, font_size=12, align="center", valign="vcenter", text_wrap=True)
        self.banner(document.title, title)
        for line in document.subtitle:
            self.banner(line, self.w.fmt(align="center", valign="vcenter", text_wrap=True))
        self.row += 1

    # --- blocks -------------------------------------------------------------------------------------------

    def block(self, block) -> None:
        wrap = {"text_wrap": True, "valign": "top"}
        if isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Paragraph):
            fmt = self.w.fmt(bold=block.bold, italic=block.italic, align=HALIGN[block.align], **wrap)
            self.banner(block.text, fmt)
        elif isinstance(block, Heading):
            align = "center" if block.level == 1 else "left"
            self.banner(block.text, self.w.fmt(bold=True, font_size=11 if block.level == 1 else 9, align=align, **wrap))
        elif isinstance(block, Fields):
            for label, value in block.pairs:
                self.ws.write_string(self.row, 0, label, self.w.fmt(valign="top"))
                self.banner(": " + value, self.w.fmt(**wrap), first=min(1, self.last))
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                self.banner(f"{number}. {item}" if block.numbered else f"• {item}", self.w.fmt(**wrap))
        elif isinstance(block, Signatures):
            self.signatures(block)
        elif isinstance(block, PageBreak):
            self.w.breaks.setdefault(self.ws.name, []).append(self.row)
        else:
            raise TypeError(f"Not a block: {block!r}")

    def signatures(self, block: Signatures) -> None:
        self.row += 1
        count = len(block.items)
        ncols = self.last + 1
        if count == 1:
            spans = [(max(0, ncols - max(ncols // 3, 1)), self.last)]
        else:
            size = max(ncols // count, 1)
            spans = [(i * size, min((i + 1) * size - 1, self.last)) for i in range(count)]
        plain = self.w.fmt(align="center")
        name_fmt = self.w.fmt(align="center", bold=True, underline=True)
        columns = []
        for item in block.items:
            lines = [(text, plain) for text in (item.label, item.place_and_date, item.role) if text]
            lines += [("", plain)] * 3
            lines.append((item.name or "( ……………………………………… )", name_fmt if item.name else plain))
            if item.id_line:
                lines.append((item.id_line, plain))
            columns.append(lines)
        top = self.row
        for (first, last), lines in zip(spans, columns, strict=True):
            for offset, (text, fmt) in enumerate(lines):
                if last > first:
                    self.ws.merge_range(top + offset, first, top + offset, last, "", fmt)
                self.ws.write_string(top + offset, first, text, fmt)
        self.row = top + max(len(lines) for lines in columns)

    def table(self, table: Table) -> None:
        if table.title:
            self.banner(table.title, self.w.fmt(bold=True))
        height, header = grid.header_grid(table)
        top = self.row
        for cell in header:
            align = HALIGN[cell.align] if cell.align else "center"
            head = self.w.fmt(bold=True, align=align, valign="vcenter", text_wrap=True, border=1, bg_color=HEAD_FILL)
            self._put(top + cell.row, cell, cell.text, head)
        for r in range(height):
            self.ws.set_row(top + r, LINE_HEIGHT * 2 + 2 if r < height - 1 or height == 1 else LINE_HEIGHT + 4)
        self.row = top + height
        if not self.frozen and table is self.main:
            self.ws.freeze_panes(self.row, table.frozen_columns)
            self.ws.repeat_rows(top, self.row - 1)
            self.frozen = True
        lines: dict[int, int] = {}
        for index, row in enumerate(table.rows):
            fill = FILLS.get(row.kind)
            for cell in grid.row_cells(table, row, index):
                kind = Kind.TEXT if row.kind == RowKind.GROUP else table.columns[cell.col].kind
                column = table.columns[cell.col]
                align = HALIGN[cell.align or grid.align_of(column)]
                fmt_props = {"border": 1, "valign": "top", "text_wrap": True, "align": align, "bold": cell.bold}
                if fill:
                    fmt_props["bg_color"] = fill
                value = cell.value
                if isinstance(value, int | float | Decimal | date) and not isinstance(value, bool):
                    number_format = NUMBER_FORMATS.get(kind, NUMBER_FORMATS[Kind.NUMBER])
                    if kind == Kind.NUMBER and isinstance(value, Decimal | float) and value != int(value):
                        number_format = DECIMAL_FORMAT
                    fmt_props["num_format"] = number_format
                self._put(self.row + index, cell, value, self.w.fmt(**fmt_props))
                width = sum(self.widths[cell.col : cell.col + cell.colspan])
                need = math.ceil(wrapped_lines(cell.text, width) / cell.rowspan) if cell.text else 1
                lines[index] = max(lines.get(index, 1), need)
        for index, row in enumerate(table.rows):
            height_pt = lines.get(index, 1) * LINE_HEIGHT + 3
            self.ws.set_row(self.row + index, max(height_pt, row.min_height_mm * 72 / 25.4))
        self.row += len(table.rows) + 1

    def _put(self, row: int, cell: grid.GridCell, value, fmt) -> None:
        last_row, last_col = row + cell.rowspan - 1, cell.col + cell.colspan - 1
        if last_row > row or last_col > cell.col:
            self.ws.merge_range(row, cell.col, last_row, last_col, "", fmt)
        if value is None:
            self.ws.write_blank(row, cell.col, None, fmt)
        elif isinstance(value, bool):
            self.ws.write_string(row, cell.col, cell.text, fmt)
        elif isinstance(value, date):
            self.ws.write_datetime(row, cell.col, value, fmt)
        elif isinstance(value, int | float | Decimal):
            self.ws.write_number(row, cell.col, float(value), fmt)
        else:
            self.ws.write_string(row, cell.col, cell.text if not isinstance(value, str) else value, fmt)

    def finish(self, footer: str) -> None:
        for col, width in enumerate(self.widths):
            self.ws.set_column(col, col, width)
        ws = self.ws
        ws.set_paper(PAPER.get(self.page.size, 9))
        if self.page.landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        margin = self.page.margin_mm / 25.4
        ws.set_margins(left=margin, right=margin, top=margin, bottom=margin + 0.15)
        ws.fit_to_pages(1, 0)
        ws.set_footer(f"&L&8{footer_text(footer)}&R&8Halaman &P dari &N")
        ws.hide_gridlines(2)
        if self.ws.name in self.w.breaks:
            ws.set_h_pagebreaks(self.w.breaks[self.ws.name])


class _Writer:
    def __init__(self, buffer):
        self.book = spreadsheets.workbook(buffer, {"in_memory": True})
        self.formats: dict[tuple, object] = {}
        self.breaks: dict[str, list[int]] = {}

    def fmt(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.formats:
            self.formats[key] = self.book.add_format({**FONT, **props})
        return self.formats[key]


def render(document: Document) -> bytes:
    """``document`` as a workbook: the document on the first sheet, each annex on its own."""
    buffer = io.BytesIO()
    writer = _Writer(buffer)
    writer.book.set_properties({"title": document.title, "author": document.author})
    taken: set[str] = set()
    with grid.indonesian():
        name = grid.sheet_title(document.sheet_name or document.title, taken)
        sheet = _Sheet(writer, name, document.page, document.blocks)
        sheet.draft_mark(document.draft)
        sheet.letterhead(document)
        sheet.title(document)
        for block in document.blocks:
            sheet.block(block)
        sheet.finish(document.footer)
        for annex in document.annexes:
            page = annex.page or document.page
            sheet = _Sheet(writer, grid.sheet_title(annex.sheet_name or annex.title, taken), page, annex.blocks)
            sheet.draft_mark(document.draft)
            sheet.banner(annex.title, writer.fmt(bold=True, font_size=12, align="center", valign="vcenter"))
            sheet.row += 1
            for block in annex.blocks:
                sheet.block(block)
            sheet.finish(document.footer)
    writer.book.close()
    return buffer.getvalue()
