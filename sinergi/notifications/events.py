"""Notifications for the workflow steps, called by the services (so pages, API and commands all notify).

Each call is keyed by the object and its state after the step, so calling it again for the same step (a retried
request, a re-run) notifies nobody twice, while the next return or approval of the same report is a new event.
Recipients are read from the object's own government only, and the person who took the step is never told.
``notify`` only writes rows, so these run inside the step's transaction and roll back with it; nothing leaves the
server until ``flush_outbox``.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sinergi.notifications.models import Event
from sinergi.notifications.selectors import government_recipients
from sinergi.notifications.services import notify
from sinergi.organizations.models import Role

REPORT_EVENTS = (Event.SUBMITTED, Event.HEAD_APPROVED, Event.RETURNED, Event.APPROVED, Event.REOPENED)


def site_link(name: str, *args) -> str:
    """The path of a named page, or "" while that page does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def report_link(report) -> str:
    return site_link("reporting:report_detail", report.pk)


def _who(by) -> str:
    return (by.get_full_name() or by.username) if by is not None else _("the system")


def _tell(*, event, users, by, title, body, link, government, key) -> int:
    """``notify`` everyone in ``users`` but the actor, each once (the key keeps a repeated step silent)."""
    return notify(
        event=event,
        users=[u for u in users if by is None or u.pk != by.pk],
        title=title,
        body=body,
        link=link,
        government=government,
        dedupe_key=key,
    )


def _agency_people(recipients, agency_ids, *roles) -> list:
    return [u for agency_id in agency_ids for role in roles for u in recipients.of_agency(agency_id, role)]


# --- reports -------------------------------------------------------------------------------------------------


def notify_report_event(report, event: str, by, *, head_approval: bool = False) -> int:
    """Tell the people who act next that ``report`` was submitted, head-approved, returned, approved or reopened.

    Submitted goes to the agency's heads when they approve first (``head_approval``), else to the government's
    reviewers and secretariat, who also hear of a head approval; a return (with its reason) goes to the agency's
    operators and heads; an approval and a reopening to its operators. Returns how many people were newly notified.
    """
    if event not in REPORT_EVENTS:
        raise ValueError(f"Unknown report event {event!r}; expected one of {', '.join(REPORT_EVENTS)}.")
    recipients = government_recipients(government=report.government)
    names = {
        "action": report.action.title,
        "period": str(report.period),
        "agency": report.agency.name,
        "by": _who(by),
    }
    reviewers = recipients.of_government(Role.REVIEWER, Role.SECRETARIAT)
    operators = recipients.of_agency(report.agency_id, Role.AGENCY_OPERATOR)
    if event == Event.SUBMITTED:
        users = recipients.of_agency(report.agency_id, Role.AGENCY_HEAD) if head_approval else reviewers
        title = _("Report submitted: %(action)s") % names
        body = _("%(agency)s submitted the report on “%(action)s” for %(period)s. It is waiting for review.") % names
    elif event == Event.HEAD_APPROVED:
        users = reviewers
        title = _("Report approved by the agency head: %(action)s") % names
        body = _("%(by)s approved the report on “%(action)s” for %(period)s. It is waiting for review.") % names
    elif event == Event.RETURNED:
        users = operators + recipients.of_agency(report.agency_id, Role.AGENCY_HEAD)
        title = _("Report returned: %(action)s") % names
        body = _("%(by)s returned the report on “%(action)s” for %(period)s.") % names
        reason = _last_reason(report)
        if reason:
            body += "\n\n" + _("Reason: %(reason)s") % {"reason": reason}
    elif event == Event.APPROVED:
        users = operators
        title = _("Report approved: %(action)s") % names
        body = _("%(by)s approved the report on “%(action)s” for %(period)s.") % names
    else:
        users = operators
        title = _("Report reopened: %(action)s") % names
        body = _("%(by)s reopened the report on “%(action)s” for %(period)s; it is a draft again.") % names
        body += "\n\n" + _("Reason: %(reason)s") % {"reason": _last_reason(report)}
    return _tell(
        event=event,
        users=users,
        by=by,
        title=title,
        body=body,
        link=report_link(report),
        government=report.government,
        key=f"report:{report.pk}:{event}:{report.version}",
    )


def _last_reason(report) -> str:
    last = report.transitions.order_by("at", "pk").last()
    return last.reason if last else ""


def notify_deadline_extended(extension, by) -> int:
    period = extension.period
    names = {
        "agency": extension.agency.name,
        "period": str(period),
        "due": formats.date_format(extension.due_on, "j F Y"),
        "reason": extension.reason,
    }
    recipients = government_recipients(government=period.government)
    return _tell(
        event=Event.PERIOD_EXTENDED,
        users=_agency_people(recipients, [extension.agency_id], Role.AGENCY_OPERATOR, Role.AGENCY_HEAD),
        by=by,
        title=_("%(period)s: due date extended to %(due)s") % names,
        body=_("The reports of %(agency)s for %(period)s are now due %(due)s.") % names
        + "\n\n"
        + _("Reason: %(reason)s") % names,
        link=site_link("reporting:period_detail", period.pk),
        government=period.government,
        key=f"period-extended:{period.pk}:{extension.agency_id}:{extension.due_on.isoformat()}",
    )


# --- plans and RAD actions -----------------------------------------------------------------------------------


def notify_action_event(action, event: str, by, *, note: str = "") -> int:
    """A RAD action returned (to its agency's operators and heads, with the reason), accepted (to its operators)
    or resubmitted after a return (to the reviewers and the secretariat)."""
    recipients = government_recipients(government=action.government)
    names = {"action": action.title, "plan": str(action.plan), "by": _who(by)}
    agency = [action.responsible_agency_id]
    if event == Event.ACTION_RETURNED:
        users = _agency_people(recipients, agency, Role.AGENCY_OPERATOR, Role.AGENCY_HEAD)
        title = _("RAD action returned: %(action)s") % names
        body = _("%(by)s sent the action “%(action)s” of %(plan)s back.") % names
        body += "\n\n" + _("Reason: %(reason)s") % {"reason": action.return_reason}
    elif event == Event.ACTION_ACCEPTED:
        users = _agency_people(recipients, agency, Role.AGENCY_OPERATOR)
        title = _("RAD action accepted: %(action)s") % names
        body = _("%(by)s accepted the action “%(action)s” of %(plan)s.") % names
    elif event == Event.ACTION_RESUBMITTED:
        users = recipients.of_government(Role.REVIEWER, Role.SECRETARIAT)
        title = _("RAD action resubmitted: %(action)s") % names
        body = _("%(by)s resubmitted the action “%(action)s” of %(plan)s. It is waiting for review.") % names
        if note:
            body += "\n\n" + _("Note: %(note)s") % {"note": note}
    else:
        raise ValueError(f"Unknown action event {event!r}.")
    return _tell(
        event=event,
        users=users,
        by=by,
        title=title,
        body=body,
        link=site_link("planning:action_detail", action.pk),
        government=action.government,
        key=f"action:{action.pk}:{event}:{action.version}",
    )


def notify_plan_event(plan, event: str, by) -> int:
    """A plan sent for review (reviewers, secretariat; heads of its agencies when they sign off), adopted (its
    agencies' operators and heads, reviewers, secretariat) or opened for revision (the secretariat and the
    operators of its agencies, who may draft again). ``plan`` is the revision for a revision."""
    recipients = government_recipients(government=plan.government)
    agencies = sorted(set(plan.actions.values_list("responsible_agency_id", flat=True)))
    names = {"plan": str(plan), "by": _who(by)}
    if event == Event.PLAN_IN_REVIEW:
        users = recipients.of_government(Role.REVIEWER, Role.SECRETARIAT)
        if plan.head_signoff_required:
            users += _agency_people(recipients, agencies, Role.AGENCY_HEAD)
        title = _("Plan sent for review: %(plan)s") % names
        body = _("%(by)s sent %(plan)s for review.") % names
    elif event == Event.PLAN_ADOPTED:
        users = _agency_people(recipients, agencies, Role.AGENCY_OPERATOR, Role.AGENCY_HEAD)
        users += recipients.of_government(Role.REVIEWER, Role.SECRETARIAT)
        title = _("Plan adopted: %(plan)s") % names
        body = _("%(by)s adopted %(plan)s (%(basis)s).") % {**names, "basis": plan.legal_basis_number}
    elif event == Event.PLAN_REVISION:
        users = _agency_people(recipients, agencies, Role.AGENCY_OPERATOR)
        users += recipients.of_government(Role.SECRETARIAT)
        title = _("Plan revision opened: %(plan)s") % names
        body = _("%(by)s opened a revision, %(plan)s, as a draft.") % names
    else:
        raise ValueError(f"Unknown plan event {event!r}.")
    return _tell(
        event=event,
        users=users,
        by=by,
        title=title,
        body=body,
        link=site_link("planning:plan_detail", plan.pk),
        government=plan.government,
        key=f"plan:{plan.pk}:{event}:{plan.updated_at:%Y%m%d%H%M%S%f}",  # sent back and resubmitted: new event
    )


# --- meetings and follow-ups ---------------------------------------------------------------------------------


def notify_meeting_event(meeting, event: str, by) -> int:
    """An invitation (the invited agencies' operators and heads; an agency invited later hears it then) or the
    minutes published when the meeting is closed (the invited agencies and the secretariat)."""
    recipients = government_recipients(government=meeting.government)
    agencies = sorted(meeting.invited_agencies.values_list("pk", flat=True))
    names = {
        "meeting": meeting.title,
        "when": formats.date_format(timezone.localtime(meeting.starts_at), "j F Y H:i"),
        "place": meeting.place,
        "by": _who(by),
    }
    users = _agency_people(recipients, agencies, Role.AGENCY_OPERATOR, Role.AGENCY_HEAD)
    if event == Event.MEETING_INVITED:
        title = _("Invitation: %(meeting)s") % names
        body = _("You are invited to %(meeting)s on %(when)s at %(place)s.") % names
        key = f"meeting:{meeting.pk}:invited"
    elif event == Event.MINUTES_PUBLISHED:
        users += recipients.of_government(Role.SECRETARIAT)
        title = _("Minutes published: %(meeting)s") % names
        body = _("The minutes and decisions of %(meeting)s (%(when)s) are published.") % names
        key = f"meeting:{meeting.pk}:minutes:{meeting.version}"
    else:
        raise ValueError(f"Unknown meeting event {event!r}.")
    return _tell(
        event=event,
        users=users,
        by=by,
        title=title,
        body=body,
        link=site_link("coordination:meeting_detail", meeting.pk),
        government=meeting.government,
        key=key,
    )


def notify_follow_up_event(follow_up, event: str, by) -> int:
    """A follow-up assigned to an agency (its operators and heads; a new owner hears it too) or done (the
    secretariat). Due soon and overdue are ``send_reminders``' (``coordination/reminders.py``)."""
    recipients = government_recipients(government=follow_up.government)
    names = {"agency": follow_up.agency.name, "due": formats.date_format(follow_up.due_on, "j F Y"), "by": _who(by)}
    if event == Event.FOLLOW_UP_ASSIGNED:
        users = _agency_people(recipients, [follow_up.agency_id], Role.AGENCY_OPERATOR, Role.AGENCY_HEAD)
        title = _("Meeting follow-up for %(agency)s, due %(due)s") % names
        key = f"follow-up:{follow_up.pk}:assigned:{follow_up.agency_id}"
    elif event == Event.FOLLOW_UP_DONE:
        users = recipients.of_government(Role.SECRETARIAT)
        title = _("Meeting follow-up done by %(agency)s") % names
        key = f"follow-up:{follow_up.pk}:done:{follow_up.done_on}"
    else:
        raise ValueError(f"Unknown follow-up event {event!r}.")
    body = follow_up.description
    if event == Event.FOLLOW_UP_DONE and follow_up.result:
        body += "\n\n" + _("Result: %(result)s") % {"result": follow_up.result}
    return _tell(
        event=event,
        users=users,
        by=by,
        title=title,
        body=body,
        link=site_link("coordination:follow_up_detail", follow_up.pk),
        government=follow_up.government,
        key=key,
    )
