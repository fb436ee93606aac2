from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.apitypes import Count, Id, Int, LimitOffset, Line, Text, Year
from sinergi.core.files import download
from sinergi.core.models import EvidenceKind
from sinergi.organizations.selectors import government_get
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.api.common import action_in, agency_in
from sinergi.programmes.models import Event, TargetGroup
from sinergi.regions.models import Region

router = Router()


class EventOut(Schema):
    id: int
    public_id: UUID
    government_id: int
    agency_id: int
    agency: str = Field(alias="agency.name")
    partner_agency_ids: list[int]
    kind: str
    title: str
    starts_on: date
    ends_on: date | None
    region_code: str | None = Field(None, alias="region_id")
    address: str
    target_group: str
    participants: int
    male: int | None
    female: int | None
    age_under_15: int | None
    age_15_24: int | None
    age_25_44: int | None
    age_45_plus: int | None
    action_id: int | None
    status: str
    notes: str
    created_at: datetime

    @staticmethod
    def resolve_partner_agency_ids(obj):
        return [a.pk for a in obj.partner_agencies.all()]


class EventIn(Schema):
    government: Id
    agency: Id
    partner_agencies: list[Int] = []
    kind: Event.Kind
    title: Line = Field(min_length=3, max_length=250)
    starts_on: date
    ends_on: date | None = None
    region: Line | None = Field(None, max_length=13)
    address: Line = Field("", max_length=300)
    target_group: TargetGroup
    participants: int = Field(0, ge=0, le=1_000_000)
    male: Count | None = None
    female: Count | None = None
    age_under_15: Count | None = None
    age_15_24: Count | None = None
    age_25_44: Count | None = None
    age_45_plus: Count | None = None
    action: Id | None = None
    status: Event.Status = Event.Status.HELD
    notes: Text = Field("", max_length=5000)


class EventPatch(Schema):
    kind: Event.Kind | None = None
    title: Line | None = Field(None, min_length=3, max_length=250)
    starts_on: date | None = None
    ends_on: date | None = None
    address: Line | None = Field(None, max_length=300)
    target_group: TargetGroup | None = None
    participants: int | None = Field(None, ge=0, le=1_000_000)
    male: Count | None = None
    female: Count | None = None
    age_under_15: Count | None = None
    age_15_24: Count | None = None
    age_25_44: Count | None = None
    age_45_plus: Count | None = None
    status: Event.Status | None = None
    notes: Text | None = Field(None, max_length=5000)


class EventFilters(Schema):
    government: Id | None = None
    q: Line = Field("", max_length=100)
    kind: Event.Kind | None = None
    status: Event.Status | None = None
    within: Line | None = Field(None, max_length=13, description="Only events in this region subtree.")
    year: int | None = Field(None, ge=2000, le=2100)


class UrineTestOut(Schema):
    id: int
    government_id: int
    agency_id: int
    agency: str = Field(alias="agency.name")
    host: str
    host_agency_id: int | None
    held_on: date
    group: str
    tested: int
    positive: int
    referred: int
    action_id: int | None
    notes: str


class UrineTestIn(Schema):
    government: Id
    agency: Id
    host_agency: Id | None = None
    host_name: Line = Field("", max_length=200)
    held_on: date
    group: TargetGroup
    tested: int = Field(ge=0, le=1_000_000)
    positive: Count = Field(0)
    referred: Count = Field(0)
    action: Id | None = None
    notes: Text = Field("", max_length=5000)


class UrineTestPatch(Schema):
    agency: Id | None = None
    host_agency: Id | None = None
    host_name: Line | None = Field(None, max_length=200)
    held_on: date | None = None
    group: TargetGroup | None = None
    tested: int | None = Field(None, ge=0, le=1_000_000)
    positive: int | None = Field(None, ge=0, le=1_000_000)
    referred: int | None = Field(None, ge=0, le=1_000_000)
    action: Id | None = None
    notes: Text | None = Field(None, max_length=5000)


# --- events --------------------------------------------------------------------------------------------------


@router.get("/events", response=list[EventOut], summary="Field activities I may see")
@paginate(LimitOffset)
def list_events(request, filters: Query[EventFilters]):
    return selectors.event_list(
        user=request.auth,
        government_id=filters.government,
        q=filters.q,
        kind=filters.kind or "",
        status=filters.status or "",
        within=filters.within or "",
        year=filters.year,
    )


@router.post("/events", response={201: EventOut}, summary="Record a field activity")
def create_event(request, payload: EventIn):
    government = government_get(user=request.auth, pk=payload.government)
    errors: dict = {}
    agency = agency_in(government, payload.agency, "agency", errors)
    partners = [agency_in(government, p, "partner_agencies", errors) for p in payload.partner_agencies]
    partners = [a for a in partners if a]
    region = None
    if payload.region:
        region = Region.objects.filter(code=payload.region).first()
        if region is None:
            errors["region"] = [f"Kode wilayah {payload.region} tidak dikenal."]
    action = action_in(government, payload.action, errors)
    if errors:
        raise ValidationError(errors)
    if not rules.can_record_for(request.auth, government_id=government.pk, agency=agency, region_code=payload.region):
        raise PermissionDenied("Peran Anda tidak dapat mencatat kegiatan untuk perangkat daerah atau wilayah ini.")
    data = payload.dict(exclude={"government", "agency", "partner_agencies", "region", "action"})
    event = services.event_create(
        government=government, by=request.auth, agency=agency, region=region, action=action,
        partner_agencies=partners, **data,
    )  # fmt: skip
    return Status(201, event)


@router.get("/events/{event_id}", response=EventOut, summary="One field activity")
def get_event(request, event_id: Id):
    return selectors.event_get(user=request.auth, pk=event_id)


@router.patch("/events/{event_id}", response=EventOut, summary="Change a field activity")
def patch_event(request, event_id: Id, payload: EventPatch):
    event = selectors.event_get(user=request.auth, pk=event_id)
    if not rules.can_edit_event(request.auth, event):
        raise PermissionDenied("Peran Anda tidak dapat mengubah kegiatan ini.")
    data = payload.dict(exclude_unset=True)
    for text in ("address", "notes"):
        if text in data and data[text] is None:
            data[text] = ""
    services.event_update(event=event, by=request.auth, **data)
    return event


@router.delete("/events/{event_id}", response={204: None}, summary="Delete a field activity")
def delete_event(request, event_id: Id):
    event = selectors.event_get(user=request.auth, pk=event_id)
    if not rules.can_edit_event(request.auth, event):
        raise PermissionDenied("Peran Anda tidak dapat menghapus kegiatan ini.")
    services.event_delete(event=event, by=request.auth)
    return Status(204, None)


# --- event evidence ------------------------------------------------------------------------------------------


class EventEvidenceOut(Schema):
    id: UUID = Field(alias="public_id")
    event_id: int
    name: str
    kind: str
    content_type: str
    size: int
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/v1/event-evidence/{obj.public_id}/file"


@router.get("/events/{event_id}/evidence", response=list[EventEvidenceOut], summary="An event's evidence files")
def list_event_evidence(request, event_id: Id):
    return selectors.event_get(user=request.auth, pk=event_id).evidence.all()


@router.post("/events/{event_id}/evidence", response={201: EventEvidenceOut}, summary="Attach an evidence file")
def add_event_evidence(request, event_id: Id, kind: Form[EvidenceKind], file: File[UploadedFile]):
    event = selectors.event_get(user=request.auth, pk=event_id)
    if not rules.can_edit_event(request.auth, event):
        raise PermissionDenied("Peran Anda tidak dapat mengubah kegiatan ini.")
    return Status(201, services.event_evidence_add(event=event, upload=file, kind=kind, by=request.auth))


@router.get(
    "/event-evidence/{evidence_id}/file",
    summary="Download an evidence file",
    openapi_extra={"responses": {200: {"description": "The file, as an attachment"}}},
)
def download_event_evidence(request, evidence_id: UUID):
    evidence = selectors.event_evidence_get(user=request.auth, pk=evidence_id)
    return download(evidence.file, name=evidence.name, content_type=evidence.content_type)


@router.delete("/event-evidence/{evidence_id}", response={204: None}, summary="Remove an evidence file")
def delete_event_evidence(request, evidence_id: UUID):
    evidence = selectors.event_evidence_get(user=request.auth, pk=evidence_id)
    if not rules.can_edit_event(request.auth, evidence.event):
        raise PermissionDenied("Peran Anda tidak dapat mengubah kegiatan ini.")
    services.event_evidence_delete(evidence=evidence, by=request.auth)
    return Status(204, None)


# --- urine tests ---------------------------------------------------------------------------------------------


@router.get("/urine-tests", response=list[UrineTestOut], summary="Urine test campaigns (counts only)")
@paginate(LimitOffset)
def list_urine_tests(request, government: Id | None = None, year: Year | None = None):
    return selectors.urine_test_list(user=request.auth, government_id=government, year=year)


@router.post("/urine-tests", response={201: UrineTestOut}, summary="Record a urine test campaign")
def create_urine_test(request, payload: UrineTestIn):
    government = government_get(user=request.auth, pk=payload.government)
    errors: dict = {}
    agency = agency_in(government, payload.agency, "agency", errors)
    host = agency_in(government, payload.host_agency, "host_agency", errors)
    action = action_in(government, payload.action, errors)
    if errors:
        raise ValidationError(errors)
    if not rules.can_record_tests(request.auth, government_id=government.pk, agency=agency):
        raise PermissionDenied("Peran Anda tidak dapat mencatat tes urine untuk perangkat daerah ini.")
    data = payload.dict(exclude={"government", "agency", "host_agency", "action"})
    campaign = services.urine_test_create(
        government=government, by=request.auth, agency=agency, host_agency=host, action=action, **data
    )
    return Status(201, campaign)


@router.get("/urine-tests/{campaign_id}", response=UrineTestOut, summary="One urine test campaign")
def get_urine_test(request, campaign_id: Id):
    return selectors.urine_test_get(user=request.auth, pk=campaign_id)


@router.patch("/urine-tests/{campaign_id}", response=UrineTestOut, summary="Change a urine test campaign")
def patch_urine_test(request, campaign_id: Id, payload: UrineTestPatch):
    campaign = selectors.urine_test_get(user=request.auth, pk=campaign_id)
    if not rules.can_edit_test(request.auth, campaign):
        raise PermissionDenied("Peran Anda tidak dapat mengubah catatan tes ini.")
    data = payload.dict(exclude_unset=True)
    government, errors = campaign.government, {}
    for name in ("agency", "host_agency"):
        if name in data:
            data[name] = agency_in(government, data[name], name, errors)
    if "action" in data:
        data["action"] = action_in(government, data["action"], errors)
    if errors:
        raise ValidationError(errors)
    for text in ("host_name", "notes"):
        if text in data and data[text] is None:
            data[text] = ""
    if data.get("agency", campaign.agency) is None:
        raise ValidationError({"agency": ["Pilih perangkat daerah yang melaksanakan tes."]})
    # A test moved to another testing agency must stay one this user records for.
    moved_to = data.get("agency")
    if moved_to and not rules.can_record_tests(request.auth, government_id=government.pk, agency=moved_to):
        raise PermissionDenied("Peran Anda tidak dapat mencatat tes urine untuk perangkat daerah ini.")
    services.urine_test_update(campaign=campaign, by=request.auth, **data)
    return campaign


@router.delete("/urine-tests/{campaign_id}", response={204: None}, summary="Delete a urine test campaign")
def delete_urine_test(request, campaign_id: Id):
    campaign = selectors.urine_test_get(user=request.auth, pk=campaign_id)
    if not rules.can_edit_test(request.auth, campaign):
        raise PermissionDenied("Peran Anda tidak dapat menghapus catatan tes ini.")
    services.urine_test_delete(campaign=campaign, by=request.auth)
    return Status(204, None)
