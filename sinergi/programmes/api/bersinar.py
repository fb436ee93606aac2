"""Kelurahan/Desa Bersinar: programmes, their stages, Pokja, documents, links, and the government's status board."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.apitypes import Id, LimitOffset, Line, Text
from sinergi.core.files import download
from sinergi.core.models import EvidenceKind
from sinergi.organizations.selectors import government_get
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.api.common import agency_in
from sinergi.programmes.models import BersinarStage
from sinergi.regions.models import Region

router = Router()

DENIED = "Peran Anda tidak dapat mengubah program Bersinar ini."


class StepOut(Schema):
    stage: str
    done_on: date
    notes: str


class BersinarOut(Schema):
    id: int
    government_id: int
    region_code: str = Field(alias="region_id")
    region: str = Field(alias="region.name")
    kecamatan: str = Field(alias="region.parent.name")
    named_on: date | None
    stage: str
    stage_order: int
    steps: list[StepOut] = Field(alias="steps.all")
    volunteer_group_ids: list[int]
    event_ids: list[int]
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_stage_order(obj):
        return BersinarStage.order(obj.stage)

    @staticmethod
    def resolve_volunteer_group_ids(obj):
        return sorted(g.pk for g in obj.volunteer_groups.all())

    @staticmethod
    def resolve_event_ids(obj):
        return sorted(e.pk for e in obj.events.all())


class BersinarIn(Schema):
    government: Id
    region: Line = Field(max_length=13, description="Kemendagri code of the kelurahan/desa.")
    named_on: date | None = None
    notes: Text = Field("", max_length=5000)


class BersinarPatch(Schema):
    named_on: date | None = None
    notes: Text | None = Field(None, max_length=5000)


class StepIn(Schema):
    stage: BersinarStage
    done_on: date
    notes: Text = Field("", max_length=5000)


class PokjaOut(Schema):
    id: int
    programme_id: int
    name: str
    position: str
    institution: str
    agency_id: int | None


class PokjaIn(Schema):
    name: Line = Field(min_length=2, max_length=150)
    position: Line = Field(min_length=2, max_length=100)
    institution: Line = Field("", max_length=200)
    agency: Id | None = None


class PokjaPatch(Schema):
    name: Line | None = Field(None, min_length=2, max_length=150)
    position: Line | None = Field(None, min_length=2, max_length=100)
    institution: Line | None = Field(None, max_length=200)
    agency: Id | None = None


class BersinarDocumentOut(Schema):
    id: UUID = Field(alias="public_id")
    programme_id: int
    name: str
    kind: str
    stage: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/v1/bersinar-documents/{obj.public_id}/file"


class LinksIn(Schema):
    volunteer_groups: list[Id] | None = Field(None, description="Replaces the linked groups; omit to keep them.")
    events: list[Id] | None = Field(None, description="Replaces the linked events; omit to keep them.")


class BoardVillageOut(Schema):
    code: str
    name: str
    programme_id: int | None
    stage: str
    stage_order: int
    named_on: date | None
    active_volunteers: int
    events_this_year: int
    vulnerability: str
    vulnerability_year: int | None


class BoardDistrictOut(Schema):
    code: str
    name: str
    villages: list[BoardVillageOut]


class BoardOut(Schema):
    government_id: int
    year: int
    total: int
    summary: dict[str, int]
    kecamatan: list[BoardDistrictOut]


def _editable(request, programme_id: Id):
    programme = selectors.bersinar_get(user=request.auth, pk=programme_id)
    if not rules.can_edit_bersinar(request.auth, programme):
        raise PermissionDenied(DENIED)
    return programme


def _fresh(request, programme_id: Id):
    return selectors.bersinar_list(user=request.auth).get(pk=programme_id)


# --- the status board ----------------------------------------------------------------------------------------


@router.get("/bersinar/board", response=BoardOut, summary="Status board: every kelurahan/desa and its Bersinar stage")
def bersinar_board(
    request, government: int | None = None, year: int | None = None, stage: str = "", q: str = ""
):  # fmt: skip
    government_id = government or getattr(request.auth, "government_id", None)
    if government_id is None:
        raise ValidationError({"government": ["Sebutkan pemerintah daerahnya."]})
    gov = government_get(user=request.auth, pk=government_id)
    board = selectors.bersinar_board(user=request.auth, government=gov, year=year, stage=stage, q=q[:100])
    return {
        "government_id": gov.pk,
        "year": board.year,
        "total": board.total,
        "summary": {value: count for value, _label, count in board.summary},
        "kecamatan": [
            {
                "code": district.code,
                "name": district.name,
                "villages": [
                    {
                        "code": row.region.code,
                        "name": row.region.name,
                        "programme_id": row.programme_id,
                        "stage": row.stage,
                        "stage_order": row.stage_order,
                        "named_on": row.named_on,
                        "active_volunteers": row.volunteers,
                        "events_this_year": row.events,
                        "vulnerability": row.vulnerability,
                        "vulnerability_year": row.vulnerability_year,
                    }
                    for row in rows
                ],
            }
            for district, rows in board.districts
        ],
    }


# --- programmes ----------------------------------------------------------------------------------------------


@router.get("/bersinar", response=list[BersinarOut], summary="Kelurahan/Desa Bersinar programmes I may see")
@paginate(LimitOffset)
def list_bersinar(request, government: Id | None = None, stage: Line = "", q: Line = "", within: Line = ""):
    return selectors.bersinar_list(user=request.auth, government_id=government, stage=stage, q=q, within=within)


@router.post("/bersinar", response={201: BersinarOut}, summary="Start the Bersinar programme of a kelurahan/desa")
def create_bersinar(request, payload: BersinarIn):
    government = government_get(user=request.auth, pk=payload.government)
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise ValidationError({"region": [f"Kode wilayah {payload.region} tidak dikenal."]})
    if not rules.can_record_bersinar(request.auth, government_id=government.pk, region_code=region.code):
        raise PermissionDenied("Peran Anda tidak dapat memulai program Bersinar di wilayah ini.")
    programme = services.bersinar_create(
        government=government, region=region, named_on=payload.named_on, notes=payload.notes, by=request.auth
    )
    return Status(201, _fresh(request, programme.pk))


@router.get("/bersinar/{programme_id}", response=BersinarOut, summary="One Bersinar programme")
def get_bersinar(request, programme_id: Id):
    selectors.bersinar_get(user=request.auth, pk=programme_id)
    return _fresh(request, programme_id)


@router.patch("/bersinar/{programme_id}", response=BersinarOut, summary="Change the naming date or notes")
def patch_bersinar(request, programme_id: Id, payload: BersinarPatch):
    programme = _editable(request, programme_id)
    services.bersinar_update(programme=programme, by=request.auth, **payload.dict(exclude_unset=True))
    return _fresh(request, programme_id)


@router.post("/bersinar/{programme_id}/steps", response={201: BersinarOut}, summary="Record (or correct) a stage")
def record_step(request, programme_id: Id, payload: StepIn):
    programme = _editable(request, programme_id)
    services.bersinar_step_record(
        programme=programme, stage=payload.stage, done_on=payload.done_on, notes=payload.notes, by=request.auth
    )
    return Status(201, _fresh(request, programme_id))


@router.delete("/bersinar/{programme_id}/steps/{stage}", response={204: None}, summary="Remove a recorded stage")
def remove_step(request, programme_id: Id, stage: Line):
    programme = _editable(request, programme_id)
    services.bersinar_step_remove(programme=programme, stage=stage, by=request.auth)
    return Status(204, None)


@router.put("/bersinar/{programme_id}/links", response=BersinarOut, summary="Set the linked volunteer groups/events")
def set_links(request, programme_id: Id, payload: LinksIn):
    programme = _editable(request, programme_id)
    services.bersinar_links_set(
        programme=programme, by=request.auth, volunteer_groups=payload.volunteer_groups, events=payload.events
    )
    return _fresh(request, programme_id)


# --- Pokja ---------------------------------------------------------------------------------------------------


@router.get("/bersinar/{programme_id}/pokja", response=list[PokjaOut], summary="The programme's working group")
@paginate(LimitOffset)
def list_pokja(request, programme_id: Id):
    return selectors.bersinar_get(user=request.auth, pk=programme_id).pokja.order_by("pk")


@router.post("/bersinar/{programme_id}/pokja", response={201: PokjaOut}, summary="Add a Pokja member")
def add_pokja(request, programme_id: Id, payload: PokjaIn):
    programme = _editable(request, programme_id)
    errors: dict = {}
    agency = agency_in(programme.government, payload.agency, "agency", errors)
    if errors:
        raise ValidationError(errors)
    data = payload.dict(exclude={"agency"})
    return Status(201, services.pokja_member_add(programme=programme, by=request.auth, agency=agency, **data))


@router.patch("/pokja/{member_id}", response=PokjaOut, summary="Change a Pokja member")
def patch_pokja(request, member_id: Id, payload: PokjaPatch):
    member = selectors.pokja_member_get(user=request.auth, pk=member_id)
    if not rules.can_edit_bersinar(request.auth, member.programme):
        raise PermissionDenied(DENIED)
    data = payload.dict(exclude_unset=True)
    if "agency" in data:
        errors: dict = {}
        data["agency"] = agency_in(member.programme.government, data["agency"], "agency", errors)
        if errors:
            raise ValidationError(errors)
    services.pokja_member_update(member=member, by=request.auth, **data)
    return member


@router.delete("/pokja/{member_id}", response={204: None}, summary="Remove a Pokja member")
def remove_pokja(request, member_id: Id):
    member = selectors.pokja_member_get(user=request.auth, pk=member_id)
    if not rules.can_edit_bersinar(request.auth, member.programme):
        raise PermissionDenied(DENIED)
    services.pokja_member_remove(member=member, by=request.auth)
    return Status(204, None)


# --- documents -----------------------------------------------------------------------------------------------


@router.get(
    "/bersinar/{programme_id}/documents", response=list[BersinarDocumentOut], summary="The programme's documents"
)
@paginate(LimitOffset)
def list_documents(request, programme_id: Id):
    return selectors.bersinar_get(user=request.auth, pk=programme_id).documents.order_by("uploaded_at", "pk")


@router.post("/bersinar/{programme_id}/documents", response={201: BersinarDocumentOut}, summary="Upload a document")
def add_document(
    request,
    programme_id: int,
    file: File[UploadedFile],
    kind: Form[EvidenceKind] = EvidenceKind.OTHER,
    stage: Form[str] = "",
):
    programme = _editable(request, programme_id)
    document = services.bersinar_document_add(programme=programme, upload=file, stage=stage, kind=kind, by=request.auth)
    return Status(201, document)


@router.get("/bersinar-documents/{document_id}/file", summary="Download a document (as an attachment)")
def download_document(request, document_id: UUID):
    document = selectors.bersinar_document_get(user=request.auth, pk=document_id)
    return download(document.file, name=document.name, content_type=document.content_type)


@router.delete("/bersinar-documents/{document_id}", response={204: None}, summary="Delete a document")
def delete_document(request, document_id: UUID):
    document = selectors.bersinar_document_get(user=request.auth, pk=document_id)
    if not rules.can_edit_bersinar(request.auth, document.programme):
        raise PermissionDenied(DENIED)
    services.bersinar_document_delete(document=document, by=request.auth)
    return Status(204, None)
