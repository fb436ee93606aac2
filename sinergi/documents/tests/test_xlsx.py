"""The RAD matrix as XLSX, read back with openpyxl: the numbers are the database's and are stored as numbers."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.engine import render
from sinergi.documents.rad_matrix import build_rad_matrix
from sinergi.documents.tests import plans
from sinergi.planning.models import Action, Target

pytestmark = pytest.mark.django_db


def _sheet(plan):
    workbook = load_workbook(io.BytesIO(render(rad_matrix_document(build_rad_matrix(plan)), "xlsx")), data_only=True)
    return workbook.active


def _find(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} is not in the sheet")


def test_it_has_the_title_letterhead_and_headings():
    plans.sign_as_mayor()
    sheet = _sheet(plans.demo_plan())
    title = _find(sheet, "Rencana Aksi Daerah P4GN Kota Metro Tahun 2024")
    assert _find(sheet, "PEMERINTAH KOTA METRO").row < title.row
    _find(sheet, "Telp. (0725) 41098 · Surel: pemkot@metrokota.go.id · Laman: https://metrokota.go.id")
    head = _find(sheet, "Aksi RAN").row
    headings = [sheet.cell(head, col).value for col in range(1, 15)]
    assert headings[:5] == ["No", "Aksi RAN", "Aksi/Kegiatan RAD", "Indikator", "Satuan"]
    assert headings[5] == "Target 2024"
    assert headings[8:] == ["Anggaran", "Sumber dana", "Penanggung jawab", "Instansi terkait", "Lokasi", "Waktu"]
    assert [sheet.cell(head + 1, col).value for col in (6, 7, 8)] == ["Tahun", "Smt I", "Smt II"]
    _find(sheet, "Nama Wali Kota (contoh)")


def test_its_budgets_targets_and_totals_are_the_databases_numbers():
    plan = plans.demo_plan()
    sheet = _sheet(plan)
    budget_column = _find(sheet, "Anggaran").column
    for action in Action.objects.filter(plan=plan):
        row = _find(sheet, action.title).row
        cell = sheet.cell(row, budget_column)
        assert cell.data_type == "n"
        assert cell.value == action.budget
        assert cell.number_format == '[$-421]"Rp"#,##0'
    subtotal = sheet.cell(_find(sheet, "Jumlah Bidang 1. Pencegahan").row, budget_column)
    assert subtotal.value == Decimal("1250000") + Decimal("15500000")
    total = sheet.cell(_find(sheet, "Jumlah seluruhnya").row, budget_column)
    assert total.value == sum(a.budget for a in Action.objects.filter(plan=plan))
    first = _find(sheet, "ASN yang dites urine").row
    numbers = [sheet.cell(row, col).value for row in range(first, first + 2) for col in (6, 7, 8)]
    expected = Target.objects.filter(indicator__action__plan=plan, indicator__action__title__startswith="Tes urine")
    assert numbers == [t.value for t in expected.order_by("indicator__order", "year", "period")]
    assert all(isinstance(n, int | float) for n in numbers)


def test_it_merges_an_actions_cells_over_its_indicator_rows():
    sheet = _sheet(plans.demo_plan())
    row = _find(sheet, "Tes urine ASN Dinas Kesehatan").row
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"C{row}:C{row + 1}" in merged  # the title
    assert f"I{row}:I{row + 1}" in merged  # the budget, written once
    assert sheet.cell(row + 1, 9).value is None


def test_a_title_that_looks_like_a_formula_stays_text():
    sheet = _sheet(plans.demo_plan())
    cell = _find(sheet, '=HYPERLINK("http://example.invalid") razia gabungan tempat hiburan')
    assert cell.data_type == "s"


def test_it_prints_landscape_fitted_to_the_width_with_the_header_repeated():
    sheet = _sheet(plans.demo_plan())
    head = _find(sheet, "Aksi RAN").row
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0  # one page wide (the default width of 1), as many pages long as needed
    assert sheet.print_title_rows == f"${head}:${head + 1}"
    assert sheet.freeze_panes == f"D{head + 2}"
