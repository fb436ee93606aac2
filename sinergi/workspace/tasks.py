"""Each role's to-do list: the sections of the home page and of ``GET /api/v1/me/tasks``, built from scoped reads.

Every section is a handful of queries whatever the number of rows (lists are cut at ``SHOWN`` items and carry the
full count), so the home page runs a bounded number of queries for every role (asserted in the tests).
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.coordination.selectors import follow_up_list, my_follow_ups
from sinergi.core.scope import AGENCY_ROLES, scope_for
from sinergi.organizations.selectors import government_list
from sinergi.planning.models import Action, PlanStatus, RegionalPlan, ReviewState
from sinergi.programmes.models import Event, Volunteer
from sinergi.reporting.models import DeadlineExtension, Period, PeriodStatus, Report, ReportStatus, ReportTransition
from sinergi.reporting.selectors import SUBMITTED_STATES
from sinergi.reporting.services import config_for, period_bounds

SHOWN = 10
MISSING = ~Q(status__in=SUBMITTED_STATES)  # drafts (reopened ones too) and returned reports: not submitted


@dataclass
class Item:
    title: str
    link: str
    detail: str = ""
    status: str = ""
    status_label: str = ""
    days: int | None = None
    reason: str = ""
    value: str = ""
    # A POST the item offers (the secretariat's reminders): the address and the agency it is about.
    action: str = ""
    agency_id: int | None = None
    period_id: int | None = None


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    count: int = 0
    link: str = ""
    link_label: str = ""
    empty: str = ""
    kind: str = "list"  # list | buttons | numbers
    action: str = ""  # a POST for the whole section (the secretariat's "remind everyone")
    action_label: str = ""


def _date(d: date) -> str:
    return formats.date_format(d, "j F Y")


def _due_text(due: date, today: date) -> tuple[str, int]:
    days = (due - today).days
    if days < 0:
        text = ngettext("due %(due)s, %(n)s day late", "due %(due)s, %(n)s days late", -days)
        return text % {"due": _date(due), "n": -days}, days
    text = ngettext("due %(due)s, %(n)s day left", "due %(due)s, %(n)s days left", days)
    return text % {"due": _date(due), "n": days}, days


def _extensions(period_ids) -> dict[tuple[int, int], date]:
    rows = DeadlineExtension.objects.filter(period_id__in=period_ids).values_list("period_id", "agency_id", "due_on")
    return {(p, a): d for p, a, d in rows}


def build_tasks(*, user, government, today: date | None = None) -> list[Section]:
    """The to-do sections for ``user`` in ``government``, in the order of their roles' importance."""
    scope = scope_for(user)
    today = today or timezone.localdate()
    if government is None:
        return _observer_sections(user, today) if (scope.observed_regions or scope.is_admin) else []
    roles = scope.roles_in(government.pk)
    sections: list[Section] = []
    if "secretariat" in roles or (scope.is_admin and not roles):
        sections += _secretariat_sections(user, government, today)
    if "reviewer" in roles:
        sections += _reviewer_sections(user, government, today)
    if roles & AGENCY_ROLES:
        sections += _agency_sections(user, government, today, roles)
    if "area_operator" in roles:
        sections += _area_sections(user, government)
    if "leader" in roles:
        sections.append(_leader_numbers(user, government, today))
    if "observer" in roles or (not roles and scope.observed_regions):
        sections += _observer_sections(user, today)
    return sections


def as_dicts(sections: list[Section]) -> list[dict]:
    return [asdict(s) for s in sections]


# --- reviewer ----------------------------------------------------------------------------------------------------


def _waiting_states(government) -> list[str]:
    if config_for(government).head_approval_required:
        return [ReportStatus.HEAD_APPROVED]
    return [ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED]


def _reviewer_sections(user, government, today) -> list[Section]:
    scope = scope_for(user)
    waiting = scope.restrict(
        Report.objects.filter(
            government=government, period__status=PeriodStatus.OPEN, status__in=_waiting_states(government)
        )
    ).select_related("action", "agency", "period")
    reports = list(waiting.order_by("submitted_at", "pk")[:SHOWN])
    review = Section(
        key="reports_to_review",
        title=_("Reports waiting for review"),
        count=waiting.count(),
        empty=_("No report is waiting for review."),
    )
    for r in reports:
        age = (today - timezone.localtime(r.submitted_at).date()).days if r.submitted_at else 0
        review.items.append(
            Item(
                title=r.action.title,
                link=reverse("reporting:report_detail", args=[r.pk]),
                detail=f"{r.agency.acronym or r.agency.name} · {r.period} · "
                + ngettext("waiting %(n)s day", "waiting %(n)s days", age) % {"n": age},
                status=r.status,
                status_label=r.get_status_display(),
                days=age,
            )
        )
    return [review, _plan_actions_waiting(user, government)]


def _plan_actions_waiting(user, government) -> Section:
    actions = (
        scope_for(user)
        .restrict(
            Action.objects.filter(
                plan__government=government, plan__status=PlanStatus.IN_REVIEW, review_state=ReviewState.PROPOSED
            )
        )
        .select_related("plan", "responsible_agency")
    )
    shown = list(actions.order_by("plan_id", "pk")[:SHOWN])
    section = Section(
        key="actions_to_review",
        title=_("RAD actions waiting in a plan under review"),
        count=actions.count(),
        empty=_("No plan is waiting for review."),
    )
    for a in shown:
        section.items.append(
            Item(
                title=a.title,
                link=reverse("planning:action_detail", args=[a.pk]),
                detail=f"{a.responsible_agency.acronym or a.responsible_agency.name} · {a.plan}",
                status=a.review_state,
                status_label=a.get_review_state_display(),
            )
        )
    return section


# --- agency operator and head ------------------------------------------------------------------------------------


def _agency_sections(user, government, today, roles) -> list[Section]:
    scope = scope_for(user)
    agency_ids = [a for a, r in scope.roles_by_agency.items() if r & AGENCY_ROLES]
    reports = list(
        Report.objects.filter(government=government, agency_id__in=agency_ids, period__status=PeriodStatus.OPEN)
        .filter(MISSING | Q(status=ReportStatus.SUBMITTED))
        .select_related("action", "agency", "period")
        .order_by("period__ends_on", "action__field__order", "action__order", "pk")
    )
    extensions = _extensions({r.period_id for r in reports})
    returned_ids = [r.pk for r in reports if r.status == ReportStatus.RETURNED]
    reasons = {}
    for report_id, reason in (
        ReportTransition.objects.filter(report_id__in=returned_ids, to_status=ReportStatus.RETURNED)
        .order_by("at", "pk")
        .values_list("report_id", "reason")
    ):
        reasons[report_id] = reason  # the latest return wins
    returned = Section(key="returned", title=_("Returned to you"), empty=_("Nothing was returned to you."))
    due = Section(key="drafts_due", title=_("Drafts due"), empty=_("No draft is due."))
    overdue = Section(key="overdue", title=_("Overdue reports"), empty=_("No report is overdue."))
    to_approve = Section(key="to_approve", title=_("Reports waiting for your approval"))
    head_step = "agency_head" in roles and _waiting_states(government) == [ReportStatus.HEAD_APPROVED]
    for r in reports:
        deadline = extensions.get((r.period_id, r.agency_id), r.period.due_on)
        text, days = _due_text(deadline, today)
        item = Item(
            title=r.action.title,
            link=reverse("reporting:report_detail", args=[r.pk]),
            detail=f"{r.period} · {text}",
            status=r.status,
            status_label=r.get_status_display(),
            days=days,
        )
        if r.status == ReportStatus.RETURNED:
            item.reason = reasons.get(r.pk, "")
            returned.items.append(item)
        elif r.status == ReportStatus.SUBMITTED:
            if head_step and scope.has_agency_role(r.agency_id, "agency_head"):
                to_approve.items.append(item)
        elif days < 0:
            overdue.items.append(item)
        else:
            due.items.append(item)
    for action in scope.restrict(
        Action.objects.filter(
            plan__government=government,
            plan__status__in=[PlanStatus.DRAFT, PlanStatus.IN_REVIEW],
            review_state=ReviewState.RETURNED,
            responsible_agency_id__in=agency_ids,
        )
    ).select_related("plan")[:SHOWN]:
        returned.items.append(
            Item(
                title=action.title,
                link=reverse("planning:action_detail", args=[action.pk]),
                detail=str(action.plan),
                status=action.review_state,
                status_label=action.get_review_state_display(),
                reason=action.return_reason,
            )
        )
    sections = [returned, overdue, due]
    if head_step:
        sections.insert(0, to_approve)
    for s in sections:
        s.count = len(s.items)
        s.items = s.items[:SHOWN]
    sections.append(_my_follow_ups(user, government, today))
    return sections


def _my_follow_ups(user, government, today) -> Section:
    section = Section(
        key="follow_ups",
        title=_("Meeting follow-ups assigned to your agency"),
        link=reverse("coordination:follow_up_list") + "?status=open_all",
        link_label=_("All follow-ups"),
        empty=_("No open follow-up."),
    )
    for f in my_follow_ups(user=user, government_id=government.pk, limit=SHOWN):
        text, days = _due_text(f.due_on, today)
        section.items.append(
            Item(
                title=f.description,
                link=reverse("coordination:follow_up_detail", args=[f.pk]),
                detail=text,
                status="overdue" if days < 0 else f.status,
                status_label=_("overdue") if days < 0 else f.get_status_display(),
                days=days,
            )
        )
    section.count = len(section.items)
    return section


# --- area operator -----------------------------------------------------------------------------------------------


def _area_sections(user, government) -> list[Section]:
    scope = scope_for(user)
    buttons = Section(key="record", title=_("Record"), kind="buttons")
    buttons.items = [
        Item(title=_("Record an activity"), link=reverse("programmes:event_create")),
        Item(title=_("Record a volunteer"), link=reverse("programmes:volunteer_group_list")),
        # Area operators record the urine tests of the offices in their area.
        Item(title=_("Record a urine test"), link=reverse("programmes:urine_test_create")),
    ]
    recent = Section(
        key="recent_records",
        title=_("Recent records in your area"),
        link=reverse("programmes:event_list"),
        link_label=_("All events"),
        empty=_("Nothing recorded in your area yet."),
    )
    events = scope.restrict(Event.objects.filter(government=government)).select_related("region")
    for e in events.order_by("-created_at", "-pk")[:SHOWN]:
        recent.items.append(
            Item(
                title=e.title,
                link=reverse("programmes:event_detail", args=[e.pk]),
                detail=f"{e.get_kind_display()} · {_date(e.starts_on)} · {e.region.name if e.region_id else ''}",
                status=e.status,
                status_label=e.get_status_display(),
            )
        )
    volunteers = scope.restrict(Volunteer.objects.filter(government=government)).select_related("group")
    for v in volunteers.order_by("-created_at", "-pk")[:5]:
        recent.items.append(
            Item(
                title=v.name,
                link=reverse("programmes:volunteer_detail", args=[v.pk]),
                detail=f"{_('Volunteer')} · {v.group.name}",
                status="active" if v.is_active else "inactive",
                status_label=_("active") if v.is_active else _("inactive"),
            )
        )
    recent.count = len(recent.items)
    return [buttons, recent]


# --- secretariat -------------------------------------------------------------------------------------------------


def _secretariat_sections(user, government, today) -> list[Section]:
    periods = list(Period.objects.filter(government=government, status=PeriodStatus.OPEN).order_by("ends_on", "pk"))
    by_pk = {p.pk: p for p in periods}
    missing = (
        Report.objects.filter(period__in=periods)
        .filter(MISSING)
        .values("period_id", "agency_id", "agency__name", "agency__acronym")
        .annotate(n=Count("pk"))
        .order_by("period_id", "agency__name")
    )
    extensions = _extensions(by_pk)
    not_reported = Section(
        key="not_reported",
        title=_("Who has not reported"),
        empty=_("Every agency has reported."),
        action=reverse("workspace:remind"),
        action_label=_("Send a reminder to all"),
    )
    for row in missing:
        period = by_pk[row["period_id"]]
        deadline = extensions.get((period.pk, row["agency_id"]), period.due_on)
        text, days = _due_text(deadline, today)
        count = ngettext("%(n)s report missing", "%(n)s reports missing", row["n"]) % {"n": row["n"]}
        not_reported.items.append(
            Item(
                title=row["agency__name"],
                link=reverse("reporting:period_detail", args=[period.pk]),
                detail=f"{period} · {count} · {text}",
                status="overdue" if days < 0 else "open",
                status_label=_("overdue") if days < 0 else _("open"),
                days=days,
                value=str(row["n"]),
                action=reverse("workspace:remind"),
                agency_id=row["agency_id"],
                period_id=period.pk,
            )
        )
    not_reported.count = len(not_reported.items)
    if not not_reported.items:
        not_reported.action = ""
    return [not_reported, _plan_progress(government), _overdue_follow_ups(user, government, today)] + [
        _periods_to_open_or_close(government, periods, today)
    ]


def _plan_progress(government) -> Section:
    plans = list(
        RegionalPlan.objects.filter(government=government, status__in=[PlanStatus.DRAFT, PlanStatus.IN_REVIEW])
    )
    counts = defaultdict(dict)
    for row in (
        Action.objects.filter(plan__in=plans).values("plan_id", "review_state").annotate(n=Count("pk")).order_by()
    ):
        counts[row["plan_id"]][row["review_state"]] = row["n"]
    section = Section(
        key="plan_review", title=_("Plan review progress"), empty=_("No plan is being drafted or reviewed.")
    )
    for plan in plans:
        c = counts[plan.pk]
        total = sum(c.values())
        section.items.append(
            Item(
                title=str(plan),
                link=reverse("planning:plan_detail", args=[plan.pk]),
                detail=_("%(accepted)s of %(total)s actions accepted, %(proposed)s proposed, %(returned)s returned")
                % {
                    "accepted": c.get(ReviewState.ACCEPTED, 0),
                    "total": total,
                    "proposed": c.get(ReviewState.PROPOSED, 0),
                    "returned": c.get(ReviewState.RETURNED, 0),
                },
                status=plan.status,
                status_label=plan.get_status_display(),
                value=str(c.get(ReviewState.ACCEPTED, 0)),
            )
        )
    section.count = len(section.items)
    return section


def _overdue_follow_ups(user, government, today) -> Section:
    qs = follow_up_list(user=user, government_id=government.pk, overdue=True, today=today).select_related("agency")
    shown = list(qs.order_by("due_on", "pk")[:SHOWN])
    section = Section(
        key="overdue_follow_ups",
        title=_("Overdue meeting follow-ups"),
        count=qs.count(),
        link=reverse("coordination:follow_up_list") + "?overdue=1",
        link_label=_("All follow-ups"),
        empty=_("No follow-up is overdue."),
    )
    for f in shown:
        text, days = _due_text(f.due_on, today)
        section.items.append(
            Item(
                title=f.description,
                link=reverse("coordination:follow_up_detail", args=[f.pk]),
                detail=f"{f.agency.acronym or f.agency.name} · {text}",
                status="overdue",
                status_label=_("overdue"),
                days=days,
            )
        )
    return section


def _periods_to_open_or_close(government, open_periods, today) -> Section:
    section = Section(key="periods", title=_("Periods to open or close"), empty=_("No period to open or close."))
    for p in open_periods:
        if p.due_on < today:
            section.items.append(
                Item(
                    title=_("Close %(period)s") % {"period": p},
                    link=reverse("reporting:period_detail", args=[p.pk]),
                    detail=_("due %(due)s") % {"due": _date(p.due_on)},
                    status="close",
                    status_label=_("to close"),
                )
            )
    existing = set(Period.objects.filter(government=government).values_list("plan_id", "year", "number"))
    existing_any = {(y, n) for _plan, y, n in existing}
    # Semesters before the government's first period are history it reported elsewhere (Excel, letters): not a task.
    first = min(existing_any, default=(0, 0))
    for plan in RegionalPlan.objects.filter(government=government, status=PlanStatus.ADOPTED):
        per_year = 2 if plan.period_kind == "semester" else 4
        for year in range(plan.start_year, min(plan.end_year, today.year) + 1):
            for number in range(1, per_year + 1):
                starts, ends = period_bounds(year, plan.period_kind, number)
                if starts <= today and (year, number) not in existing_any and (year, number) > first:
                    label = Period(year=year, kind=plan.period_kind, number=number)
                    section.items.append(
                        Item(
                            title=_("Open %(period)s") % {"period": label},
                            link=reverse("reporting:period_open") + f"?plan={plan.pk}&year={year}&number={number}",
                            detail=str(plan),
                            status="open",
                            status_label=_("to open"),
                        )
                    )
    section.count = len(section.items)
    section.items = section.items[:SHOWN]
    return section


# --- leader and observer -----------------------------------------------------------------------------------------


def _leader_numbers(user, government, today) -> Section:
    section = Section(
        key="numbers",
        title=_("The numbers that matter"),
        kind="numbers",
        link=reverse("insights:government", args=[government.pk]),
        link_label=_("Open the dashboard"),
    )
    period = (
        Period.objects.filter(government=government, status=PeriodStatus.OPEN).order_by("-ends_on").first()
        or Period.objects.filter(government=government).order_by("-ends_on").first()
    )
    if period is not None:
        totals = Report.objects.filter(period=period).aggregate(
            expected=Count("pk"),
            submitted=Count("pk", filter=Q(status__in=SUBMITTED_STATES)),
            approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
        )
        link = reverse("reporting:period_detail", args=[period.pk])
        section.items += [
            Item(
                title=_("reports submitted, %(period)s") % {"period": period},
                value=f"{totals['submitted']}/{totals['expected']}",
                link=link,
            ),
            Item(title=_("reports approved"), value=str(totals["approved"]), link=link),
        ]
    follow_ups = follow_up_list(user=user, government_id=government.pk, status="open_all").aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    follow_up_link = reverse("coordination:follow_up_list") + "?status=open_all"
    section.items += [
        Item(title=_("open meeting follow-ups"), value=str(follow_ups["open"]), link=follow_up_link),
        Item(title=_("overdue follow-ups"), value=str(follow_ups["overdue"]), link=follow_up_link + "&overdue=1"),
    ]
    section.count = len(section.items)
    return section


def _observer_sections(user, today) -> list[Section]:
    governments = list(government_list(user=user).select_related("region")[:50])
    totals = {
        row["government_id"]: row
        for row in Report.objects.filter(government__in=governments, period__status=PeriodStatus.OPEN)
        .values("government_id")
        .annotate(expected=Count("pk"), submitted=Count("pk", filter=Q(status__in=SUBMITTED_STATES)))
        .order_by()
    }
    section = Section(
        key="governments",
        title=_("Governments in my area"),
        kind="numbers",
        link=reverse("insights:dashboard"),
        link_label=_("Open the dashboard"),
    )
    for g in governments:
        row = totals.get(g.pk)
        section.items.append(
            Item(
                title=g.name,
                link=reverse("insights:government", args=[g.pk]),
                detail=_("reports submitted in open periods") if row else _("no open period"),
                value=f"{row['submitted']}/{row['expected']}" if row else "—",
            )
        )
    section.count = len(section.items)
    return [section]
