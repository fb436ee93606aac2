"""An agency's dashboard: its reports and deadlines in open periods, its roll-ups per period and by field, its
events of the semester and its follow-ups."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from sinergi.coordination.models import FollowUp
from sinergi.coordination.selectors import OPEN_STATUSES
from sinergi.insights.dashboards.common import REPORT, TREND_LENGTH, Line, Semester, Tally
from sinergi.insights.dashboards.government import choose_period, government_periods, period_breakdown
from sinergi.insights.models import ReportRollup
from sinergi.organizations.models import Agency
from sinergi.programmes.models import Event
from sinergi.reporting.models import DeadlineExtension, PeriodStatus, Report, ReportStatus


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
    by_field, _agencies, totals = period_breakdown(period, agency_ids)

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
