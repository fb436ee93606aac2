"""The programme recap's document: the builder fills the engine's model right, and every format prints the
database's totals."""

import io
import shutil
import subprocess

import docx
import openpyxl
import pytest
from django.db.models import Sum

from sinergi.documents.engine import render
from sinergi.documents.engine.model import COVERED, Cell, Kind, RowKind, Table
from sinergi.programmes.models import Event, Volunteer
from sinergi.programmes.recap_columns import recap_columns
from sinergi.programmes.recap_document import recap_document
from sinergi.programmes.recaps import BY_AGENCY, BY_KECAMATAN, BY_KELURAHAN, build_recap
from sinergi.programmes.tests.recap_world import YEAR, filled


def _table(document) -> Table:
    return next(block for block in document.blocks if isinstance(block, Table))


def _texts(document) -> list[str]:
    """Every word the document holds, whatever the format that prints it."""
    texts = [document.title, *document.subtitle, document.footer]
    if document.letterhead:
        texts += [document.letterhead.name, *document.letterhead.lines]
    blocks = [*document.blocks, *(block for annex in document.annexes for block in annex.blocks)]
    texts += [annex.title for annex in document.annexes]
    for block in blocks:
        if isinstance(block, Table):
            texts += [column.heading for column in block.columns]
            texts += [cell.text for header in block.header_rows for cell in header]
            for row in block.rows:
                for value in row.cells:
                    value = value.value if isinstance(value, Cell) else value
                    if isinstance(value, str):
                        texts.append(value)
        elif hasattr(block, "text"):
            texts.append(block.text)
    return texts


def database_totals(world) -> dict:
    """What the recap's total must say, counted straight from the records."""
    events = Event.objects.filter(government=world.gov, starts_on__year=YEAR)
    held = events.filter(status=Event.Status.HELD)
    return {
        "held": held.count(),
        "planned": events.filter(status=Event.Status.PLANNED).count(),
        "cancelled": events.filter(status=Event.Status.CANCELLED).count(),
        "participants": held.aggregate(n=Sum("participants"))["n"],
        "volunteers": Volunteer.objects.filter(government=world.gov, is_active=True, group__is_active=True).count(),
    }


def test_every_row_fills_every_column_and_the_headers_span_the_table(world):
    w = filled(world)
    for by in (BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY):
        recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=by, with_kinds=True)
        document = recap_document(recap)
        table = _table(document)
        width = len(recap_columns(recap)) + 1
        assert len(table.columns) == width
        assert [sum(cell.span for cell in header) for header in table.header_rows] == [width]
        assert table.header_rows[0][0].text == ""  # the label heading reaches up through the group row
        for row in table.rows:
            assert len(row.cells) == width
            if row.kind == RowKind.GROUP:
                assert row.cells[0].colspan == width and all(cell is COVERED for cell in row.cells[1:])
        assert len(table.rows) == len(recap.rows) + 1
        assert table.rows[-1].kind == RowKind.TOTAL and table.rows[-1].cells[0] == "Jumlah"
        for column, value in zip(table.columns[1:], table.rows[-1].cells[1:], strict=True):
            assert value is None or isinstance(value, int if column.kind == Kind.NUMBER else str)
        assert document.filename_stem == recap.filename_stem and document.page.landscape
        [annex] = document.annexes
        assert annex.sheet_name == "Per jenis kegiatan"
        assert _table_total(annex.blocks[0]) == recap.total.held


def _table_total(table: Table) -> int:
    return sum(value for value in table.rows[-1].cells[1:] if isinstance(value, int))


def test_totals_are_the_databases(world):
    w = filled(world)
    expected = database_totals(w)
    assert expected == {"held": 5, "planned": 1, "cancelled": 1, "participants": 27, "volunteers": 4}
    for by in (BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY):
        recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=by)
        table = _table(recap_document(recap))
        keys = [column.key for column in recap_columns(recap)]
        total = dict(zip(keys, table.rows[-1].cells[1:], strict=True))
        assert {name: total[name] for name in expected} == expected, by
        assert recap_document(recap).annexes == ()  # held events by kind only when counted


def test_subtotals_and_kecamatan_headings_keep_their_kind(world):
    w = filled(world)
    recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=BY_KELURAHAN)
    table = _table(recap_document(recap))
    kinds = {row.kind for row in table.rows}
    assert kinds == {RowKind.BODY, RowKind.GROUP, RowKind.SUBTOTAL, RowKind.TOTAL}
    k1 = next(row for row in table.rows if isinstance(row.cells[0], str) and row.cells[0].strip() == w.k1.name)
    assert k1.cells[0] != w.k1.name  # indented under its kecamatan


def test_the_document_holds_no_individual_urine_result(world):
    w = filled(world)
    w.test(w.a, 1, 1, 1, host_name="SMA Rahasia Sekali", notes="Budi Santoso positif, dirujuk ke klinik")
    for by in (BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY):
        recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=by, with_kinds=True)
        text = " ".join(_texts(recap_document(recap)))
        assert "Rahasia" not in text and "Budi" not in text
        assert "Rekapitulasi Program P4GN" in text


def _xlsx_total(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return next(line for line in sheet.iter_rows(values_only=True) if line[0] == "Jumlah")


def _docx_total(content: bytes) -> list:
    table = docx.Document(io.BytesIO(content)).tables[-1]
    return [cell.text for cell in table.rows[-1].cells]


def _pdf_total(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "rekap.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    totals = [line.split() for line in text.splitlines() if line.strip().startswith("Jumlah")]
    return [words for words in totals if len(words) > 1 and words[1][0].isdigit()][-1]


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx"])
def test_every_format_prints_the_databases_totals(world, fmt, tmp_path):
    """XLSX and PDF are served; DOCX is not, but the engine prints it too and it must say the same."""
    w = filled(world)
    w.test(w.a, tested=1250)
    expected = database_totals(w)
    for by in (BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY):
        recap = build_recap(user=w.secretariat, government=w.gov, year=YEAR, by=by, with_kinds=fmt == "xlsx")
        keys = [column.key for column in recap_columns(recap)]
        content = render(recap_document(recap), fmt)
        if fmt == "xlsx":
            total = dict(zip(["label", *keys], _xlsx_total(content), strict=False))
            assert {name: total[name] for name in expected} == expected, by
            kinds = openpyxl.load_workbook(io.BytesIO(content))["Per jenis kegiatan"]
            line = next(line for line in kinds.iter_rows(values_only=True) if line[0] == "Jumlah")
            assert sum(line[1:]) == expected["held"]
        elif fmt == "docx":
            total = dict(zip(["label", *keys], _docx_total(content), strict=False))
            assert {name: total[name] for name in expected} == {k: str(v) for k, v in expected.items()}, by
            if by == BY_AGENCY:
                assert total["tests_tested"] == "1.340"  # thousands grouped the Indonesian way
        else:
            assert content.startswith(b"%PDF")
            if shutil.which("pdftotext") is None:
                continue
            words = _pdf_total(content, tmp_path)
            # The total line: "Jumlah", then the numbers in column order (empty cells print nothing).
            assert words[:4] == [
                "Jumlah",
                str(expected["held"]),
                str(expected["planned"]),
                str(expected["cancelled"]),
            ], by
            assert str(expected["participants"]) in words and str(expected["volunteers"]) in words
            if by == BY_AGENCY:
                assert "1.340" in words
