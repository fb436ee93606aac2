"""The RAD matrix as a Word document (DOCX) the secretariat can still edit before signing."""

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from sinergi.core import formatting
from sinergi.documents.layout import MARGIN_MM, column_widths_mm, paper_for
from sinergi.documents.rad_matrix import (
    HEADINGS_AFTER_TARGETS,
    HEADINGS_BEFORE_TARGETS,
    RadMatrix,
)

HEAD_FILL = "D9E2EC"
FIELD_FILL = "EEF2F6"
SUM_FILL = "F5F7FA"
# The elements that follow w:pBdr inside w:pPr (the schema fixes their order).
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")
LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def _element(tag: str, **attrs) -> OxmlElement:
    """A WordprocessingML element with namespaced attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(name), str(value))
    return element


def _paragraph(document, text: str = "", *, align=CENTER, bold=False, size: float | None = None, after: float = 0):
    """A paragraph of the document outside the table (title lines, the rule under the letterhead)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    return paragraph


def xml_text(text: str) -> str:
    """Text for a w:t element: XML-escaped, without the control characters XML forbids, line breaks as w:br."""
    clean = "".join(ch for ch in str(text) if ch >= " " or ch in "\t\n")
    return escape(clean).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


class _Table:
    """The matrix table. Its rows are written as WordprocessingML text and parsed once: building hundreds of
    merged rows through python-docx's element API takes seconds."""

    def __init__(self, document, matrix: RadMatrix):
        self.m = matrix
        self.n_before = len(HEADINGS_BEFORE_TARGETS)
        self.n_targets = len(matrix.target_columns)
        self.budget_col = self.n_before + self.n_targets
        self.widths = [Mm(width) for width in column_widths_mm(matrix)]
        self.twips = [round(width.twips) for width in self.widths]
        self.table = document.add_table(rows=0, cols=len(self.widths))
        self.table.style = "Table Grid"
        self.table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.table.autofit = False
        for column, width in zip(self.table.columns, self.widths, strict=True):
            column.width = width
        margins = _element("w:tblCellMar")
        for side in ("top", "bottom"):
            margins.append(_element(f"w:{side}", **{"w:w": 10, "w:type": "dxa"}))
        for side in ("left", "right"):
            margins.append(_element(f"w:{side}", **{"w:w": 45, "w:type": "dxa"}))
        self.table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
        self.rows: list[str] = []
        self.cells: list[str] = []

    def row(self, *, header: bool = False) -> None:
        """End the current row: rows never split across pages; header rows repeat on every page."""
        props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        self.rows.append(f"<w:tr><w:trPr>{props}</w:trPr>{''.join(self.cells)}</w:tr>")
        self.cells = []

    def cell(
        self,
        col: int,
        text="",
        *,
        span=1,
        align="left",
        bold=False,
        fill=None,
        merge=None,
        keep=False,
        middle=False,
        small=False,
    ):
        props = f'<w:tcW w:w="{sum(self.twips[col : col + span])}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if merge:
            props += f'<w:vMerge w:val="{merge}"/>'
        if fill:
            props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        if middle:
            props += '<w:vAlign w:val="center"/>'
        # "Keep with next" on a row's paragraph keeps it on the page of the row below (Word and LibreOffice).
        paragraph = ("<w:keepNext/>" if keep else "") + f'<w:jc w:val="{align}"/>'
        run = ""
        if text != "":
            run_props = ("<w:b/>" if bold else "") + ('<w:sz w:val="13"/>' if small else "")  # 6.5 points
            run = "<w:r>" + (f"<w:rPr>{run_props}</w:rPr>" if run_props else "")
            run += f'<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'
        self.cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr>{paragraph}</w:pPr>{run}</w:p></w:tc>")

    def head(self) -> None:
        """The two heading rows, repeated at the top of every page."""
        head = {"align": "center", "bold": True, "fill": HEAD_FILL, "middle": True}
        first = list(enumerate(HEADINGS_BEFORE_TARGETS))
        for col, text in first:
            self.cell(col, text, merge="restart", **head)
        col = self.n_before
        for year in self.m.target_years:
            span = len(self.m.columns_of_year(year))
            self.cell(col, f"Target {year}", span=span, **head)
            col += span
        for offset, text in enumerate(HEADINGS_AFTER_TARGETS):
            self.cell(self.budget_col + offset, text, merge="restart", **head)
        self.row(header=True)
        for col, _text in first:
            self.cell(col, merge="continue", **head)
        for index, column in enumerate(self.m.target_columns):
            self.cell(self.n_before + index, column.label, small=True, **head)
        for offset in range(len(HEADINGS_AFTER_TARGETS)):
            self.cell(self.budget_col + offset, merge="continue", **head)
        self.row(header=True)

    def action(self, entry) -> None:
        """One action: a row per indicator, the action's own cells merged down them."""
        lines = entry.lines
        after = [
            (formatting.rupiah(entry.budget, empty=""), "right"),
            (entry.budget_source, "center"),
            (entry.responsible, "left"),
            (entry.supporting, "left"),
            (entry.location, "left"),
            (entry.schedule, "center"),
        ]
        for i, line in enumerate(lines):
            merge = None if len(lines) == 1 else ("restart" if i == 0 else "continue")
            first = i == 0
            keep = i < len(lines) - 1
            self.cell(0, entry.number if first else "", align="center", merge=merge, keep=keep)
            self.cell(1, entry.national_code if first else "", align="center", merge=merge)
            self.cell(2, entry.title if first else "", merge=merge)
            self.cell(3, line.name, keep=keep)
            self.cell(4, line.unit, align="center")
            for j in range(self.n_targets):
                value = line.targets[j] if j < len(line.targets) else None
                self.cell(self.n_before + j, formatting.quantity(value, empty=""), align="right")
            for offset, (text, align) in enumerate(after):
                self.cell(self.budget_col + offset, text if first else "", align=align, merge=merge)
            self.row()

    def full_row(self, text: str, *, fill=None, keep=False) -> None:
        """A row of one cell across the table (a field's heading)."""
        self.cell(0, text, span=len(self.widths), bold=True, fill=fill, keep=keep)
        self.row()

    def sum_row(self, label: str, amount: int, fill: str, *, keep=False) -> None:
        """A subtotal or total row: the label, then the amount under "Anggaran"."""
        self.cell(0, label, span=self.budget_col, align="right", bold=True, fill=fill, keep=keep)
        self.cell(self.budget_col, formatting.rupiah(amount, empty=""), align="right", bold=True, fill=fill)
        self.cell(self.budget_col + 1, span=len(self.widths) - self.budget_col - 1, fill=fill)
        self.row()

    def body(self) -> None:
        """Every field with its actions and subtotal, then the total."""
        for index, group in enumerate(self.m.fields):
            self.full_row(group.heading, fill=FIELD_FILL, keep=True)
            for entry in group.actions:
                self.action(entry)
            last = index == len(self.m.fields) - 1
            self.sum_row(f"Jumlah {group.heading}", group.subtotal, SUM_FILL, keep=last)
        if not self.m.fields:
            self.full_row("Belum ada aksi.", keep=True)
        # The grand total keeps with the signature below the table, so the signature never stands alone.
        self.sum_row("Jumlah seluruhnya", self.m.total, HEAD_FILL, keep=True)

    def signature(self) -> None:
        """The signature as the table's last row, without side or bottom borders, kept with the totals above."""
        s = self.m.signatory
        lines = [(s.place_and_date, ""), (s.position, ""), *[("", "")] * 4]
        lines.append((s.name or "( ……………………………………… )", '<w:rPr><w:b/><w:u w:val="single"/></w:rPr>'))
        if s.nip:
            lines.append((f"NIP. {s.nip}", ""))
        indent = round(sum(self.twips) * 0.62)
        paragraphs = []
        for index, (text, run_props) in enumerate(lines):
            keep = "<w:keepNext/>" if index < len(lines) - 1 else ""
            spacing = '<w:spacing w:before="280"/>' if index == 0 else ""
            run = f'<w:r>{run_props}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>' if text else ""
            properties = f'{keep}{spacing}<w:ind w:left="{indent}"/><w:jc w:val="center"/>'
            paragraphs.append(f"<w:p><w:pPr>{properties}</w:pPr>{run}</w:p>")
        borders = '<w:tcBorders><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
        width = sum(self.twips)
        props = f'<w:tcW w:w="{width}" w:type="dxa"/><w:gridSpan w:val="{len(self.twips)}"/>{borders}'
        self.cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paragraphs)}</w:tc>")
        self.row()

    def close(self) -> None:
        """Parse the rows written so far and put them into the document's table."""
        parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(self.rows)}</w:tbl>")
        tbl = self.table._tbl
        for tr in list(parsed):
            tbl.append(tr)


def letterhead(document, matrix, width_mm: float) -> None:
    """The kop surat of ``matrix`` (anything with a ``letterhead``): logo, name, address, contacts, a double rule."""
    kop = matrix.letterhead
    table = document.add_table(rows=1, cols=3)
    table.autofit = False
    widths = [Mm(26), Mm(width_mm - 52), Mm(26)]
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = width
        cell.width = width
    logo_cell, text_cell, _empty = table.rows[0].cells
    if kop.logo_path:
        logo = logo_cell.paragraphs[0]
        logo.alignment = CENTER
        logo.add_run().add_picture(str(kop.logo_path), height=Mm(18))
    lines = [(kop.name.upper(), True, 15), (kop.address, False, 8), (kop.contacts, False, 8)]
    for index, (text, bold, size) in enumerate(line for line in lines if line[0]):
        paragraph = text_cell.paragraphs[0] if index == 0 else text_cell.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
    rule = _paragraph(document, after=6)
    borders = _element("w:pBdr")
    borders.append(_element("w:bottom", **{"w:val": "double", "w:sz": 6, "w:space": 1, "w:color": "000000"}))
    pPr = rule._p.get_or_add_pPr()
    pPr.insert_element_before(borders, *PPR_AFTER_BORDER)


def page_footer(section, title: str) -> None:
    """The footer on every page: the title and "Halaman x dari y"."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = RIGHT
    run = paragraph.add_run(f"{title} · Halaman ")
    run.font.size = Pt(6.5)
    for index, field in enumerate(("PAGE", "NUMPAGES")):
        if index:
            paragraph.add_run(" dari ").font.size = Pt(6.5)
        simple = _element("w:fldSimple", **{"w:instr": field})
        run = _element("w:r")
        properties = _element("w:rPr")
        properties.append(_element("w:color", **{"w:val": "555555"}))
        properties.append(_element("w:sz", **{"w:val": 13}))
        run.append(properties)
        run.append(_element("w:t"))
        run[-1].text = "1"
        simple.append(run)
        paragraph._p.append(simple)


def to_docx(matrix: RadMatrix) -> bytes:
    """The matrix as a landscape Word document: letterhead, table whose header rows repeat, signature block."""
    paper = paper_for(matrix)
    document = Document()
    document.core_properties.title = matrix.title
    document.core_properties.author = matrix.letterhead.name
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(paper.font_pt)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(paper.width), Mm(paper.height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.footer_distance = Mm(5)
    width_mm = paper.table_width

    letterhead(document, matrix, width_mm)
    _paragraph(document, matrix.title, bold=True, size=11.5, after=2)
    for text in (matrix.subtitle, matrix.national_plan):
        _paragraph(document, text, size=8)
    if matrix.scope_note:
        _paragraph(document, matrix.scope_note, size=8).runs[0].italic = True
    _paragraph(document, after=2)
    table = _Table(document, matrix)
    table.head()
    table.body()
    table.signature()
    table.close()
    page_footer(section, matrix.title)
    for run in document.sections[0].footer.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
