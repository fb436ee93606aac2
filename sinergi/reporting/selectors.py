"""Reads of the reporting app: periods and reports in scope, achievement and completeness, in fixed query counts."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from sinergi.core.scope import scope_for
from sinergi.planning.models import Aggregation, Indicator, Target
from sinergi.reporting import achievement
from sinergi.reporting.models import (
    DeadlineExtension,
    Evidence,
    GeneratedDocument,
    Period,
    Report,
    ReportStatus,
    ReportTransition,
    ReportValue,
)

REPORT_TEXT_FIELDS = ("narrative", "obstacles", "follow_up")
# The one definition of "submitted" that every surface counts (dashboard, roll-ups, analytics, completeness, the
# consolidated report): a report that is with a reviewer or past them. A returned report is back with its agency
# and is counted apart (``returned``), not as submitted, even though it was submitted once.
SUBMITTED_STATES = {ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED, ReportStatus.APPROVED}


def period_list(*, user, government_id: int | None = None) -> QuerySet:
    qs = scope_for(user).restrict(Period.objects.select_related("government", "plan"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    return qs.order_by("government_id", "-year", "-number")


def period_get(*, user, pk) -> Period:
    return scope_for(user).get(Period.objects.select_related("government__region", "plan"), pk=pk)


def report_queryset(*, user, period: Period | None = None) -> QuerySet:
    """Reports this user may see, with action, agency, values and evidence loaded in a fixed number of queries."""
    values = Prefetch(
        "values", queryset=ReportValue.objects.select_related("indicator").order_by("indicator__order", "indicator_id")
    )
    qs = scope_for(user).restrict(
        Report.objects.select_related(
            "period__government", "action__field", "action__national_action", "action__plan", "agency"
        ).prefetch_related(values, "evidence")
    )
    if period is not None:
        qs = qs.filter(period=period)
    return qs.order_by("period_id", "action__field__order", "action__order", "pk")


def report_get(*, user, pk) -> Report:
    lookup = {"public_id": pk} if not str(pk).isdigit() else {"pk": pk}
    return scope_for(user).get(report_queryset(user=user), **lookup)


def evidence_get(*, user, pk) -> Evidence:
    """Evidence is found through its report, so only those who may see the report can download it."""
    from django.http import Http404

    evidence = Evidence.objects.select_related("report").filter(public_id=pk).first()
    if evidence is None:
        raise Http404
    report_get(user=user, pk=evidence.report_id)
    return evidence


def documents_of(*, period: Period) -> QuerySet:
    """The period's archive of consolidated reports, newest first (the period is already in the caller's scope)."""
    documents = GeneratedDocument.objects.filter(period=period).select_related("requested_by")
    return documents.order_by("-requested_at", "-pk")


def document_get(*, user, pk) -> GeneratedDocument:
    """A generated document, found through its period: 404 for anyone who may not see the period."""
    from django.http import Http404

    document = GeneratedDocument.objects.select_related("period", "requested_by").filter(public_id=pk).first()
    if document is None:
        raise Http404
    document.period = period_get(user=user, pk=document.period_id)
    return document


def transitions_of(report: Report) -> QuerySet:
    return ReportTransition.objects.filter(report=report).select_related("by")


def extensions_of(period: Period) -> dict[int, date]:
    return dict(DeadlineExtension.objects.filter(period=period).values_list("agency_id", "due_on"))


def report_content(report: Report) -> dict:
    """What a reviewer looks at: the values and texts of a report, to compare with a later resubmission."""
    values = {str(v.indicator_id): (None if v.value is None else str(v.value)) for v in report.values.all()}
    reasons = {str(v.indicator_id): v.override_reason for v in report.values.all() if v.override_reason}
    return {
        "values": values,
        "override_reasons": reasons,
        "budget_realised": None if report.budget_realised is None else str(report.budget_realised),
        **{name: getattr(report, name) for name in REPORT_TEXT_FIELDS},
        "evidence": sorted(e.name for e in report.evidence.all()),
    }


def changes_since_review(report: Report) -> list[str]:
    """What a resubmitted report changed since the reviewer last looked (field names), or [] if never reviewed."""
    if not report.reviewed_snapshot:
        return []
    before, now = report.reviewed_snapshot, report_content(report)
    changed = [
        name
        for name in ("budget_realised", "narrative", "obstacles", "follow_up", "evidence")
        if before.get(name) != now.get(name)
    ]
    changed += [f"values.{key}" for key, value in now["values"].items() if before.get("values", {}).get(key) != value]
    return changed


# --- achievement ---------------------------------------------------------------------------------------------


@dataclass
class ActionAchievement:
    report: Report
    indicators: list[tuple[Indicator, achievement.IndicatorAchievement]]

    @property
    def percent(self) -> Decimal | None:
        return achievement.mean(a.capped for _i, a in self.indicators)


@dataclass
class PeriodAchievement:
    actions: list[ActionAchievement]
    by_field: dict = field(default_factory=dict)
    by_agency: dict = field(default_factory=dict)
    government: Decimal | None = None


def _target_to_date(indicator: Indicator, targets: dict, year: int, number: int, last: int) -> Decimal | None:
    annual = targets.get((year, 0))
    if indicator.aggregation == Aggregation.SUM:
        parts = [targets.get((year, p)) for p in range(1, number + 1)]
        if all(p is not None for p in parts) and parts:
            return sum(parts, Decimal(0))
        return annual if number == last else None
    return targets.get((year, number), annual)


def period_achievement(*, period: Period, reports: list[Report], approved_only: bool = False) -> PeriodAchievement:
    """Achievement of each report's indicators to the end of the period, and its roll-ups.

    Uses the values of this year's earlier periods too (cumulated per the indicator's aggregation), all in two
    queries whatever the number of reports.
    """
    indicator_ids = [v.indicator_id for r in reports for v in r.values.all()]
    lineages = {v.indicator.lineage for r in reports for v in r.values.all()}
    targets: dict[int, dict] = defaultdict(dict)
    for t in Target.objects.filter(indicator_id__in=indicator_ids, year=period.year):
        targets[t.indicator_id][(t.year, t.period)] = t.value
    # Earlier values by the indicator's lineage: a revised plan's indicator continues from its predecessor's.
    earlier = defaultdict(list)
    earlier_values = ReportValue.objects.filter(
        indicator__lineage__in=lineages,
        report__period__government_id=period.government_id,
        report__period__year=period.year,
        report__period__kind=period.kind,
        report__period__number__lt=period.number,
    ).order_by("report__period__number")
    if approved_only:
        earlier_values = earlier_values.filter(report__status=ReportStatus.APPROVED)
    for lineage, value in earlier_values.values_list("indicator__lineage", "value"):
        earlier[lineage].append(value)
    last = 2 if period.kind == "semester" else 4
    result = PeriodAchievement(actions=[])
    field_percents, agency_percents = defaultdict(list), defaultdict(list)
    for report in reports:
        counted = not approved_only or report.status == ReportStatus.APPROVED
        rows = []
        for value in report.values.all():
            indicator = value.indicator
            values = [*earlier[indicator.lineage], value.value if counted else None]
            target = _target_to_date(indicator, targets[indicator.pk], period.year, period.number, last)
            rows.append((indicator, achievement.indicator_achievement(indicator, target=target, values=values)))
        action_result = ActionAchievement(report, rows)
        result.actions.append(action_result)
        field_percents[report.action.field].append(action_result.percent)
        agency_percents[report.agency].append(action_result.percent)
    result.by_field = {f: achievement.mean(p) for f, p in field_percents.items()}
    result.by_agency = {a: achievement.mean(p) for a, p in agency_percents.items()}
    result.government = achievement.mean(a.percent for a in result.actions)
    return result


# --- completeness and timeliness -----------------------------------------------------------------------------


@dataclass
class Completeness:
    agency: object | None
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    on_time: int = 0
    late: int = 0
    due_on: date | None = None

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def percent_submitted(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0


def _on_time(report: Report, due: date) -> bool | None:
    """True on time, False late, None not yet known (not submitted and not yet due)."""
    if report.first_submitted_at:
        return timezone.localtime(report.first_submitted_at).date() <= due
    return False if timezone.localdate() > due else None


def period_completeness(*, period: Period, reports=None) -> tuple[list[Completeness], Completeness]:
    """Per agency and for the government: expected, submitted, approved, on time and late reports."""
    if reports is None:
        reports = (
            Report.objects.filter(period=period)
            .select_related("agency")
            .only("status", "first_submitted_at", "agency__name", "agency__acronym", "agency_id", "period_id")
        )
    extensions = extensions_of(period)
    rows: dict[int, Completeness] = {}
    total = Completeness(agency=None, due_on=period.due_on)
    for report in reports:
        due = extensions.get(report.agency_id, period.due_on)
        row = rows.setdefault(report.agency_id, Completeness(agency=report.agency, due_on=due))
        timely = _on_time(report, due)
        for bucket in (row, total):
            bucket.expected += 1
            bucket.submitted += report.status in SUBMITTED_STATES
            bucket.returned += report.status == ReportStatus.RETURNED
            if report.status == ReportStatus.APPROVED:
                bucket.approved += 1
            if timely is True:
                bucket.on_time += 1
            elif timely is False:
                bucket.late += 1
    ordered = sorted(rows.values(), key=lambda r: (-r.missing, r.agency.name))
    return ordered, total
