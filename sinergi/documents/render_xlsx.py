"""The RAD matrix as an XLSX workbook: one printable sheet with numbers stored as numbers."""

import io

import xlsxwriter
from PIL import Image

from sinergi.core import spreadsheets
from sinergi.documents.layout import paper_for
from sinergi.documents.rad_matrix import HEADINGS_AFTER_TARGETS, HEADINGS_BEFORE_TARGETS, RadMatrix

# The Indonesian language tag (421) in front makes LibreOffice show "Rp1.250.000" whatever its own locale; a
# currency tag alone ("[$Rp-421] #,##0") only sets the symbol and keeps the reader's separators. Excel always
# uses the separators of the reader's Windows settings.
RUPIAH_FORMAT = '[$-421]"Rp"#,##0'
WHOLE_FORMAT = "[$-421]#,##0"
DECIMAL_FORMAT = "[$-421]#,##0.##"  # only for targets with decimals, so never a bare trailing comma
FONT = {"font_name": "Arial", "font_size": 9}
LINE_HEIGHT = 12  # points per line of 9-point text
# Widths (in characters) of the columns before and after the target columns; the page is fitted to the width.
WIDTHS_BEFORE = (4, 6, 28, 24, 8)
WIDTHS_AFTER = (13, 9, 18, 20, 15, 11)
TARGET_WIDTH = 7


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a word-wrap estimate).

    Rows holding merged cells are not sized by Excel or LibreOffice, so the workbook sets every row's height.
    """
    capacity = max(int(width * 1.5) - 1, 4)
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > capacity:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            if used > capacity:
                lines += (used - 1) // capacity
                used = used % capacity
    return max(lines, 1)


class _Sheet:
    """Writes the matrix onto one worksheet, row by row."""

    def __init__(self, matrix: RadMatrix, workbook: xlsxwriter.Workbook):
        self.m = matrix
        self.book = workbook
        self.ws = workbook.add_worksheet("Matriks RAD")
        self.n_targets = len(matrix.target_columns)
        self.first_target = len(HEADINGS_BEFORE_TARGETS)
        self.budget_col = self.first_target + self.n_targets
        self.last_col = self.budget_col + len(HEADINGS_AFTER_TARGETS) - 1
        self.widths = list(WIDTHS_BEFORE) + [TARGET_WIDTH] * self.n_targets + list(WIDTHS_AFTER)
        self.row = 0
        self.f = self._formats()

    def _format(self, **props):
        return self.book.add_format({**FONT, **props})

    def _formats(self) -> dict:
        """The cell formats of the sheet, by name."""
        cell = {"border": 1, "valign": "top", "text_wrap": True}
        return {
            "kop_name": self._format(bold=True, font_size=14, align="center", valign="vcenter"),
            "kop": self._format(align="center", valign="vcenter"),
            "kop_last": self._format(align="center", valign="vcenter", bottom=6),
            "title": self._format(bold=True, font_size=12, align="center", valign="vcenter"),
            "subtitle": self._format(align="center", valign="vcenter", text_wrap=True),
            "head": self._format(
                bold=True, align="center", valign="vcenter", text_wrap=True, border=1, bg_color="#D9E2EC"
            ),
            "field": self._format(bold=True, border=1, bg_color="#EEF2F6", valign="vcenter"),
            "text": self._format(**cell),
            "center": self._format(**cell, align="center"),
            "whole": self._format(**cell, num_format=WHOLE_FORMAT),
            "decimal": self._format(**cell, num_format=DECIMAL_FORMAT),
            "money": self._format(**cell, num_format=RUPIAH_FORMAT),
            "sum_label": self._format(bold=True, border=1, align="right", bg_color="#F5F7FA"),
            "sum_money": self._format(bold=True, border=1, num_format=RUPIAH_FORMAT, bg_color="#F5F7FA"),
            "sum_blank": self._format(border=1, bg_color="#F5F7FA"),
            "total_label": self._format(bold=True, border=1, align="right", bg_color="#D9E2EC"),
            "total_money": self._format(bold=True, border=1, num_format=RUPIAH_FORMAT, bg_color="#D9E2EC"),
            "total_blank": self._format(border=1, bg_color="#D9E2EC"),
            "sign": self._format(align="center"),
            "sign_name": self._format(align="center", bold=True, underline=True),
        }

    # --- pieces --------------------------------------------------------------------------------------------

    def _banner(self, text: str, fmt, height: float | None = None) -> None:
        """A line of text across the whole width (letterhead, title, a field's heading)."""
        self.ws.merge_range(self.row, 0, self.row, self.last_col, "", fmt)
        self.ws.write_string(self.row, 0, text, fmt)
        if height:
            self.ws.set_row(self.row, height)
        self.row += 1

    def letterhead(self) -> None:
        """The kop surat: the logo beside the government's name, address and contacts."""
        kop = self.m.letterhead
        top = self.row
        self._banner(kop.name.upper(), self.f["kop_name"], 22)
        self._banner(kop.address, self.f["kop"], 14)
        self._banner(kop.contacts, self.f["kop_last"], 14)
        if kop.logo_path:
            # Scaled to the three letterhead rows (50 points ≈ 66 pixels high).
            options = {"x_offset": 4, "y_offset": 2, "object_position": 3, **fit_logo(kop.logo_path)}
            self.ws.insert_image(top, 1, str(kop.logo_path), options)
        self.row += 1

    def headings(self) -> None:
        """The title, the legal basis or status, the national plan and any scope note."""
        total_width = sum(self.widths)
        for text, fmt, size in (
            (self.m.title, self.f["title"], 18),
            (self.m.subtitle, self.f["subtitle"], 14),
            (self.m.national_plan, self.f["subtitle"], 14),
            (self.m.scope_note, self.f["subtitle"], 14),
        ):
            if text:
                self._banner(text, fmt, max(size, wrapped_lines(text, total_width) * LINE_HEIGHT + 2))
        self.row += 1

    def table_head(self) -> int:
        """The two heading rows; returns the first one's index for printing and freezing."""
        top = self.row
        head = self.f["head"]
        for col, text in enumerate(HEADINGS_BEFORE_TARGETS):
            self.ws.merge_range(top, col, top + 1, col, text, head)
        for year in self.m.target_years:
            columns = [i for i, c in enumerate(self.m.target_columns) if c.year == year]
            first, last = self.first_target + columns[0], self.first_target + columns[-1]
            if first == last:
                self.ws.write_string(top, first, f"Target {year}", head)
            else:
                self.ws.merge_range(top, first, top, last, f"Target {year}", head)
            for i in columns:
                self.ws.write_string(top + 1, self.first_target + i, self.m.target_columns[i].label, head)
        for offset, text in enumerate(HEADINGS_AFTER_TARGETS):
            col = self.budget_col + offset
            self.ws.merge_range(top, col, top + 1, col, text, head)
        self.ws.set_row(top, 2 * LINE_HEIGHT + 2)
        self.ws.set_row(top + 1, LINE_HEIGHT + 4)
        self.row = top + 2
        return top

    def _action_cell(self, col: int, span: int, value, fmt) -> None:
        """An action-level cell, merged down the action's indicator rows."""
        row = self.row
        if span > 1:
            self.ws.merge_range(row, col, row + span - 1, col, "", fmt)
        if value is None or value == "":
            self.ws.write_blank(row, col, None, fmt)
        elif isinstance(value, int):
            self.ws.write_number(row, col, value, fmt)
        else:
            # write_string, never write(): a title starting with "=" stays text, not a formula.
            self.ws.write_string(row, col, value, fmt)

    def action(self, entry) -> None:
        """One action: a row per indicator, the action's own cells merged down them."""
        f = self.f
        lines = entry.lines
        span = len(lines)
        before = [(0, entry.number, f["center"]), (1, entry.national_code, f["center"]), (2, entry.title, f["text"])]
        b = self.budget_col
        after = [
            (b, entry.budget, f["money"]),
            (b + 1, entry.budget_source, f["center"]),
            (b + 2, entry.responsible, f["text"]),
            (b + 3, entry.supporting, f["text"]),
            (b + 4, entry.location, f["text"]),
            (b + 5, entry.schedule, f["center"]),
        ]
        for col, value, fmt in before + after:
            self._action_cell(col, span, value, fmt)
        heights = []
        for i, line in enumerate(lines):
            row = self.row + i
            self.ws.write_string(row, 3, line.name, f["text"])
            self.ws.write_string(row, 4, line.unit, f["center"])
            for j in range(self.n_targets):
                value = line.targets[j] if j < len(line.targets) else None
                col = self.first_target + j
                if value is None:
                    self.ws.write_blank(row, col, None, f["text"])
                elif value == int(value):
                    self.ws.write_number(row, col, int(value), f["whole"])
                else:
                    self.ws.write_number(row, col, float(value), f["decimal"])
            heights.append(max(wrapped_lines(line.name, self.widths[3]), wrapped_lines(line.unit, self.widths[4])))
        needed = max(wrapped_lines(str(value or ""), self.widths[col]) for col, value, _fmt in before + after)
        for extra in range(needed - sum(heights)):
            heights[extra % span] += 1
        for i, height in enumerate(heights):
            self.ws.set_row(self.row + i, height * LINE_HEIGHT + 3)
        self.row += span

    def sum_row(self, label: str, formula: str, value: int, kind: str) -> int:
        """A subtotal or total row with its formula (and computed value); returns its index."""
        row = self.row
        self.ws.merge_range(row, 0, row, self.budget_col - 1, "", self.f[f"{kind}_label"])
        self.ws.write_string(row, 0, label, self.f[f"{kind}_label"])
        self.ws.write_formula(row, self.budget_col, formula, self.f[f"{kind}_money"], value)
        for col in range(self.budget_col + 1, self.last_col + 1):
            self.ws.write_blank(row, col, None, self.f[f"{kind}_blank"])
        self.ws.set_row(row, LINE_HEIGHT + 4)
        self.row += 1
        return row

    def body(self) -> None:
        """Every field with its actions and subtotal, then the total of the subtotals."""
        subtotal_cells = []
        for group in self.m.fields:
            self._banner(group.heading, self.f["field"], LINE_HEIGHT + 4)
            first = self.row
            for entry in group.actions:
                self.action(entry)
            cells = f"{_cell(first, self.budget_col)}:{_cell(self.row - 1, self.budget_col)}"
            row = self.sum_row(f"Jumlah {group.heading}", f"=SUM({cells})", group.subtotal, "sum")
            subtotal_cells.append(_cell(row, self.budget_col))
        if not self.m.fields:
            self._banner("Belum ada aksi.", self.f["text"], LINE_HEIGHT + 4)
        formula = "=" + ("+".join(subtotal_cells) if subtotal_cells else "0")
        self.sum_row("Jumlah seluruhnya", formula, self.m.total, "total")

    def signature(self) -> None:
        """The place and date, position, space to sign, name and NIP, on the right."""
        s = self.m.signatory
        first = self.budget_col + 2
        self.row += 2
        lines = [(s.place_and_date, "sign"), (s.position, "sign"), ("", None), ("", None), ("", None)]
        lines.append((s.name or "( ……………………………………… )", "sign_name"))
        if s.nip:
            lines.append((f"NIP. {s.nip}", "sign"))
        for text, kind in lines:
            if kind:
                self.ws.merge_range(self.row, first, self.row, self.last_col, "", self.f[kind])
                self.ws.write_string(self.row, first, text, self.f[kind])
            self.row += 1

    def page_setup(self, header_top: int) -> None:
        """Column widths and printing: A4 (or A3) landscape, one page wide, header repeated."""
        ws = self.ws
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        ws.set_landscape()
        ws.set_paper(8 if paper_for(self.m).name == "A3" else 9)  # Excel's paper codes
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header_top, header_top + 1)
        ws.freeze_panes(header_top + 2, 3)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.center_horizontally()
        ws.set_footer(f"&L&8{footer_text(self.m.title)}&R&8Halaman &P dari &N")
        ws.hide_gridlines(2)


def footer_text(text: str) -> str:
    """Text for an Excel footer, where "&" starts a code."""
    return text.replace("&", "&&")


def _cell(row: int, col: int) -> str:
    """A cell's A1 reference."""
    return xlsxwriter.utility.xl_rowcol_to_cell(row, col)


def fit_logo(path) -> dict:
    """Scale options that make the logo about 62 pixels high."""
    try:
        with Image.open(path) as image:
            height = image.height or 62
    except OSError:
        return {}
    scale = 62 / height
    return {"x_scale": scale, "y_scale": scale}


def to_xlsx(matrix: RadMatrix) -> bytes:
    """The matrix as an XLSX workbook: landscape A4 fitted to the width, header rows repeated on every page."""
    buffer = io.BytesIO()
    workbook = spreadsheets.workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": matrix.title, "subject": matrix.subtitle, "author": matrix.letterhead.name})
    sheet = _Sheet(matrix, workbook)
    sheet.letterhead()
    sheet.headings()
    top = sheet.table_head()
    sheet.body()
    sheet.signature()
    sheet.page_setup(top)
    workbook.close()
    return buffer.getvalue()
