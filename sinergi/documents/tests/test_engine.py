"""The document engine: every block in every format, read back (python-docx, openpyxl, the PDF's text through
pdftotext when installed, else the Typst markup), escaping of user text, merged headers, numeric totals."""

import io
import json
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal

import pytest
import typst
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from sinergi.documents.engine import FORMATS, filename, grid, render
from sinergi.documents.engine.model import (
    COVERED,
    Align,
    Annex,
    Cell,
    Column,
    Document,
    Fields,
    HeaderCell,
    Heading,
    Kind,
    Letterhead,
    ListBlock,
    Page,
    PageBreak,
    Paragraph,
    Row,
    RowKind,
    Signature,
    Signatures,
    Table,
)
from sinergi.documents.engine.pdf import SHY, breakable, lit, typst_source

NASTY = 'Judul #x $y$ *b* _i_ @ref <lbl> \\n [a] ]) "kutip" `kode` // komentar'


def _table(**options) -> Table:
    return Table(
        columns=(
            Column("No", width_mm=8, align=Align.CENTER),
            Column("Uraian", weight=3),
            Column("Smt I", Kind.NUMBER),
            Column("Smt II", Kind.PERCENT),
            Column("Anggaran", Kind.RUPIAH),
            Column("Tanggal", Kind.DATE),
        ),
        header_rows=((HeaderCell(""), HeaderCell(""), HeaderCell("Target 2025", 2), HeaderCell(""), HeaderCell("")),),
        rows=(
            Row(("Bidang 1. Pencegahan", *(COVERED,) * 5), kind=RowKind.GROUP, keep_with_next=True),
            Row(
                (
                    Cell(1, rowspan=2),
                    Cell("Tes urine", rowspan=2),
                    Decimal("1500"),
                    Decimal("87.5"),
                    Cell(1250000, rowspan=2),
                    Cell(date(2026, 12, 3), rowspan=2),
                )
            ),
            Row((COVERED, COVERED, 12, Decimal("47.5"), COVERED, COVERED)),
            Row((Cell("Jumlah", colspan=4, align=Align.RIGHT), *(COVERED,) * 3, 1250000, None), kind=RowKind.TOTAL),
        ),
        **options,
    )


def _document(**options) -> Document:
    defaults = {
        "title": "Laporan Uji",
        "subtitle": ("Semester II 2026",),
        "letterhead": Letterhead("Pemerintah Kota Metro", ("Jl. AH. Nasution No. 5", "Telp. (0725) 41098")),
        "blocks": (
            Heading("BAB I PENDAHULUAN"),
            Paragraph("Baris satu\nbaris dua", justify=True),
            Fields((("Hari/tanggal", "Senin, 7 Desember 2026"), ("Tempat", "Aula"))),
            ListBlock(("Pertama", "Kedua")),
            _table(numbered_headings=True, title="Tabel 1"),
            Signatures((Signature("WALI KOTA METRO", "Nama Wali Kota", "Metro, 3 Desember 2026", "NIP 1970"),)),
            PageBreak(),
            Paragraph("Setelah pemisah halaman", bold=True, italic=True, size_pt=9, align=Align.CENTER),
        ),
        "annexes": (Annex("Lampiran I Daftar Aksi", (_table(),), page=Page(landscape=True), sheet_name="Lampiran I"),),
        "author": "Pemerintah Kota Metro",
        "footer": "Laporan Uji",
        "filename_stem": "laporan-uji",
    }
    return Document(**{**defaults, **options})


def _pdf_text(document: Document, tmp_path) -> str:
    pdf = render(document, "pdf")
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        return typst_source(document)
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


# --- the shared grid -----------------------------------------------------------------------------------------


def test_the_header_grid_merges_a_heading_up_and_a_group_across():
    height, cells = grid.header_grid(_table())
    assert height == 2
    placed = {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in cells}
    assert placed[(0, 0)] == (2, 1, "No")
    assert placed[(0, 2)] == (1, 2, "Target 2025")
    assert placed[(1, 2)] == (1, 1, "Smt I") and placed[(1, 3)] == (1, 1, "Smt II")
    assert placed[(0, 5)] == (2, 1, "Tanggal")


def test_rows_joined_by_a_rowspan_or_keep_with_next_stay_together():
    assert grid.keep_segments(_table()) == [(0, 3), (3, 1)]


def test_values_are_written_the_indonesian_way():
    with grid.indonesian():
        assert grid.text_of(Decimal("1500"), Kind.NUMBER) == "1.500"
        assert grid.text_of(Decimal("12.50"), Kind.NUMBER) == "12,5"
        assert grid.text_of(14500000, Kind.RUPIAH) == "Rp14.500.000"
        assert grid.text_of(Decimal("53.33"), Kind.PERCENT) == "53,3 %"
        assert grid.text_of(date(2026, 12, 3), Kind.DATE) == "3 Desember 2026"
        assert grid.text_of(None, Kind.NUMBER) == ""


def test_renderers_load_only_when_first_used():
    heavy = "('typst', 'docx', 'xlsxwriter')"
    code = f"import sys, sinergi.documents.engine; print(sorted(m for m in {heavy} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
    assert filename(_document(), "pdf") == "laporan-uji.pdf"
    assert set(FORMATS) == {"pdf", "docx", "xlsx"}


# --- PDF --------------------------------------------------------------------------------------------------------


def test_a_typst_literal_holds_any_text_exactly():
    for text in (NASTY, '#import "x.typ"', "\\", '"', "\n#set page(width: 1mm)", "tab\there"):
        source = f"#metadata({lit(text)}) <v>"
        found = json.loads(typst.query(source.encode(), "<v>", field="value", one=True))
        assert found == text


def test_the_pdf_prints_every_block(tmp_path):
    text = _pdf_text(_document(), tmp_path)
    for expected in (
        "PEMERINTAH KOTA METRO",
        "Laporan Uji",
        "BAB I PENDAHULUAN",
        "Hari/tanggal",
        "Senin, 7 Desember 2026",
        "Pertama",
        "Tabel 1",
        "Target 2025",
        "Bidang 1. Pencegahan",
        "1.500",
        "87,5 %",
        "Rp1.250.000",
        "3 Desember 2026",
        "Nama Wali Kota",
        "NIP 1970",
        "Setelah pemisah halaman",
        "Lampiran I Daftar Aksi",
    ):
        assert (expected if shutil.which("pdftotext") else lit(expected)) in text, expected
    if shutil.which("pdftotext"):
        assert "Halaman 1 dari 3" in text
    else:
        assert "Halaman #counter(page).display() dari #counter(page).final().first()" in text


def test_a_title_full_of_markup_prints_as_written(tmp_path):
    document = _document(title=NASTY, footer=NASTY, draft="RANCANGAN")
    pdf = render(document, "pdf")  # compiles: nothing in the title is read as markup or code
    assert pdf.startswith(b"%PDF-")
    source = typst_source(document)
    assert f"#set document(title: {lit(NASTY)}" in source
    if shutil.which("pdftotext"):
        assert NASTY.replace("\\n", "\\n") in _pdf_text(document, tmp_path)


def test_the_pdf_repeats_headers_keeps_rows_together_and_marks_drafts():
    source = typst_source(_document(draft="RANCANGAN"))
    assert "table.header(repeat: true" in source
    assert "table.cell(rowspan: 3, breakable: false, inset: 0pt" in source  # the group row with the action's two rows
    assert 'rotate(-35deg, text(90pt, weight: "bold", fill: luma(90%), "RANCANGAN"))' in source
    assert "#set page(width: 297.00mm, height: 210.00mm" in source  # the landscape annex


# --- DOCX -------------------------------------------------------------------------------------------------------


def _word(document: Document) -> WordDocument:
    return WordDocument(io.BytesIO(render(document, "docx")))


def test_the_docx_has_every_block():
    word = _word(_document())
    paragraphs = [p.text for p in word.paragraphs]
    for expected in ("Laporan Uji", "Semester II 2026", "BAB I PENDAHULUAN", "Baris satu\nbaris dua", "Tabel 1",
                     "Hari/tanggal\t: Senin, 7 Desember 2026", "1.\tPertama", "Setelah pemisah halaman",
                     "Lampiran I Daftar Aksi"):  # fmt: skip
        assert expected in paragraphs, expected
    assert "PEMERINTAH KOTA METRO" in word.tables[0].rows[0].cells[1].text
    table = word.tables[1]
    texts = [cell.text for row in table.rows for cell in row.cells]
    for expected in ("Target 2025", "Smt I", "(6)", "1.500", "87,5 %", "Rp1.250.000", "3 Desember 2026", "Jumlah"):
        assert expected in texts, expected
    signature = [p.text for p in table.rows[-1].cells[0].paragraphs]  # the signature row ends the table
    assert signature[:2] == ["Metro, 3 Desember 2026", "WALI KOTA METRO"] and "Nama Wali Kota" in signature
    assert word.core_properties.title == "Laporan Uji" and word.core_properties.author == "Pemerintah Kota Metro"


def test_the_docx_table_merges_and_repeats_its_header():
    table = _word(_document()).tables[1]
    xml = table._tbl.xml
    assert '<w:gridSpan w:val="2"/>' in xml  # "Target 2025" over two periods
    assert xml.count('<w:vMerge w:val="restart"/>') >= 4 + 4  # headings reaching up; the action's merged cells
    repeated = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows]
    assert repeated[:4] == [True, True, True, False]
    assert [t.text for t in table._tbl.xpath(".//w:t")].count("Rp1.250.000") == 2  # the action's and the total's


def test_the_docx_pages_footer_and_watermark():
    word = _word(_document(draft="RANCANGAN"))
    assert word.sections[0].orientation == WD_ORIENT.PORTRAIT
    annex = word.sections[1]
    assert annex.orientation == WD_ORIENT.LANDSCAPE and annex.page_width > annex.page_height
    footer = word.sections[0].footer._element.xml
    assert "Halaman " in footer and 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert "Laporan Uji" in footer
    assert 'string="RANCANGAN"' in word.sections[0].header._element.xml


def test_docx_text_is_escaped():
    word = _word(_document(title='A <b> & "c" \x07bell'))
    assert 'A <b> & "c" bell' in [p.text for p in word.paragraphs]


# --- XLSX -------------------------------------------------------------------------------------------------------


def _book(document: Document):
    return load_workbook(io.BytesIO(render(document, "xlsx")))


def test_the_xlsx_has_every_block_and_a_sheet_per_annex():
    book = _book(_document())
    assert book.sheetnames == ["Laporan Uji", "Lampiran I"]
    sheet = book["Laporan Uji"]
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert values[:3] == ["PEMERINTAH KOTA METRO", "Jl. AH. Nasution No. 5", "Telp. (0725) 41098"]
    expected_values = ("Laporan Uji", "BAB I PENDAHULUAN", "Baris satu\nbaris dua", "Hari/tanggal",
                       ": Senin, 7 Desember 2026", "1. Pertama", "Target 2025", "Nama Wali Kota",
                       "NIP 1970")  # fmt: skip
    for expected in expected_values:
        assert expected in values, expected
    assert "Lampiran I Daftar Aksi" in [c.value for row in book["Lampiran I"].iter_rows() for c in row]


def _find(sheet, value):
    return next(cell for row in sheet.iter_rows() for cell in row if cell.value == value)


def test_the_xlsx_keeps_numbers_numeric_with_merged_headers_and_totals():
    sheet = _book(_document())["Lampiran I"]
    head = _find(sheet, "No")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"C{head.row}:D{head.row}" in merged  # "Target 2025"
    assert f"A{head.row}:A{head.row + 1}" in merged  # "No" reaching up
    assert sheet.freeze_panes == f"A{head.row + 2}"
    assert sheet.print_title_rows == f"${head.row}:${head.row + 1}"
    action = _find(sheet, "Tes urine")
    row = action.row
    assert f"B{row}:B{row + 1}" in merged and f"E{row}:E{row + 1}" in merged
    assert sheet.cell(row, 3).value == 1500 and sheet.cell(row, 3).data_type == "n"
    assert sheet.cell(row, 4).value == 87.5 and sheet.cell(row, 4).number_format == '[$-421]0.0" %"'
    assert sheet.cell(row, 5).number_format == '[$-421]"Rp"#,##0'
    assert sheet.cell(row, 6).value == datetime(2026, 12, 3)
    total = _find(sheet, "Jumlah")
    amount = sheet.cell(total.row, 5)
    assert amount.value == 1250000 and amount.data_type == "n" and amount.font.b
    assert f"A{total.row}:D{total.row}" in merged
    group = _find(sheet, "Bidang 1. Pencegahan")
    assert f"A{group.row}:F{group.row}" in merged


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    sheet = _book(_document(title='=HYPERLINK("http://x.invalid")')).worksheets[0]
    assert _find(sheet, '=HYPERLINK("http://x.invalid")').data_type == "s"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_empty_document_renders(fmt):
    assert len(render(Document(title="Kosong", blocks=()), fmt)) > 1000


def test_wide_tables_print_on_the_page_size_asked():
    source = typst_source(_document(page=Page(size="A3", landscape=True)))
    assert re.search(r"#set page\(width: 420\.00mm, height: 297\.00mm", source)


def test_the_pdf_breaks_only_words_too_wide_for_their_column_and_never_numbers():
    assert breakable("Tidak dilanjutkan", 21, 9) == "Tidak dilanjutkan"  # fits a 21 mm column: whole words
    narrow = breakable("Pemberantasan ASN 180 Rp1.250.000", 8, 9)
    assert SHY in narrow.split(" ")[0]  # too wide: may break between letters
    assert narrow.split(" ")[1:] == ["ASN", "180", "Rp1.250.000"]  # short words and numbers never
