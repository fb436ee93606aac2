"""The document model: what an official document holds, independent of the file format that prints it.

Values in table cells are typed by their column (:class:`Kind`): builders put numbers, amounts, percentages and
dates in as Python values and every renderer writes them the one Indonesian way (``sinergi.core.formatting``);
spreadsheets keep them as numbers with a number format, so totals can be recomputed by the reader.

A document is a sequence of blocks on pages of one size and orientation; annexes (lampiran) start on a new page
and may have their own orientation. The words in a document are the builder's (official documents are in
Indonesian whatever the interface language); the renderers add only page furniture ("Halaman 2 dari 5").
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"  # str; newlines are kept
    NUMBER = "number"  # int or Decimal, written with the decimals it has (at most 2): "1.250", "12,5"
    RUPIAH = "rupiah"  # int or Decimal amount of money: "Rp14.500.000"
    PERCENT = "percent"  # 0–100 as Decimal/float: "53,3 %"
    DATE = "date"  # datetime.date: "3 Desember 2026"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Letterhead:
    """The kop surat of the government (or agency) that issues the document."""

    name: str  # "PEMERINTAH KOTA METRO" — renderers write it in capitals
    lines: tuple[str, ...] = ()  # address, then contacts ("Telp. … · Surel: …")
    logo: Path | None = None  # a PNG/JPEG on disk


@dataclass(frozen=True)
class Column:
    """One column of a table. ``width_mm`` fixes its width; columns without one share what is left by ``weight``."""

    heading: str
    kind: Kind = Kind.TEXT
    width_mm: float | None = None
    weight: float = 1.0
    align: Align | None = None  # default: right for numbers, amounts and percentages, left otherwise


@dataclass(frozen=True)
class HeaderCell:
    """A cell of a header row above the column headings; ``span`` columns wide (merged)."""

    text: str
    span: int = 1
    align: Align = Align.CENTER


class RowKind(StrEnum):
    BODY = "body"
    GROUP = "group"  # a heading row: its single cell spans the whole table ("I. BIDANG PENCEGAHAN")
    SUBTOTAL = "subtotal"  # bold, lightly shaded
    TOTAL = "total"  # bold, shaded


@dataclass(frozen=True)
class Cell:
    """A cell that spans rows or columns, or is bold; plain values may be given without wrapping them in a Cell."""

    value: object
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    align: Align | None = None  # default: the column's


# Put COVERED where a cell of an earlier row (rowspan) or of this row (colspan) covers the position, so that every
# row has exactly one entry per column.
COVERED = object()


@dataclass(frozen=True)
class Row:
    cells: tuple[object, ...]  # one per column: a value, a Cell, None (empty) or COVERED
    kind: RowKind = RowKind.BODY
    keep_with_next: bool = False  # e.g. the first lines of an action: do not break the page after this row
    min_height_mm: float = 0.0  # at least this tall (room to write by hand on a sign-in sheet); 0: as its text


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # Rows above the column headings, top first; each row's spans add up to the number of columns. An empty
    # HeaderCell ("", span 1) means the column heading below reaches up into that row (merged vertically), as
    # "No" does beside "Target 2025" spanning "Smt I", "Smt II".
    header_rows: tuple[tuple[HeaderCell, ...], ...] = ()
    title: str = ""  # a caption above the table
    font_pt: float | None = None  # smaller than the document's font for wide tables
    numbered_headings: bool = False  # a row "(1) (2) (3) …" under the headings, as in Indonesian forms
    frozen_columns: int = 0  # spreadsheets keep this many columns in view when scrolling sideways


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: chapter ("BAB I PENDAHULUAN"), 2: section, 3: sub-section


@dataclass(frozen=True)
class Paragraph:
    text: str
    align: Align = Align.LEFT  # justified text is Align.LEFT with justify=True
    justify: bool = False
    bold: bool = False
    italic: bool = False
    size_pt: float | None = None
    indent_mm: float = 0.0


@dataclass(frozen=True)
class Fields:
    """Label–value lines aligned on a colon, as in a letter ("Hari/tanggal : Senin, 7 Desember 2026")."""

    pairs: tuple[tuple[str, str], ...]
    indent_mm: float = 0.0


@dataclass(frozen=True)
class ListBlock:
    items: tuple[str, ...]
    numbered: bool = True  # "1." … or bullets


@dataclass(frozen=True)
class Signature:
    """A signature block: "Metro, 3 Desember 2026 / Wali Kota Metro / (space) / NAME / NIP …"."""

    role: str  # "WALI KOTA METRO", "Ketua Tim Terpadu P4GN"
    name: str = ""
    place_and_date: str = ""
    id_line: str = ""  # "NIP 19700101 199503 1 001", or ""
    label: str = ""  # above the place and date, e.g. "Mengetahui,"


@dataclass(frozen=True)
class Signatures:
    """One signature (at the right) or several side by side."""

    items: tuple[Signature, ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Fields | ListBlock | Table | Signatures | PageBreak


class PageSize(StrEnum):
    A4 = "A4"  # 210 × 297 mm
    A3 = "A3"  # 297 × 420 mm
    F4 = "F4"  # 215 × 330 mm (folio), common in Indonesian offices


PAGE_MM = {PageSize.A4: (210.0, 297.0), PageSize.A3: (297.0, 420.0), PageSize.F4: (215.0, 330.0)}


@dataclass(frozen=True)
class Page:
    size: PageSize = PageSize.A4
    landscape: bool = False
    margin_mm: float = 20.0

    @property
    def width_mm(self) -> float:
        short, long = PAGE_MM[self.size]
        return long if self.landscape else short

    @property
    def height_mm(self) -> float:
        short, long = PAGE_MM[self.size]
        return short if self.landscape else long

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - 2 * self.margin_mm


@dataclass(frozen=True)
class Annex:
    """A lampiran: starts on a new page (its own page size when given) with its title, then its blocks."""

    title: str
    blocks: tuple[Block, ...]
    page: Page | None = None
    sheet_name: str = ""  # the worksheet's name in spreadsheets (≤ 31 characters); default: from the title


@dataclass(frozen=True)
class Document:
    title: str  # the title block's first line and the file's metadata title
    blocks: tuple[Block, ...]
    subtitle: tuple[str, ...] = ()  # centred lines under the title
    letterhead: Letterhead | None = None
    page: Page = field(default_factory=Page)
    annexes: tuple[Annex, ...] = ()
    draft: str = ""  # a watermark across every page, e.g. "RANCANGAN"; "" for a final document
    font_pt: float = 11.0
    author: str = ""  # metadata
    footer: str = ""  # left of the page number at the foot of every page
    filename_stem: str = "dokumen"  # ASCII, without extension
    sheet_name: str = ""  # the first worksheet's name in spreadsheets; default: from the title
    show_title: bool = True  # letters put their title inside the body instead


__all__ = [
    "COVERED",
    "Align",
    "Annex",
    "Block",
    "Cell",
    "Column",
    "Document",
    "Fields",
    "HeaderCell",
    "Heading",
    "Kind",
    "Letterhead",
    "ListBlock",
    "Page",
    "PageBreak",
    "PageSize",
    "Paragraph",
    "Row",
    "RowKind",
    "Signature",
    "Signatures",
    "Table",
]

# Values a renderer accepts in a cell of each kind (documentation for builders; renderers check nothing more).
VALUE_TYPES = {
    Kind.TEXT: (str,),
    Kind.NUMBER: (int, Decimal, float),
    Kind.RUPIAH: (int, Decimal),
    Kind.PERCENT: (int, Decimal, float),
    Kind.DATE: (date,),
}
