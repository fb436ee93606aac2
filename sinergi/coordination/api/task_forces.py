"""Task forces (Tim Terpadu), their compositions by decree (SK) and the members of each composition."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.coordination import rules, selectors, services
from sinergi.coordination.api.common import ONLY_SECRETARIAT, _agency, _raise
from sinergi.coordination.models import Position
from sinergi.core.apitypes import Id, LimitOffset, Line, Text
from sinergi.core.files import download
from sinergi.organizations.selectors import government_get
from sinergi.regions.models import Region

router = Router()


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
