from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

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
