"""A meeting's documents as downloads, for the pages and the API alike: which documents there are, in which
formats, and the response that carries one."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpResponse

from sinergi.coordination.documents.selectors import (
    build_invitation,
    build_minutes,
    build_sign_in_sheet,
    meeting_for_documents,
)
from sinergi.coordination.render_docx import invitation_docx, minutes_docx, sign_in_sheet_docx
from sinergi.coordination.render_pdf import invitation_pdf, minutes_pdf, sign_in_sheet_pdf
from sinergi.documents.render import FORMATS as CONTENT_TYPES_BY_FORMAT


@dataclass(frozen=True)
class MeetingDocument:
    """One document of a meeting: how it is built and how each of its formats is rendered."""

    build: Callable
    renderers: dict[str, Callable]


DOCUMENTS = {
    "invitation": MeetingDocument(build_invitation, {"pdf": invitation_pdf, "docx": invitation_docx}),
    "sign_in_sheet": MeetingDocument(build_sign_in_sheet, {"pdf": sign_in_sheet_pdf, "docx": sign_in_sheet_docx}),
    "minutes": MeetingDocument(build_minutes, {"pdf": minutes_pdf, "docx": minutes_docx}),
}


def meeting_document_response(*, user, pk, document: str, fmt: str) -> HttpResponse:
    """A meeting's document as a download; 404 for a meeting out of the user's scope or an unknown format."""
    kind = DOCUMENTS[document]
    render = kind.renderers.get(fmt)
    if render is None:
        raise Http404
    meeting = meeting_for_documents(user, pk)
    data = kind.build(meeting)
    content_type = CONTENT_TYPES_BY_FORMAT[fmt].content_type
    response = HttpResponse(render(data), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{data.filename_stem}.{fmt}"'
    return response
