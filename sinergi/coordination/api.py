"""The coordination API: task forces and their compositions, meetings and their record, follow-ups.

Reads are scoped like the pages (``selectors``); writes check ``rules`` (403 for what the caller may see but not
change). PATCH of a meeting or a follow-up takes the ``version`` the client read; a newer one answers 409.
Creating or changing a meeting answers ``warnings`` (e.g. another meeting in the same place at the same time).
"""

import json
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.coordination import rules, selectors, services
from sinergi.coordination.models import FollowUp, Meeting, Position
from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, Int, LimitOffset, Line, Text
from sinergi.core.files import download
from sinergi.core.scope import all_of, one_of
from sinergi.organizations.models import Agency
from sinergi.organizations.selectors import government_get
from sinergi.planning.models import Action
from sinergi.regions.models import Region
from sinergi.reporting.models import Report

router = Router(tags=["koordinasi"])

ONLY_SECRETARIAT = "Hanya sekretariat yang dapat mengubah data ini."


def _conflict(request, exc):
    return error_response(request, 409, "conflict", exc.message)


def _agency(government_id, pk, field: str, errors: dict):
    message = f"Perangkat daerah {pk} tidak dikenal di pemerintah daerah ini."
    return one_of(Agency.objects.filter(government_id=government_id), pk, field=field, errors=errors, message=message)


def _agencies(government_id, pks, field, errors) -> list:
    return [a for a in (_agency(government_id, pk, field, errors) for pk in pks or []) if a]


def _linked(model, government_id, pks, field, errors) -> list:
    return all_of(model.objects.filter(government_id=government_id), pks, field=field, errors=errors)


def _raise(errors):
    if errors:
        raise ValidationError(errors)


# --- schemas -------------------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    composition_id: int
    position: str
    field: str
    agency_id: int
    agency: str = Field(alias="agency.name")
    person_name: str
    person_title: str
    order: int


class MemberIn(Schema):
    position: Position = Position.ANGGOTA
    field: Line = Field("", max_length=100)
    agency: Id
    person_name: Line = Field("", max_length=150)
    person_title: Line = Field("", max_length=200)
    order: int | None = Field(None, ge=0, le=32000)


class MemberPatch(Schema):
    position: Position | None = None
    field: Line | None = Field(None, max_length=100)
    agency: Id | None = None
    person_name: Line | None = Field(None, max_length=150)
    person_title: Line | None = Field(None, max_length=200)
    order: int | None = Field(None, ge=0, le=32000)


class CompositionOut(Schema):
    id: int
    task_force_id: int
    sk_number: str
    sk_date: date
    valid_from: date
    valid_until: date | None
    sk_file_name: str
    sk_file_url: str | None
    notes: str

    @staticmethod
    def resolve_sk_file_url(obj):
        return f"/api/v1/compositions/{obj.pk}/sk-file" if obj.sk_file else None


class CompositionDetailOut(CompositionOut):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj):
        return list(selectors.members_of(obj))


class CompositionIn(Schema):
    sk_number: Line = Field(min_length=1, max_length=100)
    sk_date: date
    valid_from: date
    valid_until: date | None = None
    notes: Text = Field("", max_length=5000)
    copy_members: bool = Field(False, description="Start from the members of the previous composition.")


class CompositionPatch(Schema):
    sk_number: Line | None = Field(None, min_length=1, max_length=100)
    sk_date: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    notes: Text | None = Field(None, max_length=5000)


class TaskForceOut(Schema):
    id: int
    government_id: int
    region_code: str | None = Field(None, alias="region_id")
    name: str
    composition_count: int = 0


class TaskForceDetailOut(TaskForceOut):
    current_composition: CompositionDetailOut | None
    compositions: list[CompositionOut]

    @staticmethod
    def resolve_current_composition(obj):
        return selectors.current_composition(obj)

    @staticmethod
    def resolve_compositions(obj):
        return list(selectors.compositions_of(obj))


class TaskForceIn(Schema):
    government: Id
    name: Line = Field(min_length=3, max_length=200)
    region: Line | None = Field(None, max_length=13, description="The kecamatan code, for a kecamatan's team.")


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


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    presenter: str
    minutes: str
    carries_follow_ups: bool


class AgendaItemIn(Schema):
    title: Line = Field(min_length=2, max_length=300)
    presenter: Line = Field("", max_length=200)
    minutes: Text = Field("", max_length=50000)


class AgendaItemPatch(Schema):
    title: Line | None = Field(None, min_length=2, max_length=300)
    presenter: Line | None = Field(None, max_length=200)
    minutes: Text | None = Field(None, max_length=50000)
    order: int | None = Field(None, ge=0, le=32000)


class AttendanceOut(Schema):
    id: int
    agency_id: int | None
    agency: str | None = Field(None, alias="agency.name")
    institution: str
    name: str
    position: str
    invited: bool


class AttendanceIn(Schema):
    agency: Id | None = None
    institution: Line = Field("", max_length=200)
    name: Line = Field(min_length=2, max_length=150)
    position: Line = Field("", max_length=200)


class DecisionOut(Schema):
    id: int
    order: int
    text: str
    agenda_item_id: int | None
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_follow_ups(obj):
        return obj.visible_follow_ups


class DecisionIn(Schema):
    text: Text = Field(min_length=3, max_length=10000)
    agenda_item: Id | None = None
    follow_ups: list[FollowUpIn] = []


class DecisionPatch(Schema):
    text: Text | None = Field(None, min_length=3, max_length=10000)
    agenda_item: Id | None = None


class MeetingOut(Schema):
    id: int
    public_id: UUID
    government_id: int
    task_force_id: int | None
    region_code: str | None = Field(None, alias="region_id")
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    chair_name: str
    chair_title: str
    invited_agency_ids: list[int]
    letter_number: str
    letter_date: date | None
    status: str
    summary: str
    headcount: int
    version: int

    @staticmethod
    def resolve_invited_agency_ids(obj):
        return sorted(a.pk for a in obj.invited_agencies.all())

    @staticmethod
    def resolve_headcount(obj):
        return obj.headcount if hasattr(obj, "headcount") else obj.attendance.count()


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]
    previous_follow_ups: list[FollowUpOut]
    warnings: list[str]

    @staticmethod
    def resolve_agenda(obj):
        return list(selectors.agenda_of(obj))

    @staticmethod
    def resolve_attendance(obj):
        return list(selectors.attendance_of(obj))

    @staticmethod
    def resolve_decisions(obj):
        return obj._decisions

    @staticmethod
    def resolve_previous_follow_ups(obj):
        return obj._previous

    @staticmethod
    def resolve_warnings(obj):
        return selectors.overlap_warnings(obj) if obj.status != Meeting.Status.CANCELLED else []


class MeetingIn(Schema):
    government: Id
    kind: Meeting.Kind = Meeting.Kind.RAKOR
    title: Line = Field(min_length=3, max_length=250)
    starts_at: datetime
    ends_at: datetime | None = None
    place: Line = Field(min_length=2, max_length=250)
    chair_name: Line = Field("", max_length=150)
    chair_title: Line = Field("", max_length=200)
    invited_agencies: list[Id] = []
    letter_number: Line = Field("", max_length=100)
    letter_date: date | None = None
    task_force: Id | None = None
    region: Line | None = Field(None, max_length=13)
    summary: Text = Field("", max_length=10000)
    agenda: list[str] = Field([], description="Agenda item titles, after the automatic follow-ups item.")


class MeetingPatch(Schema):
    version: Int | None = Field(None, description="The version you read; a newer one answers 409.")
    kind: Meeting.Kind | None = None
    title: Line | None = Field(None, min_length=3, max_length=250)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: Line | None = Field(None, min_length=2, max_length=250)
    chair_name: Line | None = Field(None, max_length=150)
    chair_title: Line | None = Field(None, max_length=200)
    invited_agencies: list[Id] | None = None
    letter_number: Line | None = Field(None, max_length=100)
    letter_date: date | None = None
    summary: Text | None = Field(None, max_length=10000)


class MeetingFilters(Schema):
    government: Id | None = None
    q: Line = Field("", max_length=100)
    kind: Meeting.Kind | None = None
    status: Meeting.Status | None = None
    year: int | None = Field(None, ge=2000, le=2100)


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


# --- helpers -------------------------------------------------------------------------------------------------


def _follow_up_prefetch(qs):
    return qs.prefetch_related("actions", "reports", "evidence")


def _meeting_detail(request, meeting_id) -> Meeting:
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    meeting = (
        selectors.meeting_queryset(user=request.auth)
        .select_related("government", "region")
        .prefetch_related("invited_agencies")
        .get(pk=meeting.pk)
    )
    follow_ups = _follow_up_prefetch(selectors.follow_up_queryset(user=request.auth).order_by("due_on", "pk"))
    meeting._decisions = list(
        meeting.decisions.select_related("agenda_item")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups, to_attr="visible_follow_ups"))
        .order_by("order", "pk")
    )
    meeting._previous = list(
        _follow_up_prefetch(selectors.previous_follow_ups(user=request.auth, meeting=meeting))[:200]
    )
    return meeting


def _managed_meeting(request, meeting_id) -> Meeting:
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    if not rules.can_manage_meeting(request.auth, meeting):
        raise PermissionDenied(ONLY_SECRETARIAT)
    return meeting


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


# --- task forces ---------------------------------------------------------------------------------------------


@router.get("/task-forces", response=list[TaskForceOut], summary="Task forces (Tim Terpadu) I may see")
@paginate(LimitOffset)
def list_task_forces(request, government: Id | None = None):
    return selectors.task_force_list(user=request.auth, government_id=government)


@router.post("/task-forces", response={201: TaskForceDetailOut}, summary="Record a task force")
def create_task_force(request, payload: TaskForceIn):
    government = government_get(user=request.auth, pk=payload.government)
    if not rules.can_manage(request.auth, government.pk):
        raise PermissionDenied(ONLY_SECRETARIAT)
    region = None
    if payload.region:
        region = Region.objects.filter(code=payload.region).first()
        if region is None:
            raise ValidationError({"region": [f"Kode wilayah {payload.region} tidak dikenal."]})
    team = services.task_force_create(government=government, by=request.auth, name=payload.name, region=region)
    return Status(201, team)


@router.get("/task-forces/{task_force_id}", response=TaskForceDetailOut, summary="One task force, current and past")
def get_task_force(request, task_force_id: Id):
    return selectors.task_force_get(user=request.auth, pk=task_force_id)


@router.get("/task-forces/{task_force_id}/compositions", response=list[CompositionOut], summary="Its compositions")
@paginate(LimitOffset)
def list_compositions(request, task_force_id: Id):
    return selectors.compositions_of(selectors.task_force_get(user=request.auth, pk=task_force_id))


@router.post(
    "/task-forces/{task_force_id}/compositions",
    response={201: CompositionDetailOut},
    summary="A new composition by decree (SK)",
)
def create_composition(request, task_force_id: Id, payload: CompositionIn):
    team = selectors.task_force_get(user=request.auth, pk=task_force_id)
    if not rules.can_manage_task_force(request.auth, team):
        raise PermissionDenied(ONLY_SECRETARIAT)
    composition = services.composition_create(task_force=team, by=request.auth, **payload.dict())
    return Status(201, composition)


@router.get("/compositions/{composition_id}", response=CompositionDetailOut, summary="One composition, its members")
def get_composition(request, composition_id: Id):
    return selectors.composition_get(user=request.auth, pk=composition_id)


def _managed_composition(request, composition_id):
    composition = selectors.composition_get(user=request.auth, pk=composition_id)
    if not rules.can_manage_task_force(request.auth, composition.task_force):
        raise PermissionDenied(ONLY_SECRETARIAT)
    return composition


@router.patch("/compositions/{composition_id}", response=CompositionDetailOut, summary="Change a composition")
def patch_composition(request, composition_id: Id, payload: CompositionPatch):
    composition = _managed_composition(request, composition_id)
    data = payload.dict(exclude_unset=True)
    if "notes" in data and data["notes"] is None:
        data["notes"] = ""
    services.composition_update(composition=composition, by=request.auth, **data)
    return composition


@router.delete("/compositions/{composition_id}", response={204: None}, summary="Delete a composition")
def delete_composition(request, composition_id: Id):
    services.composition_delete(composition=_managed_composition(request, composition_id), by=request.auth)
    return Status(204, None)


@router.post("/compositions/{composition_id}/sk-file", response=CompositionDetailOut, summary="Upload the decree")
def upload_sk_file(request, composition_id: Id, file: File[UploadedFile]):
    composition = _managed_composition(request, composition_id)
    services.composition_update(composition=composition, by=request.auth, sk_file=file)
    return composition


@router.get("/compositions/{composition_id}/sk-file", summary="Download the decree file")
def download_sk_file(request, composition_id: Id):
    composition = selectors.composition_get(user=request.auth, pk=composition_id)
    return download(composition.sk_file, name=composition.sk_file_name or "sk.pdf")


@router.post("/compositions/{composition_id}/members", response={201: MemberOut}, summary="Add a member")
def add_member(request, composition_id: Id, payload: MemberIn):
    composition = _managed_composition(request, composition_id)
    errors: dict = {}
    data = payload.dict(exclude_unset=False)
    data["agency"] = _agency(composition.task_force.government_id, payload.agency, "agency", errors)
    _raise(errors)
    if data.get("order") is None:
        data.pop("order")
    return Status(201, services.member_add(composition=composition, by=request.auth, **data))


def _managed_member(request, member_id):
    member = selectors.member_get(user=request.auth, pk=member_id)
    if not rules.can_manage_task_force(request.auth, member.composition.task_force):
        raise PermissionDenied(ONLY_SECRETARIAT)
    return member


@router.patch("/members/{member_id}", response=MemberOut, summary="Change a member")
def patch_member(request, member_id: Id, payload: MemberPatch):
    member = _managed_member(request, member_id)
    data = payload.dict(exclude_unset=True)
    errors: dict = {}
    if "agency" in data:
        data["agency"] = _agency(member.composition.task_force.government_id, data["agency"], "agency", errors)
        if data["agency"] is None:
            errors.setdefault("agency", ["Perangkat daerah wajib diisi."])
    _raise(errors)
    for text in ("field", "person_name", "person_title"):
        if text in data and data[text] is None:
            data[text] = ""
    services.member_update(member=member, by=request.auth, **data)
    return member


@router.delete("/members/{member_id}", response={204: None}, summary="Remove a member")
def delete_member(request, member_id: Id):
    services.member_remove(member=_managed_member(request, member_id), by=request.auth)
    return Status(204, None)


# --- meetings ------------------------------------------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut], summary="Meetings I may see")
@paginate(LimitOffset)
def list_meetings(request, filters: Query[MeetingFilters]):
    return selectors.meeting_list(
        user=request.auth,
        government_id=filters.government,
        q=filters.q,
        kind=filters.kind or "",
        status=filters.status or "",
        year=filters.year,
    ).prefetch_related("invited_agencies")


@router.post("/meetings", response={201: MeetingDetailOut}, summary="Schedule a meeting (answers overlap warnings)")
def create_meeting(request, payload: MeetingIn):
    government = government_get(user=request.auth, pk=payload.government)
    if not rules.can_manage(request.auth, government.pk):
        raise PermissionDenied(ONLY_SECRETARIAT)
    errors: dict = {}
    invited = _agencies(government.pk, payload.invited_agencies, "invited_agencies", errors)
    task_force = None
    if payload.task_force is not None:
        task_force = (
            selectors.task_force_list(user=request.auth, government_id=government.pk)
            .filter(pk=payload.task_force)
            .first()
        )
        if task_force is None:
            errors["task_force"] = ["Tim terpadu tidak dikenal di pemerintah daerah ini."]
    region = None
    if payload.region:
        region = Region.objects.filter(code=payload.region).first()
        if region is None:
            errors["region"] = [f"Kode wilayah {payload.region} tidak dikenal."]
    _raise(errors)
    data = payload.dict(exclude={"government", "invited_agencies", "task_force", "region", "agenda"})
    meeting = services.meeting_create(
        government=government, by=request.auth, invited_agencies=invited, agenda=payload.agenda,
        task_force=task_force, region=region, **data,
    )  # fmt: skip
    return Status(201, _meeting_detail(request, meeting.pk))


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="One meeting with its whole record")
def get_meeting(request, meeting_id: Id):
    return _meeting_detail(request, meeting_id)


@router.patch("/meetings/{meeting_id}", response={200: MeetingDetailOut, 409: dict}, summary="Change a meeting")
def patch_meeting(request, meeting_id: Id, payload: MeetingPatch):
    meeting = _managed_meeting(request, meeting_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    errors: dict = {}
    invited = None
    if "invited_agencies" in data:
        invited = _agencies(meeting.government_id, data.pop("invited_agencies") or [], "invited_agencies", errors)
    _raise(errors)
    for text in ("chair_name", "chair_title", "letter_number", "summary"):
        if text in data and data[text] is None:
            data[text] = ""
    for required in ("kind", "title", "starts_at", "place"):
        if required in data and data[required] is None:
            raise ValidationError({required: ["Wajib diisi."]})
    try:
        services.meeting_update(
            meeting=meeting, by=request.auth, expected_version=version, invited_agencies=invited, **data
        )
    except services.ConflictError as exc:
        return _conflict(request, exc)
    return _meeting_detail(request, meeting.pk)


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut}, summary="Add an agenda item")
def add_agenda_item(request, meeting_id: Id, payload: AgendaItemIn):
    meeting = _managed_meeting(request, meeting_id)
    return Status(201, services.agenda_item_add(meeting=meeting, by=request.auth, **payload.dict()))


def _managed_item(request, item_id):
    item = selectors.agenda_item_get(user=request.auth, pk=item_id)
    if not rules.can_manage_meeting(request.auth, item.meeting):
        raise PermissionDenied(ONLY_SECRETARIAT)
    return item


@router.patch("/agenda-items/{item_id}", response=AgendaItemOut, summary="Change an agenda item or its minutes")
def patch_agenda_item(request, item_id: Id, payload: AgendaItemPatch):
    item = _managed_item(request, item_id)
    data = {
        k: ("" if v is None and k in ("presenter", "minutes") else v)
        for k, v in payload.dict(exclude_unset=True).items()
    }
    services.agenda_item_update(item=item, by=request.auth, **data)
    return item


@router.delete("/agenda-items/{item_id}", response={204: None}, summary="Remove an agenda item")
def delete_agenda_item(request, item_id: Id):
    services.agenda_item_remove(item=_managed_item(request, item_id), by=request.auth)
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={201: AttendanceOut},
    summary="Record someone present (an agency not invited is marked invited=false)",
)
def add_attendance(request, meeting_id: Id, payload: AttendanceIn):
    meeting = _managed_meeting(request, meeting_id)
    errors: dict = {}
    data = payload.dict()
    data["agency"] = _agency(meeting.government_id, payload.agency, "agency", errors)
    _raise(errors)
    return Status(201, services.attendance_add(meeting=meeting, by=request.auth, **data))


@router.delete("/attendance/{attendance_id}", response={204: None}, summary="Remove someone from the attendance")
def delete_attendance(request, attendance_id: Id):
    row = selectors.attendance_get(user=request.auth, pk=attendance_id)
    if not rules.can_manage_meeting(request.auth, row.meeting):
        raise PermissionDenied(ONLY_SECRETARIAT)
    services.attendance_remove(attendance=row, by=request.auth)
    return Status(204, None)


@router.post("/meetings/{meeting_id}/decisions", response={201: DecisionOut}, summary="Record a decision")
def add_decision(request, meeting_id: Id, payload: DecisionIn):
    meeting = _managed_meeting(request, meeting_id)
    errors: dict = {}
    agenda_item = None
    if payload.agenda_item is not None:
        agenda_item = meeting.agenda.filter(pk=payload.agenda_item).first()
        if agenda_item is None:
            errors["agenda_item"] = ["Mata acara tidak dikenal di rapat ini."]
    specs = [
        _follow_up_spec(meeting.government_id, spec, errors, prefix=f"follow_ups.{i}.")
        for i, spec in enumerate(payload.follow_ups)
    ]
    _raise(errors)
    decision = services.decision_add(
        meeting=meeting, by=request.auth, text=payload.text, agenda_item=agenda_item, follow_ups=specs
    )
    decision.visible_follow_ups = list(_follow_up_prefetch(decision.follow_ups.select_related("agency")))
    return Status(201, decision)


def _managed_decision(request, decision_id):
    decision = selectors.decision_get(user=request.auth, pk=decision_id)
    if not rules.can_manage_meeting(request.auth, decision.meeting):
        raise PermissionDenied(ONLY_SECRETARIAT)
    return decision


@router.patch("/decisions/{decision_id}", response=DecisionOut, summary="Change a decision")
def patch_decision(request, decision_id: Id, payload: DecisionPatch):
    decision = _managed_decision(request, decision_id)
    data = payload.dict(exclude_unset=True)
    if "agenda_item" in data and data["agenda_item"] is not None:
        data["agenda_item"] = decision.meeting.agenda.filter(pk=data["agenda_item"]).first()
        if data["agenda_item"] is None:
            raise ValidationError({"agenda_item": ["Mata acara tidak dikenal di rapat ini."]})
    if "text" in data and data["text"] is None:
        raise ValidationError({"text": ["Wajib diisi."]})
    services.decision_update(decision=decision, by=request.auth, **data)
    decision.visible_follow_ups = list(
        _follow_up_prefetch(selectors.follow_up_queryset(user=request.auth).filter(decision=decision))
    )
    return decision


@router.delete("/decisions/{decision_id}", response={204: None}, summary="Remove a decision (and its follow-ups)")
def delete_decision(request, decision_id: Id):
    services.decision_remove(decision=_managed_decision(request, decision_id), by=request.auth)
    return Status(204, None)


@router.post("/decisions/{decision_id}/follow-ups", response={201: FollowUpOut}, summary="Add a follow-up")
def add_follow_up(request, decision_id: Id, payload: FollowUpIn):
    decision = _managed_decision(request, decision_id)
    errors: dict = {}
    spec = _follow_up_spec(decision.meeting.government_id, payload, errors)
    _raise(errors)
    follow_up = services.follow_up_add(decision=decision, by=request.auth, **spec)
    return Status(201, _one_follow_up(request, follow_up.pk))


# --- follow-ups ----------------------------------------------------------------------------------------------


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


# Last, so that the fixed paths above (/agenda, /attendance, /decisions) are matched first.
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
