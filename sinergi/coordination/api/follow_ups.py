"""Follow-ups of meeting decisions and their evidence files."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.coordination import rules, selectors, services
from sinergi.coordination.api.common import _agency, _conflict, _follow_up_prefetch, _linked, _raise
from sinergi.coordination.models import FollowUp
from sinergi.core.apitypes import Id, Int, LimitOffset, Line, Text
from sinergi.core.files import download
from sinergi.planning.models import Action
from sinergi.reporting.models import Report

router = Router()


class FollowUpEvidenceOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    content_type: str
    size: int
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/v1/follow-up-evidence/{obj.public_id}"


class FollowUpOut(Schema):
    id: int
    decision_id: int
    meeting_id: int = Field(alias="decision.meeting_id")
    government_id: int
    agency_id: int
    agency: str = Field(alias="agency.name")
    description: str
    due_on: date
    status: str
    done_on: date | None
    result: str
    dropped_reason: str
    overdue: bool
    action_ids: list[int]
    report_ids: list[int]
    evidence: list[FollowUpEvidenceOut]
    version: int

    @staticmethod
    def resolve_overdue(obj):
        return obj.status in selectors.OPEN_STATUSES and obj.due_on < timezone.localdate()

    @staticmethod
    def resolve_action_ids(obj):
        return [a.pk for a in obj.actions.all()]

    @staticmethod
    def resolve_report_ids(obj):
        return [r.pk for r in obj.reports.all()]

    @staticmethod
    def resolve_evidence(obj):
        return list(obj.evidence.all())


class FollowUpIn(Schema):
    agency: Id
    description: Text = Field(min_length=3, max_length=5000)
    due_on: date
    actions: list[Id] = []
    reports: list[Id] = []


class FollowUpPatch(Schema):
    version: Int | None = Field(None, description="The version you read; a newer one answers 409.")
    status: FollowUp.Status | None = None
    result: Text | None = Field(None, max_length=10000)
    done_on: date | None = None
    dropped_reason: Text | None = Field(None, max_length=5000)
    # Only the secretariat changes these:
    agency: Id | None = None
    description: Text | None = Field(None, min_length=3, max_length=5000)
    due_on: date | None = None
    actions: list[Id] | None = None
    reports: list[Id] | None = None


class FollowUpFilters(Schema):
    government: Id | None = None
    q: Line = Field("", max_length=100)
    status: FollowUp.Status | None = None
    agency: Id | None = None
    overdue: bool = False
    meeting: Id | None = None


def _follow_up_spec(government_id, spec: FollowUpIn, errors, prefix="") -> dict:
    return {
        "agency": _agency(government_id, spec.agency, f"{prefix}agency", errors),
        "description": spec.description,
        "due_on": spec.due_on,
        "actions": _linked(Action, government_id, spec.actions, f"{prefix}actions", errors),
        "reports": _linked(Report, government_id, spec.reports, f"{prefix}reports", errors),
    }


def _one_follow_up(request, follow_up_id):
    follow_up = selectors.follow_up_get(user=request.auth, pk=follow_up_id)
    return _follow_up_prefetch(selectors.follow_up_queryset(user=request.auth)).get(pk=follow_up.pk)


@router.get("/follow-ups", response=list[FollowUpOut], summary="Follow-ups I may see")
@paginate(LimitOffset)
def list_follow_ups(request, filters: Query[FollowUpFilters]):
    return _follow_up_prefetch(
        selectors.follow_up_list(
            user=request.auth,
            government_id=filters.government,
            q=filters.q,
            status=filters.status or "",
            agency_id=filters.agency,
            overdue=filters.overdue,
            meeting_id=filters.meeting,
        )
    )


@router.get("/follow-ups/{follow_up_id}", response=FollowUpOut, summary="One follow-up")
def get_follow_up(request, follow_up_id: Id):
    return _one_follow_up(request, follow_up_id)


PROGRESS_FIELDS = {"version", "status", "result", "done_on", "dropped_reason"}


@router.patch(
    "/follow-ups/{follow_up_id}",
    response={200: FollowUpOut, 409: dict},
    summary="Update a follow-up (owner agency: status, result, done_on, dropped_reason; secretariat: all)",
)
def patch_follow_up(request, follow_up_id: Id, payload: FollowUpPatch):
    follow_up = selectors.follow_up_get(user=request.auth, pk=follow_up_id)
    if not rules.can_update_follow_up(request.auth, follow_up):
        raise PermissionDenied("Hanya operator perangkat daerah pemilik dan sekretariat yang memperbarui ini.")
    data = payload.dict(exclude_unset=True)
    if set(data) - PROGRESS_FIELDS and not rules.can_manage(request.auth, follow_up.government_id):
        raise PermissionDenied("Pemilik, uraian, tenggat dan tautan hanya diubah oleh sekretariat.")
    version = data.pop("version", None)
    errors: dict = {}
    government_id = follow_up.government_id
    if "agency" in data:
        data["agency"] = _agency(government_id, data["agency"], "agency", errors)
        if data["agency"] is None:
            errors.setdefault("agency", ["Perangkat daerah wajib diisi."])
    actions = _linked(Action, government_id, data.pop("actions"), "actions", errors) if "actions" in data else None
    reports = _linked(Report, government_id, data.pop("reports"), "reports", errors) if "reports" in data else None
    for required in ("status", "description", "due_on"):
        if required in data and data[required] is None:
            errors[required] = ["Wajib diisi."]
    _raise(errors)
    try:
        services.follow_up_update(
            follow_up=follow_up, by=request.auth, expected_version=version, actions=actions, reports=reports, **data
        )
    except services.ConflictError as exc:
        return _conflict(request, exc)
    return _one_follow_up(request, follow_up.pk)


@router.post(
    "/follow-ups/{follow_up_id}/evidence", response={201: FollowUpEvidenceOut}, summary="Attach an evidence file"
)
def add_follow_up_evidence(request, follow_up_id: Id, file: File[UploadedFile]):
    follow_up = selectors.follow_up_get(user=request.auth, pk=follow_up_id)
    if not rules.can_update_follow_up(request.auth, follow_up):
        raise PermissionDenied("Hanya operator perangkat daerah pemilik dan sekretariat yang melampirkan bukti.")
    return Status(201, services.evidence_add(follow_up=follow_up, upload=file, by=request.auth))


@router.get("/follow-up-evidence/{evidence_id}", summary="Download an evidence file")
def download_follow_up_evidence(request, evidence_id: UUID):
    evidence = selectors.evidence_get(user=request.auth, pk=evidence_id)
    return download(evidence.file, name=evidence.name, content_type=evidence.content_type)


@router.delete("/follow-up-evidence/{evidence_id}", response={204: None}, summary="Remove an evidence file")
def delete_follow_up_evidence(request, evidence_id: UUID):
    evidence = selectors.evidence_get(user=request.auth, pk=evidence_id)
    if not rules.can_update_follow_up(request.auth, evidence.follow_up):
        raise PermissionDenied("Hanya operator perangkat daerah pemilik dan sekretariat yang menghapus bukti.")
    services.evidence_remove(evidence=evidence, by=request.auth)
    return Status(204, None)
