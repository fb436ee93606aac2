"""The builders alone, on hand-made data (no database): what the letter, the sheet and the minutes are made of."""

from datetime import date

from sinergi.coordination.documents.builders import (
    invitation_document,
    minutes_document,
    sign_in_sheet_document,
)
from sinergi.coordination.documents.selectors import (
    AgendaEntry,
    AttendanceRow,
    DecisionEntry,
    FollowUpRow,
    Invitation,
    MeetingFacts,
    Minutes,
    SignInRow,
    SignInSheet,
)
from sinergi.documents.engine.model import (
    COVERED,
    Align,
    Cell,
    Fields,
    Kind,
    ListBlock,
    Paragraph,
    Signatures,
    Table,
)
from sinergi.documents.rad_matrix import Letterhead, Signatory

HEAD = Letterhead("Pemerintah Kota Metro", "Jl. AH. Nasution No. 5", "0725-41047", "", "", None)
FACTS = MeetingFacts(
    letterhead=HEAD,
    kind="Rapat Koordinasi Tim Terpadu P4GN",
    title="Rakor P4GN",
    day_date="Selasa, 24 September 2024",
    time="09.00 – 12.00 WIB",
    place="Aula",
    chair="Dra. Rosita, MM., Kepala Badan",
    letter_number="",
    letter_date="",
    place_and_date="Metro, 18 September 2024",
    agenda=("Pembukaan", "Tindak lanjut"),
    filename_date="2024-09-24",
    filename_kind="Rakor",
    region_name="Kota Metro",
)
CHAIR = Signatory(place_and_date="Metro, 24 September 2024", position="Kepala Badan", name="Dra. Rosita, MM.", nip="")


def _blocks(document, kind):
    return [block for block in document.blocks if isinstance(block, kind)]


def _invitation(recipients, signatory=CHAIR):
    return Invitation(FACTS, tuple(recipients), len(recipients) > 8, "Dengan hormat …", "Terima kasih.", signatory)


def test_a_letter_has_its_kop_fields_addressees_and_one_signature_at_the_right():
    document = invitation_document(_invitation(["Kepala Dinas A", "Kepala Dinas B"]))
    assert not document.show_title and document.letterhead.name == "Pemerintah Kota Metro"
    assert document.letterhead.lines == ("Jl. AH. Nasution No. 5", "Telp. 0725-41047")
    assert document.blocks[0] == Paragraph("Metro, 24 September 2024", align=Align.RIGHT)
    head = _blocks(document, Fields)[0]
    assert [label for label, _value in head.pairs] == ["Nomor", "Sifat", "Lampiran", "Perihal"]
    assert dict(head.pairs)["Nomor"] == "……………………" and dict(head.pairs)["Lampiran"] == "-"
    assert _blocks(document, ListBlock)[0].items == ("Kepala Dinas A", "Kepala Dinas B")
    acara = dict(_blocks(document, Fields)[1].pairs)["Acara"]
    assert acara == "1. Pembukaan\n2. Tindak lanjut"
    (signatures,) = _blocks(document, Signatures)
    (signature,) = signatures.items
    assert signature.place_and_date == "" and signature.name == "Dra. Rosita, MM."
    assert document.annexes == () and document.filename_stem == "Undangan-Rakor-Kota-Metro-2024-09-24"


def test_many_addressees_go_to_an_annex_and_a_signatory_with_nip_shows_it():
    signatory = Signatory(place_and_date="Metro, 18 September 2024", position="Wali Kota", name="", nip="1970")
    document = invitation_document(_invitation([f"Kepala Dinas {i}" for i in range(9)], signatory))
    assert Paragraph("Yth. Bapak/Ibu (daftar terlampir)") in document.blocks
    assert not _blocks(document, ListBlock)
    (annex,) = document.annexes
    table = next(block for block in annex.blocks if isinstance(block, Table))
    assert len(table.rows) == 9 and table.rows[-1].cells == ("9", "Kepala Dinas 8")
    assert _blocks(document, Signatures)[0].items[0].id_line == "NIP. 1970"


def test_the_sign_in_sheet_numbers_its_signature_lines_in_a_zigzag():
    sheet = SignInSheet(FACTS, (SignInRow(1, "Dinas A"), SignInRow(2, ""), SignInRow(3, "")))
    document = sign_in_sheet_document(sheet)
    (table,) = _blocks(document, Table)
    assert [column.heading for column in table.columns][-1] == "Tanda tangan"
    assert [(row.cells[4].value, row.cells[4].align) for row in table.rows] == [
        ("1.", Align.LEFT),
        ("2.", Align.CENTER),
        ("3.", Align.LEFT),
    ]
    assert [row.cells[3] for row in table.rows] == ["Dinas A", "", ""]


def _minutes(*, follow_ups=(), attendance=(), secretary=None, summary=()):
    return Minutes(
        facts=FACTS,
        status="Selesai",
        participants="2 orang",
        summary=summary,
        agenda=(AgendaEntry(1, "Pembukaan", "Ketua", ("Dibuka.",)),),
        decisions=(DecisionEntry(1, "Memperketat pengawasan."),),
        follow_ups=tuple(follow_ups),
        follow_ups_as_of="1 Oktober 2024",
        attendance=tuple(attendance),
        absent_agencies=("Inspektorat",),
        chair=CHAIR,
        secretary=secretary,
    )


def test_the_minutes_have_typed_follow_ups_a_late_one_in_bold_and_two_signatures():
    late = FollowUpRow("1.1", "Razia", "Satpol PP", date(2024, 9, 30), "30 September 2024", "Dalam proses", True,
                       "Melewati batas waktu")  # fmt: skip
    secretary = Signatory(place_and_date="", position="Analis", name="Rina", nip="")
    person = AttendanceRow(1, "Rina", "Analis (notulis)", "Badan Kesbangpol", "Diundang")
    document = minutes_document(_minutes(follow_ups=[late], attendance=[person], secretary=secretary))
    (follow_ups,) = _blocks(document, Table)
    assert follow_ups.columns[3].kind == Kind.DATE and follow_ups.rows[0].cells[3] == date(2024, 9, 30)
    assert follow_ups.rows[0].cells[5] == Cell("Melewati batas waktu", bold=True)
    (signatures,) = _blocks(document, Signatures)
    assert [s.role for s in signatures.items] == ["Notulis,", "Pimpinan Rapat,"]
    assert [s.id_line for s in signatures.items] == ["Analis", "Kepala Badan"]
    (annex,) = document.annexes
    assert annex.title == "Lampiran. Daftar hadir"
    assert annex.blocks[-1] == Paragraph("Diundang tetapi tidak hadir: Inspektorat.")
    headings = [block.text for block in document.blocks if type(block).__name__ == "Heading" and block.level == 2]
    assert headings == ["I. Pembahasan", "II. Kesimpulan dan keputusan", "III. Tindak lanjut"]


def test_minutes_without_follow_ups_attendance_or_secretary_say_so():
    document = minutes_document(_minutes(summary=("Ringkas.",)))
    (follow_ups,) = _blocks(document, Table)
    assert follow_ups.rows[0].cells == (Cell("Tidak ada tindak lanjut.", colspan=6), *(COVERED,) * 5)
    (signatures,) = _blocks(document, Signatures)
    assert [s.role for s in signatures.items] == ["Pimpinan Rapat,"]
    attendance = next(block for block in document.annexes[0].blocks if isinstance(block, Table))
    assert attendance.rows[0].cells[0] == Cell("Kehadiran belum dicatat.", colspan=5)
    assert any(getattr(block, "text", "") == "I. Ringkasan" for block in document.blocks)
