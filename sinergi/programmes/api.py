from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from sinergi.organizations.models import Agency
from sinergi.organizations.selectors import government_get
from sinergi.planning.models import Action
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.models import Event, TargetGroup, Volunteer, VolunteerGroup
from sinergi.regions.models import Region

router = Router(tags=["program"])


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
    government: int
    agency: int
    partner_agencies: list[int] = []
    kind: Event.Kind
    title: str = Field(min_length=3, max_length=250)
    starts_on: date
    ends_on: date | None = None
    region: str | None = Field(None, max_length=13)
    address: str = Field("", max_length=300)
    target_group: TargetGroup
    participants: int = Field(0, ge=0, le=1_000_000)
    male: int | None = Field(None, ge=0)
    female: int | None = Field(None, ge=0)
    age_under_15: int | None = Field(None, ge=0)
    age_15_24: int | None = Field(None, ge=0)
    age_25_44: int | None = Field(None, ge=0)
    age_45_plus: int | None = Field(None, ge=0)
    action: int | None = None
    status: Event.Status = Event.Status.HELD
    notes: str = Field("", max_length=5000)


class EventPatch(Schema):
    kind: Event.Kind | None = None
    title: str | None = Field(None, min_length=3, max_length=250)
    starts_on: date | None = None
    ends_on: date | None = None
    address: str | None = Field(None, max_length=300)
    target_group: TargetGroup | None = None
    participants: int | None = Field(None, ge=0, le=1_000_000)
    male: int | None = Field(None, ge=0)
    female: int | None = Field(None, ge=0)
    age_under_15: int | None = Field(None, ge=0)
    age_15_24: int | None = Field(None, ge=0)
    age_25_44: int | None = Field(None, ge=0)
    age_45_plus: int | None = Field(None, ge=0)
    status: Event.Status | None = None
    notes: str | None = Field(None, max_length=5000)


class EventFilters(Schema):
    government: int | None = None
    q: str = Field("", max_length=100)
    kind: Event.Kind | None = None
    status: Event.Status | None = None
    within: str | None = Field(None, max_length=13, description="Only events in this region subtree.")
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
    government: int
    agency: int
    host_agency: int | None = None
    host_name: str = Field("", max_length=200)
    held_on: date
    group: TargetGroup
    tested: int = Field(ge=0, le=1_000_000)
    positive: int = Field(0, ge=0)
    referred: int = Field(0, ge=0)
    action: int | None = None
    notes: str = Field("", max_length=5000)


def _agency(government, pk, field: str, errors: dict):
    if pk is None:
        return None
    agency = Agency.objects.filter(pk=pk, government=government).first()
    if agency is None:
        errors[field] = ["Perangkat daerah tidak dikenal di pemerintah daerah ini."]
    return agency


def _action(government, pk, errors: dict):
    if pk is None:
        return None
    action = Action.objects.filter(pk=pk, government=government).first()
    if action is None:
        errors["action"] = ["Aksi RAD tidak dikenal di pemerintah daerah ini."]
    return action


# --- events --------------------------------------------------------------------------------------------------


@router.get("/events", response=list[EventOut], summary="Field activities I may see")
@paginate(LimitOffsetPagination)
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
    agency = _agency(government, payload.agency, "agency", errors)
    partners = [a for a in (_agency(government, p, "partner_agencies", errors) for p in payload.partner_agencies) if a]
    region = None
    if payload.region:
        region = Region.objects.filter(code=payload.region).first()
        if region is None:
            errors["region"] = [f"Kode wilayah {payload.region} tidak dikenal."]
    action = _action(government, payload.action, errors)
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
def get_event(request, event_id: int):
    return selectors.event_get(user=request.auth, pk=event_id)


@router.patch("/events/{event_id}", response=EventOut, summary="Change a field activity")
def patch_event(request, event_id: int, payload: EventPatch):
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
def delete_event(request, event_id: int):
    event = selectors.event_get(user=request.auth, pk=event_id)
    if not rules.can_edit_event(request.auth, event):
        raise PermissionDenied("Peran Anda tidak dapat menghapus kegiatan ini.")
    services.event_delete(event=event, by=request.auth)
    return Status(204, None)


# --- urine tests ---------------------------------------------------------------------------------------------


@router.get("/urine-tests", response=list[UrineTestOut], summary="Urine test campaigns (counts only)")
@paginate(LimitOffsetPagination)
def list_urine_tests(request, government: int | None = None, year: int | None = None):
    return selectors.urine_test_list(user=request.auth, government_id=government, year=year)


@router.post("/urine-tests", response={201: UrineTestOut}, summary="Record a urine test campaign")
def create_urine_test(request, payload: UrineTestIn):
    government = government_get(user=request.auth, pk=payload.government)
    errors: dict = {}
    agency = _agency(government, payload.agency, "agency", errors)
    host = _agency(government, payload.host_agency, "host_agency", errors)
    action = _action(government, payload.action, errors)
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
def get_urine_test(request, campaign_id: int):
    return selectors.urine_test_get(user=request.auth, pk=campaign_id)


@router.delete("/urine-tests/{campaign_id}", response={204: None}, summary="Delete a urine test campaign")
def delete_urine_test(request, campaign_id: int):
    campaign = selectors.urine_test_get(user=request.auth, pk=campaign_id)
    if not rules.can_record_tests(request.auth, government_id=campaign.government_id, agency=campaign.agency):
        raise PermissionDenied("Peran Anda tidak dapat menghapus catatan tes ini.")
    services.urine_test_delete(campaign=campaign, by=request.auth)
    return Status(204, None)


# --- volunteers ----------------------------------------------------------------------------------------------


class VolunteerGroupOut(Schema):
    id: int
    government_id: int
    name: str
    kind: str
    region_code: str | None = Field(None, alias="region_id")
    agency_id: int | None
    sk_number: str
    sk_date: date | None
    is_active: bool


class VolunteerGroupIn(Schema):
    government: int
    name: str = Field(min_length=3, max_length=200)
    kind: VolunteerGroup.Kind
    region: str | None = Field(None, max_length=13)
    agency: int | None = None
    sk_number: str = Field("", max_length=100)
    sk_date: date | None = None


class VolunteerOut(Schema):
    id: int
    group_id: int
    name: str
    sex: str
    birth_year: int
    region_code: str = Field(alias="region_id")
    role: str
    phone: str
    is_active: bool


class VolunteerIn(Schema):
    group: int
    name: str = Field(min_length=2, max_length=150)
    sex: Volunteer.Sex
    birth_year: int = Field(ge=1900, le=2100)
    region: str = Field(max_length=13)
    role: str = Field("", max_length=100)
    phone: str = Field("", max_length=30, pattern=r"^[0-9+ ()-]*$")
    confirm_duplicate: bool = Field(False, description="True to register a person who looks like an existing member.")


def _shown(volunteer, can_see_phone: bool):
    """Phone numbers are masked for everyone but the secretariat."""
    if not can_see_phone:
        volunteer.phone = volunteer.masked_phone
    return volunteer


@router.get("/volunteer-groups", response=list[VolunteerGroupOut], summary="Volunteer groups")
@paginate(LimitOffsetPagination)
def list_volunteer_groups(request, government: int | None = None):
    return selectors.volunteer_group_list(user=request.auth, government_id=government)


@router.post("/volunteer-groups", response={201: VolunteerGroupOut}, summary="Register a volunteer group")
def create_volunteer_group(request, payload: VolunteerGroupIn):
    government = government_get(user=request.auth, pk=payload.government)
    errors: dict = {}
    agency = _agency(government, payload.agency, "agency", errors)
    region = Region.objects.filter(code=payload.region).first() if payload.region else None
    if payload.region and region is None:
        errors["region"] = [f"Kode wilayah {payload.region} tidak dikenal."]
    if errors:
        raise ValidationError(errors)
    if not rules.can_record_for(request.auth, government_id=government.pk, agency=agency, region_code=payload.region):
        raise PermissionDenied("Peran Anda tidak dapat mendaftarkan kelompok di sini.")
    data = payload.dict(exclude={"government", "agency", "region"})
    return Status(
        201,
        services.volunteer_group_create(government=government, by=request.auth, agency=agency, region=region, **data),
    )


@router.get("/volunteers", response=list[VolunteerOut], summary="Volunteers (phones masked except for the secretariat)")
@paginate(LimitOffsetPagination)
def list_volunteers(request, government: int | None = None, group: int | None = None, q: str = ""):
    from sinergi.core.scope import scope_for

    scope = scope_for(request.auth)
    return [
        _shown(v, scope.can_manage(v.government_id))
        for v in selectors.volunteer_list(user=request.auth, government_id=government, group_id=group, q=q)
    ]


@router.post("/volunteers", response={201: VolunteerOut, 409: dict}, summary="Register a volunteer")
def create_volunteer(request, payload: VolunteerIn):
    from sinergi.core.api import error_response

    group = selectors.volunteer_group_get(user=request.auth, pk=payload.group)
    region = Region.objects.filter(code=payload.region).first()
    if region is None or not region.code.startswith(group.government.region_id + "."):
        raise ValidationError({"region": ["Kelurahan harus berada di pemerintah daerah ini."]})
    if not rules.can_record_for(
        request.auth, government_id=group.government_id, agency=group.agency, region_code=region.code
    ):
        raise PermissionDenied("Peran Anda tidak dapat mendaftarkan relawan di sini.")
    data = payload.dict(exclude={"group", "region", "confirm_duplicate"})
    try:
        volunteer = services.volunteer_create(
            group=group, by=request.auth, region=region, confirm_duplicate=payload.confirm_duplicate, **data
        )
    except services.PossibleDuplicate as exc:
        return error_response(
            request,
            409,
            "possible_duplicate",
            f"{exc.existing.name} ({exc.existing.birth_year}) sudah terdaftar di {exc.existing.group}. "
            "Kirim confirm_duplicate=true jika ini orang yang berbeda.",
        )
    return Status(201, volunteer)


# --- vulnerability assessments -------------------------------------------------------------------------------


class RatingIn(Schema):
    rating: int = Field(ge=0, le=3)
    source: str = Field("", max_length=300)


class AssessmentIn(Schema):
    government: int
    region: str = Field(max_length=13)
    year: int = Field(ge=2000, le=2100)
    assessed_on: date
    ratings: dict[str, RatingIn]
    notes: str = Field("", max_length=5000)


class AssessmentOut(Schema):
    id: int
    region_code: str = Field(alias="region_id")
    region: str = Field(alias="region.name")
    year: int
    score: int
    status: str
    previous_status: str | None = None
    assessed_on: date
    ratings: dict


@router.get("/assessments", response=list[AssessmentOut], summary="Vulnerability assessments of kelurahan/desa")
@paginate(LimitOffsetPagination)
def list_assessments(request, government: int | None = None, year: int | None = None, within: str = ""):
    rows = list(selectors.assessment_list(user=request.auth, government_id=government, year=year, within=within))
    previous = selectors.previous_statuses(rows)
    for row in rows:
        row.previous_status = previous[(row.region_id, row.year)]
    return rows


@router.post("/assessments", response={201: AssessmentOut}, summary="Record a kelurahan's assessment for a year")
def record_assessment(request, payload: AssessmentIn):
    government = government_get(user=request.auth, pk=payload.government)
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise ValidationError({"region": [f"Kode wilayah {payload.region} tidak dikenal."]})
    if not rules.can_assess(request.auth, government_id=government.pk, region_code=region.code):
        raise PermissionDenied("Peran Anda tidak dapat mencatat penilaian untuk wilayah ini.")
    assessment = services.assessment_record(
        government=government,
        region=region,
        year=payload.year,
        ratings={code: rating.dict() for code, rating in payload.ratings.items()},
        assessed_on=payload.assessed_on,
        notes=payload.notes,
        by=request.auth,
    )
    return Status(201, assessment)
