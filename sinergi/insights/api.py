"""The dashboards' numbers through the API: a government's dashboard and a region's roll-ups (read-only).

Both read the roll-up tables only (`sinergi.insights.dashboards`), so they answer in a fixed number of queries at
any scale, and apply the same scope as the pages: a government's dashboard for its members and the observers of
its region; a region's roll-ups within the caller's region subtrees. Anything else is a 404.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sinergi.core.apitypes import Id, Line
from sinergi.insights import dashboards
from sinergi.insights.areas import level_of
from sinergi.insights.dashboards import Semester, Tally, programme_dict

router = Router(tags=["dasbor"])


class ReportNumbersOut(Schema):
    expected: int = Field(description="Reports expected (one per action and period).")
    submitted: int = Field(description="Submitted, approved by the agency head or approved.")
    approved: int
    on_time: int = Field(description="First submitted on or before the agency's due date.")
    budget_planned: Decimal
    budget_realised: Decimal
    achievement_sum: Decimal
    achievement_count: int = Field(description="Actions whose achievement is known.")
    approved_achievement_sum: Decimal
    approved_achievement_count: int
    completeness: Decimal | None = Field(description="submitted / expected, in %.")
    timeliness: Decimal | None = Field(description="on_time / expected, in %.")
    achievement: Decimal | None = Field(description="Mean achievement of the actions (each capped at 100), in %.")
    approved_achievement: Decimal | None
    absorption: Decimal | None = Field(description="budget_realised / budget_planned, in %.")


class ProgrammeNumbersOut(Schema):
    events_held: int
    events_planned: int
    events_cancelled: int
    participants: int
    participants_male: int
    participants_female: int
    volunteers: int
    test_campaigns: int
    tested: int
    positive: int
    referred: int
    villages_bahaya: int
    villages_waspada: int
    villages_siaga: int
    villages_aman: int
    villages_assessed: int
    bersinar_villages: int
    bersinar_named: int


class GovernmentRef(Schema):
    id: int
    name: str
    region: str


class PeriodRef(Schema):
    id: int
    label: str
    code: str = Field(description="B06/B12 for semesters, T1–T4 for quarters.")
    year: int
    semester: int
    status: str
    due_on: str


class FieldLine(Schema):
    id: int
    name: str
    numbers: ReportNumbersOut


class AgencyLine(Schema):
    id: int
    name: str
    short_name: str
    numbers: ReportNumbersOut
    open_follow_ups: int
    overdue_follow_ups: int


class FollowUpCounts(Schema):
    open: int
    overdue: int = Field(description="Open follow-ups past their due date.")


class TrendPoint(Schema):
    semester: str = Field(description="YEAR-SEMESTER, e.g. 2024-1.")
    reports: ReportNumbersOut
    programme: ProgrammeNumbersOut


class DashboardOut(Schema):
    government: GovernmentRef
    period: PeriodRef | None = Field(description="The reporting period shown (the latest started one by default).")
    semester: str | None = Field(description="The period's semester, YEAR-SEMESTER.")
    totals: ReportNumbersOut = Field(description="The period's reports, all agencies and fields.")
    by_field: list[FieldLine]
    by_agency: list[AgencyLine] = Field(description="Highest achievement first.")
    semester_reports: ReportNumbersOut = Field(description="All reporting periods of the semester together.")
    programme: ProgrammeNumbersOut = Field(description="Programme records of the semester.")
    follow_ups: FollowUpCounts
    trend: list[TrendPoint] = Field(description="The semesters with roll-ups, oldest first.")


class DashboardFilters(Schema):
    government: Id
    period: Id | None = Field(None, description="A reporting period of the government (default: the latest).")


def _numbers(source) -> dict:
    return Tally(source).as_dict() if source is not None else Tally().as_dict()


def _period_ref(period) -> dict | None:
    if period is None:
        return None
    return {
        "id": period.pk,
        "label": str(period),
        "code": period.code,
        "year": period.year,
        "semester": Semester.of_period(period).number,
        "status": period.status,
        "due_on": period.due_on.isoformat(),
    }


@router.get(
    "/dashboard",
    response=DashboardOut,
    summary="A government's dashboard numbers for a reporting period",
    description="By field, by agency (with their open and overdue meeting follow-ups) and in total for the period; "
    "the semester's reports and programme records; the trend over semesters. Read from the roll-ups. "
    "For the government's members and the observers of its region; 404 for anyone else and for a period of "
    "another government.",
)
def dashboard(request, filters: Query[DashboardFilters]):
    government = dashboards.government_for(user=request.auth, pk=filters.government)
    board = dashboards.government_dashboard(government=government, period_id=filters.period, strict=True)
    return {
        "government": {"id": government.pk, "name": government.name, "region": government.region_id},
        "period": _period_ref(board.period),
        "semester": board.semester.key if board.semester else None,
        "totals": board.totals.as_dict(),
        "by_field": [{"id": line.key, "name": line.name, "numbers": line.numbers.as_dict()} for line in board.by_field],
        "by_agency": [
            {
                "id": line.key,
                "name": line.name,
                "short_name": line.label,
                "numbers": line.numbers.as_dict(),
                "open_follow_ups": line.extra.get("open_follow_ups", 0),
                "overdue_follow_ups": line.extra.get("overdue_follow_ups", 0),
            }
            for line in board.by_agency
        ],
        "semester_reports": _numbers(board.semester_row),
        "programme": board.programme,
        "follow_ups": {"open": board.follow_ups["open"], "overdue": board.follow_ups["overdue"]},
        "trend": [
            {"semester": semester.key, "reports": _numbers(row), "programme": programme_dict(row)}
            for semester, row in board.trend
            if row is not None
        ],
    }


class RegionRow(Schema):
    code: str = Field(description='The Kemendagri code; "ID" for the nation.')
    name: str
    level: int = Field(description="0 nation, 1 province, 2 kabupaten/kota, 3 kecamatan, 4 village.")
    governments: int = Field(description="Governments in the subtree with roll-ups in the semester.")
    governments_reporting: int = Field(description="Of them, those with at least one submitted report.")
    government_id: int | None = Field(description="The government whose region this is, if any.")
    reports: ReportNumbersOut
    programme: ProgrammeNumbersOut


class RollupsOut(Schema):
    semester: str | None = Field(description="YEAR-SEMESTER of the numbers; null when the region has none yet.")
    semesters: list[str] = Field(description="Every semester with roll-ups for this region, newest first.")
    region: RegionRow
    children: list[RegionRow] = Field(description="The regions one level below with roll-ups in the semester.")


class RollupFilters(Schema):
    region: Line = Field("", description='A region code such as 18 or 18.72; empty or "ID" for the nation.')
    period: Line | None = Field(
        None, description="The semester as YEAR-SEMESTER, e.g. 2025-1 (default: the latest with reports)."
    )


def _region_row(*, code, name, row, government) -> dict:
    return {
        "code": dashboards.url_code(code),
        "name": name,
        "level": level_of(code),
        "governments": row.governments if row is not None else 0,
        "governments_reporting": row.governments_reporting if row is not None else 0,
        "government_id": government["pk"] if government else None,
        "reports": _numbers(row),
        "programme": programme_dict(row),
    }


@router.get(
    "/rollups",
    response=RollupsOut,
    summary="A region's roll-ups and its children's for a semester",
    description="The nation, a province, a kabupaten/kota, a kecamatan or a village: its report and programme "
    "numbers of the semester, and those of the regions one level below (with names). Observers read within "
    "their region subtree, members of a kabupaten/kota government within its region, administrators everything; "
    "404 otherwise. A period not written YEAR-SEMESTER is refused (422).",
)
def rollups(request, filters: Query[RollupFilters]):
    try:
        semester = dashboards.parse_semester(filters.period)
    except ValueError:
        raise ValidationError(
            {"period": [_("Write the period as YEAR-SEMESTER, for example 2025-1 (semester 1 or 2).")]}
        ) from None
    board = dashboards.region_dashboard(
        user=request.auth, code=filters.region, semester=semester, strict=True, with_governments=False
    )
    return {
        "semester": board.semester.key if board.semester else None,
        "semesters": [s.key for s in board.semesters],
        "region": _region_row(code=board.code, name=board.name, row=board.row, government=board.government),
        "children": [
            _region_row(code=line.code, name=line.name, row=line.extra["row"], government=line.extra.get("government"))
            for line in board.children
        ],
    }
