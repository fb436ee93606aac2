"""Writes of the coordination app: task forces and their compositions, meetings and their record, follow-ups.

Every write is keyword-only, atomic, validated (``full_clean``) and audited through ``core.services``. Meetings
and follow-ups carry a ``version`` that rises with every change; a caller passing the version it read is refused
(``ConflictError``, 409 in the API) when someone saved in between. Workflow steps are ``TRANSITIONS``.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.coordination.models import (
    AgendaItem,
    Attendance,
    Composition,
    Decision,
    FollowUp,
    FollowUpEvidence,
    Meeting,
    Member,
    TaskForce,
)
from sinergi.core.audit import audit_record
from sinergi.core.files import check_upload
from sinergi.core.models import AuditEntry, EvidenceKind
from sinergi.core.services import model_create, model_delete, model_update
from sinergi.notifications.events import notify_follow_up_event, notify_meeting_event
from sinergi.notifications.models import Event
from sinergi.organizations.selectors import history_for

CARRIED_ITEM_TITLE = "Tindak lanjut rapat sebelumnya"
EDITABLE_MEETING = (Meeting.Status.SCHEDULED, Meeting.Status.HELD)
# step: (allowed from, to, reason required)
TRANSITIONS = {
    "hold": ((Meeting.Status.SCHEDULED,), Meeting.Status.HELD, False),
    "close": ((Meeting.Status.HELD,), Meeting.Status.CLOSED, False),
    "cancel": ((Meeting.Status.SCHEDULED,), Meeting.Status.CANCELLED, True),
    "reopen": ((Meeting.Status.CLOSED,), Meeting.Status.HELD, True),
}
MEETING_FIELDS = (
    "task_force", "region", "kind", "title", "starts_at", "ends_at", "place", "chair_name", "chair_title",
    "letter_number", "letter_date", "summary",
)  # fmt: skip
FOLLOW_UP_PROGRESS_FIELDS = ("status", "result", "done_on", "dropped_reason")
FOLLOW_UP_FIELDS = ("agency", "description", "due_on", *FOLLOW_UP_PROGRESS_FIELDS)


class ConflictError(Exception):
    """Someone else saved the record after the caller read it, or the step was already taken."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _conflict_message(obj) -> str:
    last = history_for(obj=obj).first()
    who = last.actor_label if last else _("someone else")
    when = timezone.localtime(last.at).strftime("%d-%m-%Y %H:%M") if last else ""
    return _("Changed by %(who)s at %(when)s after you opened it. Reload to see their change, then edit again.") % {
        "who": who,
        "when": when,
    }


def _bump(obj) -> None:
    type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1)
    obj.refresh_from_db(fields=["version"])


def _check_version(obj, expected_version) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise ConflictError(_conflict_message(obj))


def _pick(fields: dict, allowed) -> dict:
    picked = {k: v for k, v in fields.items() if k in allowed}
    if isinstance(picked.get("place"), str):
        picked["place"] = " ".join(picked["place"].split())  # compared case-insensitively for overlaps
    return picked


def _same_government(government_id, objects, field: str) -> None:
    for obj in objects:
        if obj is not None and obj.government_id != government_id:
            raise ValidationError({field: _("%(name)s belongs to another government.") % {"name": obj}})


# --- task forces ---------------------------------------------------------------------------------------------


def task_force_create(*, government, by, name: str, region=None) -> TaskForce:
    if region is not None and not (region.code.startswith(government.region_id + ".") and region.level == 3):
        raise ValidationError({"region": _("Choose a kecamatan of this government.")})
    return model_create(instance=TaskForce(government=government, region=region, name=name), by=by)


def _attach_sk_file(composition: Composition, upload) -> None:
    checked = check_upload(upload, field="sk_file")
    composition.sk_file.save("sk", File(upload), save=False)
    composition.sk_file_name = checked.name


@transaction.atomic
def composition_create(*, task_force: TaskForce, by, copy_members: bool = False, sk_file=None, **fields) -> Composition:
    """A new composition by decree. The one in force until then ends the day before (if it had no end, or a later
    one); with ``copy_members`` its members are copied as the starting point."""
    allowed = ("sk_number", "sk_date", "valid_from", "valid_until", "notes")
    composition = Composition(task_force=task_force, **_pick(fields, allowed))
    composition.full_clean(exclude=["sk_file"])
    previous = (
        task_force.compositions.filter(valid_from__lt=composition.valid_from).order_by("-valid_from", "-pk").first()
    )
    if sk_file is not None:
        _attach_sk_file(composition, sk_file)
    model_create(instance=composition, by=by)
    if previous is not None:
        day_before = date.fromordinal(composition.valid_from.toordinal() - 1)
        if previous.valid_until is None or previous.valid_until > day_before:
            model_update(instance=previous, data={"valid_until": day_before}, by=by, reason=composition.sk_number)
        if copy_members:
            for member in previous.members.order_by("order", "pk"):
                model_create(
                    instance=Member(
                        composition=composition,
                        position=member.position,
                        field=member.field,
                        agency_id=member.agency_id,
                        person_name=member.person_name,
                        person_title=member.person_title,
                        order=member.order,
                    ),
                    by=by,
                )
    return composition


@transaction.atomic
def composition_update(*, composition: Composition, by, sk_file=None, **fields) -> list[str]:
    allowed = ("sk_number", "sk_date", "valid_from", "valid_until", "notes")
    data = _pick(fields, allowed)
    if sk_file is not None:
        old = composition.sk_file.name
        _attach_sk_file(composition, sk_file)
        data["sk_file"] = composition.sk_file.name
        data["sk_file_name"] = composition.sk_file_name
        if old:
            storage = composition.sk_file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return model_update(instance=composition, data=data, by=by)


def composition_delete(*, composition: Composition, by) -> None:
    stored = composition.sk_file.name
    storage = composition.sk_file.storage
    model_delete(instance=composition, by=by)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


MEMBER_FIELDS = ("position", "field", "agency", "person_name", "person_title", "order")


def member_add(*, composition: Composition, by, **fields) -> Member:
    member = Member(composition=composition, **_pick(fields, MEMBER_FIELDS))
    _same_government(composition.task_force.government_id, [getattr(member, "agency", None)], "agency")
    if "order" not in fields:
        member.order = (composition.members.aggregate(m=Max("order"))["m"] or 0) + 1
    return model_create(instance=member, by=by)


def member_update(*, member: Member, by, **fields) -> list[str]:
    data = _pick(fields, MEMBER_FIELDS)
    if "agency" in data:
        _same_government(member.composition.task_force.government_id, [data["agency"]], "agency")
    return model_update(instance=member, data=data, by=by)


def member_remove(*, member: Member, by) -> None:
    model_delete(instance=member, by=by)


# --- meetings ------------------------------------------------------------------------------------------------


def _require_editable(meeting: Meeting) -> None:
    if meeting.status not in EDITABLE_MEETING:
        raise ValidationError(
            {
                "status": _("This meeting is %(status)s; its record can no longer be changed.")
                % {"status": meeting.get_status_display().lower()}
            }
        )


def _check_meeting_links(government, task_force, region, invited_agencies) -> None:
    if task_force is not None and task_force.government_id != government.pk:
        raise ValidationError({"task_force": _("This task force belongs to another government.")})
    if region is not None and not region.code.startswith(government.region_id + "."):
        raise ValidationError({"region": _("The place must lie inside %(government)s.") % {"government": government}})
    _same_government(government.pk, invited_agencies, "invited_agencies")


@transaction.atomic
def meeting_create(*, government, by, invited_agencies=(), agenda=(), **fields) -> Meeting:
    """Schedule a meeting. Its agenda starts with "Tindak lanjut rapat sebelumnya" (carrying the open follow-ups
    of earlier meetings), followed by the ``agenda`` titles given. Overlaps are not refused: see
    ``selectors.overlap_warnings``."""
    data = _pick(fields, MEETING_FIELDS)
    _check_meeting_links(government, data.get("task_force"), data.get("region"), invited_agencies)
    meeting = Meeting(government=government, created_by=by, status=Meeting.Status.SCHEDULED, **data)
    model_create(instance=meeting, by=by)
    meeting.invited_agencies.set(invited_agencies)
    model_create(
        instance=AgendaItem(meeting=meeting, order=1, title=CARRIED_ITEM_TITLE, carries_follow_ups=True), by=by
    )
    for order, title in enumerate((t.strip() for t in agenda if t and t.strip()), start=2):
        model_create(instance=AgendaItem(meeting=meeting, order=order, title=title), by=by)
    notify_meeting_event(meeting, Event.MEETING_INVITED, by)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, by, expected_version: int | None = None, invited_agencies=None, **fields
) -> list[str]:
    meeting = Meeting.objects.select_for_update().select_related("government").get(pk=meeting.pk)
    _check_version(meeting, expected_version)
    _require_editable(meeting)
    data = _pick(fields, MEETING_FIELDS)
    _check_meeting_links(meeting.government, data.get("task_force"), data.get("region"), invited_agencies or ())
    changed = model_update(instance=meeting, data=data, by=by)
    if invited_agencies is not None:
        before = set(meeting.invited_agencies.values_list("pk", flat=True))
        after = {a.pk for a in invited_agencies}
        if before != after:
            meeting.invited_agencies.set(invited_agencies)
            audit_record(
                obj=meeting,
                action=AuditEntry.Action.UPDATE,
                by=by,
                before={"invited_agencies": sorted(before)},
                after={"invited_agencies": sorted(after)},
            )
            changed.append("invited_agencies")
    if changed:
        _bump(meeting)
    if "invited_agencies" in changed and meeting.status == Meeting.Status.SCHEDULED:
        notify_meeting_event(meeting, Event.MEETING_INVITED, by)  # the key tells only the newly invited
    return changed


@transaction.atomic
def meeting_transition(*, meeting: Meeting, step: str, by, reason: str = "") -> Meeting:
    """Take a workflow step; the row is locked so two people acting at once cannot both take it."""
    if step not in TRANSITIONS:
        raise ValidationError({"step": _("Unknown step.")})
    allowed_from, to, needs_reason = TRANSITIONS[step]
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status not in allowed_from:
        raise ConflictError(
            _("The meeting is %(status)s; nothing was changed.") % {"status": locked.get_status_display().lower()}
        )
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if step == "hold" and locked.starts_at > timezone.now():
        raise ValidationError({"status": _("A meeting that has not started yet cannot be recorded as held.")})
    before = {"status": locked.status}
    locked.status = to
    locked.version = F("version") + 1
    locked.save(update_fields=["status", "version", "updated_at"])
    locked.refresh_from_db()
    audit_record(
        obj=locked, action=AuditEntry.Action.TRANSITION, by=by, before=before, after={"status": to}, reason=reason
    )
    if step == "close":
        notify_meeting_event(locked, Event.MINUTES_PUBLISHED, by)
    return locked


# --- agenda, attendance, decisions ---------------------------------------------------------------------------


def agenda_item_add(*, meeting: Meeting, by, title: str, presenter: str = "", minutes: str = "") -> AgendaItem:
    _require_editable(meeting)
    order = (meeting.agenda.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, order=order, title=title, presenter=presenter, minutes=minutes)
    return model_create(instance=item, by=by)


def agenda_item_update(*, item: AgendaItem, by, **fields) -> list[str]:
    _require_editable(item.meeting)
    return model_update(instance=item, data=_pick(fields, ("title", "presenter", "minutes", "order")), by=by)


def agenda_item_remove(*, item: AgendaItem, by) -> None:
    _require_editable(item.meeting)
    model_delete(instance=item, by=by)


def attendance_add(
    *, meeting: Meeting, by, name: str, agency=None, institution: str = "", position: str = ""
) -> Attendance:
    """Record someone present. An agency that was not invited may attend: the row is marked ``invited=False``
    (as is anyone from outside the agency directory)."""
    _require_editable(meeting)
    if agency is None and not (institution or "").strip():
        raise ValidationError({"agency": _("Choose the agency, or name the institution.")})
    _same_government(meeting.government_id, [agency], "agency")
    invited = agency is not None and meeting.invited_agencies.filter(pk=agency.pk).exists()
    row = Attendance(
        meeting=meeting, agency=agency, institution=institution, name=name, position=position, invited=invited
    )
    return model_create(instance=row, by=by)


def attendance_remove(*, attendance: Attendance, by) -> None:
    _require_editable(attendance.meeting)
    model_delete(instance=attendance, by=by)


@transaction.atomic
def decision_add(*, meeting: Meeting, by, text: str, agenda_item=None, follow_ups=()) -> Decision:
    """Record a decision and the follow-ups it creates (each a dict of ``follow_up_add``'s fields)."""
    _require_editable(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})
    order = (meeting.decisions.aggregate(m=Max("order"))["m"] or 0) + 1
    decision = model_create(instance=Decision(meeting=meeting, agenda_item=agenda_item, order=order, text=text), by=by)
    for spec in follow_ups:
        follow_up_add(decision=decision, by=by, **spec)
    return decision


def decision_update(*, decision: Decision, by, **fields) -> list[str]:
    _require_editable(decision.meeting)
    data = _pick(fields, ("text", "agenda_item", "order"))
    if data.get("agenda_item") is not None and data["agenda_item"].meeting_id != decision.meeting_id:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})
    return model_update(instance=decision, data=data, by=by)


def decision_remove(*, decision: Decision, by) -> None:
    _require_editable(decision.meeting)
    if decision.follow_ups.exclude(status=FollowUp.Status.OPEN).exists():
        raise ValidationError({"decision": _("Some of its follow-ups are already under way; drop them instead.")})
    model_delete(instance=decision, by=by)


# --- follow-ups ----------------------------------------------------------------------------------------------


def _meeting_date(meeting: Meeting) -> date:
    return timezone.localtime(meeting.starts_at).date()


def _validate_follow_up(follow_up: FollowUp) -> None:
    errors = {}
    meeting = follow_up.decision.meeting
    if follow_up.due_on and follow_up.due_on < _meeting_date(meeting):
        errors["due_on"] = _("The due date cannot be before the meeting (%(date)s).") % {
            "date": _meeting_date(meeting).strftime("%d-%m-%Y")
        }
    if follow_up.agency_id and follow_up.agency.government_id != meeting.government_id:
        errors["agency"] = _("The owner agency must belong to this government.")
    if follow_up.status == FollowUp.Status.DONE:
        if not (follow_up.result or "").strip():
            errors["result"] = _("Describe the result before marking the follow-up done.")
        if follow_up.done_on and follow_up.done_on > timezone.localdate():
            errors["done_on"] = _("The date it was done cannot be in the future.")
    if follow_up.status == FollowUp.Status.DROPPED and not (follow_up.dropped_reason or "").strip():
        errors["dropped_reason"] = _("Give the reason for dropping the follow-up.")
    if errors:
        raise ValidationError(errors)


def _check_links(government_id, actions, reports) -> None:
    for action in actions or ():
        if action.government_id != government_id:
            raise ValidationError({"actions": _("The RAD action must belong to this government.")})
    for report in reports or ():
        if report.government_id != government_id:
            raise ValidationError({"reports": _("The report must belong to this government.")})


@transaction.atomic
def follow_up_add(*, decision: Decision, by, actions=(), reports=(), **fields) -> FollowUp:
    meeting = decision.meeting
    _require_editable(meeting)
    follow_up = FollowUp(
        decision=decision, government_id=meeting.government_id, **_pick(fields, ("agency", "description", "due_on"))
    )
    follow_up.full_clean()
    _validate_follow_up(follow_up)
    _check_links(meeting.government_id, actions, reports)
    model_create(instance=follow_up, by=by)
    follow_up.actions.set(actions)
    follow_up.reports.set(reports)
    notify_follow_up_event(follow_up, Event.FOLLOW_UP_ASSIGNED, by)
    return follow_up


@transaction.atomic
def follow_up_update(
    *, follow_up: FollowUp, by, expected_version: int | None = None, actions=None, reports=None, **fields
) -> list[str]:
    """Change a follow-up. Done needs a result (and takes today as its date unless given); dropped needs a reason.

    The caller decides who may change which fields (``rules``): owner agency operators only the progress fields.
    """
    follow_up = FollowUp.objects.select_for_update().select_related("decision__meeting", "agency").get(pk=follow_up.pk)
    _check_version(follow_up, expected_version)
    data = _pick(fields, FOLLOW_UP_FIELDS)
    for text in ("result", "dropped_reason", "description"):
        if text in data and data[text] is None:
            data[text] = ""
    status = data.get("status", follow_up.status)
    if status == FollowUp.Status.DONE and not data.get("done_on") and not follow_up.done_on:
        data["done_on"] = timezone.localdate()
    if status != FollowUp.Status.DONE and "status" in data:
        data["done_on"] = None
    probe = FollowUp(**{**{f: getattr(follow_up, f) for f in FOLLOW_UP_FIELDS}, **data})
    probe.decision = follow_up.decision
    _validate_follow_up(probe)
    _check_links(follow_up.government_id, actions, reports)
    changed = model_update(instance=follow_up, data=data, by=by)
    for name, values in (("actions", actions), ("reports", reports)):
        if values is not None:
            manager = getattr(follow_up, name)
            before = sorted(manager.values_list("pk", flat=True))
            after = sorted(v.pk for v in values)
            if before != after:
                manager.set(values)
                audit_record(
                    obj=follow_up, action=AuditEntry.Action.UPDATE, by=by, before={name: before}, after={name: after}
                )
                changed.append(name)
    if changed:
        _bump(follow_up)
    if "agency" in changed:
        notify_follow_up_event(follow_up, Event.FOLLOW_UP_ASSIGNED, by)
    if "status" in changed and follow_up.status == FollowUp.Status.DONE:
        notify_follow_up_event(follow_up, Event.FOLLOW_UP_DONE, by)
    return changed


@transaction.atomic
def evidence_add(*, follow_up: FollowUp, upload, by, kind: str = EvidenceKind.OTHER) -> FollowUpEvidence:
    """Store a file proving the follow-up was done, after checking its real content and size."""
    checked = check_upload(upload)
    evidence = FollowUpEvidence(
        follow_up=follow_up,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        kind=kind,
        uploaded_by=by,
    )
    evidence.file.save("bukti", File(upload), save=False)
    model_create(instance=evidence, by=by)
    _bump(follow_up)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: FollowUpEvidence, by) -> None:
    stored = evidence.file
    follow_up = evidence.follow_up
    model_delete(instance=evidence, by=by)
    _bump(follow_up)
    transaction.on_commit(lambda: stored.delete(save=False))
