"""The RAD matrix as DOCX, read back with python-docx: title, letterhead, table, signature, page setup."""

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.engine import render
from sinergi.documents.rad_matrix import build_rad_matrix
from sinergi.documents.tests import plans

pytestmark = pytest.mark.django_db


def _document(plan):
    return Document(io.BytesIO(render(rad_matrix_document(build_rad_matrix(plan)), "docx")))


def test_it_has_the_title_letterhead_and_signatory():
    plans.sign_as_mayor()
    plan = plans.demo_plan()
    document = _document(plan)
    paragraphs = [p.text for p in document.paragraphs]
    assert "Rencana Aksi Daerah P4GN Kota Metro Tahun 2024" in paragraphs
    assert f"Rancangan · Versi {plan.version}" in paragraphs
    # The signature is the table's last row, so Word and LibreOffice keep it on the page of the totals.
    signature = [p.text for p in document.tables[1].rows[-1].cells[0].paragraphs]
    assert signature[:2] == ["Metro, ……………………………", "Wali Kota Metro"]
    assert "Nama Wali Kota (contoh)" in signature
    letterhead = document.tables[0].rows[0].cells[1].text
    assert "PEMERINTAH KOTA METRO" in letterhead and "Jl. AH. Nasution No. 5" in letterhead


def test_its_table_has_the_matrix_with_indonesian_amounts():
    document = _document(plans.demo_plan())
    matrix = document.tables[1]
    texts = [cell.text for row in matrix.rows for cell in row.cells]
    assert "Aksi/Kegiatan RAD" in texts and "Penanggung jawab" in texts
    assert "Tes urine ASN Dinas Kesehatan" in texts
    for amount in ("Rp1.250.000", "Rp16.750.000", "Rp23.750.000", "87,5", "1.500"):
        assert amount in texts
    # One budget cell, merged over the action's two indicator rows (python-docx repeats merged cells in row.cells).
    assert [t.text for t in matrix._tbl.xpath(".//w:t")].count("Rp1.250.000") == 1


def test_its_header_rows_repeat_and_the_page_is_landscape():
    document = _document(plans.demo_plan())
    rows = document.tables[1].rows
    repeated = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in rows]
    assert repeated[:3] == [True, True, False]
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height


def test_it_embeds_the_logo():
    plans.give_logo()
    document = _document(plans.demo_plan())
    assert len(document.inline_shapes) == 1
