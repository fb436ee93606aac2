"""python-docx helpers shared by the documents not yet on the document engine (meetings, the consolidated
report): the letterhead, the page footer, escaped text. The RAD matrix: ``sinergi.documents.engine.docx``."""

from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

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
