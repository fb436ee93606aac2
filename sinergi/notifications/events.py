"""Notifications for the steps of a report's workflow, called by the reporting services after a transition.

Each call is keyed by the report and its version after the step, so calling it again for the same step (a retried
request, a re-run) notifies nobody twice, while the next return or approval of the same report is a new event.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sinergi.notifications.models import Event
from sinergi.notifications.selectors import government_recipients
from sinergi.notifications.services import notify
from sinergi.organizations.models import Role

REPORT_EVENTS = (Event.SUBMITTED, Event.RETURNED, Event.APPROVED)


def site_link(name: str, *args) -> str:
    """The path of a named page, or "" while that page does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def report_link(report) -> str:
    return site_link("reporting:report_detail", report.pk)


def notify_report_event(report, event: str, by) -> int:
    """Tell the people concerned that ``report`` was submitted, returned or approved by ``by``.

    Returned and approved go to the agency's operators; submitted goes to the government's reviewers and
    secretariat. The person who took the step is not told about it. Returns how many people were newly notified.
    """
    if event not in REPORT_EVENTS:
        raise ValueError(f"Unknown report event {event!r}; expected one of {', '.join(REPORT_EVENTS)}.")
    recipients = government_recipients(government=report.government)
    names = {
        "action": report.action.title,
        "period": str(report.period),
        "agency": report.agency.name,
        "by": by.get_full_name() if by is not None else _("the system"),
    }
    if event == Event.SUBMITTED:
        users = recipients.of_government(Role.REVIEWER, Role.SECRETARIAT)
        title = _("Report submitted: %(action)s") % names
        body = _("%(agency)s submitted the report on “%(action)s” for %(period)s. It is waiting for review.") % names
    elif event == Event.RETURNED:
        users = recipients.of_agency(report.agency_id, Role.AGENCY_OPERATOR)
        title = _("Report returned: %(action)s") % names
        body = _("%(by)s returned the report on “%(action)s” for %(period)s.") % names
        reason = _return_reason(report)
        if reason:
            body += "\n\n" + _("Reason: %(reason)s") % {"reason": reason}
    else:
        users = recipients.of_agency(report.agency_id, Role.AGENCY_OPERATOR)
        title = _("Report approved: %(action)s") % names
        body = _("%(by)s approved the report on “%(action)s” for %(period)s.") % names
    return notify(
        event=event,
        users=[u for u in users if by is None or u.pk != by.pk],
        title=title,
        body=body,
        link=report_link(report),
        government=report.government,
        dedupe_key=f"report:{report.pk}:{event}:{report.version}",
    )


def _return_reason(report) -> str:
    from sinergi.reporting.models import ReportStatus, ReportTransition

    last = ReportTransition.objects.filter(report=report, to_status=ReportStatus.RETURNED).order_by("at", "pk").last()
    return last.reason if last else ""
