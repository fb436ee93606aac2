"""Reminders about meeting follow-ups still open, run daily by ``sinergi send_reminders`` with the report reminders.

For every follow-up open or in progress, the owner agency's operators hear ``remind_days_before`` days before
its due date (the government's reporting setting) that it is near, and on the first day after it that it is
late; from that day the agency's heads and the secretariat hear it too (escalation).

Every notice is keyed by follow-up and due date, so running the job twice (or every day) sends nothing twice,
while moving the due date starts the reminders afresh for the new date.
"""

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sinergi.coordination.models import FollowUp
from sinergi.coordination.selectors import OPEN_STATUSES
from sinergi.notifications.events import site_link
from sinergi.notifications.models import Event
from sinergi.notifications.selectors import government_recipients
from sinergi.notifications.services import notify
from sinergi.organizations.models import Role
from sinergi.reporting.config import config_for


def follow_up_reminders_send(*, today: date | None = None) -> int:
    """Notify everyone concerned about follow-ups due soon or overdue. Returns how many were newly notified.

    ``today`` defaults to the date in each government's own time zone.
    """
    by_government = defaultdict(list)
    follow_ups = (
        FollowUp.objects.filter(status__in=OPEN_STATUSES)
        .select_related("government", "agency", "decision__meeting")
        .order_by("government_id", "due_on", "pk")
    )
    for follow_up in follow_ups:
        by_government[follow_up.government_id].append(follow_up)
    notified = 0
    for items in by_government.values():
        government = items[0].government
        local_today = today or timezone.localdate(timezone=ZoneInfo(government.time_zone))
        remind_days = config_for(government).remind_days_before
        recipients = None
        for follow_up in items:
            days_late = (local_today - follow_up.due_on).days
            if days_late < -remind_days:
                continue
            if recipients is None:
                recipients = government_recipients(government=government)
            notified += _remind(follow_up, days_late, recipients)
    return notified


def _remind(follow_up: FollowUp, days_late: int, recipients) -> int:
    meeting = follow_up.decision.meeting
    names = {
        "agency": follow_up.agency.name,
        "due": formats.date_format(follow_up.due_on, "j F Y"),
        "days": days_late,
        "meeting": meeting.title,
        "date": formats.date_format(timezone.localtime(meeting.starts_at).date(), "j F Y"),
    }
    body = f"{follow_up.description}\n\n" + _("Decided in %(meeting)s (%(date)s).") % names
    key = f"{follow_up.pk}:{follow_up.due_on.isoformat()}"
    common = {"link": site_link("coordination:follow_up_detail", follow_up.pk), "government": follow_up.government}
    operators = recipients.of_agency(follow_up.agency_id, Role.AGENCY_OPERATOR)
    if days_late <= 0:
        return notify(
            event=Event.FOLLOW_UP_DUE_SOON,
            users=operators,
            title=_("Meeting follow-up due on %(due)s") % names,
            body=body,
            dedupe_key=f"follow-up-due-soon:{key}",
            **common,
        )
    notified = notify(
        event=Event.FOLLOW_UP_OVERDUE,
        users=operators,
        title=_("Meeting follow-up overdue since %(due)s") % names,
        body=body,
        dedupe_key=f"follow-up-overdue:{key}",
        **common,
    )
    notified += notify(
        event=Event.FOLLOW_UP_ESCALATED,
        users=recipients.of_agency(follow_up.agency_id, Role.AGENCY_HEAD) + recipients.of_government(Role.SECRETARIAT),
        title=_("%(agency)s: meeting follow-up overdue since %(due)s") % names,
        body=body,
        dedupe_key=f"follow-up-escalated:{key}",
        **common,
    )
    return notified
