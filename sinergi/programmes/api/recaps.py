"""The programme recap through the API: GET /api/v1/programme-recap (rows and totals) and its XLSX/PDF files."""

from datetime import date
from typing import Literal

from django.http import HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from sinergi.core.apitypes import Id
from sinergi.organizations.selectors import government_get
from sinergi.programmes.recaps import BY_KECAMATAN, build_recap
from sinergi.programmes.views.recaps import recap_file_response

router = Router()


class RecapFilters(Schema):
    government: Id
    year: int = Field(ge=2000, le=2100)
    semester: int | None = Field(None, ge=1, le=2, description="1 or 2 (a query string sends it as text).")
    by: Literal["kecamatan", "kelurahan", "agency"] = BY_KECAMATAN
    starts_on: date | None = Field(None, description="Instead of the year or semester: from this day…")
    ends_on: date | None = Field(None, description="…to this day (inclusive).")
    kinds: bool = Field(False, description="Also count held events by kind (held_by_kind).")


class EventCounts(Schema):
    total: int
    held: int
    planned: int
    cancelled: int
    held_by_kind: dict[str, int] | None = Field(description="Only with kinds=true.")


class ParticipantCounts(Schema):
    total: int
    by_group: dict[str, int]
    male: int
    female: int
    unknown: int


class VolunteerCounts(Schema):
    active: int
    male: int
    female: int


class TestCounts(Schema):
    campaigns: int
    tested: int
    positive: int
    referred: int


class Vulnerability(Schema):
    status: str | None = Field(description="A kelurahan's status this year (null when not assessed).")
    counts: dict[str, int] = Field(description="Other rows: their kelurahan by status ('belum': not assessed).")


class Bersinar(Schema):
    stage: str | None
    count: int | None


class RecapRowOut(Schema):
    key: str
    label: str
    kind: str = Field(description="region, district_level, whole_area, subtotal, heading, agency, no_agency, total")
    level: int
    events: EventCounts
    participants: ParticipantCounts
    volunteers: VolunteerCounts
    urine_tests: TestCounts | None
    vulnerability: Vulnerability | None
    bersinar: Bersinar | None


class RecapOut(Schema):
    government: int
    by: str
    year: int
    semester: int | None
    starts_on: date
    ends_on: date
    whole_government: bool
    rows: list[RecapRowOut]
    total: RecapRowOut
    urine_tests_total: TestCounts


def _recap(request, filters: RecapFilters, *, with_kinds: bool = False):
    government = government_get(user=request.auth, pk=filters.government)
    return build_recap(
        user=request.auth,
        government=government,
        year=filters.year,
        semester=filters.semester,
        by=filters.by,
        starts_on=filters.starts_on,
        ends_on=filters.ends_on,
        with_kinds=with_kinds or filters.kinds,
    )


@router.get(
    "/programme-recap",
    response=RecapOut,
    summary="Programme recap per kecamatan, kelurahan or agency",
    description="Events, participants by target group and sex, active volunteers, urine tests (counts only) and "
    "statuses, as the caller may see them; subtotal and heading rows are not part of the total.",
)
def programme_recap(request, filters: Query[RecapFilters]):
    return _recap(request, filters, with_kinds=filters.kinds).as_dict()


def _endpoint(fmt: str, content_type: str):
    def download(request, filters: Query[RecapFilters]) -> HttpResponse:
        return recap_file_response(_recap(request, filters, with_kinds=fmt == "xlsx"), fmt)

    download.__name__ = f"programme_recap_{fmt}"
    binary = {"content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}
    router.get(
        f"/programme-recap.{fmt}",
        summary=f"Programme recap ({fmt.upper()})",
        openapi_extra={"responses": {200: {"description": "The document", **binary}}},
    )(download)


_endpoint("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_endpoint("pdf", "application/pdf")
