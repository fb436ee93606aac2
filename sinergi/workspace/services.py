"""Writes of the workspace: the secretariat's reminder to agencies that have not reported yet."""

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from sinergi.core.audit import audit_record
from sinergi.core.models import AuditEntry
from sinergi.notifications.events import site_link
from sinergi.notifications.models import Event
from sinergi.notifications.selectors import government_recipients
from sinergi.notifications.services import notify
from sinergi.organizations.models import Role
from sinergi.reporting.models import Period
from sinergi.reporting.reminders import _listing, reports_missing
from sinergi.reporting.selectors import extensions_of


@transaction.atomic
def period_reminder_send(*, period: Period, by, agency_id: int | None = None) -> dict:
    """Remind the operators of every agency (or of ``agency_id``) with reports still missing in ``period``.

    Goes through the one delivery path (inbox, e-mail outbox, webhook); keyed by period, agency and day, so a
    second click on the same day tells nobody twice. Recorded in the audit trail on the period.
    """
    from django.utils import timezone

    missing: dict[int, list] = {}
    reports = reports_missing(period)
    if agency_id is not None:
        reports = reports.filter(agency_id=agency_id)
    for report in reports:
        missing.setdefault(report.agency_id, []).append(report)
    recipients = government_recipients(government=period.government)
    extensions = extensions_of(period)
    today = timezone.localdate()
    notified = 0
    for agency, rows in missing.items():
        due = extensions.get(agency, period.due_on)
        names = {"agency": rows[0].agency.name, "period": str(period), "due": formats.date_format(due, "j F Y")}
        notified += notify(
            event=Event.REMINDER,
            users=[u for u in recipients.of_agency(agency, Role.AGENCY_OPERATOR) if u.pk != by.pk],
            title=_("Reminder: reports of %(period)s still missing") % names,
            body=_("The secretariat reminds %(agency)s to submit its reports for %(period)s, due %(due)s:") % names
            + _listing(rows),
            link=site_link("reporting:period_detail", period.pk),
            government=period.government,
            dedupe_key=f"manual-reminder:{period.pk}:{agency}:{today.isoformat()}",
        )
    agencies = sorted(rows[0].agency.name for rows in missing.values())
    audit_record(
        obj=period,
        action=AuditEntry.Action.UPDATE,
        by=by,
        after={"reminder_sent_to": agencies, "people_notified": notified},
        reason=_("Reminder sent"),
    )
    return {"agencies": len(missing), "notified": notified}
