"""The documents of a meeting as Word documents (DOCX) the secretariat can still edit before signing.

The letterhead and the page footer are the documents app's (``sinergi.documents.render_docx``), so every official
document of a government carries the same kop surat.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from sinergi.coordination.documents.selectors import (
    ATTENDANCE_HEADINGS,
    BLANK_NAME,
    FOLLOW_UP_HEADINGS,
    SIGN_IN_HEADINGS,
    Invitation,
    MeetingFacts,
    Minutes,
    SignInSheet,
)
from sinergi.documents.rad_matrix import Signatory
from sinergi.documents.render_docx import letterhead, page_footer

WIDTH_MM, HEIGHT_MM = 210, 297
MARGINS_MM = {"left_margin": 25, "right_margin": 20, "top_margin": 15, "bottom_margin": 16}
TEXT_WIDTH_MM = WIDTH_MM - MARGINS_MM["left_margin"] - MARGINS_MM["right_margin"]
HEAD_FILL = "D9E2EC"
LEFT, CENTER, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
ROMAN = ("I", "II", "III", "IV", "V", "VI")
# Column widths in millimetres (they add up to the text width, 165 mm).
FOLLOW_UP_WIDTHS = (10, 51, 30, 21, 20, 33)
ATTENDANCE_WIDTHS = (10, 40, 46, 44, 25)
SIGN_IN_WIDTHS = (10, 41, 35, 43, 36)
FACT_WIDTHS = (32, 5, 128)


def _document(title: str, author: str, *, font_pt: float = 10.5):
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(font_pt)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    section = document.sections[0]
    section.page_width, section.page_height = Mm(WIDTH_MM), Mm(HEIGHT_MM)
    for side, millimetres in MARGINS_MM.items():
        setattr(section, side, Mm(millimetres))
    section.footer_distance = Mm(6)
    return document


def _finish(document, footer: str) -> bytes:
    section = document.sections[0]
    page_footer(section, footer)
    for run in section.footer.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _para(target, text: str = "", *, align=LEFT, bold=False, italic=False, size=None, after=0, before=0, indent=None,
          first_line=None, keep=False, underline=False):  # fmt: skip
    """A paragraph added to ``target`` (the document or a table cell)."""
    paragraph = target.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    fmt.keep_with_next = keep
    if indent is not None:
        fmt.left_indent = Mm(indent)
    if first_line is not None:
        fmt.first_line_indent = Mm(first_line)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return paragraph


def _cell_text(cell, text: str, *, align=LEFT, bold=False, size=None) -> None:
    """Write ``text`` into the cell's first paragraph."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    if text:
        run = paragraph.add_run(str(text))
        run.bold = bold
        if size:
            run.font.size = Pt(size)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_props(row, *, header=False) -> None:
    """A row never splits across pages; a header row repeats on every page."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if header:
        props.append(OxmlElement("w:tblHeader"))


def _table(document, widths, *, grid=True):
    table = document.add_table(rows=0, cols=len(widths))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT if not grid else WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    return table


def _add_row(table, widths, texts, *, header=False, aligns=None, size=None, height_mm=None):
    row = table.add_row()
    _row_props(row, header=header)
    if height_mm:
        row.height = Mm(height_mm)
    for index, (cell, width, text) in enumerate(zip(row.cells, widths, texts, strict=True)):
        cell.width = Mm(width)
        align = CENTER if header else (aligns[index] if aligns else LEFT)
        _cell_text(cell, text, align=align, bold=header, size=size)
        if header:
            _shade(cell, HEAD_FILL)
    return row


def _grid(document, widths, headings, rows, *, aligns=None, size=9.5, height_mm=None):
    """A bordered table: a shaded heading row repeated on every page, then ``rows`` (lists of texts)."""
    table = _table(document, widths)
    _add_row(table, widths, headings, header=True, size=size)
    for texts in rows:
        _add_row(table, widths, texts, aligns=aligns, size=size, height_mm=height_mm)
    return table


def _facts(document, facts: MeetingFacts, *, chair=False, participants="", indent_mm=0) -> None:
    """Hari/tanggal, waktu, tempat (pimpinan rapat, peserta) and acara, as a borderless table."""
    widths = list(FACT_WIDTHS)
    widths[-1] -= indent_mm
    lines = [("Hari/tanggal", facts.day_date), ("Waktu", facts.time), ("Tempat", facts.place)]
    if chair and facts.chair:
        lines.append(("Pimpinan rapat", facts.chair))
    if participants:
        lines.append(("Peserta", participants))
    if len(facts.agenda) > 1:
        agenda = "\n".join(f"{i}. {item}" for i, item in enumerate(facts.agenda, start=1))
    else:
        agenda = facts.agenda[0] if facts.agenda else facts.title
    lines.append(("Acara", agenda))
    table = _table(document, widths, grid=False)
    if indent_mm:
        indent = OxmlElement("w:tblInd")
        indent.set(qn("w:w"), str(round(indent_mm * 1440 / 25.4)))
        indent.set(qn("w:type"), "dxa")
        table._tbl.tblPr.append(indent)
    for label, value in lines:
        row = table.add_row()
        for cell, width, text in zip(row.cells, widths, (label, ":", value), strict=True):
            cell.width = Mm(width)
            for index, line in enumerate(str(text).split("\n")):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                paragraph.add_run(line)
    _para(document, after=4)


def _signature(document, signatory: Signatory, *, label: str = "", with_date: bool = True) -> None:
    """A signature block on the right half of the page."""
    indent = TEXT_WIDTH_MM * 0.5
    lines = [signatory.place_and_date if with_date else "", label or signatory.position]
    for text in lines:
        if text:
            _para(document, text, align=CENTER, indent=indent, keep=True)
    for _ in range(4):
        _para(document, indent=indent, keep=True)
    _para(document, signatory.name or BLANK_NAME, align=CENTER, indent=indent, bold=True, underline=True, keep=True)
    if label:
        _para(document, signatory.position, align=CENTER, indent=indent)
    elif signatory.nip:
        _para(document, f"NIP. {signatory.nip}", align=CENTER, indent=indent)


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- the invitation -------------------------------------------------------------------------------------------


def invitation_docx(invitation: Invitation) -> bytes:
    """The invitation letter: number, date, addressees, the meeting's facts, signature; annex of addressees."""
    facts = invitation.facts
    document = _document(f"Undangan {facts.title}", facts.letterhead.name)
    letterhead(document, invitation.facts, TEXT_WIDTH_MM)
    head = _table(document, (95, 70), grid=False)
    left, right = head.add_row().cells
    left.width, right.width = Mm(95), Mm(70)
    meta = [
        ("Nomor", facts.letter_number or "……………………"),
        ("Sifat", "Penting"),
        ("Lampiran", invitation.attachment),
        ("Perihal", invitation.subject),
    ]
    for index, (label, value) in enumerate(meta):
        paragraph = left.paragraphs[0] if index == 0 else left.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(20))
        paragraph.add_run(f"{label}\t: ")
        paragraph.add_run(value).bold = label == "Perihal"
    lines = [invitation.signatory.place_and_date, "", "Kepada"]
    if invitation.recipients_in_annex:
        lines.append("Yth. Bapak/Ibu (daftar terlampir)")
    elif len(invitation.recipients) == 1:
        lines.append(f"Yth. {invitation.recipients[0]}")
    else:
        lines.append("Yth.")
        lines.extend(f"{i}. {name}" for i, name in enumerate(invitation.recipients, start=1))
    lines += ["di -", "      Tempat"]
    for index, text in enumerate(lines):
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        paragraph.add_run(text)
    _para(document, after=8)
    _para(document, invitation.opening, align=JUSTIFY, indent=12, first_line=8, after=4)
    _facts(document, facts, indent_mm=12)
    _para(document, invitation.closing, align=JUSTIFY, indent=12, first_line=8, after=6)
    _signature(document, invitation.signatory, with_date=False)  # the date stands at the top of the letter
    if invitation.recipients_in_annex:
        _page_break(document)
        annex = _table(document, (22, 5, 138), grid=False)
        for label, value in (
            ("Lampiran", f"Surat {invitation.signatory.position}"),
            ("Nomor", facts.letter_number or "……………………"),
            ("Tanggal", facts.letter_date or "……………………"),
            ("Perihal", f"Undangan {facts.title}"),
        ):
            row = annex.add_row()
            for cell, width, text in zip(row.cells, (22, 5, 138), (label, ":", value), strict=True):
                cell.width = Mm(width)
                cell.paragraphs[0].add_run(text)
        _para(document, "DAFTAR UNDANGAN", align=CENTER, bold=True, size=12, before=8, after=6)
        _grid(
            document,
            (15, 150),
            ("No", "Yth."),
            [(str(i), name) for i, name in enumerate(invitation.recipients, start=1)],
            aligns=(CENTER, LEFT),
        )
    return _finish(document, f"Undangan {facts.title}")


# --- the sign-in sheet ----------------------------------------------------------------------------------------


def sign_in_sheet_docx(sheet: SignInSheet) -> bytes:
    """The sign-in sheet: the meeting's facts and a table with a line per invited agency, then empty lines."""
    facts = sheet.facts
    document = _document(f"Daftar Hadir {facts.title}", facts.letterhead.name)
    letterhead(document, facts, TEXT_WIDTH_MM)
    _para(document, "DAFTAR HADIR", align=CENTER, bold=True, size=12, after=2)
    _para(document, facts.title, align=CENTER, bold=True, after=6)
    _facts(document, facts)
    table = _table(document, SIGN_IN_WIDTHS)
    _add_row(table, SIGN_IN_WIDTHS, SIGN_IN_HEADINGS, header=True, size=9.5)
    for row in sheet.rows:
        cells = _add_row(
            table, SIGN_IN_WIDTHS, (str(row.number), "", "", row.institution, ""), size=8.5, height_mm=9
        ).cells
        cells[0].paragraphs[0].alignment = CENTER
        signature = cells[4].paragraphs[0]
        if row.number % 2 == 0:
            signature.paragraph_format.left_indent = Mm(SIGN_IN_WIDTHS[4] * 0.45)
        signature.add_run(f"{row.number}.").font.size = Pt(8)
    return _finish(document, f"Daftar Hadir {facts.title}")


# --- the minutes ----------------------------------------------------------------------------------------------


def _chapter(document, text: str) -> None:
    _para(document, text, bold=True, before=8, after=4, keep=True)


def _two_signatures(document, minutes: Minutes) -> None:
    """The notulis on the left (when known), the chair on the right."""
    half = TEXT_WIDTH_MM / 2
    table = _table(document, (half, half), grid=False)
    left, right = table.add_row().cells
    _row_props(table.rows[0])
    secretary, chair = minutes.secretary, minutes.chair
    columns = [
        (left, ["", "Notulis,"], secretary.name if secretary else "", secretary.position if secretary else ""),
        (right, [chair.place_and_date, "Pimpinan Rapat,"], chair.name or BLANK_NAME, chair.position),
    ]
    for cell, top, name, position in columns:
        cell.width = Mm(half)
        if cell is left and secretary is None:
            continue
        texts = [*top, "", "", "", ""]
        for index, text in enumerate(texts):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = CENTER
            if text:
                paragraph.add_run(text)
        name_paragraph = cell.add_paragraph()
        name_paragraph.alignment = CENTER
        run = name_paragraph.add_run(name)
        run.bold = run.underline = True
        cell.add_paragraph(position).alignment = CENTER


def minutes_docx(minutes: Minutes) -> bytes:
    """The minutes: facts, summary, discussion per agenda item, decisions, follow-up table, signatures and the
    attendance annex."""
    facts = minutes.facts
    document = _document(minutes.title, facts.letterhead.name)
    letterhead(document, facts, TEXT_WIDTH_MM)
    _para(document, "NOTULEN RAPAT", align=CENTER, bold=True, size=12, after=2)
    _para(document, facts.title, align=CENTER, bold=True, after=6)
    _facts(document, facts, chair=True, participants=minutes.participants)
    numerals = iter(ROMAN)
    if minutes.summary:
        _chapter(document, f"{next(numerals)}. Ringkasan")
        for paragraph in minutes.summary:
            _para(document, paragraph, align=JUSTIFY, after=4)
    _chapter(document, f"{next(numerals)}. Pembahasan")
    for item in minutes.agenda:
        _para(document, f"{item.number}. {item.title}", bold=True, before=4, after=2, keep=True)
        if item.presenter:
            _para(document, f"Penyaji: {item.presenter}", italic=True, indent=7, after=2)
        for paragraph in item.discussion or ("—",):
            _para(document, paragraph, align=JUSTIFY, indent=7, after=4)
    if not minutes.agenda:
        _para(document, "Belum ada agenda yang dicatat.", after=4)
    _chapter(document, f"{next(numerals)}. Kesimpulan dan keputusan")
    for decision in minutes.decisions:
        paragraph = _para(document, f"{decision.number}.\t{decision.text}", align=JUSTIFY, indent=7, after=2)
        paragraph.paragraph_format.first_line_indent = Mm(-7)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(7))
    if not minutes.decisions:
        _para(document, "Tidak ada keputusan yang dicatat.", after=4)
    _chapter(document, f"{next(numerals)}. Tindak lanjut")
    _para(document, f"Status per {minutes.follow_ups_as_of}. Nomor tindak lanjut mengikuti nomor keputusan.", size=9,
          after=3)  # fmt: skip
    rows = [(r.number, r.description, r.agency, r.due, r.status, r.note) for r in minutes.follow_ups]
    table = _grid(
        document, FOLLOW_UP_WIDTHS, FOLLOW_UP_HEADINGS, rows, aligns=(CENTER, LEFT, LEFT, CENTER, CENTER, LEFT), size=9
    )
    for row, follow_up in zip(table.rows[1:], minutes.follow_ups, strict=True):
        if follow_up.overdue:
            for run in row.cells[5].paragraphs[0].runs:
                run.bold = True
    if not minutes.follow_ups:
        _add_row(table, FOLLOW_UP_WIDTHS, ("", "Tidak ada tindak lanjut.", "", "", "", ""), size=9)
    _para(document, after=10)
    _two_signatures(document, minutes)
    _page_break(document)
    _para(document, "Lampiran. Daftar hadir", bold=True, after=2)
    _para(document, f"{facts.title} · {facts.day_date} · {facts.place}", after=4)
    rows = [(str(r.number), r.name, r.position, r.institution, r.note) for r in minutes.attendance]
    _grid(document, ATTENDANCE_WIDTHS, ATTENDANCE_HEADINGS, rows, aligns=(CENTER, LEFT, LEFT, LEFT, LEFT), size=9)
    if not minutes.attendance:
        _para(document, "Kehadiran belum dicatat.", after=4)
    if minutes.absent_agencies:
        paragraph = _para(document, before=6)
        paragraph.add_run("Diundang tetapi tidak hadir: ").bold = True
        paragraph.add_run("; ".join(minutes.absent_agencies) + ".")
    return _finish(document, minutes.title)
