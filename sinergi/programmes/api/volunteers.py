from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, LimitOffset, Line
from sinergi.core.files import download
from sinergi.core.scope import scope_for
from sinergi.organizations.selectors import government_get
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.api.common import agency_in
from sinergi.programmes.models import Volunteer, VolunteerGroup
from sinergi.regions.models import Region

router = Router()

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
    sk_file_name: str
    sk_download_url: str | None = None
    is_active: bool

    @staticmethod
    def resolve_sk_download_url(obj):
        return f"/api/v1/volunteer-groups/{obj.pk}/sk" if obj.sk_file else None


class VolunteerGroupPatch(Schema):
    name: Line | None = Field(None, min_length=3, max_length=200)
    kind: VolunteerGroup.Kind | None = None
    region: Line | None = Field(None, max_length=13)
    agency: Id | None = None
    sk_number: Line | None = Field(None, max_length=100)
    sk_date: date | None = None
    is_active: bool | None = None


class VolunteerGroupIn(Schema):
    government: Id
    name: Line = Field(min_length=3, max_length=200)
    kind: VolunteerGroup.Kind
    region: Line | None = Field(None, max_length=13)
    agency: Id | None = None
    sk_number: Line = Field("", max_length=100)
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
    joined_on: date | None
    left_on: date | None


class VolunteerIn(Schema):
    group: Id
    name: Line = Field(min_length=2, max_length=150)
    sex: Volunteer.Sex
    birth_year: int = Field(ge=1900, le=2100)
    region: Line = Field(max_length=13)
    role: Line = Field("", max_length=100)
    phone: str = Field("", max_length=30, pattern=r"^[0-9+ ()-]*$")
    joined_on: date | None = Field(None, description="The day they joined (default: today).")
    confirm_duplicate: bool = Field(False, description="True to register a person who looks like an existing member.")


class VolunteerPatch(Schema):
    name: Line | None = Field(None, min_length=2, max_length=150)
    sex: Volunteer.Sex | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    region: Line | None = Field(None, max_length=13)
    role: Line | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=30, pattern=r"^[0-9+ ()-]*$")
    is_active: bool | None = None
    joined_on: date | None = None
    left_on: date | None = Field(None, description="The day they left (setting is_active false dates it today).")
    confirm_duplicate: bool = Field(False, description="True to keep a change that looks like another member.")


class TrainingOut(Schema):
    id: int
    volunteer_id: int
    title: str
    held_on: date
    until: date | None
    organiser: str
    event_id: int | None


class TrainingIn(Schema):
    title: Line = Field(min_length=3, max_length=200)
    held_on: date
    until: date | None = None
    organiser: Line = Field("", max_length=200)
    event: Id | None = None


def _shown(volunteer, can_see_phone: bool):
    """Phone numbers are masked for everyone but the secretariat (the instance is only serialised afterwards)."""
    if not can_see_phone:
        volunteer.phone = volunteer.masked_phone
    return volunteer


def _duplicate(request, existing):
    visible = selectors.volunteer_group_list(user=request.auth).filter(pk=existing.group_id).exists()
    where = f"di {existing.group}" if visible else "di kelompok lain"
    return error_response(
        request,
        409,
        "possible_duplicate",
        f"{existing.name} ({existing.birth_year}) sudah terdaftar {where}. "
        "Kirim confirm_duplicate=true jika ini orang yang berbeda.",
    )


def _kelurahan_of(government, code: str):
    region = Region.objects.filter(code=code, level=4).first()
    if region is None or not region.code.startswith(government.region_id + "."):
        raise ValidationError({"region": ["Kelurahan harus berada di pemerintah daerah ini."]})
    return region


@router.get("/volunteer-groups", response=list[VolunteerGroupOut], summary="Volunteer groups")
@paginate(LimitOffset)
def list_volunteer_groups(request, government: Id | None = None):
    return selectors.volunteer_group_list(user=request.auth, government_id=government)


@router.post("/volunteer-groups", response={201: VolunteerGroupOut}, summary="Register a volunteer group")
def create_volunteer_group(request, payload: VolunteerGroupIn):
    government = government_get(user=request.auth, pk=payload.government)
    errors: dict = {}
    agency = agency_in(government, payload.agency, "agency", errors)
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


class _MaskedPage:
    """The volunteers of a query, sliced by the paginator and masked row by row as they are read."""

    def __init__(self, queryset, user):
        self.queryset, self.scope = queryset, scope_for(user)

    def all(self):
        return self

    def count(self):
        return self.queryset.count()

    def __getitem__(self, index):
        return [_shown(v, self.scope.can_manage(v.government_id)) for v in self.queryset[index]]


@router.get("/volunteers", response=list[VolunteerOut], summary="Volunteers (phones masked except for the secretariat)")
@paginate(LimitOffset)
def list_volunteers(request, government: Id | None = None, group: Id | None = None, q: Line = ""):
    volunteers = selectors.volunteer_list(user=request.auth, government_id=government, group_id=group, q=q)
    return _MaskedPage(volunteers, request.auth)


@router.post("/volunteers", response={201: VolunteerOut, 409: dict}, summary="Register a volunteer")
def create_volunteer(request, payload: VolunteerIn):
    group = selectors.volunteer_group_get(user=request.auth, pk=payload.group)
    region = _kelurahan_of(group.government, payload.region)
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
        return _duplicate(request, exc.existing)
    return Status(201, _shown(volunteer, rules.can_see_phones(request.auth, volunteer.government_id)))


@router.get("/volunteer-groups/{group_id}", response=VolunteerGroupOut, summary="One volunteer group")
def get_volunteer_group(request, group_id: Id):
    return selectors.volunteer_group_get(user=request.auth, pk=group_id)


@router.patch("/volunteer-groups/{group_id}", response=VolunteerGroupOut, summary="Change a volunteer group")
def patch_volunteer_group(request, group_id: Id, payload: VolunteerGroupPatch):
    group = selectors.volunteer_group_get(user=request.auth, pk=group_id)
    if not rules.can_edit_group(request.auth, group):
        raise PermissionDenied("Peran Anda tidak dapat mengubah kelompok ini.")
    data = payload.dict(exclude_unset=True)
    errors: dict = {}
    if "agency" in data:
        data["agency"] = agency_in(group.government, data["agency"], "agency", errors)
    if "region" in data:
        data["region"] = Region.objects.filter(code=data["region"]).first() if data["region"] else None
        if payload.region and data["region"] is None:
            errors["region"] = [f"Kode wilayah {payload.region} tidak dikenal."]
    for required in ("name", "kind", "is_active"):
        if required in data and data[required] is None:
            errors[required] = ["Nilai ini wajib diisi."]
    if "sk_number" in data and data["sk_number"] is None:
        data["sk_number"] = ""
    if errors:
        raise ValidationError(errors)
    agency = data.get("agency", group.agency)
    region = data.get("region", group.region)
    if not rules.can_record_for(
        request.auth, government_id=group.government_id, agency=agency, region_code=region.code if region else None
    ):
        raise PermissionDenied("Peran Anda tidak dapat memindahkan kelompok ke sini.")
    services.volunteer_group_update(group=group, by=request.auth, **data)
    return group


@router.post("/volunteer-groups/{group_id}/sk", response=VolunteerGroupOut, summary="Upload the group's decree (SK)")
def upload_volunteer_group_sk(request, group_id: Id, file: File[UploadedFile]):
    group = selectors.volunteer_group_get(user=request.auth, pk=group_id)
    if not rules.can_edit_group(request.auth, group):
        raise PermissionDenied("Peran Anda tidak dapat mengubah kelompok ini.")
    return services.volunteer_group_attach_sk(group=group, upload=file, by=request.auth)


@router.get(
    "/volunteer-groups/{group_id}/sk",
    summary="Download the group's decree (SK)",
    openapi_extra={"responses": {200: {"description": "The decree file"}}},
)
def download_volunteer_group_sk(request, group_id: Id):
    group = selectors.volunteer_group_get(user=request.auth, pk=group_id)
    return download(group.sk_file, name=group.sk_file_name or "sk.pdf")


@router.get("/volunteers/{volunteer_id}", response=VolunteerOut, summary="One volunteer (phone masked)")
def get_volunteer(request, volunteer_id: Id):
    volunteer = selectors.volunteer_get(user=request.auth, pk=volunteer_id)
    return _shown(volunteer, rules.can_see_phones(request.auth, volunteer.government_id))


@router.patch("/volunteers/{volunteer_id}", response={200: VolunteerOut, 409: dict}, summary="Change a volunteer")
def patch_volunteer(request, volunteer_id: Id, payload: VolunteerPatch):
    volunteer = selectors.volunteer_get(user=request.auth, pk=volunteer_id)
    if not rules.can_edit_volunteer(request.auth, volunteer):
        raise PermissionDenied("Peran Anda tidak dapat mengubah relawan ini.")
    data = payload.dict(exclude_unset=True, exclude={"confirm_duplicate"})
    for required in ("name", "sex", "birth_year", "region", "is_active"):
        if required in data and data[required] is None:
            raise ValidationError({required: ["Nilai ini wajib diisi."]})
    for text in ("role", "phone"):
        if text in data and data[text] is None:
            data[text] = ""
    if "region" in data:
        data["region"] = _kelurahan_of(volunteer.government, data["region"])
        if not rules.can_record_for(
            request.auth,
            government_id=volunteer.government_id,
            agency=volunteer.group.agency,
            region_code=data["region"].code,
        ):
            raise PermissionDenied("Peran Anda tidak dapat memindahkan relawan ke kelurahan ini.")
    try:
        services.volunteer_update(
            volunteer=volunteer, by=request.auth, confirm_duplicate=payload.confirm_duplicate, **data
        )
    except services.PossibleDuplicate as exc:
        return _duplicate(request, exc.existing)
    return _shown(volunteer, rules.can_see_phones(request.auth, volunteer.government_id))


@router.get("/volunteers/{volunteer_id}/trainings", response=list[TrainingOut], summary="A volunteer's trainings")
def list_trainings(request, volunteer_id: Id):
    return selectors.trainings_of(selectors.volunteer_get(user=request.auth, pk=volunteer_id))


@router.post("/volunteers/{volunteer_id}/trainings", response={201: TrainingOut}, summary="Record a training")
def add_training(request, volunteer_id: Id, payload: TrainingIn):
    volunteer = selectors.volunteer_get(user=request.auth, pk=volunteer_id)
    if not rules.can_edit_volunteer(request.auth, volunteer):
        raise PermissionDenied("Peran Anda tidak dapat mengubah relawan ini.")
    data = payload.dict(exclude={"event"})
    if payload.event is not None:
        try:
            data["event"] = selectors.event_get(user=request.auth, pk=payload.event)
        except Http404:
            raise ValidationError({"event": ["Kegiatan tidak dikenal."]}) from None
    return Status(201, services.training_add(volunteer=volunteer, by=request.auth, **data))


@router.delete("/trainings/{training_id}", response={204: None}, summary="Remove a training record")
def delete_training(request, training_id: Id):
    training = selectors.training_get(user=request.auth, pk=training_id)
    if not rules.can_edit_volunteer(request.auth, training.volunteer):
        raise PermissionDenied("Peran Anda tidak dapat mengubah relawan ini.")
    services.training_delete(training=training, by=request.auth)
    return Status(204, None)
