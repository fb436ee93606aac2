"""The consolidated report as a Word document (DOCX) the secretariat can still edit before signing.

The body after the letterhead is written as WordprocessingML text and parsed once: building hundreds of small
tables through python-docx's element API takes seconds (the documents app's DOCX does the same for its rows).
"""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt, RGBColor

from sinergi.core import formatting
from sinergi.documents.render_docx import letterhead, page_footer, xml_text
from sinergi.reporting.consolidated import (
    ATTENDANCE_RATE_HEADINGS,
    COMPLETENESS_HEADINGS,
    DECISION_HEADINGS,
    EVIDENCE_HEADINGS,
    INDICATOR_HEADINGS,
    MEETING_HEADINGS,
    ConsolidatedReport,
)

WIDTH_MM, HEIGHT_MM = 210, 297
MARGINS_MM = {"left_margin": 18, "right_margin": 15, "top_margin": 15, "bottom_margin": 16}
TEXT_WIDTH_MM = WIDTH_MM - MARGINS_MM["left_margin"] - MARGINS_MM["right_margin"]
TWIPS_PER_MM = 1440 / 25.4
HEAD_FILL, FIELD_FILL, ACTION_FILL = "D9E2EC", "EEF2F6", "F5F7FA"
# Column shares (percent of the text width) of each kind of table.
INDICATOR_SHARES = (6, 40, 12, 14, 14, 14)
SUMMARY_SHARES = (60, 40)
COMPLETENESS_SHARES = (5, 28, 11, 8, 8, 8, 8, 8, 8, 8)
EVIDENCE_SHARES = (6, 40, 28, 13, 13)
MEETING_SHARES = (6, 19, 15, 46, 14)
ATTENDANCE_RATE_SHARES = (6, 52, 12, 12, 18)
DECISION_SHARES = (6, 20, 48, 14, 12)
BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="333333"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def _paragraph(text: str = "", *, align="left", bold=False, italic=False, size=None, color=None, after=0, keep=False):
    """A paragraph as WordprocessingML text."""
    props = ("<w:keepNext/>" if keep else "") + f'<w:spacing w:after="{after * 20}"/><w:jc w:val="{align}"/>'
    run_props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    run_props += (f'<w:color w:val="{color}"/>' if color else "") + (f'<w:sz w:val="{int(size * 2)}"/>' if size else "")
    runs = []
    for index, line in enumerate(str(text).split("\n")):
        if index:
            runs.append("<w:r><w:br/></w:r>")
        if line:
            runs.append(f'<w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">{xml_text(line)}</w:t></w:r>')
    return f"<w:p><w:pPr>{props}</w:pPr>{''.join(runs)}</w:p>"


class _TableXml:
    """One table as WordprocessingML text: fixed column widths, borders, header rows repeated on every page."""

    def __init__(self, shares):
        total = TEXT_WIDTH_MM * TWIPS_PER_MM
        self.twips = [round(total * share / sum(shares)) for share in shares]
        self.rows: list[str] = []
        self.cells: list[str] = []

    def cell(self, col: int, text="", *, span=1, align="left", bold=False, fill=None):
        """A cell of the current row, spanning ``span`` columns."""
        props = f'<w:tcW w:w="{sum(self.twips[col : col + span])}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if fill:
            props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        self.cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_paragraph(text, align=align, bold=bold)}</w:tc>")

    def row(self, *, header=False) -> None:
        """End the current row: rows never split across pages; header rows repeat on every page."""
        props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        self.rows.append(f"<w:tr><w:trPr>{props}</w:trPr>{''.join(self.cells)}</w:tr>")
        self.cells = []

    def heads(self, headings) -> None:
        """The heading row, repeated on every page."""
        for col, text in enumerate(headings):
            self.cell(col, text, align="center", bold=True, fill=HEAD_FILL)
        self.row(header=True)

    def xml(self) -> str:
        """The whole table."""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.twips)
        props = (
            f'<w:tblW w:w="{sum(self.twips)}" w:type="dxa"/><w:tblBorders>{BORDERS}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="15" w:type="dxa"/>'
            '<w:left w:w="60" w:type="dxa"/><w:bottom w:w="15" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
            "</w:tblCellMar>"
        )
        return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(self.rows)}</w:tbl>"


def _summary(report: ConsolidatedReport) -> str:
    s = report.summary
    table = _TableXml(SUMMARY_SHARES)
    for label, value in (
        ("Capaian pemerintah daerah", formatting.percent(s.achievement)),
        ("Laporan wajib disampaikan", str(s.expected)),
        ("Laporan disampaikan", str(s.submitted)),
        ("Laporan disetujui", str(s.approved)),
        ("Disampaikan tepat waktu", str(s.on_time)),
        ("Terlambat", str(s.late)),
        ("Anggaran aksi (rencana)", formatting.rupiah(s.budget)),
        ("Realisasi anggaran" + ("" if report.draft else " (laporan disetujui)"), formatting.rupiah(s.budget_realised)),
    ):
        table.cell(0, label, bold=True)
        table.cell(1, value, align="right")
        table.row()
    return table.xml()


def _action(entry) -> str:
    """One action's table: its heading and indicator headings (repeated), indicators, budgets, status, texts."""
    table = _TableXml(INDICATOR_SHARES)
    table.cell(0, entry.heading, span=6, bold=True, fill=ACTION_FILL)
    table.row(header=True)
    table.heads(INDICATOR_HEADINGS)
    for i, line in enumerate(entry.indicators, start=1):
        table.cell(0, str(i), align="center")
        table.cell(1, line.name)
        table.cell(2, line.unit, align="center")
        table.cell(3, formatting.quantity(line.target, empty=""), align="right")
        table.cell(4, formatting.quantity(line.realised, empty=""), align="right")
        table.cell(5, formatting.number(line.percent, 1), align="right")
        table.row()
    for label, text in (
        ("Capaian aksi", formatting.percent(entry.percent)),
        ("Anggaran (rencana)", formatting.rupiah(entry.budget)),
        ("Realisasi anggaran", formatting.rupiah(entry.budget_realised)),
        ("Status laporan", entry.status),
        ("Uraian kegiatan", entry.narrative),
        ("Kendala", entry.obstacles),
        ("Tindak lanjut", entry.follow_up),
    ):
        table.cell(0, label, span=2, bold=True)
        table.cell(2, text, span=4)
        table.row()
    return table.xml() + _paragraph(after=4)


def _signature(report: ConsolidatedReport) -> str:
    s = report.signatory
    indent = round(TEXT_WIDTH_MM * TWIPS_PER_MM * 0.55)
    lines = [(s.place_and_date, False, False), (s.position, False, False), *[("", False, False)] * 4]
    lines.append((s.name or "( ……………………………………… )", True, True))
    if s.nip:
        lines.append((f"NIP. {s.nip}", False, False))
    paragraphs = []
    for index, (text, bold, underline) in enumerate(lines):
        keep = "<w:keepNext/>" if index < len(lines) - 1 else ""
        spacing = '<w:spacing w:before="360"/>' if index == 0 else ""
        run_props = ("<w:b/>" if bold else "") + ('<w:u w:val="single"/>' if underline else "")
        run = f'<w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>' if text else ""
        props = f'{keep}{spacing}<w:ind w:left="{indent}"/><w:jc w:val="center"/>'
        paragraphs.append(f"<w:p><w:pPr>{props}</w:pPr>{run}</w:p>")
    return "".join(paragraphs)


def _annex_a(report: ConsolidatedReport) -> str:
    table = _TableXml(COMPLETENESS_SHARES)
    table.heads(COMPLETENESS_HEADINGS)
    for row in (*report.completeness, report.completeness_total):
        fill = HEAD_FILL if row.number is None else None
        bold = row.number is None
        table.cell(0, "" if row.number is None else str(row.number), align="center", fill=fill)
        table.cell(1, row.agency, bold=bold, fill=fill)
        table.cell(2, row.due_on.strftime("%d/%m/%Y") if row.due_on else "", align="center", fill=fill)
        for col, value in enumerate(row.counts, start=3):
            table.cell(col, str(value), align="right", bold=bold, fill=fill)
        table.row()
    return table.xml()


def _annex_b(report: ConsolidatedReport) -> str:
    table = _TableXml(EVIDENCE_SHARES)
    table.heads(EVIDENCE_HEADINGS)
    for item in report.evidence:
        table.cell(0, str(item.number), align="center")
        table.cell(1, item.action)
        table.cell(2, item.name)
        table.cell(3, item.kind, align="center")
        table.cell(4, item.uploaded_on.strftime("%d/%m/%Y"), align="center")
        table.row()
    if not report.evidence:
        table.cell(0, "Tidak ada bukti dukung.", span=5)
        table.row()
    return table.xml()


def _coordination(report: ConsolidatedReport) -> str:
    """Chapter IV: the meetings held, attendance per agency, decisions and their follow-ups."""
    c = report.coordination
    parts = [_paragraph("IV. Koordinasi Tim Terpadu P4GN", bold=True, size=10.5, after=4, keep=True)]
    parts.append(_paragraph(c.introduction, align="both", after=4))
    if not c.meetings:
        return "".join(parts)
    parts.append(_paragraph("A. Rapat yang terlaksana", bold=True, after=3, keep=True))
    table = _TableXml(MEETING_SHARES)
    table.heads(MEETING_HEADINGS)
    for m in c.meetings:
        for col, (text, align) in enumerate(
            ((str(m.number), "center"), (m.date, "left"), (m.kind, "left"), (m.title, "left"),
             (str(m.headcount), "right"))
        ):  # fmt: skip
            table.cell(col, text, align=align)
        table.row()
    parts += [table.xml(), _paragraph(after=4)]
    parts.append(_paragraph("B. Kehadiran perangkat daerah dan instansi", bold=True, after=3, keep=True))
    table = _TableXml(ATTENDANCE_RATE_SHARES)
    table.heads(ATTENDANCE_RATE_HEADINGS)
    for a in c.attendance:
        for col, (text, align) in enumerate(
            (
                (str(a.number), "center"),
                (a.agency, "left"),
                (str(a.invited), "right"),
                (str(a.attended), "right"),
                (formatting.number(a.percent, 1), "right"),
            )
        ):
            table.cell(col, text, align=align)
        table.row()
    parts += [table.xml(), _paragraph(after=4)]
    parts.append(_paragraph("C. Keputusan rapat dan tindak lanjutnya", bold=True, after=3, keep=True))
    table = _TableXml(DECISION_SHARES)
    table.heads(DECISION_HEADINGS)
    for d in c.decisions:
        for col, (text, align) in enumerate(
            ((str(d.number), "center"), (d.meeting, "left"), (d.text, "left"), (d.done_text, "center"),
             (str(d.overdue), "right"))
        ):  # fmt: skip
            table.cell(col, text, align=align)
        table.row()
    table.cell(0, "", fill=HEAD_FILL)
    table.cell(1, "Jumlah", span=2, bold=True, fill=HEAD_FILL)
    table.cell(3, f"{c.follow_ups_done}/{c.follow_ups_total}", align="center", bold=True, fill=HEAD_FILL)
    table.cell(4, str(c.follow_ups_overdue), align="right", bold=True, fill=HEAD_FILL)
    table.row()
    parts.append(table.xml())
    return "".join(parts)


def _body(report: ConsolidatedReport) -> str:
    """Everything below the letterhead, as WordprocessingML text."""
    parts = []
    if report.draft:
        parts.append(_paragraph(report.watermark, align="center", bold=True, size=12, color="C00000", after=2))
    parts.append(_paragraph(report.title, align="center", bold=True, size=12, after=2))
    parts.append(_paragraph(report.subtitle, align="center", after=2))
    if report.note:
        parts.append(_paragraph(report.note, align="center", italic=True, size=8, after=2))
    parts.append(_paragraph("I. Pendahuluan", bold=True, size=10.5, after=4, keep=True))
    parts.extend(_paragraph(text, align="both", after=4) for text in report.introduction)
    parts.append(_paragraph("II. Ringkasan", bold=True, size=10.5, after=4, keep=True))
    parts.append(_summary(report))
    parts.append(_paragraph("III. Capaian per bidang dan pelaksanaan aksi", bold=True, size=10.5, after=4, keep=True))
    for group in report.fields:
        heading = f"{group.heading} — capaian bidang: {formatting.percent(group.percent)}"
        parts.append(_paragraph(heading, bold=True, after=3, keep=True))
        parts.extend(_action(entry) for entry in group.actions)
    if not report.fields:
        parts.append(_paragraph("Belum ada laporan pada periode ini.", after=4))
    parts.append(_coordination(report))
    parts.append(_signature(report))
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    title_a = "Lampiran A. Kelengkapan dan ketepatan waktu pelaporan"
    parts += [page_break, _paragraph(title_a, bold=True, size=10.5, after=4, keep=True), _annex_a(report)]
    parts += [page_break, _paragraph("Lampiran B. Daftar bukti dukung", bold=True, size=10.5, after=4, keep=True)]
    parts.append(_annex_b(report))
    return "".join(parts)


def _watermark_header(section, text: str) -> None:
    """The draft's mark in the header of every page."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def to_docx(report: ConsolidatedReport) -> bytes:
    """The report as a portrait A4 Word document: letterhead, sections, tables whose headings repeat, signature."""
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = report.letterhead.name
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    section.page_width, section.page_height = Mm(WIDTH_MM), Mm(HEIGHT_MM)
    for side, millimetres in MARGINS_MM.items():
        setattr(section, side, Mm(millimetres))
    section.footer_distance = Mm(6)
    if report.draft:
        _watermark_header(section, report.watermark)
    letterhead(document, report, TEXT_WIDTH_MM)
    body = document.element.body
    parsed = parse_xml(f"<w:body {nsdecls('w')}>{_body(report)}</w:body>")
    for element in list(parsed):
        body.sectPr.addprevious(element)
    page_footer(section, report.title)
    for run in section.footer.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
