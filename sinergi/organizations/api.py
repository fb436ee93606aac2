from datetime import date, datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sinergi.accounts.models import User
from sinergi.accounts.services import user_update
from sinergi.core.apitypes import Id, LimitOffset, Line, Text
from sinergi.core.scope import one_of, scope_for
from sinergi.organizations import rules, selectors, services
from sinergi.organizations.government_settings import government_settings, government_settings_update
from sinergi.organizations.models import Agency, Government, Role
from sinergi.regions.models import Region

router = Router(tags=["organisasi"])
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


# --- schemas -------------------------------------------------------------------------------------------------


class GovernmentOut(Schema):
    id: int
    name: str
    region_code: str = Field(alias="region_id")
    region_name: str = Field(alias="region.name")
    address: str
    phone: str
    email: str
    website: str
    time_zone: str
    has_logo: bool
    signatory_name: str
    signatory_nip: str
    signatory_title: str


class GovernmentPatch(Schema):
    name: Line | None = Field(None, min_length=3, max_length=200)
    address: Text | None = Field(None, max_length=2000)
    phone: Line | None = Field(None, max_length=50)
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN)
    website: Line | None = Field(None, max_length=200)
    time_zone: Government.TimeZone | None = None
    signatory_name: Line | None = Field(None, max_length=150)
    signatory_nip: Line | None = Field(None, max_length=30)
    signatory_title: Line | None = Field(None, max_length=200)


class AgencyOut(Schema):
    id: int
    government_id: int
    name: str
    acronym: str
    kind: str
    kind_label: str
    region_code: str | None = Field(None, alias="region_id")
    address: str
    head_name: str
    head_title: str
    valid_from: date | None
    valid_until: date | None
    successor_id: int | None
    is_active: bool


class AgencyIn(Schema):
    government: Id
    name: Line = Field(min_length=2, max_length=200)
    acronym: Line = Field("", max_length=30)
    kind: Agency.Kind
    region: Line | None = Field(None, max_length=13)
    address: Text = Field("", max_length=2000)
    head_name: Line = Field("", max_length=150)
    head_title: Line = Field("", max_length=150)
    valid_from: date | None = None


class AgencyPatch(Schema):
    name: Line | None = Field(None, min_length=2, max_length=200)
    acronym: Line | None = Field(None, max_length=30)
    kind: Agency.Kind | None = None
    region: Line | None = Field(None, max_length=13)
    address: Text | None = Field(None, max_length=2000)
    head_name: Line | None = Field(None, max_length=150)
    head_title: Line | None = Field(None, max_length=150)
    valid_from: date | None = None
    valid_until: date | None = None


class AgencyFilters(Schema):
    government: Id | None = None
    q: Line = Field("", max_length=100)
    kind: Agency.Kind | None = None
    status: str = Field("current", pattern="^(current|ended|all)$")


class MembershipOut(Schema):
    id: int
    user_id: int
    government_id: int
    agency_id: int
    agency: str = Field(alias="agency.name")
    role: str
    region_code: str | None = Field(None, alias="region_id")


class MembershipIn(Schema):
    user: Id
    agency: Id
    role: Role
    region: Line | None = Field(None, max_length=13)


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    position: str
    nip: str
    phone: str
    is_active: bool
    last_login: datetime | None
    memberships: list[MembershipOut] = Field(alias="memberships.all")


class UserIn(Schema):
    username: str = Field(min_length=3, max_length=150, pattern=r"^[\w.@+-]+$")
    full_name: Line = Field(min_length=2, max_length=150)
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN)
    position: Line = Field("", max_length=150)
    nip: Line = Field("", max_length=30)
    phone: Line = Field("", max_length=30)
    password: Text | None = Field(None, min_length=10, max_length=4096)
    agency: Id
    role: Role
    region: Line | None = Field(None, max_length=13)


class UserPatch(Schema):
    full_name: Line | None = Field(None, min_length=2, max_length=150)
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN)
    position: Line | None = Field(None, max_length=150)
    nip: Line | None = Field(None, max_length=30)
    phone: Line | None = Field(None, max_length=30)
    is_active: bool | None = None


class UserFilters(Schema):
    government: Id | None = None
    q: Line = Field("", max_length=100)
    role: Role | None = None
    agency: Id | None = None


class MembershipFilters(Schema):
    government: Id | None = None
    user: Id | None = None


class HistoryOut(Schema):
    id: int
    at: datetime
    actor: str = Field(alias="actor_label")
    action: str
    before: dict | None
    after: dict | None
    reason: str


def _region_or_error(code: str | None, field: str) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({field: [f"Kode wilayah {code} tidak dikenal."]})
    return region


def _changes(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


# --- governments ---------------------------------------------------------------------------------------------


@router.get("/governments", response=list[GovernmentOut], tags=["organisasi"], summary="Governments I may see")
@paginate(LimitOffset)
def list_governments(request):
    return selectors.government_list(user=request.auth)


@router.get("/governments/{government_id}", response=GovernmentOut, summary="One government")
def get_government(request, government_id: Id):
    return selectors.government_get(user=request.auth, pk=government_id)


@router.patch("/governments/{government_id}", response=GovernmentOut, summary="Change a government's profile")
def patch_government(request, government_id: Id, payload: GovernmentPatch):
    government = selectors.government_get(user=request.auth, pk=government_id)
    rules.require_manage_government(request.auth, government.pk)
    data = {k: ("" if v is None else v) for k, v in _changes(payload).items()}
    services.government_update(government=government, by=request.auth, **data)
    return government


class GovernmentSettingsOut(Schema):
    webhook_url: str
    webhook_secret_set: bool
    due_working_days: int
    head_approval_required: bool
    public_page_enabled: bool


class GovernmentSettingsPatch(Schema):
    webhook_url: Line | None = Field(None, max_length=200)
    webhook_secret: Line | None = Field(None, max_length=200, description='Write-only; "" removes it.')
    due_working_days: int | None = Field(None, ge=1, le=60)
    head_approval_required: bool | None = None
    public_page_enabled: bool | None = None
    confirm_public: bool = False


def _managed(request, government_id: Id) -> Government:
    government = selectors.government_get(user=request.auth, pk=government_id)
    rules.require_manage_government(request.auth, government.pk)
    return government


@router.get("/governments/{government_id}/settings", response=GovernmentSettingsOut, summary="A government's settings")
def get_government_settings(request, government_id: Id):
    return government_settings(_managed(request, government_id))


@router.patch("/governments/{government_id}/settings", response=GovernmentSettingsOut, summary="Change them")
def patch_government_settings(request, government_id: Id, payload: GovernmentSettingsPatch):
    government = _managed(request, government_id)
    government_settings_update(government=government, by=request.auth, **payload.dict())
    return government_settings(government)


@router.get("/governments/{government_id}/history", response=list[HistoryOut], summary="Audit trail")
@paginate(LimitOffset)
def government_history(request, government_id: Id):
    return selectors.history_for(obj=selectors.government_get(user=request.auth, pk=government_id))


# --- agencies ------------------------------------------------------------------------------------------------


@router.get("/agencies", response=list[AgencyOut], summary="Agencies I may see")
@paginate(LimitOffset)
def list_agencies(request, filters: Query[AgencyFilters]):
    return selectors.agency_list(
        user=request.auth,
        government_id=filters.government,
        q=filters.q,
        kind=filters.kind or "",
        status=filters.status,
    )


@router.post("/agencies", response={201: AgencyOut}, summary="Add an agency")
def create_agency(request, payload: AgencyIn):
    government = selectors.government_get(user=request.auth, pk=payload.government)
    rules.require_manage_government(request.auth, government.pk)
    data = payload.dict(exclude={"government", "region"})
    agency = services.agency_create(
        government=government, by=request.auth, region=_region_or_error(payload.region, "region"), **data
    )
    return Status(201, agency)


@router.get("/agencies/{agency_id}", response=AgencyOut, summary="One agency")
def get_agency(request, agency_id: Id):
    return selectors.agency_get(user=request.auth, pk=agency_id)


@router.patch("/agencies/{agency_id}", response=AgencyOut, summary="Change an agency")
def patch_agency(request, agency_id: Id, payload: AgencyPatch):
    agency = selectors.agency_get(user=request.auth, pk=agency_id)
    rules.require_manage_government(request.auth, agency.government_id)
    data = _changes(payload)
    if "region" in data:
        data["region"] = _region_or_error(data["region"], "region")
    for text_field in ("acronym", "address", "head_name", "head_title"):
        if text_field in data and data[text_field] is None:
            data[text_field] = ""
    services.agency_update(agency=agency, by=request.auth, **data)
    return agency


@router.get("/agencies/{agency_id}/history", response=list[HistoryOut], summary="Audit trail")
@paginate(LimitOffset)
def agency_history(request, agency_id: Id):
    return selectors.history_for(obj=selectors.agency_get(user=request.auth, pk=agency_id))


# --- users and memberships (secretariat) ---------------------------------------------------------------------


def _managed_agency(request, agency_id: Id) -> Agency:
    """The agency a person is added to: for those who manage a government, one of its agencies or a 422 naming
    ``agency``; for anyone else the usual 404/403."""
    scope = scope_for(request.auth)
    if scope.is_admin or scope.managed_government_ids:
        errors: dict = {}
        managed = scope.restrict(Agency.objects.all(), manage=True)
        agency = one_of(managed, agency_id, field="agency", errors=errors, message="Perangkat daerah tidak dikenal.")
        if errors:
            raise ValidationError(errors)
        return agency
    agency = selectors.agency_get(user=request.auth, pk=agency_id)
    rules.require_manage_government(request.auth, agency.government_id)
    return agency


@router.get("/users", response=list[UserOut], summary="People (the secretariat sees its government's)")
@paginate(LimitOffset)
def list_users(request, filters: Query[UserFilters]):
    return selectors.user_list(
        user=request.auth,
        government_id=filters.government,
        q=filters.q,
        role=filters.role or "",
        agency_id=filters.agency,
    )


@router.post("/users", response={201: UserOut}, summary="Add a person with their first role")
def create_user(request, payload: UserIn):
    agency = _managed_agency(request, payload.agency)
    if payload.password:
        validate_password(payload.password)
    if User.objects.filter(username__iexact=payload.username).exists():
        raise ValidationError({"username": ["Nama pengguna ini sudah dipakai."]})
    data = payload.dict(exclude={"agency", "role", "region", "password"})
    data["email"] = data["email"] or ""
    user = services.user_create_with_membership(
        by=request.auth,
        agency=agency,
        role=payload.role,
        region=_region_or_error(payload.region, "region"),
        password=payload.password,
        **data,
    )
    return Status(201, selectors.user_list(user=request.auth).get(pk=user.pk))


@router.get("/users/{user_id}", response=UserOut, summary="One person")
def get_user(request, user_id: Id):
    selectors.user_get(user=request.auth, pk=user_id)
    return selectors.user_list(user=request.auth).get(pk=user_id)


@router.patch("/users/{user_id}", response=UserOut, summary="Change a person's details or deactivate them")
def patch_user(request, user_id: Id, payload: UserPatch):
    target = selectors.user_get(user=request.auth, pk=user_id)
    if target.pk != request.auth.pk or payload.is_active is not None:
        _require_manages_user(request, target)
    data = {k: ("" if v is None else v) for k, v in _changes(payload).items()}
    user_update(user=target, by=request.auth, **data)
    return selectors.user_list(user=request.auth).get(pk=user_id)


def _require_manages_user(request, target) -> None:
    if request.auth.is_superuser:
        return
    governments = set(target.memberships.values_list("government_id", flat=True))
    if not governments or not any(rules.can_manage_government(request.auth, g) for g in governments):
        rules.require_manage_government(request.auth, None)


@router.get("/users/{user_id}/history", response=list[HistoryOut], summary="Audit trail")
@paginate(LimitOffset)
def user_history(request, user_id: Id):
    return selectors.history_for(obj=selectors.user_get(user=request.auth, pk=user_id))


@router.get("/memberships", response=list[MembershipOut], summary="Roles (the secretariat sees its government's)")
@paginate(LimitOffset)
def list_memberships(request, filters: Query[MembershipFilters]):
    return selectors.membership_list(user=request.auth, government_id=filters.government, user_id=filters.user)


@router.post("/memberships", response={201: MembershipOut}, summary="Give a person a role in an agency")
@transaction.atomic
def create_membership(request, payload: MembershipIn):
    agency = _managed_agency(request, payload.agency)
    target = None
    if not request.auth.is_superuser:
        try:
            target = selectors.user_get(user=request.auth, pk=payload.user)
        except Http404:
            raise ValidationError({"user": ["Pengguna tidak ditemukan."]}) from None
    if target is None:
        target = User.objects.filter(pk=payload.user).first()
        if target is None:
            raise ValidationError({"user": ["Pengguna tidak ditemukan."]})
    membership = services.membership_create(
        user=target,
        agency=agency,
        role=payload.role,
        region=_region_or_error(payload.region, "region"),
        by=request.auth,
    )
    return Status(201, membership)


@router.delete("/memberships/{membership_id}", response={204: None}, summary="Remove a role")
def delete_membership(request, membership_id: Id):
    membership = selectors.membership_get(user=request.auth, pk=membership_id)
    rules.require_manage_government(request.auth, membership.government_id)
    services.membership_delete(membership=membership, by=request.auth)
    return Status(204, None)
