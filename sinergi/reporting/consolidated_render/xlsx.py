"""The consolidated report as an XLSX workbook: the report on one sheet, each annex on its own, numbers as numbers."""

import io
from datetime import date

from sinergi.core import spreadsheets
from sinergi.documents.render_xlsx import (
    DECIMAL_FORMAT,
    FONT,
    LINE_HEIGHT,
    RUPIAH_FORMAT,
    WHOLE_FORMAT,
    fit_logo,
    footer_text,
    wrapped_lines,
)
from sinergi.reporting.consolidated import (
    COMPLETENESS_HEADINGS,
    EVIDENCE_HEADINGS,
    INDICATOR_HEADINGS,
    ConsolidatedReport,
)

PERCENT_FORMAT = "[$-421]#,##0.0"
DATE_FORMAT = "d/m/yyyy"
WIDTHS = (5, 40, 10, 13, 13, 11)  # No, Indikator, Satuan, Target, Realisasi, Capaian
ANNEX_A_WIDTHS = (5, 34, 11, 9, 11, 12, 10, 10, 10, 10)
ANNEX_B_WIDTHS = (5, 45, 32, 14, 13)
# Chapter IV on its own sheet: No, then columns the three tables share out (see _coordination_sheet).
COORDINATION_WIDTHS = (5, 15, 12, 34, 10, 10, 12)


class _Writer:
    """Writes one worksheet row by row, with the workbook's shared formats."""

    def __init__(self, report: ConsolidatedReport, book, formats: dict, name: str, widths: tuple[int, ...]):
        self.r = report
        self.ws = book.add_worksheet(name)
        self.f = formats
        self.widths = widths
        self.last_col = len(widths) - 1
        self.row = 0

    def banner(self, text: str, fmt: str, *, first: int = 0, last: int | None = None, min_height=None) -> None:
        """A line of text merged across columns ``first``..``last``, as high as its wrapped text needs."""
        last = self.last_col if last is None else last
        if last > first:
            self.ws.merge_range(self.row, first, self.row, last, "", self.f[fmt])
        self.ws.write_string(self.row, first, text, self.f[fmt])
        width = sum(self.widths[first : last + 1])
        self.ws.set_row(self.row, max(min_height or 0, wrapped_lines(text, width) * LINE_HEIGHT + 3))
        self.row += 1

    def number(self, col: int, value, fmt: str, *, last: int | None = None) -> None:
        """A number (or a blank when there is none) in column ``col``, merged to ``last``."""
        if last is not None and last > col:
            self.ws.merge_range(self.row, col, self.row, last, "", self.f[fmt])
        if value is None:
            self.ws.write_blank(self.row, col, None, self.f[fmt])
        else:
            self.ws.write_number(self.row, col, float(value) if value != int(value) else int(value), self.f[fmt])

    def watermark(self) -> None:
        """The draft's first-row banner and page header."""
        if self.r.draft:
            self.banner(self.r.watermark, "watermark", min_height=22)
            self.ws.set_header(f'&C&"Arial,Bold"&14&KC00000{self.r.watermark}')

    def heads(self, headings) -> int:
        """A table's heading row; returns its index for repeating on every page."""
        for col, text in enumerate(headings):
            self.ws.write_string(self.row, col, text, self.f["head"])
        height = max(wrapped_lines(text, self.widths[col]) for col, text in enumerate(headings))
        self.ws.set_row(self.row, height * LINE_HEIGHT + 4)
        self.row += 1
        return self.row - 1

    def page_setup(self, *, landscape: bool = False, repeat: int | None = None) -> None:
        """Column widths and printing: A4, one page wide, the title in the footer, a table header repeated."""
        for col, width in enumerate(self.widths):
            self.ws.set_column(col, col, width)
        if landscape:
            self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)
        if repeat is not None:
            self.ws.repeat_rows(repeat)
        self.ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.6)
        self.ws.center_horizontally()
        self.ws.set_footer(f"&L&8{footer_text(self.r.title)}&R&8Halaman &P dari &N")
        self.ws.hide_gridlines(2)


def _formats(book) -> dict:
    """The cell formats of the workbook, by name."""

    def fmt(**props):
        return book.add_format({**FONT, **props})

    cell = {"border": 1, "valign": "top", "text_wrap": True}
    return {
        "watermark": fmt(bold=True, font_size=14, font_color="#C00000", align="center", valign="vcenter"),
        "kop_name": fmt(bold=True, font_size=14, align="center", valign="vcenter"),
        "kop": fmt(align="center", valign="vcenter", text_wrap=True),
        "kop_last": fmt(align="center", valign="vcenter", bottom=6),
        "title": fmt(bold=True, font_size=12, align="center", valign="vcenter", text_wrap=True),
        "subtitle": fmt(align="center", valign="vcenter", text_wrap=True),
        "note": fmt(italic=True, align="center", valign="vcenter", text_wrap=True),
        "chapter": fmt(bold=True, font_size=10, valign="vcenter"),
        "paragraph": fmt(text_wrap=True, valign="top", align="justify"),
        "head": fmt(bold=True, align="center", valign="vcenter", text_wrap=True, border=1, bg_color="#D9E2EC"),
        "field": fmt(bold=True, border=1, bg_color="#EEF2F6", valign="vcenter", text_wrap=True),
        "field_percent": fmt(bold=True, border=1, bg_color="#EEF2F6", valign="vcenter", num_format=PERCENT_FORMAT),
        "action": fmt(bold=True, border=1, bg_color="#F5F7FA", valign="vcenter", text_wrap=True),
        "label": fmt(**cell, bold=True),
        "text": fmt(**cell),
        "center": fmt(**cell, align="center"),
        "whole": fmt(**cell, num_format=WHOLE_FORMAT),
        "decimal": fmt(**cell, num_format=DECIMAL_FORMAT),
        "percent": fmt(**cell, num_format=PERCENT_FORMAT),
        "money": fmt(**cell, num_format=RUPIAH_FORMAT),
        "date": fmt(**cell, num_format=DATE_FORMAT, align="center"),
        "total": fmt(bold=True, border=1, bg_color="#D9E2EC"),
        "total_whole": fmt(bold=True, border=1, bg_color="#D9E2EC", num_format=WHOLE_FORMAT),
        "sign": fmt(align="center"),
        "sign_name": fmt(align="center", bold=True, underline=True),
    }


def _value_format(value) -> str:
    """Whole numbers without decimals, others with them."""
    return "whole" if value is None or value == int(value) else "decimal"


def _report_sheet(report: ConsolidatedReport, book, formats) -> None:
    """The report itself: letterhead, title, introduction, summary, a table per action, the signature."""
    w = _Writer(report, book, formats, "Laporan", WIDTHS)
    w.watermark()
    kop = report.letterhead
    top = w.row
    w.banner(kop.name.upper(), "kop_name", min_height=22)
    w.banner(kop.address, "kop", min_height=14)
    w.banner(kop.contacts, "kop_last", min_height=14)
    if kop.logo_path:
        w.ws.insert_image(top, 0, str(kop.logo_path), {"x_offset": 4, "y_offset": 2, **fit_logo(kop.logo_path)})
    w.row += 1
    w.banner(report.title, "title", min_height=18)
    w.banner(report.subtitle, "subtitle")
    if report.note:
        w.banner(report.note, "note")
    w.row += 1
    w.banner("I. Pendahuluan", "chapter")
    for paragraph in report.introduction:
        w.banner(paragraph, "paragraph")
    w.row += 1
    w.banner("II. Ringkasan", "chapter")
    s = report.summary
    for label, value, fmt in (
        ("Capaian pemerintah daerah (%)", s.achievement, "percent"),
        ("Laporan wajib disampaikan", s.expected, "whole"),
        ("Laporan disampaikan", s.submitted, "whole"),
        ("Laporan disetujui", s.approved, "whole"),
        ("Disampaikan tepat waktu", s.on_time, "whole"),
        ("Terlambat", s.late, "whole"),
        ("Anggaran aksi (rencana)", s.budget, "money"),
        ("Realisasi anggaran" + ("" if report.draft else " (laporan disetujui)"), s.budget_realised, "money"),
    ):
        w.ws.merge_range(w.row, 0, w.row, 2, "", formats["label"])
        w.ws.write_string(w.row, 0, label, formats["label"])
        w.number(3, value, fmt, last=5)
        w.row += 1
    w.row += 1
    w.banner("III. Capaian per bidang dan pelaksanaan aksi", "chapter")
    for group in report.fields:
        w.ws.merge_range(w.row, 0, w.row, 4, "", formats["field"])
        w.ws.write_string(w.row, 0, f"{group.heading} — capaian bidang (%)", formats["field"])
        w.number(5, group.percent, "field_percent")
        w.ws.set_row(w.row, LINE_HEIGHT + 6)
        w.row += 1
        for entry in group.actions:
            _action(w, entry)
    if not report.fields:
        w.banner("Belum ada laporan pada periode ini.", "text")
    _signature(w)
    w.page_setup()


def _action(w: _Writer, entry) -> None:
    """One action's table: heading, a row per indicator, then budgets, status and texts."""
    f = w.f
    w.banner(entry.heading, "action")
    w.heads(INDICATOR_HEADINGS)
    for i, line in enumerate(entry.indicators, start=1):
        w.ws.write_number(w.row, 0, i, f["center"])
        w.ws.write_string(w.row, 1, line.name, f["text"])
        w.ws.write_string(w.row, 2, line.unit, f["center"])
        w.number(3, line.target, _value_format(line.target))
        w.number(4, line.realised, _value_format(line.realised))
        w.number(5, line.percent, "percent")
        height = max(wrapped_lines(line.name, WIDTHS[1]), wrapped_lines(line.unit, WIDTHS[2]))
        w.ws.set_row(w.row, height * LINE_HEIGHT + 3)
        w.row += 1
    rows = [
        ("Capaian aksi (%)", entry.percent, "percent"),
        ("Anggaran (rencana)", entry.budget, "money"),
        ("Realisasi anggaran", entry.budget_realised, "money"),
        ("Status laporan", entry.status, "text"),
        ("Uraian kegiatan", entry.narrative, "text"),
        ("Kendala", entry.obstacles, "text"),
        ("Tindak lanjut", entry.follow_up, "text"),
    ]
    for label, value, fmt in rows:
        w.ws.merge_range(w.row, 0, w.row, 1, "", f["label"])
        w.ws.write_string(w.row, 0, label, f["label"])
        if fmt == "text":
            w.ws.merge_range(w.row, 2, w.row, 5, "", f["text"])
            # write_string, never write(): a text starting with "=" stays text, not a formula.
            w.ws.write_string(w.row, 2, value or "", f["text"])
            w.ws.set_row(w.row, wrapped_lines(value or "", sum(WIDTHS[2:])) * LINE_HEIGHT + 3)
        else:
            w.number(2, value, fmt, last=5)
        w.row += 1
    w.row += 1


def _signature(w: _Writer) -> None:
    """The place and date, position, space to sign, name and NIP, on the right."""
    s = w.r.signatory
    w.row += 1
    lines = [(s.place_and_date, "sign"), (s.position, "sign"), ("", None), ("", None), ("", None)]
    lines.append((s.name or "( ……………………………………… )", "sign_name"))
    if s.nip:
        lines.append((f"NIP. {s.nip}", "sign"))
    for text, kind in lines:
        if kind:
            w.ws.merge_range(w.row, 3, w.row, 5, "", w.f[kind])
            w.ws.write_string(w.row, 3, text, w.f[kind])
        w.row += 1


def _put(w: _Writer, cells, *, head: bool = False) -> None:
    """One table row of the coordination sheet: ``cells`` are (first column, last column, value, format)."""
    height = 1
    for first, last, value, fmt in cells:
        fmt = "head" if head else fmt
        if last > first:
            w.ws.merge_range(w.row, first, w.row, last, "", w.f[fmt])
        if value is None:
            w.ws.write_blank(w.row, first, None, w.f[fmt])
        elif isinstance(value, str):
            w.ws.write_string(w.row, first, value, w.f[fmt])
            height = max(height, wrapped_lines(value, sum(w.widths[first : last + 1])))
        elif isinstance(value, date):
            w.ws.write_datetime(w.row, first, value, w.f[fmt])
        else:
            w.ws.write_number(w.row, first, float(value) if value != int(value) else int(value), w.f[fmt])
    w.ws.set_row(w.row, height * LINE_HEIGHT + (4 if head else 3))
    w.row += 1


def _coordination_sheet(report: ConsolidatedReport, book, formats) -> None:
    """Chapter IV: meetings held, attendance per agency and decisions with their follow-ups, numbers as numbers."""
    c = report.coordination
    w = _Writer(report, book, formats, "Koordinasi", COORDINATION_WIDTHS)
    w.watermark()
    w.banner("IV. Koordinasi Tim Terpadu P4GN", "title", min_height=18)
    w.banner(f"{report.title} · {report.subtitle}", "subtitle")
    w.row += 1
    w.banner(c.introduction, "paragraph")
    if c.meetings:
        w.row += 1
        w.banner("A. Rapat yang terlaksana", "chapter")
        _put(w, [(0, 0, "No", ""), (1, 1, "Tanggal", ""), (2, 2, "Jenis", ""), (3, 3, "Judul rapat", ""),
                 (4, 6, "Jumlah hadir", "")], head=True)  # fmt: skip
        for m in c.meetings:
            _put(w, [(0, 0, m.number, "center"), (1, 1, m.held_on, "date"), (2, 2, m.kind, "text"),
                     (3, 3, m.title, "text"), (4, 6, m.headcount, "whole")])  # fmt: skip
        w.row += 1
        w.banner("B. Kehadiran perangkat daerah dan instansi", "chapter")
        _put(w, [(0, 0, "No", ""), (1, 3, "Perangkat daerah/instansi", ""), (4, 4, "Diundang", ""),
                 (5, 5, "Hadir", ""), (6, 6, "Tingkat kehadiran (%)", "")], head=True)  # fmt: skip
        for a in c.attendance:
            _put(w, [(0, 0, a.number, "center"), (1, 3, a.agency, "text"), (4, 4, a.invited, "whole"),
                     (5, 5, a.attended, "whole"), (6, 6, a.percent, "percent")])  # fmt: skip
        w.row += 1
        w.banner("C. Keputusan rapat dan tindak lanjutnya", "chapter")
        _put(w, [(0, 0, "No", ""), (1, 1, "Rapat", ""), (2, 3, "Keputusan", ""), (4, 4, "Tindak lanjut", ""),
                 (5, 5, "Selesai", ""), (6, 6, "Terlambat", "")], head=True)  # fmt: skip
        for d in c.decisions:
            _put(w, [(0, 0, d.number, "center"), (1, 1, d.meeting, "text"), (2, 3, d.text, "text"),
                     (4, 4, d.total, "whole"), (5, 5, d.done, "whole"), (6, 6, d.overdue, "whole")])  # fmt: skip
        _put(w, [(0, 0, None, "total"), (1, 3, "Jumlah", "total"), (4, 4, c.follow_ups_total, "total_whole"),
                 (5, 5, c.follow_ups_done, "total_whole"), (6, 6, c.follow_ups_overdue, "total_whole")])  # fmt: skip
    w.page_setup()


def _annex_a(report: ConsolidatedReport, book, formats) -> None:
    """Annex A: completeness and timeliness per agency, with the total."""
    w = _Writer(report, book, formats, "Lampiran A", ANNEX_A_WIDTHS)
    w.watermark()
    w.banner("Lampiran A. Kelengkapan dan ketepatan waktu pelaporan", "title", min_height=18)
    w.banner(f"{report.title} · {report.subtitle}", "subtitle")
    w.row += 1
    head = w.heads(COMPLETENESS_HEADINGS)
    for row in (*report.completeness, report.completeness_total):
        total = row.number is None
        text, whole = ("total", "total_whole") if total else ("text", "whole")
        if total:
            w.ws.write_blank(w.row, 0, None, w.f[text])
        else:
            w.ws.write_number(w.row, 0, row.number, w.f["center"])
        w.ws.write_string(w.row, 1, row.agency, w.f[text])
        if row.due_on:
            w.ws.write_datetime(w.row, 2, row.due_on, w.f["date"])
        else:
            w.ws.write_blank(w.row, 2, None, w.f[text])
        for col, value in enumerate(row.counts, start=3):
            w.ws.write_number(w.row, col, value, w.f[whole])
        w.ws.set_row(w.row, wrapped_lines(row.agency, ANNEX_A_WIDTHS[1]) * LINE_HEIGHT + 3)
        w.row += 1
    w.page_setup(landscape=True, repeat=head)


def _annex_b(report: ConsolidatedReport, book, formats) -> None:
    """Annex B: the evidence files of the counted reports."""
    w = _Writer(report, book, formats, "Lampiran B", ANNEX_B_WIDTHS)
    w.watermark()
    w.banner("Lampiran B. Daftar bukti dukung", "title", min_height=18)
    w.banner(f"{report.title} · {report.subtitle}", "subtitle")
    w.row += 1
    head = w.heads(EVIDENCE_HEADINGS)
    for item in report.evidence:
        w.ws.write_number(w.row, 0, item.number, w.f["center"])
        w.ws.write_string(w.row, 1, item.action, w.f["text"])
        w.ws.write_string(w.row, 2, item.name, w.f["text"])
        w.ws.write_string(w.row, 3, item.kind, w.f["center"])
        w.ws.write_datetime(w.row, 4, item.uploaded_on, w.f["date"])
        lines = max(wrapped_lines(item.action, ANNEX_B_WIDTHS[1]), wrapped_lines(item.name, ANNEX_B_WIDTHS[2]))
        w.ws.set_row(w.row, lines * LINE_HEIGHT + 3)
        w.row += 1
    if not report.evidence:
        w.banner("Tidak ada bukti dukung.", "text")
    w.page_setup(repeat=head)


def to_xlsx(report: ConsolidatedReport) -> bytes:
    """The report as an XLSX workbook: portrait A4 fitted to the width; a draft says so on every page."""
    buffer = io.BytesIO()
    book = spreadsheets.workbook(buffer, {"in_memory": True})
    book.set_properties({"title": report.title, "subject": report.subtitle, "author": report.letterhead.name})
    formats = _formats(book)
    _report_sheet(report, book, formats)
    _coordination_sheet(report, book, formats)
    _annex_a(report, book, formats)
    _annex_b(report, book, formats)
    book.close()
    return buffer.getvalue()
