"""PDF through Typst (typst-py compiles in-process): the document becomes Typst markup, then a PDF.

Every string of the document enters the markup as a Typst string literal (``lit``), never as markup, so "#", "$",
"*", "_", "@", "<", "[" and the like print as themselves and can run no code. Only the letterhead logo is
readable by the compiler: its folder is the project root and no user string can name a file.

Fonts: the machine's (Liberation Sans, else DejaVu Sans); no font is downloaded.
"""

import functools
import tempfile
import threading
from pathlib import Path

import typst

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

FONTS = ("Liberation Sans", "Arimo", "DejaVu Sans")  # sans fonts covering Indonesian, the first present is used
HEAD_FILL = 'rgb("#d9e2ec")'
FILLS = {RowKind.GROUP: 'rgb("#eef2f6")', RowKind.SUBTOTAL: 'rgb("#f5f7fa")', RowKind.TOTAL: HEAD_FILL}
ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}
CONTROL = {i: None for i in range(32) if i not in (9, 10)}
_fonts = None
_fonts_lock = threading.Lock()


def lit(text) -> str:
    """``text`` as a Typst string literal: shown as written, never read as markup or code."""
    clean = str(text).translate(CONTROL)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _mm(value: float) -> str:
    return f"{value:.2f}mm"


def _page_rule(page: Page) -> str:
    margin = f"(x: {_mm(page.margin_mm)}, top: {_mm(page.margin_mm)}, bottom: {_mm(page.margin_mm + 3)})"
    return f"#set page(width: {_mm(page.width_mm)}, height: {_mm(page.height_mm)}, margin: {margin})\n"


def _preamble(document: Document) -> str:
    footer_left = lit(document.footer)
    watermark = ""
    if document.draft:
        watermark = f', background: rotate(-35deg, text(90pt, weight: "bold", fill: luma(90%), {lit(document.draft)}))'
    return (
        f"#set document(title: {lit(document.title)}, author: {lit(document.author)})\n"
        f'#set text(font: ({_families()}), size: {document.font_pt}pt, lang: "id", fallback: true)\n'
        "#set par(spacing: 0.65em, leading: 0.45em)\n"
        f"#show heading: set text(size: {document.font_pt}pt)\n"
        f"#show heading.where(level: 1): set text(size: {document.font_pt + 2}pt)\n"
        f"#show heading.where(level: 2): set text(size: {document.font_pt + 1}pt)\n"
        "#show heading.where(level: 1): set align(center)\n"
        "#show heading: set block(above: 1.2em, below: 0.8em)\n"
        '#set page(footer: context { set text(6.5pt, fill: rgb("#555555")); '
        f"grid(columns: (1fr, auto), column-gutter: 4mm, {footer_left}, "
        "[Halaman #counter(page).display() dari #counter(page).final().first()]) }"
        f"{watermark})\n" + _page_rule(document.page)
    )


def _letterhead(document: Document) -> str:
    head = document.letterhead
    if head is None:
        return ""
    logo = f"image({lit('/' + head.logo.name)}, height: 18mm)" if head.logo else "[]"
    lines = [f'text(15pt, weight: "bold", {lit(head.name.upper())})']
    lines += [f"text(8pt, {lit(line)})" for line in head.lines if line]
    text = "stack(spacing: 1.2mm, " + ", ".join(lines) + ")"
    return (
        f"#grid(columns: (22mm, 1fr, 22mm), align: center + horizon, {logo}, {text}, [])\n"
        "#block(above: 1mm, below: 3mm, stack(spacing: 1.2pt, line(length: 100%, stroke: 1.2pt), "
        "line(length: 100%, stroke: 0.5pt)))\n"
    )


def _title(document: Document) -> str:
    if not document.show_title:
        return ""
    size = max(11.5, document.font_pt + 1)
    parts = [f'text({size}pt, weight: "bold", {lit(document.title)})']
    parts += [f"text(8pt, {lit(line)})" for line in document.subtitle]
    return "#align(center, stack(spacing: 1.6mm, " + ", ".join(parts) + "))\n#v(2mm)\n"


SHY = "\u00ad"
CHAR_MM_PER_PT = 0.6 * 25.4 / 72  # the width of an average character of a sans font, per point of size


def breakable(text: str, capacity: int) -> str:
    """``text`` with soft hyphens in words longer than ``capacity`` characters, so a narrow column can break them
    (Typst has no Indonesian hyphenation patterns; CSS's overflow-wrap did this for WeasyPrint)."""
    if len(text) <= capacity or capacity < 2:
        return text
    words = text.split(" ")
    return " ".join(SHY.join(word) if len(word) > capacity else word for word in words)


def _cell(cell: grid.GridCell, fill: str | None = None, align: str | None = None, capacity: int = 0) -> str:
    text = breakable(cell.text, capacity) if capacity else cell.text
    body = f"strong({lit(text)})" if cell.bold and text else (lit(text) if text else "[]")
    args = []
    if cell.rowspan > 1:
        args.append(f"rowspan: {cell.rowspan}")
    if cell.colspan > 1:
        args.append(f"colspan: {cell.colspan}")
    if fill:
        args.append(f"fill: {fill}")
    if align:
        args.append(f"align: {align}")
    if not args:
        return body
    return f"table.cell({', '.join(args)}, {body})"


def _table(table: Table, page: Page, font_pt: float) -> str:
    n = len(table.columns)
    size = table.font_pt or font_pt
    capacities = [int((w - 1.6) / (size * CHAR_MM_PER_PT)) for w in grid.widths_mm(table, page.text_width_mm)]
    segments = grid.keep_segments(table)
    keep = any(count > 1 for _first, count in segments)
    widths = [_mm(c.width_mm) if c.width_mm is not None else f"{c.weight:g}fr" for c in table.columns]
    aligns = [ALIGN[grid.align_of(c)] for c in table.columns]
    if keep:  # a hidden column whose unbreakable cells hold each run of rows on one page
        widths.append("0pt")
        aligns.append("left")
    out = []
    if table.title:
        out.append(f"#block(below: 1.5mm, strong({lit(table.title)}))\n")
    out.append("#{\n")
    if table.font_pt:
        out.append(f"set text(size: {table.font_pt}pt)\n")
    line = '0.5pt + rgb("#333333")'
    stroke = f"(x, y) => if x == {n} {{ (left: {line}) }} else {{ {line} }}" if keep else line
    inset = f"(x, y) => if x == {n} {{ 0pt }} else {{ (x: 0.8mm, y: 0.6mm) }}" if keep else "(x: 0.8mm, y: 0.6mm)"
    out.append(
        f"table(columns: ({', '.join(widths)},), align: ({', '.join(a + ' + top' for a in aligns)},), "
        f"stroke: {stroke}, inset: {inset},\n"
    )
    height, header = grid.header_grid(table)
    head = [_cell(c, HEAD_FILL, "center + horizon", _capacity(capacities, c)) for c in header]
    if keep:  # after the first header row's cells, so the hidden column's cell is that row's last
        first_row = sum(1 for c in header if c.row == 0)
        head.insert(first_row, f"table.cell(rowspan: {height}, [])")
    out.append("table.header(repeat: true, " + ", ".join(head) + "),\n")
    starts = {first: count for first, count in segments}
    with grid.indonesian():
        for index, row in enumerate(table.rows):
            fill = FILLS.get(row.kind)
            cells = grid.row_cells(table, row, index)
            parts = [
                _cell(c, fill, ALIGN[c.align] + " + top" if c.align else None, _capacity(capacities, c)) for c in cells
            ]
            if keep and index in starts:
                count = starts[index]
                parts.append(f"table.cell(rowspan: {count}, breakable: false, [])" if count > 1 else "[]")
            out.append(", ".join(parts) + ",\n")
    out.append(")\n}\n")
    return "".join(out)


def _capacity(capacities: list[int], cell: grid.GridCell) -> int:
    return sum(capacities[cell.col : cell.col + cell.colspan]) if cell.colspan == 1 else 0


def _paragraph(block: Paragraph) -> str:
    args = []
    if block.bold:
        args.append('weight: "bold"')
    if block.italic:
        args.append('style: "italic"')
    if block.size_pt:
        args.append(f"size: {block.size_pt}pt")
    body = f"text({', '.join([*args, lit(block.text)])})"
    justify = "true" if block.justify else "false"
    return f"#pad(left: {_mm(block.indent_mm)}, align({ALIGN[block.align]}, par(justify: {justify}, {body})))\n"


def _fields(block: Fields) -> str:
    cells = ", ".join(f'{lit(label)}, ":", {lit(value)}' for label, value in block.pairs)
    return (
        f"#pad(left: {_mm(block.indent_mm)}, grid(columns: (auto, auto, 1fr), column-gutter: 1.5mm, "
        f"row-gutter: 0.65em, {cells}))\n"
    )


def _signatures(block: Signatures) -> str:
    stacks = []
    for item in block.items:
        parts = [lit(text) for text in (item.label, item.place_and_date, item.role) if text]
        name = f"underline(strong({lit(item.name)}))" if item.name else lit("( ……………………………………… )")
        parts += ["v(16mm)", name]
        if item.id_line:
            parts.append(lit(item.id_line))
        stacks.append("align(center, stack(spacing: 0.65em, " + ", ".join(parts) + "))")
    if len(stacks) == 1:
        return f"#v(6mm)\n#align(right, block(breakable: false, width: 40%, {stacks[0]}))\n"
    columns = ", ".join(["1fr"] * len(stacks))
    return f"#v(6mm)\n#block(breakable: false, width: 100%, grid(columns: ({columns}), {', '.join(stacks)}))\n"


def _block(block, document: Document, page: Page) -> str:
    if isinstance(block, Table):
        return _table(block, page, document.font_pt)
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Heading):
        return f"#heading(level: {max(1, min(block.level, 6))}, {lit(block.text)})\n"
    if isinstance(block, Fields):
        return _fields(block)
    if isinstance(block, ListBlock):
        kind = "enum" if block.numbered else "list"
        return f"#{kind}({', '.join(lit(item) for item in block.items) or '[]'})\n" if block.items else ""
    if isinstance(block, Signatures):
        return _signatures(block)
    if isinstance(block, PageBreak):
        return "#pagebreak()\n"
    raise TypeError(f"Not a block: {block!r}")


def _annex(document: Document, annex: Annex) -> str:
    out = [_page_rule(annex.page or document.page)]
    out.append(f'#align(center, text({max(11.5, document.font_pt + 1)}pt, weight: "bold", {lit(annex.title)}))\n')
    out.append("#v(2mm)\n")
    out.extend(_block(block, document, annex.page or document.page) for block in annex.blocks)
    return "".join(out)


def typst_source(document: Document) -> str:
    """The Typst markup of ``document`` (what the PDF is compiled from; handy to inspect its text)."""
    parts = [_preamble(document), _letterhead(document), _title(document)]
    parts.extend(_block(block, document, document.page) for block in document.blocks)
    parts.extend(_annex(document, annex) for annex in document.annexes)
    return "".join(parts)


def _font_set():
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            _fonts = typst.Fonts(include_system_fonts=True, include_embedded_fonts=True)
        return _fonts


@functools.cache
def _empty_root() -> str:
    """An empty folder as the project root of a document without a logo: the compiler can read no file."""
    return tempfile.mkdtemp(prefix="sinergi-typst-")


def _families() -> str:
    """The preferred fonts this machine has, as a Typst array's items (Typst warns of every missing one)."""
    present = {family.lower() for family in _font_set().families()}
    return ", ".join(lit(family) for family in FONTS if family.lower() in present) or lit(FONTS[-1])


def render(document: Document) -> bytes:
    """``document`` as a PDF."""
    source = typst_source(document).encode()
    logo: Path | None = document.letterhead.logo if document.letterhead else None
    root = str(logo.parent) if logo else _empty_root()
    compiler = typst.Compiler(root=root, font_paths=_font_set(), ignore_system_fonts=True)
    return compiler.compile(input=source, format="pdf", pdf_tags=False)
