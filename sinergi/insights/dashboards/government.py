"""A government's dashboard: a period by field and by agency with each agency's follow-ups, the semester's
numbers, their trend, and the government's own programme records per kecamatan."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from sinergi.coordination.models import FollowUp
from sinergi.coordination.selectors import OPEN_STATUSES
from sinergi.insights.dashboards.common import (
    PROGRAMME,
    REPORT,
    Line,
    Semester,
    Tally,
    by_achievement,
    programme_dict,
    region_names,
    trend_end,
    trend_range,
)
from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, ReportRollup
from sinergi.reporting.models import Period, Report
from sinergi.reporting.selectors import SUBMITTED_STATES


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

    by_field, by_agency, totals = period_breakdown(period)
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


def period_breakdown(period, agency_ids=None) -> tuple[list[Line], list[Line], Tally]:
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
    return by_field, by_achievement(list(agencies.values())), totals


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
    names = region_names(sums)
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
