from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.apitypes import Id, LimitOffset, Line, Text, Year
from sinergi.core.scope import in_region, scope_for
from sinergi.organizations.selectors import government_get
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.models import MAX_SCORE
from sinergi.regions.models import Region

router = Router()

# --- vulnerability assessments -------------------------------------------------------------------------------


class RatingIn(Schema):
    rating: int = Field(ge=0, le=3)
    source: Line = Field("", max_length=300)


class AssessmentIn(Schema):
    government: Id
    region: Line = Field(max_length=13)
    year: int = Field(ge=2000, le=2100)
    assessed_on: date
    ratings: dict[str, RatingIn]
    notes: Text = Field("", max_length=5000)


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
@paginate(LimitOffset)
def list_assessments(request, government: Id | None = None, year: Year | None = None, within: Line = ""):
    rows = list(selectors.assessment_list(user=request.auth, government_id=government, year=year, within=within))
    previous = selectors.previous_statuses(rows)
    for row in rows:
        row.previous_status = previous[(row.region_id, row.year)]
    return rows


class ThresholdsOut(Schema):
    government_id: int
    bahaya_from: int
    waspada_from: int
    siaga_from: int
    max_score: int = MAX_SCORE


class ThresholdsIn(Schema):
    bahaya_from: int = Field(ge=1, le=MAX_SCORE)
    waspada_from: int = Field(ge=1, le=MAX_SCORE)
    siaga_from: int = Field(ge=1, le=MAX_SCORE)


@router.get("/assessments/{assessment_id}", response=AssessmentOut, summary="One assessment")
def get_assessment(request, assessment_id: Id):
    assessment = selectors.assessment_get(user=request.auth, pk=assessment_id)
    assessment.previous_status = selectors.previous_statuses([assessment])[(assessment.region_id, assessment.year)]
    return assessment


@router.get("/assessment-thresholds", response=ThresholdsOut, summary="A government's vulnerability thresholds")
def get_thresholds(request, government: Id):
    return services.thresholds_for(government_get(user=request.auth, pk=government))


@router.put(
    "/assessment-thresholds",
    response=ThresholdsOut,
    summary="Change the thresholds (secretariat); past assessments keep their status",
)
def put_thresholds(request, government: Id, payload: ThresholdsIn):
    target = government_get(user=request.auth, pk=government)
    if not scope_for(request.auth).can_manage(target.pk):
        raise PermissionDenied("Hanya sekretariat yang dapat mengubah ambang batas.")
    return services.thresholds_update(government=target, by=request.auth, **payload.dict())


@router.post("/assessments", response={201: AssessmentOut}, summary="Record a kelurahan's assessment for a year")
def record_assessment(request, payload: AssessmentIn):
    government = government_get(user=request.auth, pk=payload.government)
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise ValidationError({"region": [f"Kode wilayah {payload.region} tidak dikenal."]})
    if not in_region(region.code, government.region_id):
        raise ValidationError({"region": [f"Wilayah {payload.region} di luar pemerintah daerah ini."]})
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
