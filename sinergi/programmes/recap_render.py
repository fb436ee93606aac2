"""The programme recap's columns, shared by the page, the CSV, the XLSX and the PDF, and its two documents.

A column has an Indonesian heading for the documents (they are official documents, like the RAD matrix) and a
translatable label for the page; both read the same value from a ``RecapRow``, so the page, the files and the API
never disagree.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.core import spreadsheets
from sinergi.documents.rad_matrix import format_date, letterhead_of
from sinergi.documents.render_pdf import DocumentHTML, LogoOnlyFetcher
from sinergi.programmes.models import Event, TargetGroup, VulnerabilityStatus
from sinergi.programmes.recaps import (
    BY_AGENCY,
    BY_KECAMATAN,
    BY_KELURAHAN,
    GROUP_TEXT,
    KIND_TEXT,
    NOT_ASSESSED,
    ROW_HEADING,
    ROW_REGION,
    ROW_TOTAL,
    STATUS_TEXT,
    Recap,
    RecapRow,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Where the XLSX's table starts (0-based): two heading rows, then one row per recap row, then the total.
XLSX_HEADER_ROW = 5
XLSX_FIRST_ROW = XLSX_HEADER_ROW + 2


@dataclass(frozen=True)
class Column:
    """One numeric or text column of the recap table."""

    key: str
    group: str  # the Indonesian heading above related columns
    group_label: Promise | str  # the same, for the page
    heading: str  # the Indonesian heading
    label: Promise | str
    value: Callable[[RecapRow], object]
    numeric: bool = True


def _region_count(status: str) -> Callable[[RecapRow], object]:
    def value(row: RecapRow):
        if row.kind in (ROW_REGION, ROW_TOTAL) and not row.is_kelurahan:
            return row.vulnerability_counts.get(status, 0)
        return ""

    return value


def _tests(name: str) -> Callable[[RecapRow], object]:
    return lambda row: getattr(row.tests, name) if row.tests is not None else ""


PAGE_GROUP_LABELS = {
    TargetGroup.PELAJAR: _("Students"),
    TargetGroup.MAHASISWA: _("University"),
    TargetGroup.ASN: _("Civil servants"),
    TargetGroup.PEKERJA: _("Workers"),
    TargetGroup.KELUARGA: _("Families"),
    TargetGroup.MASYARAKAT: _("General public"),
    TargetGroup.TOKOH: _("Community leaders"),
    TargetGroup.LAINNYA: _("Other"),
}


def recap_columns(recap: Recap) -> list[Column]:
    """The columns of ``recap``'s table after the row label, in order."""
    events, people, sex, volunteers = (
        ("Kegiatan", _("Events")),
        ("Peserta kegiatan terlaksana menurut sasaran", _("Participants of held events, by target group")),
        ("Peserta menurut jenis kelamin", _("Participants by sex")),
        ("Relawan aktif", _("Active volunteers")),
    )
    columns = [
        Column("held", *events, "Terlaksana", _("Held"), lambda r: r.held),
        Column("planned", *events, "Direncanakan", _("Planned"), lambda r: r.planned),
        Column("cancelled", *events, "Dibatalkan", _("Cancelled"), lambda r: r.cancelled),
        Column("participants", *people, "Jumlah", _("Total"), lambda r: r.participants),
    ]
    for group in TargetGroup.values:
        columns.append(
            Column(
                f"group_{group}", *people, GROUP_TEXT[group], PAGE_GROUP_LABELS[group], lambda r, g=group: r.by_group[g]
            )
        )
    columns += [
        Column("male", *sex, "Laki-laki", _("Men"), lambda r: r.male),
        Column("female", *sex, "Perempuan", _("Women"), lambda r: r.female),
        Column("unknown_sex", *sex, "Tidak tercatat", _("Not recorded"), lambda r: r.unknown_sex),
        Column("volunteers", *volunteers, "Jumlah", _("Total"), lambda r: r.volunteers),
        Column("volunteers_male", *volunteers, "Laki-laki", _("Men"), lambda r: r.volunteers_male),
        Column("volunteers_female", *volunteers, "Perempuan", _("Women"), lambda r: r.volunteers_female),
    ]
    if recap.by == BY_AGENCY:
        tests = ("Tes urine", _("Urine tests"))
        columns += [
            Column("tests_campaigns", *tests, "Kegiatan", _("Campaigns"), _tests("campaigns")),
            Column("tests_tested", *tests, "Diperiksa", _("Tested"), _tests("tested")),
            Column("tests_positive", *tests, "Positif", _("Positive"), _tests("positive")),
            Column("tests_referred", *tests, "Dirujuk", _("Referred"), _tests("referred")),
        ]
    elif recap.by == BY_KECAMATAN:
        status = (f"Status kerawanan {recap.year} (jumlah kelurahan)", _("Vulnerability status (kelurahan)"))
        for value in VulnerabilityStatus.values:
            columns.append(
                Column(f"status_{value}", *status, STATUS_TEXT[value], STATUS_TEXT[value], _region_count(value))
            )
        columns.append(
            Column(f"status_{NOT_ASSESSED}", *status, "Belum dinilai", _("Not assessed"), _region_count(NOT_ASSESSED))
        )
        columns.append(
            Column(
                "bersinar",
                group="Bersinar",
                group_label="Bersinar",
                heading="Kelurahan",
                label=_("Kelurahan"),
                value=lambda r: r.bersinar if r.kind in (ROW_REGION, ROW_TOTAL) else "",
            )
        )
    elif recap.by == BY_KELURAHAN:
        columns += [
            Column(
                "vulnerability",
                group=f"Kerawanan {recap.year}",
                group_label=_("Vulnerability"),
                heading="Status",
                label=_("Status"),
                value=lambda r: r.vulnerability_text,
                numeric=False,
            ),
            Column(
                "bersinar",
                group="Bersinar",
                group_label="Bersinar",
                heading="Tahap",
                label=_("Stage"),
                value=lambda r: r.bersinar_text,
                numeric=False,
            ),
        ]
    return columns


def column_groups(columns: list[Column], *, page: bool) -> list[tuple[str, int]]:
    """The group headings with how many columns each spans."""
    groups: list[tuple[str, int]] = []
    for column in columns:
        name = str(column.group_label) if page else column.group
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1] + 1)
        else:
            groups.append((name, 1))
    return groups


def row_cells(row: RecapRow, columns: list[Column]) -> list:
    if row.kind == ROW_HEADING:
        return [""] * len(columns)
    return [column.value(row) for column in columns]


def label_heading(recap: Recap) -> str:
    return {BY_KECAMATAN: "Kecamatan", BY_KELURAHAN: "Kelurahan", BY_AGENCY: "Perangkat daerah"}[recap.by]


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
