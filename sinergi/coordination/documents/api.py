"""A meeting's documents through the API: GET /api/v1/meetings/{id}/invitation.pdf|.docx,
/sign-in-sheet.pdf|.docx and /minutes.pdf|.docx."""

from django.http import HttpResponse
from ninja import Router

from sinergi.coordination.documents.downloads import DOCUMENTS, meeting_document_response
from sinergi.core.apitypes import Id
from sinergi.documents.engine import FORMATS

router = Router(tags=["dokumen rapat"])
PATHS = {"invitation": "invitation", "sign_in_sheet": "sign-in-sheet", "minutes": "minutes"}
SUMMARIES = {"invitation": "Invitation letter", "sign_in_sheet": "Sign-in sheet", "minutes": "Minutes"}


def _endpoint(document: str, fmt: str):
    """Register the download of one document of a meeting in one format."""
    content_type = FORMATS[fmt].content_type

    def download(request, meeting_id: Id) -> HttpResponse:
        return meeting_document_response(user=request.user, pk=meeting_id, document=document, fmt=fmt)

    download.__name__ = f"meeting_{document}_{fmt}"
    download.__doc__ = (
        f"The meeting's {SUMMARIES[document].lower()} as {fmt.upper()}; 404 unless the caller may read the meeting."
    )
    binary = {"content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}
    router.get(
        f"/meetings/{{meeting_id}}/{PATHS[document]}.{fmt}",
        summary=f"{SUMMARIES[document]} ({fmt.upper()})",
        openapi_extra={"responses": {200: {"description": "The document", **binary}}},
    )(download)


for _document, _kind in DOCUMENTS.items():
    for _fmt in _kind.formats:
        _endpoint(_document, _fmt)
