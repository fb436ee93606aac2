"""Compute, store and check the report roll-ups from the raw rows.

Every number comes from the reporting app's own rules, so a dashboard reading a roll-up shows what the period
pages show: `reporting.services.due_date_for` (the agency's extension or the period's due date) for timeliness,
`reporting.selectors.period_achievement` for achievement (the same computation as the period page: every
report's values, including earlier periods of the year for cumulative indicators).

A period is computed in a fixed number of queries whatever its number of reports (see `_compute`).
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from sinergi.insights.models import ReportRollup
from sinergi.reporting.models import DeadlineExtension, Period, Report, ReportValue
from sinergi.reporting.selectors import SUBMITTED_STATES, period_achievement
from sinergi.reporting.services import due_date_for

ZERO = Decimal(0)
NUMBERS = (
    "expected",
    "submitted",
    "approved",
    "on_time",
    "budget_planned",
    "budget_realised",
    "achievement_sum",
    "achievement_count",
)


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
            row = rows[key] = ReportRollup(
                government_id=period.government_id,
                region_id=period.government.region_id,
                period_id=period.pk,
                agency_id=report.agency_id,
                field_id=report.action.field_id,
                **{name: 0 for name in NUMBERS},
            )
        row.expected += 1
        row.submitted += report.status in SUBMITTED_STATES
        row.approved += report.status == "approved"
        if report.first_submitted_at is not None:
            due = due_date_for(report, extensions)
            row.on_time += timezone.localtime(report.first_submitted_at).date() <= due
        row.budget_planned += report.action.budget or ZERO
        row.budget_realised += report.budget_realised or ZERO
        if action.percent is not None:
            row.achievement_sum += action.percent
            row.achievement_count += 1
    return rows


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
    achievement reads this period's values."""
    later = Period.objects.filter(
        government_id=period.government_id, year=period.year, kind=period.kind, number__gt=period.number
    ).values_list("pk", flat=True)
    for period_id in [period.pk, *later]:
        refresh_period(period_id)


def rebuild_all() -> int:
    """Recompute every period's roll-ups (and drop rows of nothing); returns the number of rows stored."""
    with transaction.atomic():
        ReportRollup.objects.all().delete()
        return sum(refresh_period(pk) for pk in Period.objects.order_by("pk").values_list("pk", flat=True))


def _describe(period: Period, key: tuple[int, int], names: dict) -> str:
    agency_id, field_id = key
    return (
        f"{period.government.name}, {period} (periode {period.pk}), "
        f"{names['agency'].get(agency_id, agency_id)}, bidang {names['field'].get(field_id, field_id)}"
    )


def verify() -> list[str]:
    """Compare the stored roll-ups with a fresh computation from the raw rows; one line per difference."""
    from sinergi.organizations.models import Agency
    from sinergi.planning.models import Field

    stored: dict[int, dict] = defaultdict(dict)
    for row in ReportRollup.objects.all():
        stored[row.period_id][(row.agency_id, row.field_id)] = row
    names = {
        "agency": dict(Agency.objects.values_list("pk", "name")),
        "field": dict(Field.objects.values_list("pk", "name")),
    }
    differences = []
    periods = {p.pk: p for p in Period.objects.select_related("government").order_by("pk")}
    for period_id in sorted(set(stored) - set(periods)):
        differences.append(f"periode {period_id}: {len(stored[period_id])} baris roll-up tanpa periode")
    for period in periods.values():
        expected = _compute(period)
        have = stored.get(period.pk, {})
        for key in sorted(expected.keys() - have.keys()):
            differences.append(f"{_describe(period, key, names)}: baris roll-up tidak ada")
        for key in sorted(have.keys() - expected.keys()):
            differences.append(f"{_describe(period, key, names)}: baris roll-up berlebih")
        for key in sorted(expected.keys() & have.keys()):
            want, got = expected[key], have[key]
            for name in NUMBERS:
                if getattr(want, name) != getattr(got, name):
                    differences.append(
                        f"{_describe(period, key, names)}: {name} tersimpan {getattr(got, name)}, "
                        f"seharusnya {getattr(want, name)}"
                    )
            for name in ("government_id", "region_id"):
                if getattr(want, name) != getattr(got, name):
                    differences.append(
                        f"{_describe(period, key, names)}: {name} tersimpan {getattr(got, name)}, "
                        f"seharusnya {getattr(want, name)}"
                    )
    return differences
