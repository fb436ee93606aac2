"""Meetings and their record: agenda items and minutes, attendance, decisions."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sinergi.coordination import rules, selectors, services
from sinergi.coordination.api.common import ONLY_SECRETARIAT, _agencies, _agency, _conflict, _follow_up_prefetch, _raise
from sinergi.coordination.api.follow_ups import FollowUpIn, FollowUpOut, _follow_up_spec, _one_follow_up
from sinergi.coordination.models import Meeting
from sinergi.core.apitypes import Id, Int, LimitOffset, Line, Text
from sinergi.organizations.selectors import government_get
from sinergi.regions.models import Region

router = Router()


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
