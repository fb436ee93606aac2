"""Compute, store and check the report roll-ups from the raw rows.

Every number comes from the reporting app's own rules, so a dashboard reading a roll-up shows what the period
pages show: `reporting.services.due_date_for` (the agency's extension or the period's due date) for timeliness,
`reporting.selectors.period_achievement` for achievement (the same computation as the period page: every
report's values, including earlier periods of the year for cumulative indicators).

A period is computed in a fixed number of queries whatever its number of reports (see `_compute`).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from sinergi.insights import areas
from sinergi.insights.models import (
    GovernmentRollup,
    ProgrammeRollup,
    RegionRollup,
    ReportNumbers,
    ReportRollup,
    semester_of,
)
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Field, Target
from sinergi.reporting import achievement
from sinergi.reporting.models import DeadlineExtension, Period, Report, ReportValue
from sinergi.reporting.selectors import SUBMITTED_STATES, _target_to_date, period_achievement
from sinergi.reporting.services import due_date_for

ZERO = Decimal(0)
NUMBERS = ReportNumbers.REPORT_NUMBERS


def _new_row(period: Period, region_id: str, agency_id: int, field_id: int) -> ReportRollup:
    return areas.new_row(
        ReportRollup,
        government_id=period.government_id,
        region_id=region_id,
        period_id=period.pk,
        year=period.year,
        semester=semester_of(period),
        agency_id=agency_id,
        field_id=field_id,
        **{name: 0 for name in NUMBERS},
    )


def _count(row: ReportRollup, *, status, first_submitted_at, due, budget, budget_realised, percent) -> None:
    """Add one report to its roll-up row."""
    row.expected += 1
    row.submitted += status in SUBMITTED_STATES
    row.approved += status == "approved"
    if first_submitted_at is not None:
        row.on_time += timezone.localtime(first_submitted_at).date() <= due
    row.budget_planned += budget or ZERO
    row.budget_realised += budget_realised or ZERO
    if percent is not None:
        row.achievement_sum += percent
        row.achievement_count += 1
        if status == "approved":
            row.approved_achievement_sum += percent
            row.approved_achievement_count += 1


def _compute(period: Period) -> dict[tuple[int, int], ReportRollup]:
    """The roll-up rows of one period from its raw rows, keyed by (agency id, field id), unsaved.

    Five queries: extensions, reports, their values, and the targets and earlier values of the achievement.
    """
    extensions = dict(DeadlineExtension.objects.filter(period=period).values_list("agency_id", "due_on"))
    values = Prefetch("values", queryset=ReportValue.objects.select_related("indicator").order_by("indicator_id"))
    reports = list(
        Report.objects.filter(period=period)
        .select_related("action__field", "agency")
        .prefetch_related(values)
        .order_by("pk")
    )
    for report in reports:
        report.period = period  # due_date_for reads the period's due date
    result = period_achievement(period=period, reports=reports)
    rows: dict[tuple[int, int], ReportRollup] = {}
    for action in result.actions:
        report = action.report
        key = (report.agency_id, report.action.field_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = _new_row(period, period.government.region_id, *key)
        _count(
            row,
            status=report.status,
            first_submitted_at=report.first_submitted_at,
            due=due_date_for(report, extensions) if report.first_submitted_at is not None else None,
            budget=report.action.budget,
            budget_realised=report.budget_realised,
            percent=action.percent,
        )
    return rows


@dataclass(frozen=True)
class _Indicator:
    """What the achievement reads of an indicator."""

    pk: int
    aggregation: str
    direction: str


def _compute_governments(periods: list[Period]) -> dict[int, dict[tuple[int, int], ReportRollup]]:
    """The roll-up rows of many periods at once, keyed by period id, then as `_compute` (the same numbers).

    ``periods`` must hold every period of their governments: a period's achievement reads the values of the earlier
    periods of its year. Five queries whatever the number of periods, reading plain tuples instead of model
    instances: what makes `rebuild_all` and `verify` fast enough for a national dataset.
    """
    by_id = {period.pk: period for period in periods}
    ids = list(by_id)
    extensions: dict[int, dict[int, date]] = defaultdict(dict)
    for period_id, agency_id, due_on in DeadlineExtension.objects.filter(period_id__in=ids).values_list(
        "period_id", "agency_id", "due_on"
    ):
        extensions[period_id][agency_id] = due_on
    reports = (
        Report.objects.filter(period_id__in=ids)
        .order_by("pk")
        .values_list(
            "pk", "period_id", "agency_id", "action__field_id", "status", "first_submitted_at", "action__budget",
            "budget_realised",
        )
    )  # fmt: skip
    values = ReportValue.objects.filter(report__period_id__in=ids).values_list(
        "report_id", "indicator_id", "value", "indicator__aggregation", "indicator__direction",
        "indicator__action__government_id", "indicator__lineage",
    )  # fmt: skip
    of_report: dict[int, list] = defaultdict(list)
    # (government, year, kind) → indicator lineage → {period number: value}: the earlier values of the achievement,
    # by lineage so that a revised plan's indicator continues from its predecessor's values.
    history: dict[tuple, dict[object, dict[int, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    lineage_of: dict[int, object] = {}
    period_of_report = {}
    report_rows = list(reports)
    for report in report_rows:
        period_of_report[report[0]] = by_id[report[1]]
    indicators: dict[int, _Indicator] = {}
    governments = {period.government_id for period in periods}
    strangers = set()  # indicators of another government's action (should not happen): their targets by id
    for report_id, indicator_id, value, aggregation, direction, owner, lineage in values:
        lineage_of[indicator_id] = lineage
        if indicator_id not in indicators:
            indicators[indicator_id] = _Indicator(indicator_id, aggregation, direction)
            if owner not in governments:
                strangers.add(indicator_id)
        of_report[report_id].append((indicator_id, value))
        period = period_of_report[report_id]
        history[period.government_id, period.year, period.kind][lineage][period.number] = value
    targets: dict[tuple[int, int], dict] = defaultdict(dict)
    # The targets of the governments' indicators (a superset of those the values need).
    wanted = (
        Target.objects.filter(
            Q(indicator__action__government_id__in=governments) | Q(indicator_id__in=strangers),
            year__in={period.year for period in periods},
        )
        .order_by()  # not the model's ordering: it joins the indicators, actions and plans to sort
        .values_list("indicator_id", "year", "period", "value")
    )
    for indicator_id, year, number, value in wanted:
        targets[indicator_id, year][(year, number)] = value
    result: dict[int, dict[tuple[int, int], ReportRollup]] = {period_id: {} for period_id in ids}
    for report_id, period_id, agency_id, field_id, status, first_submitted_at, budget, realised in report_rows:
        period = by_id[period_id]
        last = 2 if period.kind == "semester" else 4
        earlier = history[period.government_id, period.year, period.kind]
        achieved = []
        for indicator_id, value in sorted(of_report.get(report_id, ())):
            indicator = indicators[indicator_id]
            before = [v for number, v in sorted(earlier[lineage_of[indicator_id]].items()) if number < period.number]
            target = _target_to_date(indicator, targets[indicator_id, period.year], period.year, period.number, last)
            achieved.append(achievement.indicator_achievement(indicator, target=target, values=[*before, value]))
        rows = result[period_id]
        key = (agency_id, field_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = _new_row(period, period.government.region_id, *key)
        _count(
            row,
            status=status,
            first_submitted_at=first_submitted_at,
            due=extensions[period_id].get(agency_id, period.due_on),
            budget=budget,
            budget_realised=realised,
            percent=achievement.mean(a.capped for a in achieved),
        )
    return result


def _in_chunks(most_reports: int = 40_000):
    """Every period, in lists that hold all periods of a few governments and about ``most_reports`` reports."""
    sizes = dict(Report.objects.order_by().values("period_id").annotate(n=Count("pk")).values_list("period_id", "n"))
    chunk, size, government = [], 0, None
    for period in Period.objects.select_related("government").order_by("government_id", "pk"):
        if period.government_id != government and size >= most_reports:
            yield chunk
            chunk, size = [], 0
        government = period.government_id
        chunk.append(period)
        size += sizes.get(period.pk, 0)
    if chunk:
        yield chunk


def _period(period_id: int, *, lock: bool = False) -> Period:
    periods = Period.objects.select_related("government")
    if lock:
        # Two writers of the same period refresh one after the other (PostgreSQL); SQLite serialises writes anyway.
        periods = periods.select_for_update(of=("self",))
    return periods.get(pk=period_id)


@transaction.atomic
def refresh_period(period_id: int) -> int:
    """Recompute the stored roll-ups of one period from the raw rows; returns the number of rows stored.

    Locks the period row, computes, deletes the old rows and inserts the new ones: eight queries plus the
    savepoint, whatever the number of reports.
    """
    period = _period(period_id, lock=True)
    rows = _compute(period)
    ReportRollup.objects.filter(period_id=period_id).delete()
    ReportRollup.objects.bulk_create(rows.values())
    return len(rows)


def refresh_after_change(period: Period) -> None:
    """Refresh a period whose raw rows changed, and the later periods of the same year, whose cumulative
    achievement reads this period's values; then the semester roll-ups of the government and the regions above."""
    later = list(
        Period.objects.filter(
            government_id=period.government_id, year=period.year, kind=period.kind, number__gt=period.number
        )
    )
    for each in [period, *later]:
        refresh_period(each.pk)
    for year, semester in sorted({(each.year, semester_of(each)) for each in [period, *later]}):
        areas.refresh_government(period.government_id, year, semester)


def refresh_programme(government_id: int, *days, onward: bool = False) -> None:
    """Refresh a government's semester roll-ups after a change of its programme records dated ``days``.

    ``onward``: the record counts in every later semester too (a volunteer, a Bersinar stage), so the government's
    later semesters that have rows are refreshed as well."""
    semesters = {areas.semester_of_day(day) for day in days if day is not None}
    if onward and semesters:
        first = min(semesters)
        later = GovernmentRollup.objects.filter(government_id=government_id).values_list("year", "semester")
        semesters |= {s for s in later if s > first}
    for year, semester in sorted(semesters):
        areas.refresh_government(government_id, year, semester)


def refresh_year(government_id: int, year: int) -> None:
    """Refresh both semesters of a year (a vulnerability assessment counts in the whole year)."""
    for semester in (1, 2):
        areas.refresh_government(government_id, year, semester)


def rebuild_all() -> int:
    """Recompute every roll-up from the raw rows (and drop rows of nothing); returns the number of rows stored.

    Rows received in exchange packages are kept: they have no raw rows here. The periods are computed a few
    governments at a time (`_compute_governments`) and written with plain inserts (`areas.insert_rows`)."""
    with transaction.atomic():
        ReportRollup.objects.all().delete()
        stored = 0
        for chunk in _in_chunks():
            rows = [row for period in _compute_governments(chunk).values() for row in period.values()]
            stored += areas.insert_rows(ReportRollup, rows)
        semesters = areas.semesters_with_data()
        GovernmentRollup.objects.filter(imported=False).delete()
        ProgrammeRollup.objects.filter(imported=False).delete()
        RegionRollup.objects.all().delete()
        for year, semester in semesters:
            stored += areas.rebuild_semester(year, semester)
        return stored


def _describe(period: Period, key: tuple[int, int], names: dict) -> str:
    agency_id, field_id = key
    return (
        f"{period.government.name}, {period} (periode {period.pk}), "
        f"{names['agency'].get(agency_id, agency_id)}, bidang {names['field'].get(field_id, field_id)}"
    )


def verify() -> list[str]:
    """Compare the stored roll-ups with a fresh computation from the raw rows; one line per difference."""
    names = {
        "agency": dict(Agency.objects.values_list("pk", "name")),
        "field": dict(Field.objects.values_list("pk", "name")),
    }
    differences = []
    orphans = (
        ReportRollup.objects.exclude(period_id__in=Period.objects.values("pk"))
        .order_by("period_id")
        .values("period_id")
        .annotate(n=Count("pk"))
    )
    for orphan in orphans:
        differences.append(f"periode {orphan['period_id']}: {orphan['n']} baris roll-up tanpa periode")
    by_period: dict[int, list[str]] = {}
    for chunk in _in_chunks():
        computed = _compute_governments(chunk)
        stored: dict[int, dict] = defaultdict(dict)
        for row in ReportRollup.objects.filter(period_id__in=list(computed)):
            stored[row.period_id][(row.agency_id, row.field_id)] = row
        for period in chunk:
            by_period[period.pk] = _period_differences(period, computed[period.pk], stored.get(period.pk, {}), names)
    for period_id in sorted(by_period):
        differences += by_period[period_id]
    differences += _verify_semesters(names)
    return differences


def _period_differences(period: Period, expected: dict, have: dict, names: dict) -> list[str]:
    differences = []
    for key in sorted(expected.keys() - have.keys()):
        differences.append(f"{_describe(period, key, names)}: baris roll-up tidak ada")
    for key in sorted(have.keys() - expected.keys()):
        differences.append(f"{_describe(period, key, names)}: baris roll-up berlebih")
    fields = (*NUMBERS, "government_id", "region_id", "year", "semester")
    values = attrgetter(*fields)
    for key in sorted(expected.keys() & have.keys()):
        want, got = expected[key], have[key]
        if values(want) == values(got):
            continue
        for name in fields:
            if getattr(want, name) != getattr(got, name):
                differences.append(
                    f"{_describe(period, key, names)}: {name} tersimpan {getattr(got, name)}, "
                    f"seharusnya {getattr(want, name)}"
                )
    return differences


def _compare(label: str, want, got, names) -> list[str]:
    if want is None:
        return [f"{label}: baris roll-up berlebih"]
    if got is None:
        return [f"{label}: baris roll-up tidak ada"]
    values = attrgetter(*names)
    if values(want) == values(got):  # the usual case, compared in one go
        return []
    return [
        f"{label}: {name} tersimpan {getattr(got, name)}, seharusnya {getattr(want, name)}"
        for name in names
        if getattr(want, name) != getattr(got, name)
    ]


def _verify_semesters(names: dict) -> list[str]:
    """Differences between the stored government, programme and region rows and a fresh computation."""
    governments = dict(Government.objects.values_list("pk", "name"))
    differences = []
    semesters = set(areas.semesters_with_data())
    semesters |= set(RegionRollup.objects.values_list("year", "semester").distinct())
    semesters |= set(GovernmentRollup.objects.values_list("year", "semester").distinct())
    semesters |= set(ProgrammeRollup.objects.values_list("year", "semester").distinct())
    report_fields = (*ReportNumbers.REPORT_NUMBERS, "region_id")
    programme_fields = areas.PROGRAMME
    for year, semester in sorted(semesters):
        want_g, want_p, want_r = areas.expected_semester(year, semester)
        have_g = {row.government_id: row for row in GovernmentRollup.objects.filter(year=year, semester=semester)}
        have_p = {
            (row.government_id, row.region_id): row
            for row in ProgrammeRollup.objects.filter(year=year, semester=semester)
        }
        have_r = {row.code: row for row in RegionRollup.objects.filter(year=year, semester=semester)}
        when = f"semester {semester} {year}"
        for gid in sorted(want_g.keys() | have_g.keys()):
            label = f"{governments.get(gid, gid)}, {when}"
            differences += _compare(label, want_g.get(gid), have_g.get(gid), (*report_fields, *programme_fields))
        for key in sorted(want_p.keys() | have_p.keys()):
            label = f"{governments.get(key[0], key[0])}, wilayah {key[1]}, {when}"
            differences += _compare(label, want_p.get(key), have_p.get(key), programme_fields)
        region_fields = (*ReportNumbers.REPORT_NUMBERS, *programme_fields, "governments", "governments_reporting")
        for code in sorted(want_r.keys() | have_r.keys()):
            label = f"wilayah {code or 'nasional'}, {when}"
            differences += _compare(label, want_r.get(code), have_r.get(code), (*region_fields, "level", "parent_code"))
    return differences
