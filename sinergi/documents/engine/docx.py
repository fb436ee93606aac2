"""DOCX through python-docx: real Word tables (header rows repeated on every page, merged cells), one section per
page size and orientation, "Halaman X dari Y" in the footer and a watermark on drafts.

Table rows are written as WordprocessingML text and parsed once: python-docx's element API takes seconds for the
thousands of cells of a large matrix.
"""

import io
from xml.sax.saxutils import escape, quoteattr

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from sinergi.documents.engine import grid
from sinergi.documents.engine.model import (
    Align,
    Annex,
    Document,
    Fields,
    Heading,
    ListBlock,
    Page,
    PageBreak,
    Paragraph,
    RowKind,
    Signatures,
    Table,
)

FONT = "Arial"  # Word substitutes Liberation Sans / Arimo where Arial is missing
HEAD_FILL = "D9E2EC"
FILLS = {RowKind.GROUP: "EEF2F6", RowKind.SUBTOTAL: "F5F7FA", RowKind.TOTAL: HEAD_FILL}
JC = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}
PARAGRAPH_ALIGN = {Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT, Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER}
PARAGRAPH_ALIGN[Align.RIGHT] = WD_ALIGN_PARAGRAPH.RIGHT
# The elements that follow w:pBdr inside w:pPr (the schema fixes their order).
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")
VML = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
TWIPS_PER_MM = 1440 / 25.4


def clean(text) -> str:
    """``text`` without the control characters XML forbids."""
    return "".join(ch for ch in str(text) if ch >= " " or ch in "\t\n")


def xml_text(text) -> str:
    """Text for a w:t element: XML-escaped, without the control characters XML forbids, line breaks as w:br."""
    return escape(clean(text)).replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


def _run(text: str, *, bold=False, italic=False, underline=False, size: float | None = None) -> str:
    if not text:
        return ""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += '<w:u w:val="single"/>' if underline else ""
    props += f'<w:sz w:val="{round(size * 2)}"/>' if size else ""
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def _element(tag: str, **attrs) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(name), str(value))
    return element


class _Writer:
    def __init__(self, document: Document):
        self.doc = document
        self.word = WordDocument()
        self.page = document.page
        props = self.word.core_properties
        props.title, props.author = clean(document.title), clean(document.author)
        normal = self.word.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(document.font_pt)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        self.body = self.word.element.body
        section = self.word.sections[0]
        self._setup(section, document.page)
        self._footer(section)
        if document.draft:
            self._watermark(section)

    # --- page furniture ----------------------------------------------------------------------------------

    @staticmethod
    def _setup(section, page: Page) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        for side in ("left_margin", "right_margin", "top_margin"):
            setattr(section, side, Mm(page.margin_mm))
        section.bottom_margin = Mm(page.margin_mm + 3)
        section.footer_distance = Mm(max(page.margin_mm / 2, 5))

    def _footer(self, section) -> None:
        paragraph = section.footer.paragraphs[0]
        stop = round(self.page.text_width_mm * TWIPS_PER_MM)
        tabs = _element("w:tabs")
        tabs.append(_element("w:tab", **{"w:val": "right", "w:pos": stop}))
        paragraph._p.get_or_add_pPr().append(tabs)
        small = '<w:rPr><w:color w:val="555555"/><w:sz w:val="13"/></w:rPr>'

        def text(value: str) -> str:
            return f'<w:r>{small}<w:t xml:space="preserve">{xml_text(value)}</w:t></w:r>'

        def field(name: str) -> str:
            return f'<w:fldSimple w:instr="{name}"><w:r>{small}<w:t>1</w:t></w:r></w:fldSimple>'

        xml = (
            text(self.doc.footer)
            + f"<w:r>{small}<w:tab/></w:r>"
            + text("Halaman ")
            + field("PAGE")
            + text(" dari ")
            + field("NUMPAGES")
        )
        for element in parse_xml(f"<w:p {nsdecls('w')}>{xml}</w:p>"):
            paragraph._p.append(element)

    def _watermark(self, section) -> None:
        """The draft word across every page, as Word itself writes a text watermark (a VML shape in the header)."""
        shape = (
            f"<w:p {nsdecls('w')} {VML}><w:r><w:pict>"
            '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" path="m0,0l21600,0e">'
            '<v:textpath on="t" fitshape="t"/></v:shapetype>'
            '<v:shape id="SinergiWatermark" type="#_x0000_t136" fillcolor="#d9d9d9" stroked="f" '
            'style="position:absolute;margin-left:0;margin-top:0;width:460pt;height:100pt;rotation:315;'
            "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
            'mso-position-vertical:center;mso-position-vertical-relative:margin">'
            f'<v:fill opacity=".5"/><v:textpath style="font-family:&quot;{FONT}&quot;;font-size:1pt" '
            f"string={quoteattr(self.doc.draft)}/></v:shape></w:pict></w:r></w:p>"
        )
        header = section.header
        header._element.append(parse_xml(shape))

    # --- blocks -------------------------------------------------------------------------------------------

    def _p(self, runs: str, *, align: Align = Align.LEFT, justify=False, indent_mm=0.0, after_pt=0.0, keep=False):
        props = "<w:keepNext/>" if keep else ""
        if after_pt:
            props += f'<w:spacing w:after="{round(after_pt * 20)}"/>'
        if indent_mm:
            props += f'<w:ind w:left="{round(indent_mm * TWIPS_PER_MM)}"/>'
        props += f'<w:jc w:val="{"both" if justify else JC[align]}"/>'
        self._append(f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>")

    def _append(self, xml: str) -> None:
        element = parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")[0]
        self.body.insert(len(self.body) - 1, element)  # before the final w:sectPr

    def letterhead(self) -> None:
        head = self.doc.letterhead
        if head is None:
            return
        width = self.page.text_width_mm
        table = self.word.add_table(rows=1, cols=3)
        table.autofit = False
        widths = [Mm(26), Mm(width - 52), Mm(26)]
        for column, cell, size in zip(table.columns, table.rows[0].cells, widths, strict=True):
            column.width = size
            cell.width = size
        logo_cell, text_cell, _empty = table.rows[0].cells
        if head.logo:
            logo = logo_cell.paragraphs[0]
            logo.alignment = WD_ALIGN_PARAGRAPH.CENTER
            logo.add_run().add_picture(str(head.logo), height=Mm(18))
        lines = [(head.name.upper(), True, 15), *((line, False, 8) for line in head.lines if line)]
        for index, (text, bold, size) in enumerate(lines):
            paragraph = text_cell.paragraphs[0] if index == 0 else text_cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(size)
        rule = self.word.add_paragraph()
        rule.paragraph_format.space_after = Pt(6)
        borders = _element("w:pBdr")
        borders.append(_element("w:bottom", **{"w:val": "double", "w:sz": 6, "w:space": 1, "w:color": "000000"}))
        rule._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDER)

    def title(self) -> None:
        if not self.doc.show_title:
            return
        self._p(_run(self.doc.title, bold=True, size=max(11.5, self.doc.font_pt + 1)), align=Align.CENTER, after_pt=2)
        for line in self.doc.subtitle:
            self._p(_run(line, size=8), align=Align.CENTER)
        self._p("", after_pt=2)

    def blocks(self, blocks) -> None:
        """The blocks in order; one signature right after a table becomes the table's last row (without side or
        bottom borders), so Word and LibreOffice keep it on the page of the totals."""
        blocks = list(blocks)
        skip = False
        for index, block in enumerate(blocks):
            if skip:
                skip = False
                continue
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, Table) and isinstance(after, Signatures) and len(after.items) == 1:
                self.table(block, signature=after)
                skip = True
            else:
                self.block(block)

    def block(self, block) -> None:
        if isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Paragraph):
            run = _run(block.text, bold=block.bold, italic=block.italic, size=block.size_pt)
            self._p(run, align=block.align, justify=block.justify, indent_mm=block.indent_mm, after_pt=4)
        elif isinstance(block, Heading):
            size = self.doc.font_pt + max(0, 3 - block.level)
            align = Align.CENTER if block.level == 1 else Align.LEFT
            self._p(_run(block.text, bold=True, size=size), align=align, after_pt=6, keep=True)
        elif isinstance(block, Fields):
            self.fields(block)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                mark = f"{number}." if block.numbered else "•"
                hanging = '<w:ind w:left="425" w:hanging="425"/>'
                runs = _run(mark) + "<w:r><w:tab/></w:r>" + _run(item)
                tabs = '<w:tabs><w:tab w:val="left" w:pos="425"/></w:tabs>'
                self._append(f"<w:p><w:pPr>{tabs}{hanging}</w:pPr>{runs}</w:p>")
        elif isinstance(block, Signatures):
            self.signatures(block)
        elif isinstance(block, PageBreak):
            self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"Not a block: {block!r}")

    def fields(self, block: Fields) -> None:
        longest = max((len(label) for label, _value in block.pairs), default=0)
        stop = round((block.indent_mm + min(70.0, 2.0 * longest + 4)) * TWIPS_PER_MM)
        left = round(block.indent_mm * TWIPS_PER_MM)
        for label, value in block.pairs:
            runs = _run(label) + "<w:r><w:tab/></w:r>" + _run(": " + value)
            props = f'<w:tabs><w:tab w:val="left" w:pos="{stop}"/></w:tabs>'
            props += f'<w:ind w:left="{stop}" w:hanging="{stop - left}"/>'
            self._append(f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>")

    @staticmethod
    def _signature_paragraphs(item, indent: int = 0, before: int = 0) -> str:
        lines = [_run(text) for text in (item.label, item.place_and_date, item.role) if text]
        lines += [""] * 4
        lines.append(_run(item.name, bold=True, underline=True) if item.name else _run("( ……………………………………… )"))
        if item.id_line:
            lines.append(_run(item.id_line))
        out = []
        for index, runs in enumerate(lines):
            props = "<w:keepNext/>" if index < len(lines) - 1 else ""
            props += f'<w:spacing w:before="{before}"/>' if index == 0 and before else ""
            props += f'<w:ind w:left="{indent}"/>' if indent else ""
            out.append(f'<w:p><w:pPr>{props}<w:jc w:val="center"/></w:pPr>{runs}</w:p>')
        return "".join(out)

    def signatures(self, block: Signatures) -> None:
        width = self.page.text_width_mm * TWIPS_PER_MM
        count = len(block.items)
        cells = [self._signature_paragraphs(item) for item in block.items]
        if count == 1:  # one signature at the right
            cells.insert(0, "<w:p/>")
        cols = [width * 0.6, width * 0.4] if count == 1 else [width / count] * count
        grid_xml = "".join(f'<w:gridCol w:w="{round(w)}"/>' for w in cols)
        row = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{round(w)}" w:type="dxa"/></w:tcPr>{c}</w:tc>'
            for w, c in zip(cols, cells, strict=True)
        )
        self._p("", after_pt=8, keep=True)
        self._append(
            f'<w:tbl><w:tblPr><w:tblW w:w="{round(width)}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
            f"<w:tblGrid>{grid_xml}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{row}</w:tr></w:tbl>"
        )

    def table(self, table: Table, signature: Signatures | None = None) -> None:
        if table.title:
            self._p(_run(table.title, bold=True), after_pt=3, keep=True)
        n = len(table.columns)
        widths = grid.widths_mm(table, self.page.text_width_mm)
        twips = [round(w * TWIPS_PER_MM) for w in widths]
        size = table.font_pt
        word_table = self.word.add_table(rows=0, cols=n)
        word_table.style = "Table Grid"
        word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
        word_table.autofit = False
        for column, width in zip(word_table.columns, widths, strict=True):
            column.width = Mm(width)
        margins = _element("w:tblCellMar")
        for side, value in (("top", 10), ("left", 45), ("bottom", 10), ("right", 45)):
            margins.append(_element(f"w:{side}", **{"w:w": value, "w:type": "dxa"}))
        word_table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
        aligns = [JC[grid.align_of(c)] for c in table.columns]
        out: list[str] = []
        height, header = grid.header_grid(table)
        for placed in grid.placed_rows(height, header, n):
            cells = [
                self._cell(kind, c, twips, JC[c.align] if c.align else "center", HEAD_FILL, size, middle=True)
                for kind, c in placed
            ]
            out.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{''.join(cells)}</w:tr>")
        keep_rows = set()
        for first, count in grid.keep_segments(table):
            keep_rows.update(range(first, first + count - 1))
        body = []
        with grid.indonesian():
            for index, row in enumerate(table.rows):
                body.extend(grid.row_cells(table, row, index))
        placed_body = grid.placed_rows(len(table.rows), body, n)
        for index, (row, placed) in enumerate(zip(table.rows, placed_body, strict=True)):
            fill = FILLS.get(row.kind)
            keep = index in keep_rows or row.keep_with_next
            cells = []
            for kind, c in placed:
                align = JC[c.align] if c.align else aligns[c.col]
                cells.append(self._cell(kind, c, twips, align, fill, size, keep=keep))
            height = f'<w:trHeight w:val="{round(row.min_height_mm * TWIPS_PER_MM)}" w:hRule="atLeast"/>'
            height = height if row.min_height_mm else ""
            out.append(f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>{''.join(cells)}</w:tr>")
        if signature is not None:
            out.append(self._signature_row(signature, twips))
        parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(out)}</w:tbl>")
        for tr in list(parsed):
            word_table._tbl.append(tr)
        self._p("", after_pt=2)

    def _signature_row(self, block: Signatures, twips: list[int]) -> str:
        paragraphs = self._signature_paragraphs(block.items[0], indent=round(sum(twips) * 0.62), before=280)
        borders = '<w:tcBorders><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>'
        props = f'<w:tcW w:w="{sum(twips)}" w:type="dxa"/><w:gridSpan w:val="{len(twips)}"/>{borders}'
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc></w:tr>"

    @staticmethod
    def _cell(kind, cell, twips, align, fill, size, *, middle=False, keep=False) -> str:
        props = f'<w:tcW w:w="{sum(twips[cell.col : cell.col + cell.colspan])}" w:type="dxa"/>'
        if cell.colspan > 1:
            props += f'<w:gridSpan w:val="{cell.colspan}"/>'
        if cell.rowspan > 1:
            props += f'<w:vMerge w:val="{"restart" if kind == "cell" else "continue"}"/>'
        if fill:
            props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        if middle:
            props += '<w:vAlign w:val="center"/>'
        run = _run(cell.text, bold=cell.bold, size=size) if kind == "cell" else ""
        paragraph = ("<w:keepNext/>" if keep else "") + f'<w:jc w:val="{align}"/>'
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr>{paragraph}</w:pPr>{run}</w:p></w:tc>"

    def annex(self, annex: Annex) -> None:
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        self.page = annex.page or self.doc.page
        self._setup(section, self.page)
        self._p(_run(annex.title, bold=True, size=max(11.5, self.doc.font_pt + 1)), align=Align.CENTER, after_pt=6)
        self.blocks(annex.blocks)

    def save(self) -> bytes:
        for run in self.word.sections[0].footer.paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        buffer = io.BytesIO()
        self.word.save(buffer)
        return buffer.getvalue()


def render(document: Document) -> bytes:
    """``document`` as a Word document."""
    writer = _Writer(document)
    writer.letterhead()
    writer.title()
    writer.blocks(document.blocks)
    for annex in document.annexes:
        writer.annex(annex)
    return writer.save()
