"""The RAD matrix as PDF: Indonesian amounts, landscape pages, the header on every page, only the logo read."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.engine import render
from sinergi.documents.engine.pdf import typst_source
from sinergi.documents.rad_matrix import build_rad_matrix
from sinergi.documents.tests import plans

pytestmark = pytest.mark.django_db


def to_pdf(matrix) -> bytes:
    return render(rad_matrix_document(matrix), "pdf")


def _source(matrix) -> str:
    return typst_source(rad_matrix_document(matrix))


def _text(matrix, tmp_path: Path) -> str:
    """The PDF's text (pdftotext, when poppler-utils is installed), else the Typst markup it is laid out from."""
    if shutil.which("pdftotext") is None:
        return _source(matrix)
    path = tmp_path / "matrix.pdf"
    path.write_bytes(to_pdf(matrix))
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_it_writes_rupiah_and_numbers_the_indonesian_way(tmp_path):
    plans.sign_as_mayor()
    text = _text(build_rad_matrix(plans.demo_plan()), tmp_path)
    assert "Rencana Aksi Daerah P4GN Kota Metro Tahun 2024" in text
    for amount in ("Rp1.250.000", "Rp15.500.000", "Rp16.750.000", "Rp23.750.000"):
        assert amount in text
    assert "1.500" in text and "87,5" in text and "47,5" in text
    assert "Nama Wali Kota (contoh)" in text
    assert "1,250,000" not in text


def test_it_is_a_landscape_a4_pdf(tmp_path):
    matrix = build_rad_matrix(plans.demo_plan())
    path = tmp_path / "matrix.pdf"
    path.write_bytes(to_pdf(matrix))
    assert path.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdfinfo") is None:
        assert "#set page(width: 297.00mm, height: 210.00mm" in _source(matrix)
        return
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"Page size:\s+841.89 x 595.\d+ pts \(A4\)", info)


def test_a_five_year_plan_by_quarter_prints_on_a3(tmp_path):
    matrix = build_rad_matrix(plans.empty_plan(start_year=2025, end_year=2029, period_kind="quarter"))
    assert len(matrix.target_columns) == 25
    path = tmp_path / "matrix.pdf"
    path.write_bytes(to_pdf(matrix))
    if shutil.which("pdfinfo") is None:
        assert "#set page(width: 420.00mm, height: 297.00mm" in _source(matrix)
        return
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"Page size:\s+1190.55 x 841.89 pts \(A3\)", info)


def test_it_repeats_the_table_header_on_every_page(tmp_path):
    matrix = build_rad_matrix(plans.plan_with_actions(30))
    if shutil.which("pdftotext") is None:
        assert "table.header(repeat: true" in _source(matrix)  # Typst repeats a table's header on every page
        return
    pages = [page for page in _text(matrix, tmp_path).split("\f") if page.strip()]
    assert len(pages) > 1
    assert all("Aksi/Kegiatan RAD" in page and "Tahun" in page for page in pages)
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_it_embeds_the_governments_logo():
    government = plans.give_logo()
    matrix = build_rad_matrix(plans.demo_plan())
    assert matrix.letterhead.logo_path == Path(government.logo.path)
    assert re.search(rb"/Subtype\s*/Image", to_pdf(matrix))


def test_it_reads_no_file_a_users_text_names(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA")
    plan = plans.demo_plan()
    plan.actions.update(title=f'#read("{secret}") #image("{secret}") ]) #include "{secret}"')
    pdf = to_pdf(build_rad_matrix(plan))
    assert pdf.startswith(b"%PDF-") and b"RAHASIA" not in pdf


def test_with_a_logo_it_reads_the_logo_and_no_other_file_beside_it():
    """The compiler's root is the logo's folder: a user's text naming a file there is still printed, not read."""
    government = plans.give_logo()
    secret = Path(government.logo.path).parent / "secret.txt"
    secret.write_text("RAHASIA")
    plan = plans.demo_plan()
    plan.actions.update(title='#read("/secret.txt") #image("/secret.txt") #include "/secret.txt"')
    pdf = to_pdf(build_rad_matrix(plan))
    assert re.search(rb"/Subtype\s*/Image", pdf) and b"RAHASIA" not in pdf
