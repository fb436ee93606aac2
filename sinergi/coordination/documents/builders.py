"""A meeting's documents laid out in the document model (``sinergi.documents.engine``): what ``selectors`` read
becomes letterhead, fields, tables and signatures, which every renderer prints the same way.

The words are Indonesian, as in ``selectors``: these are official forms, not interface text.
"""

from dataclasses import replace

from sinergi.coordination.documents.selectors import (
    ATTENDANCE_HEADINGS,
    FOLLOW_UP_HEADINGS,
    SIGN_IN_HEADINGS,
    Invitation,
    MeetingFacts,
    Minutes,
    SignInSheet,
)
from sinergi.documents.builders import official
from sinergi.documents.engine.model import (
    COVERED,
    Align,
    Annex,
    Cell,
    Column,
    Document,
    Fields,
    Heading,
    Kind,
    ListBlock,
    Paragraph,
    Row,
    Signatures,
    Table,
)

FONT_PT = 10.5
TABLE_FONT_PT = 9.0
BODY_INDENT_MM = 12.0  # the letter's body stands in from the fields above it
ITEM_INDENT_MM = 7.0  # the discussion of an agenda item under its heading
UNKNOWN = "……………………"  # a letter number or date not yet given, to be written in by hand
ROMAN = ("I", "II", "III", "IV", "V", "VI")
BLANK_LINE = "\u00a0"  # a line with nothing to see on it, which no renderer drops
SIGN_IN_ROW_MM = 10.0  # a line of the sign-in sheet: two lines of text high, room for a handwritten name


def _document(facts: MeetingFacts, title: str, blocks, *, footer: str, stem: str, **extra) -> Document:
    return Document(
        title=title,
        blocks=tuple(blocks),
        letterhead=official.letterhead(facts.letterhead),
        font_pt=FONT_PT,
        author=facts.letterhead.name,
        footer=footer,
        filename_stem=stem,
        **extra,
    )


def _facts(facts: MeetingFacts, *, chair: bool = False, participants: str = "", indent_mm: float = 0.0) -> Fields:
    """Hari/tanggal, waktu, tempat (pimpinan rapat, peserta) and acara, aligned on their colons."""
    pairs = [("Hari/tanggal", facts.day_date), ("Waktu", facts.time), ("Tempat", facts.place)]
    if chair and facts.chair:
        pairs.append(("Pimpinan rapat", facts.chair))
    if participants:
        pairs.append(("Peserta", participants))
    if len(facts.agenda) > 1:
        agenda = "\n".join(f"{i}. {item}" for i, item in enumerate(facts.agenda, start=1))
    else:
        agenda = facts.agenda[0] if facts.agenda else facts.title
    pairs.append(("Acara", agenda))
    return Fields(pairs=tuple(pairs), indent_mm=indent_mm)


def _columns(headings: tuple[str, ...], weights: tuple[float, ...], aligns: tuple[Align | None, ...] = ()):
    aligns = aligns or (None,) * len(headings)
    number = Column(headings[0], width_mm=10, align=Align.CENTER)
    rest = (Column(h, weight=w, align=a) for h, w, a in zip(headings[1:], weights, aligns[1:], strict=True))
    return (number, *rest)


def _empty_row(text: str, width: int) -> Row:
    return Row(cells=(Cell(text, colspan=width), *(COVERED,) * (width - 1)))


# --- the invitation ---------------------------------------------------------------------------------------------


def invitation_document(invitation: Invitation) -> Document:
    """The surat undangan: date, Nomor/Sifat/Lampiran/Perihal, "Yth." and the addressees, the body with the
    meeting's facts, the signature at the right; with many addressees, an annex listing them."""
    facts = invitation.facts
    if invitation.recipients_in_annex:
        addressees = [Paragraph("Yth. Bapak/Ibu (daftar terlampir)")]
    elif len(invitation.recipients) == 1:
        addressees = [Paragraph(f"Yth. {invitation.recipients[0]}")]
    else:
        addressees = [Paragraph("Yth."), ListBlock(items=invitation.recipients)]
    blocks = [
        Paragraph(invitation.signatory.place_and_date, align=Align.RIGHT),
        Paragraph(BLANK_LINE),
        Fields(
            pairs=(
                ("Nomor", facts.letter_number or UNKNOWN),
                ("Sifat", "Penting"),
                ("Lampiran", invitation.attachment),
                ("Perihal", invitation.subject),
            )
        ),
        Paragraph(BLANK_LINE),
        Paragraph("Kepada"),
        *addressees,
        Paragraph("di -"),
        Paragraph("Tempat", indent_mm=BODY_INDENT_MM),
        Paragraph(BLANK_LINE),
        Paragraph(invitation.opening, justify=True, indent_mm=BODY_INDENT_MM),
        _facts(facts, indent_mm=BODY_INDENT_MM),
        Paragraph(invitation.closing, justify=True, indent_mm=BODY_INDENT_MM),
        # The date stands at the top of the letter, not again above the signature.
        Signatures(items=(official.signature(invitation.signatory, with_date=False),)),
    ]
    annexes = ()
    if invitation.recipients_in_annex:
        head = Fields(
            pairs=(
                ("Lampiran", f"Surat {invitation.signatory.position}"),
                ("Nomor", facts.letter_number or UNKNOWN),
                ("Tanggal", facts.letter_date or UNKNOWN),
                ("Perihal", f"Undangan {facts.title}"),
            )
        )
        table = Table(
            columns=_columns(("No", "Yth."), (1.0,)),
            rows=tuple(Row(cells=(str(i), name)) for i, name in enumerate(invitation.recipients, start=1)),
        )
        annexes = (Annex(title="DAFTAR UNDANGAN", blocks=(head, table)),)
    title = f"Undangan {facts.title}"
    return _document(facts, title, blocks, footer=title, stem=invitation.filename_stem, annexes=annexes,
                     show_title=False)  # fmt: skip


# --- the sign-in sheet ------------------------------------------------------------------------------------------


def sign_in_sheet_document(sheet: SignInSheet) -> Document:
    """The daftar hadir: the meeting's facts, then a line per invited agency and empty lines to sign on."""
    facts = sheet.facts
    rows = []
    for row in sheet.rows:
        # The signature lines are numbered in a zigzag, even ones from the middle of the cell, so that neighbours'
        # signatures do not overlap.
        signature = Cell(f"{row.number}.", align=Align.CENTER if row.number % 2 == 0 else Align.LEFT)
        rows.append(Row(cells=(str(row.number), "", "", row.institution, signature), min_height_mm=SIGN_IN_ROW_MM))
    table = Table(
        columns=_columns(SIGN_IN_HEADINGS, (41, 35, 43, 41)),
        rows=tuple(rows),
        font_pt=TABLE_FONT_PT,
    )
    blocks = (Paragraph(facts.title, align=Align.CENTER, bold=True), _facts(facts), table)
    return _document(facts, "DAFTAR HADIR", blocks, footer=f"Daftar Hadir {facts.title}", stem=sheet.filename_stem)


# --- the minutes ------------------------------------------------------------------------------------------------


def _discussion(minutes: Minutes) -> list:
    blocks = []
    for item in minutes.agenda:
        blocks.append(Heading(f"{item.number}. {item.title}", level=3))
        if item.presenter:
            blocks.append(Paragraph(f"Penyaji: {item.presenter}", italic=True, indent_mm=ITEM_INDENT_MM))
        for paragraph in item.discussion or ("—",):
            blocks.append(Paragraph(paragraph, justify=True, indent_mm=ITEM_INDENT_MM))
    if not minutes.agenda:
        blocks.append(Paragraph("Belum ada agenda yang dicatat."))
    return blocks


def _follow_ups(minutes: Minutes) -> Table:
    """The follow-up table, numbered by decision ("2.1"); a late one's note in bold."""
    rows = tuple(
        Row(cells=(r.number, r.description, r.agency, r.due_on, r.status, Cell(r.note, bold=r.overdue)))
        for r in minutes.follow_ups
    )
    center = Align.CENTER
    columns = _columns(FOLLOW_UP_HEADINGS, (53, 31, 22, 21, 33), (center, None, None, center, center, None))
    columns = (*columns[:3], Column(columns[3].heading, kind=Kind.DATE, weight=22, align=center), *columns[4:])
    return Table(
        columns=columns,
        rows=rows or (_empty_row("Tidak ada tindak lanjut.", len(columns)),),
        font_pt=TABLE_FONT_PT,
    )


def _attendance(minutes: Minutes) -> Annex:
    facts = minutes.facts
    rows = tuple(Row(cells=(str(r.number), r.name, r.position, r.institution, r.note)) for r in minutes.attendance)
    table = Table(
        columns=_columns(ATTENDANCE_HEADINGS, (41, 47, 45, 27)),
        rows=rows or (_empty_row("Kehadiran belum dicatat.", len(ATTENDANCE_HEADINGS)),),
        font_pt=TABLE_FONT_PT,
    )
    blocks = [Paragraph(f"{facts.title} · {facts.day_date} · {facts.place}"), table]
    if minutes.absent_agencies:
        blocks.append(Paragraph(f"Diundang tetapi tidak hadir: {'; '.join(minutes.absent_agencies)}."))
    return Annex(title="Lampiran. Daftar hadir", blocks=tuple(blocks), sheet_name="Daftar hadir")


def minutes_document(minutes: Minutes) -> Document:
    """The notulen: facts, summary, discussion per agenda item, decisions, follow-ups, the notulis's and the
    chair's signatures side by side, and the attendance list as an annex."""
    facts = minutes.facts
    numerals = iter(ROMAN)
    blocks = [
        Paragraph(facts.title, align=Align.CENTER, bold=True),
        _facts(facts, chair=True, participants=minutes.participants),
    ]
    if minutes.summary:
        blocks.append(Heading(f"{next(numerals)}. Ringkasan", level=2))
        blocks.extend(Paragraph(paragraph, justify=True) for paragraph in minutes.summary)
    blocks.append(Heading(f"{next(numerals)}. Pembahasan", level=2))
    blocks.extend(_discussion(minutes))
    blocks.append(Heading(f"{next(numerals)}. Kesimpulan dan keputusan", level=2))
    if minutes.decisions:
        blocks.append(ListBlock(items=tuple(decision.text for decision in minutes.decisions)))
    else:
        blocks.append(Paragraph("Tidak ada keputusan yang dicatat."))
    blocks.append(Heading(f"{next(numerals)}. Tindak lanjut", level=2))
    blocks.append(
        Paragraph(f"Status per {minutes.follow_ups_as_of}. Nomor tindak lanjut mengikuti nomor keputusan.", size_pt=9)
    )
    blocks.append(_follow_ups(minutes))
    signatures = [official.signature(minutes.chair, role="Pimpinan Rapat,", position_below=True)]
    if minutes.secretary:
        secretary = official.signature(minutes.secretary, role="Notulis,", position_below=True)
        # An empty line where the chair has the place and date, so that both names stand on one line.
        signatures.insert(0, replace(secretary, place_and_date=BLANK_LINE))
    blocks.append(Signatures(items=tuple(signatures)))
    return _document(facts, "NOTULEN RAPAT", blocks, footer=minutes.title, stem=minutes.filename_stem,
                     annexes=(_attendance(minutes),))  # fmt: skip
