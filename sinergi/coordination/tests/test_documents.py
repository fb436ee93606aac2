"""The documents of a meeting (invitation letter, sign-in sheet, minutes) for the demo Rakor of 24 September 2024:
their text in PDF and DOCX, LibreOffice opening every format, who may download them, and their query counts."""

import io
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from sinergi.accounts.models import User
from sinergi.coordination.documents.builders import invitation_document, minutes_document, sign_in_sheet_document
from sinergi.coordination.documents.downloads import DOCUMENTS
from sinergi.coordination.documents.selectors import (
    BLANK_SIGN_IN_ROWS,
    build_invitation,
    build_minutes,
    build_sign_in_sheet,
    meeting_for_documents,
)
from sinergi.coordination.models import AgendaItem, Attendance, Decision, FollowUp, Meeting
from sinergi.core.tests.libreoffice import assert_opens_in_libreoffice, needs_libreoffice
from sinergi.documents.engine import render
from sinergi.documents.engine.pdf import typst_source
from sinergi.organizations.models import Agency, Government, Membership, Role

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DECISIONS = (
    "Memperketat pengawasan penyalahgunaan narkoba di lingkungan kerja dan di tengah masyarakat.",
    "Membentuk kader anti narkoba hingga tingkat kelurahan.",
    "Mengoptimalkan program Desa/Kelurahan Bersinar (Bersih Narkoba).",
)


def rakor() -> Meeting:
    return Meeting.objects.select_related("government__region").get(
        government__region_id="18.72", place="Ruang Rapat OR Setda Kota Metro", title__startswith="Rapat Koordinasi"
    )


def march_meeting() -> Meeting:
    return Meeting.objects.select_related("government__region").get(
        government__region_id="18.72", kind=Meeting.Kind.TEKNIS, starts_at__year=2024, starts_at__month=3
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(document, tmp_path) -> str:
    """The document's PDF text (pdftotext, when poppler-utils is installed), else the strings of its Typst source."""
    pdf = render(document, "pdf")
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        return _flat(" ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', typst_source(document))).replace("\\n", " "))
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return _flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                yield cell.text
                for inner in cell.tables:
                    yield from cells(inner)

    for table in document.tables:
        texts.extend(cells(table))
    texts.extend(p.text for p in document.sections[0].footer.paragraphs)
    return _flat("\n".join(texts))


# --- what the documents say --------------------------------------------------------------------------------------


def test_the_minutes_hold_the_rakor_in_pdf_and_docx(tmp_path):
    minutes = build_minutes(rakor())
    assert minutes.facts.day_date == "Selasa, 24 September 2024"
    assert minutes.facts.time == "09.00 – 12.00 WIB"
    assert minutes.filename_stem == "Notulen-Rakor-Kota-Metro-2024-09-24"
    pdf = _pdf_text(minutes_document(minutes), tmp_path)
    docx = _docx_text(render(minutes_document(minutes), "docx"))
    for text in (pdf, docx):
        assert "PEMERINTAH KOTA METRO" in text
        assert "NOTULEN RAPAT" in text and "Rapat Koordinasi Tim Terpadu P4GN Kota Metro" in text
        assert "Selasa, 24 September 2024" in text and "09.00 – 12.00 WIB" in text
        assert "Ruang Rapat OR Setda Kota Metro" in text
        assert "Dra. Rosita, MM." in text and "Pimpinan Rapat" in text
        assert "Notulis" in text and "Rina Wulandari, S.Sos." in text
        assert "Pembahasan awal penyusunan RAD P4GN Kota Metro Tahun 2024" in text
        assert "Inpres" in text or "Instruksi Presiden Nomor 2 Tahun 2020" in text
        for decision in DECISIONS:
            assert decision in text
        for heading in ("Uraian tindak lanjut", "Penanggung jawab", "Batas waktu", "Status"):
            assert heading in text
        assert "Satuan Polisi Pamong Praja" in text and "Dalam proses" in text
        # Narrow table cells wrap in the PDF's text, so only single words of them are looked for.
        assert "dilanjutkan" in text and "Melewati" in text
        assert "31 Desember 2024" in text
        assert "Lampiran. Daftar hadir" in text and "Tidak tercantum dalam undangan" in text
        assert "Gerakan Nasional Anti Narkotika (GRANAT) Kota Metro" in text


def test_the_minutes_number_follow_ups_by_decision_and_flag_only_late_open_ones():
    minutes = build_minutes(rakor())
    assert [d.text for d in minutes.decisions[:3]] == list(DECISIONS)
    numbers = [row.number for row in minutes.follow_ups]
    assert numbers[0] == "1.1" and "5.3" in numbers
    late = [row for row in minutes.follow_ups if row.overdue]
    assert [row.agency for row in late] == ["Kecamatan Metro Pusat"]
    done = next(row for row in minutes.follow_ups if row.status == "Selesai")
    assert done.note.split(":")[0].endswith("2024")
    # Seen from the day after the Rakor nothing is late yet.
    assert not any(row.overdue for row in build_minutes(rakor(), today=date(2024, 9, 25)).follow_ups)
    assert "Kejaksaan Negeri Metro" in build_minutes(rakor()).absent_agencies


def test_the_invitation_lists_the_addressees_in_an_annex_when_there_are_many(tmp_path):
    invitation = build_invitation(rakor())
    assert invitation.recipients_in_annex and invitation.attachment == "1 (satu) lembar"
    assert "Kepala Dinas Kesehatan Kota Metro" in invitation.recipients
    assert "Komandan Komando Distrik Militer 0411/Lampung Tengah" in invitation.recipients
    assert "Sekretaris Daerah Kota Metro" in invitation.recipients
    pdf = _pdf_text(invitation_document(invitation), tmp_path)
    docx = _docx_text(render(invitation_document(invitation), "docx"))
    for text in (pdf, docx):
        assert "PEMERINTAH KOTA METRO" in text
        assert "005/412/D-1/2024" in text and "Metro, 18 September 2024" in text
        assert "Yth. Bapak/Ibu (daftar terlampir)" in text and "DAFTAR UNDANGAN" in text
        assert "Kepala Kepolisian Resor Metro" in text and "Kepala Kejaksaan Negeri Metro" in text
        assert "Selasa, 24 September 2024" in text and "09.00 – 12.00 WIB" in text
        assert "Ruang Rapat OR Setda Kota Metro" in text
        assert "Tindak lanjut rapat sebelumnya" in text
        assert "Dra. Rosita, MM." in text and "Kepala Badan Kesatuan Bangsa dan Politik Kota Metro" in text


def test_a_short_invitation_names_its_addressees_under_yth(tmp_path):
    invitation = build_invitation(march_meeting())
    assert not invitation.recipients_in_annex and invitation.attachment == "-"
    docx = _docx_text(render(invitation_document(invitation), "docx"))
    assert "Yth." in docx and "1. Kepala" in docx and "DAFTAR UNDANGAN" not in docx
    assert "Selasa, 19 Maret 2024" in docx and "09.00 – 11.30 WIB" in docx


def test_the_sign_in_sheet_prelists_the_invited_agencies_and_empty_lines(tmp_path):
    meeting = rakor()
    sheet = build_sign_in_sheet(meeting)
    invited = meeting.invited_agencies.count()
    assert len(sheet.rows) == invited + BLANK_SIGN_IN_ROWS
    assert sum(1 for row in sheet.rows if row.institution) == invited
    pdf = _pdf_text(sign_in_sheet_document(sheet), tmp_path)
    docx = _docx_text(render(sign_in_sheet_document(sheet), "docx"))
    for text in (pdf, docx):
        assert "DAFTAR HADIR" in text and "Selasa, 24 September 2024" in text
        for heading in ("No", "Nama", "Jabatan", "Instansi", "Tanda tangan"):
            assert heading in text
        # A table cell wraps in the PDF's text, where the line's signature number may follow its first line.
        assert "Badan Narkotika Nasional" in text and "Kantor Kementerian Agama Kota Metro" in text


def test_times_are_written_in_the_governments_time_zone():
    meeting = rakor()
    meeting.government.time_zone = Government.TimeZone.WITA
    facts = build_minutes(meeting).facts
    assert facts.time == "10.00 – 13.00 WITA"
    meeting.ends_at = None
    assert build_invitation(meeting).facts.time == "10.00 WITA s.d. selesai"


def test_the_documents_pdf_reads_nothing_but_the_logo():
    source = typst_source(minutes_document(build_minutes(rakor())))
    assert source.count("image(") <= 1 and "#include" not in source and "read(" not in source


@needs_libreoffice
def test_libreoffice_opens_every_format_of_every_document(tmp_path):
    meeting = rakor()
    sources = []
    for name, kind in DOCUMENTS.items():
        document = kind.build(kind.select(meeting))
        for extension in kind.formats:
            source = tmp_path / f"{name}-{extension}.{extension}"
            source.write_bytes(render(document, extension))
            sources.append(source)
    assert_opens_in_libreoffice(sources, tmp_path / "out")


# --- downloads and who may have them ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt", "stem"),
    [
        ("undangan", "pdf", "Undangan-Rakor-Kota-Metro-2024-09-24"),
        ("undangan", "docx", "Undangan-Rakor-Kota-Metro-2024-09-24"),
        ("daftar-hadir", "pdf", "Daftar-Hadir-Rakor-Kota-Metro-2024-09-24"),
        ("daftar-hadir", "docx", "Daftar-Hadir-Rakor-Kota-Metro-2024-09-24"),
        ("notulen", "pdf", "Notulen-Rakor-Kota-Metro-2024-09-24"),
        ("notulen", "docx", "Notulen-Rakor-Kota-Metro-2024-09-24"),
    ],
)
def test_the_secretariat_downloads_each_document_as_an_attachment(login, path, fmt, stem):
    response = login("sekretariat").get(f"/rapat/{rakor().pk}/{path}.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="{stem}.{fmt}"'
    assert len(response.content) > 1000


def test_an_unknown_format_or_meeting_is_not_found(login):
    client = login("sekretariat")
    assert client.get(f"/rapat/{rakor().pk}/notulen.xlsx").status_code == 404
    assert client.get(f"/rapat/{rakor().pk}/notulen.odt").status_code == 404
    missing = (Meeting.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    assert client.get(f"/rapat/{missing}/notulen.pdf").status_code == 404


def test_signing_in_is_required(client):
    response = client.get(f"/rapat/{rakor().pk}/notulen.pdf")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("sekretariat", 200),
        ("bnn", 200),
        ("walikota", 200),
        ("provinsi", 200),
        ("admin", 200),
        ("disdik", 200),  # Disdikbud was invited
        ("kel.iringmulyo", 200),  # the lurah of Iring Mulyo attended without an invitation
        ("lamtim", 404),
    ],
)
def test_who_may_download_the_rakors_minutes(login, username, status):
    assert login(username).get(f"/rapat/{rakor().pk}/notulen.pdf").status_code == status


def _operator_of(acronym: str) -> User:
    agency = Agency.objects.get(government__region_id="18.72", acronym=acronym)
    user = User.objects.create(username=f"op-{acronym.lower().replace(' ', '-')}-test", full_name="Operator uji")
    Membership.objects.create(user=user, government=agency.government, agency=agency, role=Role.AGENCY_OPERATOR)
    return user


def test_an_agency_neither_invited_nor_present_gets_not_found(client):
    client.force_login(_operator_of("Dinas PAPPKB"))
    assert client.get(f"/rapat/{march_meeting().pk}/notulen.pdf").status_code == 404  # not invited in March
    assert client.get(f"/rapat/{march_meeting().pk}/undangan.docx").status_code == 404
    assert client.get(f"/rapat/{rakor().pk}/notulen.docx").status_code == 200  # invited to the Rakor


def test_kelurahan_operator_does_not_see_a_meeting_it_had_nothing_to_do_with(login):
    assert login("kel.iringmulyo").get(f"/rapat/{march_meeting().pk}/notulen.pdf").status_code == 404


@pytest.mark.parametrize("path", ["minutes.pdf", "minutes.docx", "invitation.pdf", "invitation.docx"])
def test_the_api_serves_the_documents(api, path):
    response = api("sekretariat").get(f"/api/v1/meetings/{rakor().pk}/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[path.rsplit(".", 1)[1]]
    assert response["Content-Disposition"].startswith('attachment; filename="')


def test_the_api_answers_not_found_outside_the_scope(api):
    response = api("lamtim").get(f"/api/v1/meetings/{rakor().pk}/minutes.pdf")
    assert response.status_code == 404
    assert "error" in response.json()


def test_meeting_for_documents_refuses_what_cannot_be_a_meeting():
    from django.http import Http404

    with pytest.raises(Http404):
        meeting_for_documents(User.objects.get(username="sekretariat"), "abc")


# --- query counts ----------------------------------------------------------------------------------------------


def _grow(meeting: Meeting, n: int) -> None:
    """Add ``n`` attendees, agenda items, decisions (each with two follow-ups) and invited agencies."""
    agencies = list(Agency.objects.filter(government=meeting.government).order_by("pk")[:n])
    meeting.invited_agencies.add(*agencies)
    start = meeting.starts_at.date() + timedelta(days=30)
    for i in range(n):
        agency = agencies[i % len(agencies)]
        Attendance.objects.create(meeting=meeting, agency=agency, name=f"Peserta {i}", position="Staf")
        item = AgendaItem.objects.create(meeting=meeting, order=100 + i, title=f"Agenda {i}", minutes="Dibahas.")
        decision = Decision.objects.create(meeting=meeting, agenda_item=item, order=100 + i, text=f"Keputusan {i}")
        for j in range(2):
            FollowUp.objects.create(
                decision=decision,
                government=meeting.government,
                agency=agency,
                description=f"Tindak lanjut {i}.{j}",
                due_on=start,
            )


def _queries(build, meeting_pk: int) -> int:
    meeting = Meeting.objects.select_related("government__region").get(pk=meeting_pk)
    with CaptureQueriesContext(connection) as context:
        build(meeting)
    return len(context.captured_queries)


@pytest.mark.parametrize("build", [build_invitation, build_sign_in_sheet, build_minutes])
def test_documents_are_built_in_a_fixed_number_of_queries(build):
    secretariat = User.objects.get(username="sekretariat")
    government = Government.objects.get(region_id="18.72")
    meeting = Meeting.objects.create(
        government=government,
        title="Rapat uji jumlah kueri",
        starts_at=datetime(2024, 10, 1, 9, tzinfo=ZoneInfo("Asia/Jakarta")),
        place="Aula",
        created_by=secretariat,
        status=Meeting.Status.HELD,
    )
    _grow(meeting, 2)
    small = _queries(build, meeting.pk)
    _grow(meeting, 25)
    assert _queries(build, meeting.pk) == small
    assert small <= 6


def test_the_download_runs_a_fixed_number_of_queries(login):
    client = login("sekretariat")
    meeting = rakor()
    client.get(f"/rapat/{meeting.pk}/notulen.docx")  # warm the session and caches
    with CaptureQueriesContext(connection) as before:
        client.get(f"/rapat/{meeting.pk}/notulen.docx")
    _grow(meeting, 20)
    with CaptureQueriesContext(connection) as after:
        assert client.get(f"/rapat/{meeting.pk}/notulen.docx").status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_meeting_page_links_its_documents(login):
    meeting = rakor()
    page = login("sekretariat").get(f"/rapat/{meeting.pk}/").content.decode()
    for path in (
        "undangan.pdf",
        "undangan.docx",
        "daftar-hadir.pdf",
        "daftar-hadir.docx",
        "notulen.pdf",
        "notulen.docx",
    ):
        assert f"/rapat/{meeting.pk}/{path}" in page
