"""What the dashboards read (issue 7 §2): the roll-up tables, in a fixed number of queries whatever the data size.

Every dashboard reads a bounded number of roll-up rows — one government's semesters and its period's
agency × field rows; one region's semesters, its children and the governments below it — and never scans the raw
report or event tables. The only raw reads are small and scoped: a government's periods and follow-up counts,
and an agency's own reports, extensions and events of one semester.

Who reads what (the same rules for pages and API):

- a government's dashboard: its members and the observers whose region subtree holds it (`government_get`);
- a region's roll-ups: observers within their subtree; members of a kabupaten/kota government within its region
  subtree (a province government's subtree holds other governments, so its members read no region rows there
  unless they also observe it); administrators everything.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.coordination.models import FollowUp
from sinergi.coordination.selectors import OPEN_STATUSES
from sinergi.core import formatting
from sinergi.core.scope import scope_for, subtree_q
from sinergi.insights.areas import chain, level_of, semester_bounds
from sinergi.insights.models import (
    NATION,
    GovernmentRollup,
    ProgrammeNumbers,
    ProgrammeRollup,
    RegionRollup,
    ReportNumbers,
    ReportRollup,
    semester_of,
)
from sinergi.organizations.models import Agency, Government
from sinergi.organizations.selectors import government_get
from sinergi.programmes.models import Event
from sinergi.regions.models import Region
from sinergi.reporting.models import DeadlineExtension, Period, PeriodStatus, Report, ReportStatus
from sinergi.reporting.selectors import SUBMITTED_STATES

REPORT = ReportNumbers.REPORT_NUMBERS
PROGRAMME = ProgrammeNumbers.PROGRAMME_NUMBERS
NATION_URL_CODE = "ID"  # how the nation is written in URLs and the API (its stored code is "")
NATION_NAME = "Indonesia"
TREND_LENGTH = 10  # semesters on a trend chart
FIRST_YEAR = 2000  # no roll-up is older (RAD P4GN began with Inpres 12/2011)
SEMESTER_PATTERN = re.compile(r"^(\d{4})-([12])$")
ROMAN = {1: "I", 2: "II"}


class Semester(NamedTuple):
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return formatting.period_name(self.year, self.number)

    @property
    def short(self) -> str:
        return f"{ROMAN[self.number]}/{self.year}"

    @property
    def bounds(self) -> tuple[date, date]:
        return semester_bounds(self.year, self.number)

    def previous(self) -> "Semester":
        return Semester(self.year, 1) if self.number == 2 else Semester(self.year - 1, 2)

    @classmethod
    def of_day(cls, day: date) -> "Semester":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def of_period(cls, period) -> "Semester":
        return cls(period.year, semester_of(period))


def parse_semester(text: str | None) -> Semester | None:
    """``"2025-1"`` → Semester(2025, 1); None for an empty value; ValueError for anything else."""
    if not text:
        return None
    match = SEMESTER_PATTERN.match(text.strip())
    if match is None:
        raise ValueError(text)
    return Semester(int(match[1]), int(match[2]))


def semester_or_none(text: str | None) -> Semester | None:
    try:
        return parse_semester(text)
    except ValueError:
        return None


def semester_keys() -> dict:
    """Lookups naming every semester a roll-up can have: one region's rows of all semesters are then probes of the
    unique (year, semester, code) index, on SQLite without ANALYZE statistics and on PostgreSQL alike, instead
    of a scan of every region's rows (tens of thousands per semester at national scale)."""
    return {"year__in": list(range(FIRST_YEAR, timezone.localdate().year + 2)), "semester__in": [1, 2]}


def trend_range(last: Semester, length: int = TREND_LENGTH) -> list[Semester]:
    """The ``length`` semesters up to ``last``, oldest first, gaps included (a gap is a semester without data)."""
    semesters = [last]
    while len(semesters) < length:
        semesters.append(semesters[-1].previous())
    return semesters[::-1]


class Tally:
    """Report numbers added up in memory, with the roll-up models' own percentages (so pages show what the
    roll-ups mean, computed in one place)."""

    completeness = ReportNumbers.completeness
    timeliness = ReportNumbers.timeliness
    achievement = ReportNumbers.achievement
    approved_achievement = ReportNumbers.approved_achievement
    absorption = ReportNumbers.absorption

    def __init__(self, source=None):
        if source is None:
            self.__dict__.update(dict.fromkeys(REPORT, 0))
        elif isinstance(source, dict):
            self.__dict__.update((name, source[name] or 0) for name in REPORT)
        else:
            self.__dict__.update((name, getattr(source, name) or 0) for name in REPORT)

    def add(self, source) -> "Tally":
        for name in REPORT:
            setattr(self, name, getattr(self, name) + (_get(source, name) or 0))
        return self

    def as_dict(self) -> dict:
        return {
            **{name: getattr(self, name) for name in REPORT},
            "completeness": self.completeness,
            "timeliness": self.timeliness,
            "achievement": self.achievement,
            "approved_achievement": self.approved_achievement,
            "absorption": self.absorption,
        }


def _get(source, name):
    return source[name] if isinstance(source, dict) else getattr(source, name)


def programme_dict(row) -> dict:
    """The programme numbers of a roll-up row or a dict (zeros for none), with the villages assessed."""
    numbers = {name: (_get(row, name) if row is not None else 0) for name in PROGRAMME}
    numbers["villages_assessed"] = sum(numbers[f"villages_{s}"] for s in ("bahaya", "waspada", "siaga", "aman"))
    return numbers


@dataclass
class Line:
    """One row of a breakdown: a field, an agency, a government or a region, with its report numbers."""

    key: object
    label: str  # short, for a chart
    name: str  # full, for a table
    numbers: Tally
    code: str = ""
    extra: dict = field(default_factory=dict)


def _by_achievement(lines: list[Line]) -> list[Line]:
    """Highest achievement first; lines without any yet last, by name."""
    return sorted(
        lines, key=lambda line: (line.numbers.achievement is None, -(line.numbers.achievement or 0), line.name)
    )


# --- scope -----------------------------------------------------------------------------------------------------


def readable_roots(user) -> list[str]:
    """The region codes whose subtrees ``user`` may read roll-ups of (see the module's docstring)."""
    scope = scope_for(user)
    cached = getattr(scope, "_dashboard_roots", None)
    if cached is not None:
        return cached
    if scope.is_admin:
        roots = [NATION]
    else:
        roots = list(dict.fromkeys(scope.observed_regions))
        if scope.member_government_ids:
            own = Government.objects.filter(pk__in=scope.member_government_ids, region__level=2)
            roots += [code for code in own.values_list("region_id", flat=True) if code not in roots]
    scope._dashboard_roots = roots
    return roots


def covers(root: str, code: str) -> bool:
    return root == NATION or code == root or code.startswith(root + ".")


def region_readable(user, code: str) -> bool:
    return any(covers(root, code) for root in readable_roots(user))


def government_for(*, user, pk):
    """A government whose dashboard ``user`` may read (its government-wide roles and the observers of its region),
    404 outside the user's scope, 403 for its agency and area roles."""
    government = government_get(user=user, pk=pk)
    if not scope_for(user).reads_government(government):
        # An agency or area role reads only part of it; the dashboard shows every agency's numbers and budget.
        raise PermissionDenied(_("This dashboard shows every agency's numbers; open your own dashboard instead."))
    return government


def url_code(code: str) -> str:
    return code or NATION_URL_CODE


def stored_code(text: str) -> str:
    """A region code from a URL or the API: "" or "ID" is the nation."""
    text = (text or "").strip()
    return NATION if text.upper() in ("", NATION_URL_CODE) else text


# --- a government's dashboard --------------------------------------------------------------------------------


@dataclass
class GovernmentDashboard:
    government: object
    periods: list  # every period of the government, newest first (the period selector)
    period: object | None
    semesters: list[Semester]  # newest first (the semester selector)
    semester: Semester | None
    totals: Tally  # the period's reports, all agencies and fields
    by_field: list[Line]
    by_agency: list[Line]
    semester_row: GovernmentRollup | None  # the semester's numbers: reports of all its periods and programmes
    trend: list[tuple[Semester, GovernmentRollup | None]]
    follow_ups: dict
    areas: list[Line]  # the government's own programme records per kecamatan (of a kabupaten/kota)

    @property
    def programme(self) -> dict:
        return programme_dict(self.semester_row)


def choose_period(
    periods: list, *, period_id=None, semester: Semester | None = None, today: date | None = None, with_data=None
):
    """The period to show: the one asked for (if it is the government's and in the semester asked for), else the
    latest period of the semester asked for, else the latest started period with data (a submitted report, its pk
    in ``with_data``), else the latest period that has started (the current one)."""
    today = today or timezone.localdate()
    by_pk = {p.pk: p for p in periods}
    asked = by_pk.get(int(period_id)) if str(period_id or "").isdigit() else None
    if semester is not None:
        if asked is not None and Semester.of_period(asked) == semester:
            return asked
        return next((p for p in periods if Semester.of_period(p) == semester), None)
    if asked is not None:
        return asked
    started = [p for p in periods if p.starts_on <= today]
    with_data = next((p for p in started if p.pk in (with_data or ())), None)
    return with_data or next(iter(started), periods[0] if periods else None)


def government_periods(government_id: int) -> list:
    return list(Period.objects.filter(government_id=government_id).order_by("-year", "-kind", "-number", "-pk"))


def government_dashboard(
    *, government, period_id=None, semester: Semester | None = None, today: date | None = None, strict=False
) -> GovernmentDashboard:
    """The numbers of a government's dashboard, in seven queries whatever the data size.

    ``strict``: a ``period_id`` that is not one of the government's periods is a 404 (the API), not a default.
    """
    today = today or timezone.localdate()
    periods = government_periods(government.pk)
    if strict and period_id is not None and period_id not in {p.pk for p in periods}:
        raise Http404
    rows = list(GovernmentRollup.objects.filter(government_id=government.pk).order_by("year", "semester"))
    by_semester = {Semester(r.year, r.semester): r for r in rows}
    options = sorted(set(by_semester) | {Semester.of_period(p) for p in periods}, reverse=True)
    if semester is not None and semester not in options:
        semester = None if not strict else semester
    period = choose_period(
        periods, period_id=period_id, semester=semester, today=today, with_data=_periods_with_data(periods)
    )
    if semester is None:
        if period is not None:
            semester = Semester.of_period(period)
        else:
            semester = next((s for s in options if by_semester.get(s) and _active(by_semester[s])), None)
            semester = semester or (options[0] if options else None)

    by_field, by_agency, totals = _period_breakdown(period)
    follow_ups = _follow_up_counts(government.pk, today)
    for line in by_agency:
        counts = follow_ups["by_agency"].get(line.key, {})
        line.extra.update(open_follow_ups=counts.get("open", 0), overdue_follow_ups=counts.get("overdue", 0))
    last = trend_end(by_semester, today) or semester
    trend = [(s, by_semester.get(s)) for s in trend_range(last)] if last else []
    areas = []
    if semester is not None and government.region.level == 2:
        areas = _own_areas(government, semester)
    return GovernmentDashboard(
        government=government,
        periods=periods,
        period=period,
        semesters=options,
        semester=semester,
        totals=totals,
        by_field=by_field,
        by_agency=by_agency,
        semester_row=by_semester.get(semester) if semester else None,
        trend=trend,
        follow_ups=follow_ups,
        areas=areas,
    )


def trend_end(by_semester: dict, today: date) -> Semester | None:
    """The last semester of a trend axis: the newest with a row, but never after the current semester (a row of a
    future semester holds only planned events)."""
    if not by_semester:
        return None
    return min(max(by_semester), Semester.of_day(today))


def _periods_with_data(periods) -> set[int]:
    """The pks of the periods that have at least one submitted report: one query."""
    if not periods:
        return set()
    return set(
        Report.objects.filter(period__in=[p.pk for p in periods], status__in=SUBMITTED_STATES)
        .values_list("period_id", flat=True)
        .distinct()
    )


def _active(row) -> bool:
    return row.expected > 0 or any(getattr(row, name) for name in PROGRAMME)


def _period_breakdown(period, agency_ids=None) -> tuple[list[Line], list[Line], Tally]:
    """The period's roll-up rows (agency × field) added up by field, by agency and in total: one query."""
    totals = Tally()
    if period is None:
        return [], [], totals
    rows = ReportRollup.objects.filter(period_id=period.pk)
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    fields: dict[int, Line] = {}
    agencies: dict[int, Line] = {}
    values = rows.order_by().values(
        "agency_id",
        "agency__name",
        "agency__acronym",
        "field_id",
        "field__code",
        "field__name",
        "field__order",
        *REPORT,
    )
    for row in values:
        totals.add(row)
        if row["field_id"] not in fields:
            name = row["field__name"]
            fields[row["field_id"]] = Line(
                key=row["field_id"],
                label=name,
                name=f"{row['field__code']}. {name}" if row["field__code"] else name,
                numbers=Tally(),
                extra={"order": (row["field__order"], row["field__code"])},
            )
        fields[row["field_id"]].numbers.add(row)
        if row["agency_id"] not in agencies:
            agencies[row["agency_id"]] = Line(
                key=row["agency_id"],
                label=row["agency__acronym"] or row["agency__name"],
                name=row["agency__name"],
                numbers=Tally(),
            )
        agencies[row["agency_id"]].numbers.add(row)
    by_field = sorted(fields.values(), key=lambda line: line.extra["order"])
    return by_field, _by_achievement(list(agencies.values())), totals


def _follow_up_counts(government_id: int, today: date) -> dict:
    """Open and overdue meeting follow-ups of the government, per owner agency: one grouped count (an index
    range of the government's open follow-ups)."""
    counts = (
        FollowUp.objects.filter(government_id=government_id, status__in=OPEN_STATUSES)
        .order_by()
        .values("agency_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    by_agency = {row["agency_id"]: {"open": row["open"], "overdue": row["overdue"]} for row in counts}
    return {
        "open": sum(c["open"] for c in by_agency.values()),
        "overdue": sum(c["overdue"] for c in by_agency.values()),
        "by_agency": by_agency,
    }


def _region_names(codes) -> dict[str, object]:
    return {r.code: r for r in Region.objects.filter(code__in=list(codes)).only("code", "name", "kind", "level")}


def _children_lines(code: str, semester: Semester) -> list[Line]:
    """The region rows one level below ``code`` in a semester, with their names: two queries."""
    # Sorted here, not in SQL: ORDER BY code would lead SQLite without statistics to walk the (year, semester, code)
    # index through the whole semester instead of the (year, semester, parent_code) one.
    children = sorted(
        RegionRollup.objects.filter(year=semester.year, semester=semester.number, parent_code=code)
        .exclude(code=code)  # the nation's row is its own parent
        .order_by(),
        key=lambda row: row.code,
    )
    names = _region_names(row.code for row in children)
    lines = []
    for row in children:
        region = names.get(row.code)
        lines.append(
            Line(
                key=row.code,
                code=row.code,
                label=region.name if region else row.code,
                name=region.label if region else row.code,
                numbers=Tally(row),
                extra={"row": row, "programme": programme_dict(row)},
            )
        )
    return lines


def _own_areas(government, semester: Semester) -> list[Line]:
    """The government's own programme records of a semester per kecamatan: its programme roll-ups (each placed at a
    village or a kecamatan) added up by kecamatan in SQL, in two queries bounded by the government's villages.
    Records of the whole area (at the government's own region) are in no kecamatan. Other governments' records in
    the same kecamatan (a province's, say) are not this government's: they show on the region's dashboard."""
    prefix = government.region_id + "."
    # The key range of the government's region below its own code: a range of the (year, semester, region) index,
    # which SQLite picks whatever the other conditions, instead of the semester's rows of every government.
    rows = (
        ProgrammeRollup.objects.filter(
            government_id=government.pk,
            year=semester.year,
            semester=semester.number,
            region_id__gt=prefix,
            region_id__lt=government.region_id + "/",
        )
        .order_by()
        .annotate(kecamatan=Substr("region_id", 1, len(prefix) + 2))  # "18.72" → "18.72.04"
        .values("kecamatan")
        .annotate(**{name: Sum(name) for name in PROGRAMME})
    )
    sums = {row.pop("kecamatan"): row for row in rows}
    names = _region_names(sums)
    lines = []
    for code in sorted(sums):
        region = names.get(code)
        lines.append(
            Line(
                key=code,
                code=code,
                label=region.name if region else code,
                name=region.label if region else code,
                numbers=Tally(),
                extra={"programme": programme_dict(sums[code])},
            )
        )
    return lines


# --- a region's dashboard (observers, administrators, area operators) ---------------------------------------


@dataclass
class RegionDashboard:
    code: str
    name: str
    level: int
    region: object | None  # the Region (None for the nation)
    ancestors: list[tuple[str, str, bool]]  # (code, name, readable), from the nation down, without the region
    semesters: list[Semester]
    semester: Semester | None
    row: RegionRollup | None
    children: list[Line]
    governments: list[Line]  # the governments in the subtree with a row in the semester, by completeness
    government: dict | None  # the government located at this region, if any
    trend: list[tuple[Semester, RegionRollup | None]]

    @property
    def numbers(self) -> Tally:
        return Tally(self.row) if self.row is not None else Tally()

    @property
    def programme(self) -> dict:
        return programme_dict(self.row)

    @property
    def url_code(self) -> str:
        return url_code(self.code)

    @property
    def government_count(self) -> int:
        """Every government of the subtree when they are listed (ranked, with those that have not reported)."""
        return max(len(self.governments), self.row.governments if self.row else 0)

    @property
    def by_achievement(self) -> list[Line]:
        return _by_achievement(self.governments)


def region_dashboard(
    *, user, code: str, semester: Semester | None = None, strict: bool = False, with_governments: bool = True
) -> RegionDashboard:
    """The roll-ups of one region for a semester: its row, its children's rows and the governments in its subtree.

    Six queries whatever the size of the subtree (a national view reads one nation row per semester, ~38 province
    rows and at most one row per government). 404 for a region outside the user's roots or that does not exist.
    ``strict``: a semester without data is answered as such (the API), not replaced by the latest one.
    """
    code = stored_code(code)
    if not region_readable(user, code):
        raise Http404
    lineage = chain(code)  # the region and the regions above it, up to the nation
    names = _region_names(c for c in lineage if c != NATION)
    if code != NATION and code not in names:
        raise Http404
    roots = readable_roots(user)
    ancestors = [
        (c, names[c].name if c in names else NATION_NAME, any(covers(root, c) for root in roots))
        for c in reversed(lineage[1:])
    ]
    rows = list(RegionRollup.objects.filter(code=code, **semester_keys()).order_by("year", "semester"))
    by_semester = {Semester(r.year, r.semester): r for r in rows}
    options = sorted(by_semester, reverse=True)
    if semester is None or (semester not in by_semester and not strict):
        current = Semester.of_day(timezone.localdate())
        semester = next(
            (s for s in options if by_semester[s].submitted > 0),
            next((s for s in options if s <= current), options[0] if options else None),
        )
    children = _children_lines(code, semester) if semester else []
    located = Government.objects.filter(region_id__in=[code, *(c.code for c in children)]).values(
        "pk", "name", "region_id"
    )
    located = {g["region_id"]: g for g in located}
    for line in children:
        line.extra["government"] = located.get(line.code)
    governments = []
    if with_governments and semester and level_of(code) <= 2:
        governments = _governments_below(code, semester)
    last = trend_end(by_semester, timezone.localdate())
    region = names.get(code)
    return RegionDashboard(
        code=code,
        name=region.label if region else NATION_NAME,
        level=level_of(code),
        region=region,
        ancestors=ancestors,
        semesters=options,
        semester=semester,
        row=by_semester.get(semester) if semester else None,
        children=children,
        governments=governments,
        government=located.get(code),
        trend=[(s, by_semester.get(s)) for s in trend_range(last)] if last else [],
    )


def _governments_below(code: str, semester: Semester) -> list[Line]:
    """The government rows of a semester in the subtree of ``code``, best reporting first: one query, a key range
    of the (year, semester, region) index."""
    rows = GovernmentRollup.objects.filter(year=semester.year, semester=semester.number)
    if code != NATION:
        rows = rows.filter(subtree_q("region_id", code))
    values = rows.order_by().values("government_id", "government__name", "region_id", *REPORT)
    lines = [
        Line(
            key=row["government_id"],
            code=row["region_id"],
            label=_short_government_name(row["government__name"]),
            name=row["government__name"],
            numbers=Tally(row),
        )
        for row in values
    ]
    # Every government of the subtree is ranked: one without a row (or without expected reports) has not reported.
    by_key = {line.key: line.numbers for line in lines}
    listed = {line.key for line in lines if line.numbers.expected}
    lines = [line for line in lines if line.key in listed] + [
        Line(
            key=g["pk"],
            code=g["region_id"],
            label=_short_government_name(g["name"]),
            name=g["name"],
            numbers=by_key.get(g["pk"]) or Tally(),
            extra={"not_reporting": True},
        )
        for g in _governments_in(code).values("pk", "name", "region_id")
        if g["pk"] not in listed
    ]

    def rank(line):
        # By the exact ratios (finer than the rounded percentages shown), without Decimal arithmetic per row.
        n = line.numbers
        completeness = n.submitted / n.expected if n.expected else None
        achievement = float(n.achievement_sum) / n.achievement_count if n.achievement_count else 0
        return (completeness is None, -(completeness or 0), -achievement, line.name)

    return sorted(lines, key=rank)


def _governments_in(code: str):
    governments = Government.objects.order_by("region_id")
    return governments if code == NATION else governments.filter(subtree_q("region_id", code))


def _short_government_name(name: str) -> str:
    """ "Pemerintah Kota Metro" → "Kota Metro": the chart label; the table keeps the full name."""
    for prefix in ("Pemerintah ", "Pemda "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# --- an agency's dashboard -----------------------------------------------------------------------------------


@dataclass
class AgencyReport:
    pk: int
    title: str
    agency: str
    period: object
    status: str
    status_label: str
    due_on: date
    submitted_on: date | None

    @property
    def is_overdue(self) -> bool:
        return self.submitted_on is None and self.due_on < timezone.localdate()


@dataclass
class AgencyDashboard:
    government: object
    agencies: list[dict]
    periods: list
    period: object | None
    semester: Semester | None
    open_periods: list
    reports: list[AgencyReport]  # the agencies' reports in open periods
    totals: Tally  # the agencies' reports of the chosen period
    by_field: list[Line]
    trend: list[tuple[object, Tally]]  # per period, oldest first
    events: dict
    recent_events: list
    follow_ups: dict

    @property
    def status_summary(self) -> list[tuple[str, str, int]]:
        """(status, label, count) of the reports in open periods, in the workflow's order."""
        counts: dict[str, int] = defaultdict(int)
        for report in self.reports:
            counts[report.status] += 1
        return [(value, str(label), counts[value]) for value, label in ReportStatus.choices if counts[value]]

    @property
    def semesters(self) -> list[Semester]:
        return sorted({Semester.of_period(p) for p in self.periods}, reverse=True)

    @property
    def semester_periods(self) -> list:
        return [p for p in self.periods if Semester.of_period(p) == self.semester]

    @property
    def overdue_reports(self) -> int:
        return sum(report.is_overdue for report in self.reports)


def agency_dashboard(
    *, government, agency_ids, period_id=None, semester: Semester | None = None, today: date | None = None
) -> AgencyDashboard:
    """An agency's own numbers: its reports and deadlines in open periods, its roll-ups per period and by field,
    its events of the semester and its follow-ups. Nine queries whatever the data size; the raw reads are bounded
    by the agency's own actions and events of one semester."""
    today = today or timezone.localdate()
    agency_ids = sorted(agency_ids)
    agencies = list(
        Agency.objects.filter(pk__in=agency_ids, government_id=government.pk)
        .order_by("name")
        .values("pk", "name", "acronym")
    )
    agency_ids = [a["pk"] for a in agencies]
    periods = government_periods(government.pk)
    open_periods = [p for p in periods if p.status == PeriodStatus.OPEN]
    per_period = (
        ReportRollup.objects.filter(agency_id__in=agency_ids, government_id=government.pk)
        .order_by()
        .values("period_id")
        .annotate(**{name: Sum(name) for name in REPORT})
    )
    per_period = {row["period_id"]: Tally(row) for row in per_period}
    if period_id is None and semester is None:
        # The period being reported: the latest open one, else the latest this agency has reports in.
        period_id = next((p.pk for p in open_periods), None) or next(
            (p.pk for p in periods if p.pk in per_period), None
        )
    period = choose_period(periods, period_id=period_id, semester=semester, today=today)
    if semester is None and period is not None:
        semester = Semester.of_period(period)
    semester = semester or Semester.of_day(today)
    by_field, _agencies, totals = _period_breakdown(period, agency_ids)

    statuses = dict(ReportStatus.choices)
    extensions = {
        (e["period_id"], e["agency_id"]): e["due_on"]
        for e in DeadlineExtension.objects.filter(
            period_id__in=[p.pk for p in open_periods], agency_id__in=agency_ids
        ).values("period_id", "agency_id", "due_on")
    }
    names = {a["pk"]: a["acronym"] or a["name"] for a in agencies}
    by_pk = {p.pk: p for p in open_periods}
    reports = [
        AgencyReport(
            pk=r["pk"],
            title=r["action__title"],
            agency=names.get(r["agency_id"], ""),
            period=by_pk[r["period_id"]],
            status=r["status"],
            status_label=str(statuses.get(r["status"], r["status"])),
            due_on=extensions.get((r["period_id"], r["agency_id"]), by_pk[r["period_id"]].due_on),
            submitted_on=timezone.localtime(r["first_submitted_at"]).date() if r["first_submitted_at"] else None,
        )
        for r in Report.objects.filter(period_id__in=list(by_pk), agency_id__in=agency_ids)
        .order_by("period_id", "action__field__order", "action__order", "pk")
        .values("pk", "status", "period_id", "agency_id", "action__title", "first_submitted_at")
    ]

    starts_on, ends_on = semester.bounds
    own_events = Event.objects.filter(
        government_id=government.pk, agency_id__in=agency_ids, starts_on__gte=starts_on, starts_on__lte=ends_on
    ).order_by()
    held = Q(status=Event.Status.HELD)
    events = own_events.aggregate(
        held=Count("pk", filter=held),
        planned=Count("pk", filter=Q(status=Event.Status.PLANNED)),
        cancelled=Count("pk", filter=Q(status=Event.Status.CANCELLED)),
        participants=Sum("participants", filter=held),
    )
    events["participants"] = events["participants"] or 0
    recent = list(
        own_events.order_by("-starts_on", "-pk").values("pk", "title", "starts_on", "status", "participants")[:8]
    )
    follow_ups = (
        FollowUp.objects.filter(government_id=government.pk, agency_id__in=agency_ids, status__in=OPEN_STATUSES)
        .order_by()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    trend = [(p, per_period[p.pk]) for p in reversed(periods) if p.pk in per_period][-TREND_LENGTH:]
    return AgencyDashboard(
        government=government,
        agencies=agencies,
        periods=periods,
        period=period,
        semester=semester,
        open_periods=open_periods,
        reports=reports,
        totals=totals,
        by_field=by_field,
        trend=trend,
        events=events,
        recent_events=recent,
        follow_ups=follow_ups,
    )


# --- what a user's /dasbor/ shows ----------------------------------------------------------------------------

GOVERNMENT_WIDE = {"secretariat", "reviewer", "leader"}
AGENCY = {"agency_operator", "agency_head"}


@dataclass
class Landing:
    """Which dashboard a user's roles open on /dasbor/."""

    kind: str  # "government", "agency", "region" or "none"
    government: object | None = None
    agency_ids: list[int] = field(default_factory=list)
    code: str | None = None  # the region of a "region" dashboard
    other_codes: list[str] = field(default_factory=list)  # further areas or observed regions


def landing_for(user, government) -> Landing:
    """Government-wide roles open their government's dashboard; agency roles their agency's; area operators their
    area; observers the region they observe; administrators the nation."""
    scope = scope_for(user)
    roles = scope.roles_in(government.pk) if government is not None else set()
    if roles & GOVERNMENT_WIDE:
        return Landing("government", government=government)
    if roles & AGENCY:
        ids = [pk for pk, agency_roles in scope.roles_by_agency.items() if agency_roles & AGENCY]
        return Landing("agency", government=government, agency_ids=ids)
    areas = [code for gid, code in scope.areas if government is not None and gid == government.pk]
    if areas:
        return Landing("region", government=government, code=areas[0], other_codes=areas[1:])
    if scope.observed_regions:
        observed = list(dict.fromkeys(scope.observed_regions))
        return Landing("region", code=observed[0], other_codes=observed[1:])
    if scope.is_admin:
        return Landing("region", code=NATION)
    return Landing("none", government=government)
