"""The programme recap's columns, shared by the page, the CSV, the XLSX and the PDF, and its two documents.

A column has an Indonesian heading for the documents (they are official documents, like the RAD matrix) and a
translatable label for the page; both read the same value from a ``RecapRow``, so the page, the files and the API
never disagree.
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone

from sinergi.core import spreadsheets
from sinergi.documents.rad_matrix import format_date, letterhead_of
from sinergi.documents.render_pdf import DocumentHTML, LogoOnlyFetcher
from sinergi.programmes.models import Event
from sinergi.programmes.recap_columns import column_groups, label_heading, recap_columns, row_cells
from sinergi.programmes.recaps import (
    BY_AGENCY,
    KIND_TEXT,
    ROW_HEADING,
    ROW_TOTAL,
    Recap,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Where the XLSX's table starts (0-based): two heading rows, then one row per recap row, then the total.
XLSX_HEADER_ROW = 5
XLSX_FIRST_ROW = XLSX_HEADER_ROW + 2


def document_notes(recap: Recap) -> list[str]:
    """What a reader of the documents needs to know to read the numbers right, in Indonesian."""
    t = recap.tests_total
    notes = ["Peserta dihitung dari kegiatan berstatus terlaksana; relawan aktif adalah keadaan saat rekap dibuat."]
    if recap.by == BY_AGENCY:
        notes.append("Tes urine hanya berupa jumlah (tanpa data perorangan), menurut perangkat daerah pelaksana.")
    else:
        notes.append(
            "Tes urine dicatat menurut perangkat daerah pelaksana, bukan menurut wilayah; jumlah seluruhnya: "
            f"{t.campaigns} kegiatan, {t.tested} orang diperiksa, {t.positive} positif, {t.referred} dirujuk "
            "(lihat rekap per perangkat daerah)."
        )
        notes.append(
            "Kegiatan tingkat kecamatan dan tingkat kota/kabupaten dicatat pada baris tersendiri dan termasuk jumlah."
        )
    if not recap.whole_government:
        notes.append("Rekap ini hanya memuat data yang dapat dilihat oleh pengguna yang mengunduhnya.")
    return notes


def _subtitle(recap: Recap) -> str:
    return (
        f"{recap.government.name} · {recap.period_text} ({format_date(recap.starts_on)} – {format_date(recap.ends_on)})"
    )


# --- XLSX ---------------------------------------------------------------------------------------------------


def to_xlsx(recap: Recap) -> bytes:
    """The recap as a workbook: the table with its letterhead and notes, and held events by kind on a second sheet."""
    columns = recap_columns(recap)
    buffer = io.BytesIO()
    workbook = spreadsheets.workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": recap.title, "author": recap.government.name})
    bold = workbook.add_format({"bold": True})
    name_format = workbook.add_format({"bold": True, "font_size": 13})
    head = workbook.add_format(
        {"bold": True, "bg_color": "#D9E2EC", "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}
    )
    cell = workbook.add_format({"border": 1})
    number = workbook.add_format({"border": 1, "num_format": "#,##0"})
    strong = workbook.add_format({"border": 1, "bold": True, "bg_color": "#F5F7FA"})
    strong_number = workbook.add_format({"border": 1, "bold": True, "bg_color": "#F5F7FA", "num_format": "#,##0"})
    total_format = workbook.add_format({"border": 1, "bold": True, "bg_color": "#D9E2EC", "num_format": "#,##0"})
    heading_format = workbook.add_format({"border": 1, "bold": True, "bg_color": "#EEF2F6"})
    italic = workbook.add_format({"italic": True})

    sheet = workbook.add_worksheet("Rekap")
    letterhead = letterhead_of(recap.government)
    sheet.write_string(0, 0, letterhead.name.upper(), name_format)
    sheet.write_string(1, 0, " ".join(p for p in (letterhead.address, letterhead.contacts) if p))
    sheet.write_string(2, 0, str(recap.title), bold)
    sheet.write_string(3, 0, str(_subtitle(recap)))
    top, sub = XLSX_HEADER_ROW, XLSX_HEADER_ROW + 1
    sheet.merge_range(top, 0, sub, 0, label_heading(recap), head)
    col = 1
    for name, span in column_groups(columns, page=False):
        if span == 1:
            sheet.write_string(top, col, str(name), head)
        else:
            sheet.merge_range(top, col, top, col + span - 1, name, head)
        col += span
    for index, column in enumerate(columns, start=1):
        sheet.write_string(sub, index, str(column.heading), head)
    row_index = XLSX_FIRST_ROW
    for row in [*recap.rows, recap.total]:
        is_sum = row.kind in ("subtotal", ROW_TOTAL)
        label_format = total_format if row.kind == ROW_TOTAL else strong if is_sum else cell
        if row.kind == ROW_HEADING:
            label_format = heading_format
        sheet.write_string(row_index, 0, ("    " * row.level) + row.label, label_format)
        for index, value in enumerate(row_cells(row, columns), start=1):
            fmt = total_format if row.kind == ROW_TOTAL else strong_number if is_sum else number
            if row.kind == ROW_HEADING:
                sheet.write_blank(row_index, index, None, heading_format)
            elif isinstance(value, int):
                sheet.write_number(row_index, index, value, fmt)
            else:
                sheet.write_string(row_index, index, str(value), fmt)
        row_index += 1
    row_index += 1
    for note in document_notes(recap):
        sheet.write_string(row_index, 0, note, italic)
        row_index += 1
    sheet.write_string(row_index, 0, f"Dibuat {timezone.localtime().strftime('%d-%m-%Y %H:%M')}", italic)
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, len(columns), 11)
    sheet.set_row(sub, 45)
    sheet.freeze_panes(XLSX_FIRST_ROW, 1)

    if recap.with_kinds:
        _kinds_sheet(workbook, recap, head, cell, strong, number, strong_number, total_format, bold)
    workbook.close()
    return buffer.getvalue()


def _kinds_sheet(workbook, recap, head, cell, strong, number, strong_number, total_format, bold) -> None:
    kinds = workbook.add_worksheet("Per jenis kegiatan")
    kinds.write_string(0, 0, f"Kegiatan terlaksana menurut jenis · {_subtitle(recap)}", bold)
    kinds.write_string(2, 0, label_heading(recap), head)
    for index, kind in enumerate(Event.Kind.values, start=1):
        kinds.write_string(2, index, str(KIND_TEXT[kind]), head)
    line = 3
    for row in [*recap.rows, recap.total]:
        if row.kind == ROW_HEADING:
            continue
        fmt = total_format if row.kind == ROW_TOTAL else strong_number if row.kind == "subtotal" else number
        kinds.write_string(line, 0, row.label, strong if row.kind in ("subtotal", ROW_TOTAL) else cell)
        for index, kind in enumerate(Event.Kind.values, start=1):
            kinds.write_number(line, index, row.by_kind[kind], fmt)
        line += 1
    kinds.set_column(0, 0, 38)
    kinds.set_column(1, len(Event.Kind.values), 13)
    kinds.set_row(2, 45)


# --- PDF ----------------------------------------------------------------------------------------------------


def recap_html(recap: Recap) -> str:
    letterhead = letterhead_of(recap.government)
    columns = recap_columns(recap)
    rows = [
        (row, [(value, column.numeric) for column, value in zip(columns, row_cells(row, columns), strict=True)])
        for row in [*recap.rows, recap.total]
    ]
    context = {
        "r": recap,
        "letterhead": letterhead,
        "logo_url": letterhead.logo_path.as_uri() if letterhead.logo_path else "",
        "subtitle": _subtitle(recap),
        "label_heading": label_heading(recap),
        "groups": column_groups(columns, page=False),
        "columns": columns,
        "rows": rows,
        "span": len(columns) + 1,
        "notes": document_notes(recap),
        "made": format_date(timezone.localdate()),
    }
    return render_to_string("programmes/recap_document.html", context)


def to_pdf(recap: Recap) -> bytes:
    """The recap as an A4 landscape PDF with the government's letterhead; the table header repeats on every page."""
    letterhead = letterhead_of(recap.government)
    fetcher = LogoOnlyFetcher(letterhead.logo_path)
    return DocumentHTML(string=recap_html(recap), url_fetcher=fetcher, base_url=None).write_pdf()


FORMATS = {"xlsx": (XLSX_TYPE, to_xlsx), "pdf": ("application/pdf", to_pdf)}
