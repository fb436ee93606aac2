"""A meeting's workflow steps: hold, close, cancel, reopen."""

import json

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router

from sinergi.coordination import services
from sinergi.coordination.api.common import _conflict
from sinergi.coordination.api.meetings import MeetingDetailOut, _managed_meeting, _meeting_detail
from sinergi.core.apitypes import Id, Line

router = Router()


def _step_reason(request) -> str:
    """The optional ``{"reason": ...}`` of a workflow step; hold and close need no body at all."""
    if not request.body or request.content_type != "application/json":
        return request.POST.get("reason", "")[:2000] if request.method == "POST" else ""
    try:
        data = json.loads(request.body)
    except ValueError as exc:
        raise ValidationError({"body": ["Isi permintaan bukan JSON yang valid."]}) from exc
    reason = data.get("reason", "") if isinstance(data, dict) else None
    if not isinstance(reason, str) or len(reason) > 2000:
        raise ValidationError({"reason": ["Alasan berupa teks, paling panjang 2000 karakter."]})
    return reason


# Mounted last (see __init__), so that the fixed paths of meetings.py (/agenda, /attendance, /decisions) match first.
@router.post(
    "/meetings/{meeting_id}/{step}",
    response={200: MeetingDetailOut, 409: dict},
    summary="Workflow step: hold, close, cancel (reason), reopen (reason)",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {
                    "schema": {"type": "object", "properties": {"reason": {"type": "string", "maxLength": 2000}}}
                }
            },
        }
    },
)
def meeting_step(request, meeting_id: Id, step: Line):
    if step not in services.TRANSITIONS:
        raise Http404
    meeting = _managed_meeting(request, meeting_id)
    try:
        services.meeting_transition(meeting=meeting, step=step, by=request.auth, reason=_step_reason(request))
    except services.ConflictError as exc:
        return _conflict(request, exc)
    return _meeting_detail(request, meeting.pk)
