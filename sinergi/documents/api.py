"""The RAD matrix through the API: GET /api/v1/plans/{plan_id}/document.xlsx, .pdf or .docx."""

from django.http import HttpResponse
from ninja import Router

from sinergi.core.apitypes import Line
from sinergi.documents.engine import FORMATS
from sinergi.documents.views import rad_document_response

router = Router(tags=["dokumen"])


def _endpoint(fmt: str):
    """Register the download of the matrix in one format."""
    content_type = FORMATS[fmt].content_type

    def download(request, plan_id: Line) -> HttpResponse:
        return rad_document_response(user=request.user, plan_id=plan_id, fmt=fmt)

    download.__name__ = f"plan_document_{fmt}"
    download.__doc__ = f"The plan's RAD P4GN matrix as {fmt.upper()}, with only the actions the caller may see."
    binary = {"content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}
    router.get(
        f"/plans/{{plan_id}}/document.{fmt}",
        summary=f"RAD matrix ({fmt.upper()})",
        openapi_extra={"responses": {200: {"description": "The document", **binary}}},
    )(download)


for _fmt in FORMATS:
    _endpoint(_fmt)
