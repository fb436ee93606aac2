"""A meeting's documents as downloads, for the pages and the API alike: which documents there are, in which
formats, and the response that carries one."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpResponse

from sinergi.coordination.documents.builders import invitation_document, minutes_document, sign_in_sheet_document
from sinergi.coordination.documents.selectors import (
    build_invitation,
    build_minutes,
    build_sign_in_sheet,
    meeting_for_documents,
)
from sinergi.documents.engine import FORMATS, filename, render

# The formats a meeting's documents are offered in (the engine could also write spreadsheets; these are letters).
SERVED_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class MeetingDocument:
    """One document of a meeting: what it says (read from the meeting) and how that is laid out."""

    select: Callable
    build: Callable
    formats: tuple[str, ...] = SERVED_FORMATS


DOCUMENTS = {
    "invitation": MeetingDocument(build_invitation, invitation_document),
    "sign_in_sheet": MeetingDocument(build_sign_in_sheet, sign_in_sheet_document),
    "minutes": MeetingDocument(build_minutes, minutes_document),
}


def meeting_document_response(*, user, pk, document: str, fmt: str) -> HttpResponse:
    """A meeting's document as a download; 404 for a meeting out of the user's scope or an unknown format."""
    kind = DOCUMENTS[document]
    if fmt not in kind.formats:
        raise Http404
    meeting = meeting_for_documents(user, pk)
    built = kind.build(kind.select(meeting))
    response = HttpResponse(render(built, fmt), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(built, fmt)}"'
    return response
