"""Every document of the demo Rakor in every format it is served in holds as many lines as the database has:
invited agencies (the letter's annex, the sign-in sheet), follow-ups and attendees (the minutes). Table rows are
counted in the file itself: by the row numbers standing in the number column of the PDF, by the rows of the DOCX's
tables."""

import html
import io
import re
import shutil
import subprocess

import pytest
from docx import Document

from sinergi.coordination.documents.downloads import DOCUMENTS
from sinergi.coordination.documents.selectors import BLANK_SIGN_IN_ROWS
from sinergi.coordination.models import Attendance, FollowUp
from sinergi.coordination.tests.test_documents import rakor
from sinergi.documents.engine import render

pytestmark = pytest.mark.django_db
MM = 72 / 25.4
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>')
ROW_NUMBER = re.compile(r"^\d+$")
FOLLOW_UP_NUMBER = re.compile(r"^\d+\.\d+$")


def _number_column(pdf: bytes, tmp_path) -> list[str]:
    """The words standing in the PDF's number column (the first 10 mm of the text width, 20 mm from the edge), top
    to bottom, page by page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    words = []
    for page in text.split("<page ")[1:]:
        column = [(float(y), word) for x, y, word in WORD.findall(page) if 19 * MM < float(x) < 30 * MM]
        words.extend(html.unescape(word) for _y, word in sorted(column))
    return words


def _docx_table(content: bytes, heading: str) -> list[list[str]]:
    """The body rows (texts of their cells) of the DOCX's table that has ``heading`` among its column headings."""
    document = Document(io.BytesIO(content))
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and heading in rows[0]:
            return rows[1:]
    raise AssertionError(f"no table headed {heading!r}")


@pytest.fixture
def meeting():
    return rakor()


def _built(name: str, meeting):
    kind = DOCUMENTS[name]
    return kind, kind.build(kind.select(meeting))


@pytest.mark.parametrize("fmt", DOCUMENTS["invitation"].formats)
def test_the_letters_annex_lists_every_invited_agency(meeting, fmt, tmp_path):
    invited = meeting.invited_agencies.count()
    _kind, document = _built("invitation", meeting)
    content = render(document, fmt)
    if fmt == "pdf":
        numbers = [w for w in _number_column(content, tmp_path) if ROW_NUMBER.match(w)]
        assert numbers == [str(n) for n in range(1, invited + 1)]
    else:
        assert len(_docx_table(content, "Yth.")) == invited


@pytest.mark.parametrize("fmt", DOCUMENTS["sign_in_sheet"].formats)
def test_the_sign_in_sheet_has_a_line_per_invited_agency_and_the_empty_lines(meeting, fmt, tmp_path):
    invited = meeting.invited_agencies.count()
    _kind, document = _built("sign_in_sheet", meeting)
    content = render(document, fmt)
    if fmt == "pdf":
        numbers = [w for w in _number_column(content, tmp_path) if ROW_NUMBER.match(w)]
        assert numbers == [str(n) for n in range(1, invited + BLANK_SIGN_IN_ROWS + 1)]
    else:
        rows = _docx_table(content, "Tanda tangan")
        assert len(rows) == invited + BLANK_SIGN_IN_ROWS
        assert sum(1 for row in rows if row[3]) == invited


@pytest.mark.parametrize("fmt", DOCUMENTS["minutes"].formats)
def test_the_minutes_hold_every_follow_up_and_attendee(meeting, fmt, tmp_path):
    follow_ups = FollowUp.objects.filter(decision__meeting=meeting).count()
    attendees = Attendance.objects.filter(meeting=meeting).count()
    assert follow_ups and attendees
    _kind, document = _built("minutes", meeting)
    content = render(document, fmt)
    if fmt == "pdf":
        words = _number_column(content, tmp_path)
        assert sum(1 for w in words if FOLLOW_UP_NUMBER.match(w)) == follow_ups
        assert [w for w in words if ROW_NUMBER.match(w)] == [str(n) for n in range(1, attendees + 1)]
    else:
        assert len(_docx_table(content, "Uraian tindak lanjut")) == follow_ups
        assert len(_docx_table(content, "Instansi")) == attendees
