"""PDF through Typst (typst-py compiles in-process): the document becomes Typst markup, then a PDF.

Every string of the document enters the markup as a Typst string literal (``lit``), never as markup, so "#", "$",
"*", "_", "@", "<", "[" and the like print as themselves and can run no code. Only the letterhead logo is
readable by the compiler: its folder is the project root and no user string can name a file.

Fonts: the machine's (Liberation Sans, else DejaVu Sans); no font is downloaded.
"""

import functools
import re
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
# A cell of the hidden column: no padding, no lines but the table's right edge at its left.
HIDDEN = 'inset: 0pt, stroke: (left: 0.5pt + rgb("#333333"), top: none, right: none, bottom: none)'
INSET_X_MM, INSET_Y_MM = 1.2, 0.8  # a cell's padding: descenders clear the rule below, text clears the sides
PT_MM = 25.4 / 72
# Rough advance widths, in ems, of Liberation Sans (Arial's proportions), enough to tell whether a word fits a
# column; bold runs about 6 % wider, DejaVu Sans (the fallback) about 12 %.
NARROW, WIDE = set("fijlrtI.,;:'!|()[] "), set("mwMW")
BOLD, DEJAVU = 1.06, 1.12
WORD = re.compile(r"\S+")
SHORT = 3  # "ASN", "No": broken they say nothing ("A-S-N"); a column's padding has room for their overflow


def _word_em(word: str) -> float:
    em = 0.0
    for ch in word:
        if ch in NARROW:
            em += 0.3
        elif ch in WIDE:
            em += 0.85
        elif ch.isupper():
            em += 0.68
        else:
            em += 0.56
    return em


@functools.cache
def _font_scale() -> float:
    """How much wider than Liberation Sans the font this machine prints with runs."""
    return 1.0 if _families().startswith(tuple(lit(f)[:-1] for f in FONTS[:2])) else DEJAVU


def breakable(text: str, width_mm: float, size_pt: float, bold: bool = False) -> str:
    """``text`` with soft hyphens only in words too wide for a column ``width_mm`` wide (its padding taken off).

    Typst has no Indonesian hyphenation patterns and lets a word wider than its column run over the rule, so such a
    word gets a soft hyphen between its letters; every other word stays whole, in print and in the PDF's text layer
    (a reader searching the PDF finds "dilanjutkan"). Words with a digit are never broken: "180" must not print as
    "18-" / "0"; a number wider than its column is the builder's to avoid; nor are words of up to three letters."""
    inner_em = (width_mm - 2 * INSET_X_MM) / (size_pt * PT_MM * _font_scale() * (BOLD if bold else 1.0))
    if inner_em <= 0 or _word_em(text) <= inner_em:
        return text

    def soften(match: re.Match) -> str:
        word = match.group()
        if len(word) <= SHORT or _word_em(word) <= inner_em or any(ch.isdigit() for ch in word):
            return word
        return SHY.join(word)

    return WORD.sub(soften, text)


def _cell(cell: grid.GridCell, fill: str | None = None, align: str | None = None, room=None, strut: str = "") -> str:
    text = breakable(cell.text, *room, bold=cell.bold) if room and cell.text else cell.text
    body = f"strong({lit(text)})" if cell.bold and text else (lit(text) if text else "[]")
    if strut:
        body = f"stack(dir: ltr, box(width: 0pt, height: {strut}), {body})"
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


def _table(table: Table, page: Page, font_pt: float, signature: Signatures | None = None) -> str:
    """The table; a ``signature`` right after it becomes its last row, without side borders, held on one page with
    the table's last rows (as in the DOCX), so a signature never stands alone at the top of a page."""
    size = table.font_pt or font_pt
    widths_mm = grid.widths_mm(table, page.text_width_mm)
    segments = grid.keep_segments(table)
    keep = signature is not None or any(count > 1 for _first, count in segments)
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
    stroke, inset = line, f"(x: {_mm(INSET_X_MM)}, y: {_mm(INSET_Y_MM)})"
    out.append(
        f"table(columns: ({', '.join(widths)},), align: ({', '.join(a + ' + top' for a in aligns)},), "
        f"stroke: {stroke}, inset: {inset},\n"
    )
    height, header = grid.header_grid(table)
    head = [
        _cell(c, HEAD_FILL, ALIGN[c.align or Align.CENTER] + " + horizon", _room(widths_mm, c, size)) for c in header
    ]
    if keep:  # after the first header row's cells, so the hidden column's cell is that row's last
        first_row = sum(1 for c in header if c.row == 0)
        head.insert(first_row, f"table.cell(rowspan: {height}, {HIDDEN}, [])")
    out.append("table.header(repeat: true, " + ", ".join(head) + "),\n")
    starts = {first: count for first, count in segments}
    last = segments[-1][0] if segments else None
    with grid.indonesian():
        for index, row in enumerate(table.rows):
            fill = FILLS.get(row.kind)
            cells = grid.row_cells(table, row, index)
            # A row's minimum height: an invisible strut beside the first cell's text.
            strut = _mm(max(row.min_height_mm - 2 * INSET_Y_MM, 0)) if row.min_height_mm else ""
            parts = [
                _cell(c, fill, ALIGN[c.align] + " + top" if c.align else None, _room(widths_mm, c, size),
                      strut if i == 0 else "")
                for i, c in enumerate(cells)
            ]  # fmt: skip
            if keep and index in starts:
                count = starts[index]
                if signature is not None and index == last:  # the signature row joins the table's last run
                    parts.append(f"table.cell(rowspan: {count + 1}, breakable: false, inset: 0pt, stroke: none, [])")
                else:
                    parts.append(f"table.cell(rowspan: {count}, breakable: false, {HIDDEN}, [])")
            out.append(", ".join(parts) + ",\n")
    if signature is not None:
        n = len(table.columns)
        sign = f"pad(top: 6mm, {_signature_content(signature)})"
        out.append(f"table.cell(colspan: {n}, stroke: (top: {line}, rest: none), inset: 0pt, {sign}),\n")
        if last is None:
            out.append("table.cell(breakable: false, inset: 0pt, stroke: none, []),\n")
        out.append(f"table.vline(x: {n}, start: 0, end: {height + len(table.rows)}, stroke: {line}),\n")
    out.append(")\n}\n")
    return "".join(out)


def _room(widths_mm: list[float], cell: grid.GridCell, size_pt: float) -> tuple[float, float] | None:
    """(the cell's width, its font size) for ``breakable``; None for a cell across columns (wide enough)."""
    return (widths_mm[cell.col], size_pt) if cell.colspan == 1 else None


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


def _signature_content(block: Signatures) -> str:
    """The signatures as a Typst expression: one at the right, or several side by side."""
    stacks = []
    for item in block.items:
        parts = [lit(text) for text in (item.label, item.place_and_date, item.role) if text]
        name = f"underline(strong({lit(item.name)}))" if item.name else lit("( ……………………………………… )")
        parts += ["v(16mm)", name]
        if item.id_line:
            parts.append(lit(item.id_line))
        stacks.append("align(center, stack(spacing: 0.65em, " + ", ".join(parts) + "))")
    if len(stacks) == 1:
        return f"align(right, block(width: 40%, {stacks[0]}))"
    columns = ", ".join(["1fr"] * len(stacks))
    return f"grid(columns: ({columns}), {', '.join(stacks)})"


def _signatures(block: Signatures) -> str:
    return f"#v(6mm)\n#block(breakable: false, width: 100%, {_signature_content(block)})\n"


def _blocks(blocks, document: Document, page: Page) -> str:
    """The blocks in order. A signature never stands alone at the top of a page: right after a table it becomes
    the table's last row (held with the last rows); after anything else it shares one unbreakable block with it."""
    blocks = list(blocks)
    out = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(after, Signatures) and isinstance(block, Table):
            out.append(_table(block, page, document.font_pt, signature=after))
            index += 2
        elif isinstance(after, Signatures) and isinstance(block, Paragraph | Fields | ListBlock | Heading):
            inner = _block(block, document, page) + _signatures(after)
            out.append(f"#block(breakable: false, width: 100%)[\n{inner}]\n")
            index += 2
        else:
            out.append(_block(block, document, page))
            index += 1
    return "".join(out)


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
    out.append(_blocks(annex.blocks, document, annex.page or document.page))
    return "".join(out)


def typst_source(document: Document) -> str:
    """The Typst markup of ``document`` (what the PDF is compiled from; handy to inspect its text)."""
    parts = [_preamble(document), _letterhead(document), _title(document)]
    parts.append(_blocks(document.blocks, document, document.page))
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


@functools.cache
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
