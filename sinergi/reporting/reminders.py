"""Reminders about reports not yet submitted, run daily by ``sinergi send_reminders``.

For every open period and every agency with reports still missing, the agency's operators hear that the period
is open, then ``remind_days_before`` days before their due date that it is near, then on the first day after
it that they are late; ``escalate_after_days`` days late, the agency head and the secretariat hear it too. One
notice per agency and event lists the missing reports.

Every notice is keyed by period, agency and due date, so running the job twice (or every day) sends nothing
twice, while an extension that moves an agency's due date starts its reminders afresh for the new date.
"""

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.notifications.events import site_link
from sinergi.notifications.models import Event
from sinergi.notifications.selectors import government_recipients
from sinergi.notifications.services import notify
from sinergi.organizations.models import Role
from sinergi.reporting.config import config_for
from sinergi.reporting.models import Period, PeriodStatus, Report, ReportStatus
from sinergi.reporting.selectors import SUBMITTED_STATES, extensions_of

LISTED_AT_MOST = 30


def reports_missing(period: Period):
    """Reports of ``period`` that still have to be submitted: those not in ``SUBMITTED_STATES`` (drafts, reopened
    ones included, and returned reports), as completeness counts them."""
    return (
        Report.objects.filter(period=period)
        .exclude(status__in=SUBMITTED_STATES)
        .select_related("agency", "action")
        .order_by("agency_id", "action__field__order", "action__order", "pk")
    )


def reminders_send(*, today: date | None = None) -> int:
    """Notify everyone concerned about missing reports of every open period. Returns how many were notified.

    ``today`` defaults to the date in each government's own time zone.
    """
    notified = 0
    for period in Period.objects.filter(status=PeriodStatus.OPEN).select_related("government").order_by("pk"):
        local_today = today or timezone.localdate(timezone=ZoneInfo(period.government.time_zone))
        notified += _period_reminders(period, local_today)
    return notified


def _period_reminders(period: Period, today: date) -> int:
    missing = defaultdict(list)
    for report in reports_missing(period):
        missing[report.agency_id].append(report)
    if not missing:
        return 0
    config = config_for(period.government)
    extensions = extensions_of(period)
    recipients = government_recipients(government=period.government)
    link = site_link("reporting:period_detail", period.pk)
    notified = 0
    for agency_id, reports in missing.items():
        agency = reports[0].agency
        due = extensions.get(agency_id, period.due_on)
        days_late = (today - due).days
        names = {
            "agency": agency.name,
            "period": str(period),
            "due": formats.date_format(due, "j F Y"),
            "days": days_late,
        }
        listing = _listing(reports)
        operators = recipients.of_agency(agency_id, Role.AGENCY_OPERATOR)
        key = f"{period.pk}:{agency_id}"
        common = {"link": link, "government": period.government}
        if days_late <= 0:
            notified += _opened(period, agency, reports, due, operators, by=None)
        if -config.remind_days_before <= days_late <= 0:
            notified += notify(
                event=Event.DUE_SOON,
                users=operators,
                title=_("Reports due on %(due)s") % names,
                body=ngettext(
                    "%(agency)s still has %(count)s report to submit for %(period)s, due %(due)s:",
                    "%(agency)s still has %(count)s reports to submit for %(period)s, due %(due)s:",
                    len(reports),
                )
                % {**names, "count": len(reports)}
                + listing,
                dedupe_key=f"due-soon:{key}:{due.isoformat()}",
                **common,
            )
        if days_late >= 1:
            notified += notify(
                event=Event.OVERDUE,
                users=operators,
                title=_("Reports overdue: %(period)s") % names,
                body=_("The reports of %(agency)s for %(period)s were due %(due)s and are still missing:") % names
                + listing,
                dedupe_key=f"overdue:{key}:{due.isoformat()}",
                **common,
            )
        if days_late >= max(config.escalate_after_days, 1):
            notified += notify(
                event=Event.ESCALATED,
                users=recipients.of_agency(agency_id, Role.AGENCY_HEAD) + recipients.of_government(Role.SECRETARIAT),
                title=_("%(agency)s: reports %(days)s days overdue") % names,
                body=_(
                    "The reports of %(agency)s for %(period)s were due %(due)s and are still missing "
                    "after %(days)s days:"
                )
                % names
                + listing,
                dedupe_key=f"escalated:{key}:{due.isoformat()}",
                **common,
            )
    return notified


def _opened(period: Period, agency, reports: list[Report], due: date, operators, *, by) -> int:
    names = {"agency": agency.name, "period": str(period), "due": formats.date_format(due, "j F Y")}
    return notify(
        event=Event.PERIOD_OPENED,
        users=[u for u in operators if by is None or u.pk != by.pk],
        title=_("%(period)s is open for reporting") % names,
        body=ngettext(
            "%(agency)s has %(count)s report to submit for %(period)s, due %(due)s:",
            "%(agency)s has %(count)s reports to submit for %(period)s, due %(due)s:",
            len(reports),
        )
        % {**names, "count": len(reports)}
        + _listing(reports),
        link=site_link("reporting:period_detail", period.pk),
        government=period.government,
        dedupe_key=f"period-opened:{period.pk}:{agency.pk}",
    )


def period_opened_notices(period: Period, *, by) -> int:
    """Tell each agency's operators that ``period`` is open, listing their reports (called when it is opened;
    the daily job sends the same notice, under the same key, to anyone who had none yet)."""
    missing = defaultdict(list)
    for report in reports_missing(period):
        missing[report.agency_id].append(report)
    extensions = extensions_of(period)
    recipients = government_recipients(government=period.government)
    return sum(
        _opened(
            period,
            reports[0].agency,
            reports,
            extensions.get(agency_id, period.due_on),
            recipients.of_agency(agency_id, Role.AGENCY_OPERATOR),
            by=by,
        )
        for agency_id, reports in missing.items()
    )


def _listing(reports: list[Report]) -> str:
    lines = []
    for report in reports[:LISTED_AT_MOST]:
        returned = f" ({ReportStatus.RETURNED.label.lower()})" if report.status == ReportStatus.RETURNED else ""
        lines.append(f"• {report.action.title}{returned}")
    if len(reports) > LISTED_AT_MOST:
        lines.append(_("… and %(count)s more") % {"count": len(reports) - LISTED_AT_MOST})
    return "\n" + "\n".join(lines)
