"""The RAD matrix download page: the plan's official document as XLSX, PDF or DOCX."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.engine import FORMATS, filename, render
from sinergi.documents.rad_matrix import build_rad_matrix
from sinergi.planning.selectors import action_queryset, plan_get


def plan_for_document(*, user, plan_id):
    """The plan if ``user`` may see it; 404 for a plan out of scope and for an id that cannot be a plan's."""
    text = str(plan_id)
    if not text.isdigit():
        try:
            text = str(uuid.UUID(text))
        except ValueError as exc:
            raise Http404 from exc
    return plan_get(user=user, pk=text)


def rad_document_response(*, user, plan_id, fmt: str) -> HttpResponse:
    """The RAD matrix of a plan as a download, holding only the actions ``user`` may see."""
    document_format = FORMATS.get(fmt)
    if document_format is None:
        raise Http404
    plan = plan_for_document(user=user, plan_id=plan_id)
    document = rad_matrix_document(build_rad_matrix(plan, actions=action_queryset(user=user, plan=plan)))
    response = HttpResponse(render(document, fmt), content_type=document_format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(document, fmt)}"'
    return response


@login_required
@require_GET
def rad_document(request, plan_id, fmt: str):
    """GET /rencana/<plan>/dokumen.<xlsx|pdf|docx>: download the plan's RAD matrix."""
    return rad_document_response(user=request.user, plan_id=plan_id, fmt=fmt)
