"""Pages of meetings: the list, the form, and the meeting page with its agenda, attendance and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.coordination import rules, selectors, services
from sinergi.coordination.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    FollowUpFields,
    MeetingForm,
    current_agencies,
    default_meeting_start,
)
from sinergi.coordination.models import Meeting
from sinergi.core.lists import EXPORT_FORMATS, export_response, paginate
from sinergi.core.pages import apply_errors, current_government, flash_errors, form_page

MEETING_COLUMNS = [
    (_("Date"), lambda m: m.starts_at),
    (_("Kind"), lambda m: m.get_kind_display()),
    (_("Title"), lambda m: m.title),
    (_("Place"), lambda m: m.place),
    (_("Chaired by"), lambda m: m.chair_name),
    (_("Letter number"), lambda m: m.letter_number),
    (_("Attendance"), lambda m: m.headcount),
    (_("Decisions"), lambda m: m.decision_count),
    (_("Status"), lambda m: m.get_status_display()),
]


def _crumbs(meeting=None):
    crumbs = [(_("Meetings"), reverse("coordination:meeting_list"))]
    if meeting is not None:
        crumbs.append((meeting.title[:60], reverse("coordination:meeting_detail", args=[meeting.pk])))
    return crumbs


def _year(value: str):
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@login_required
def meeting_list(request):
    government = current_government(request)
    q, kind, status = request.GET.get("q", "").strip(), request.GET.get("kind", ""), request.GET.get("status", "")
    year = _year(request.GET.get("year", ""))
    meetings = selectors.meeting_list(
        user=request.user, government_id=government.pk, q=q, kind=kind, status=status, year=year
    )
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(filename="rapat", columns=MEETING_COLUMNS, rows=meetings, fmt=request.GET["export"])
    return render(
        request,
        "coordination/meeting_list.html",
        {
            "page": paginate(request, meetings),
            "q": q,
            "kind": kind,
            "status": status,
            "year": year,
            "years": selectors.meeting_years(user=request.user, government_id=government.pk),
            "kinds": Meeting.Kind.choices,
            "statuses": Meeting.Status.choices,
            "can_create": rules.can_manage(request.user, government.pk),
            "active_nav": "coordination",
            "active_tab": "meetings",
            "breadcrumbs": [(_("Meetings"), None)],
        },
    )


def _meeting_data(form):
    data = dict(form.cleaned_data)
    data.pop("edit_token", None)
    data.pop("invite_groups", None)
    agenda = [line for line in data.pop("agenda_lines", "").splitlines() if line.strip()]
    return data, agenda


def _warn_overlaps(request, meeting):
    for warning in selectors.overlap_warnings(meeting):
        messages.warning(request, _("Warning: %(warning)s") % {"warning": warning})


@login_required
def meeting_create(request):
    government = current_government(request)
    rules.require(rules.can_manage(request.user, government.pk), _("Only the secretariat schedules meetings."))
    form = MeetingForm(request.POST or None, government=government, initial={"starts_at": default_meeting_start()})
    if request.method == "POST" and form.is_valid():
        data, agenda = _meeting_data(form)
        try:
            meeting = services.meeting_create(government=government, by=request.user, agenda=agenda, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting scheduled."))
            _warn_overlaps(request, meeting)
            return redirect("coordination:meeting_detail", pk=meeting.pk)
    return form_page(
        request,
        form,
        title=_("Schedule a meeting"),
        cancel_url=reverse("coordination:meeting_list"),
        nav="coordination",
        crumbs=[*_crumbs(), (_("New"), None)],
    )


@login_required
def meeting_edit(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_meeting(request.user, meeting), _("Only the secretariat changes meetings."))
    form = MeetingForm(request.POST or None, instance=meeting, government=meeting.government)
    if request.method == "POST" and form.is_valid():
        data, _agenda = _meeting_data(form)
        try:
            services.meeting_update(meeting=meeting, by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            _warn_overlaps(request, meeting)
            return redirect("coordination:meeting_detail", pk=meeting.pk)
    return form_page(
        request,
        form,
        title=_("Edit meeting"),
        cancel_url=reverse("coordination:meeting_detail", args=[meeting.pk]),
        nav="coordination",
        crumbs=_crumbs(meeting),
    )


@login_required
def meeting_detail(request, pk: int, *, attendance_form=None, decision_form=None, agenda_form=None):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    can_manage = rules.can_manage_meeting(request.user, meeting)
    editable = can_manage and meeting.status in services.EDITABLE_MEETING
    attendance = list(selectors.attendance_of(meeting))
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "editable": editable,
        "warnings": selectors.overlap_warnings(meeting) if meeting.status != Meeting.Status.CANCELLED else [],
        "agenda": list(selectors.agenda_of(meeting)),
        "attendance": attendance,
        "headcount": len(attendance),
        "agency_count": len({a.agency_id or a.institution for a in attendance}),
        "invited": list(meeting.invited_agencies.order_by("name")),
        "decisions": list(selectors.decisions_of(user=request.user, meeting=meeting)),
        "previous_follow_ups": list(selectors.previous_follow_ups(user=request.user, meeting=meeting)[:200]),
        "steps": [s for s, (allowed, _to, _r) in services.TRANSITIONS.items() if meeting.status in allowed]
        if can_manage
        else [],
        "history": selectors.meeting_history(meeting=meeting)[:40],
        "show_types": True,
        "today": timezone.localdate(),
        "active_nav": "coordination",
        "active_tab": "meetings",
        "breadcrumbs": [*_crumbs(), (meeting.title[:60], None)],
    }
    if editable:
        government = meeting.government
        context["attendance_form"] = attendance_form or AttendanceForm(government=government)
        context["decision_form"] = decision_form or DecisionForm(meeting=meeting)
        context["agenda_form"] = agenda_form or AgendaItemForm(prefix="agenda")
        context["owner_agencies"] = list(current_agencies(government).only("pk", "name"))
    return render(request, "coordination/meeting_detail.html", context)


STEP_MESSAGES = {
    "hold": _("The meeting is recorded as held."),
    "close": _("The meeting is closed."),
    "cancel": _("The meeting is cancelled."),
    "reopen": _("The meeting is reopened."),
}


@login_required
@require_POST
def meeting_step(request, pk: int, step: str):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if step not in services.TRANSITIONS:
        raise Http404
    rules.require(rules.can_manage_meeting(request.user, meeting), _("Only the secretariat changes meetings."))
    try:
        services.meeting_transition(meeting=meeting, step=step, by=request.user, reason=request.POST.get("reason", ""))
    except services.ConflictError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, STEP_MESSAGES[step])
    return redirect("coordination:meeting_detail", pk=meeting.pk)


def _managed_meeting(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_meeting(request.user, meeting), _("Only the secretariat changes meetings."))
    return meeting


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agenda item added."))
            return redirect("coordination:meeting_detail", pk=meeting.pk)
    return meeting_detail(request, meeting.pk, agenda_form=form)


@login_required
def agenda_edit(request, pk: int):
    item = selectors.agenda_item_get(user=request.user, pk=pk)
    meeting = item.meeting
    rules.require(rules.can_manage_meeting(request.user, meeting), _("Only the secretariat changes meetings."))
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect(reverse("coordination:meeting_detail", args=[meeting.pk]) + f"#agenda-{item.pk}")
    return form_page(
        request,
        form,
        title=_("Agenda item and minutes"),
        cancel_url=reverse("coordination:meeting_detail", args=[meeting.pk]),
        nav="coordination",
        crumbs=_crumbs(meeting),
    )


@login_required
@require_POST
def agenda_remove(request, pk: int):
    item = selectors.agenda_item_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_meeting(request.user, item.meeting), _("Only the secretariat changes meetings."))
    try:
        services.agenda_item_remove(item=item, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Agenda item removed."))
    return redirect("coordination:meeting_detail", pk=item.meeting_id)


@login_required
@require_POST
def attendance_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = AttendanceForm(request.POST, government=meeting.government)
    if form.is_valid():
        try:
            row = services.attendance_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Attendance recorded."))
            if not row.invited and row.agency_id:
                messages.warning(request, _("%(agency)s was not invited.") % {"agency": row.agency.name})
            return redirect(reverse("coordination:meeting_detail", args=[meeting.pk]) + "#kehadiran")
    return meeting_detail(request, meeting.pk, attendance_form=form)


@login_required
@require_POST
def attendance_remove(request, pk: int):
    row = selectors.attendance_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_meeting(request.user, row.meeting), _("Only the secretariat changes meetings."))
    try:
        services.attendance_remove(attendance=row, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Attendance removed."))
    return redirect(reverse("coordination:meeting_detail", args=[row.meeting_id]) + "#kehadiran")


@login_required
@require_POST
def decision_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        follow_up = form.follow_up()
        try:
            services.decision_add(
                meeting=meeting,
                by=request.user,
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
                follow_ups=[follow_up] if follow_up else [],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(reverse("coordination:meeting_detail", args=[meeting.pk]) + "#keputusan")
    return meeting_detail(request, meeting.pk, decision_form=form)


@login_required
@require_POST
def decision_remove(request, pk: int):
    decision = selectors.decision_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_meeting(request.user, decision.meeting), _("Only the secretariat changes meetings."))
    try:
        services.decision_remove(decision=decision, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Decision removed."))
    return redirect(reverse("coordination:meeting_detail", args=[decision.meeting_id]) + "#keputusan")


@login_required
@require_POST
def follow_up_add(request, pk: int):
    decision = selectors.decision_get(user=request.user, pk=pk)
    meeting = decision.meeting
    rules.require(rules.can_manage_meeting(request.user, meeting), _("Only the secretariat changes meetings."))
    form = FollowUpFields(request.POST, government=meeting.government, prefix="tl")
    if form.is_valid() and form.follow_up():
        try:
            services.follow_up_add(decision=decision, by=request.user, **form.follow_up())
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Follow-up added."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}")
        if form.is_valid():
            messages.error(request, _("Choose the owner agency, describe the task and give a due date."))
    return redirect(reverse("coordination:meeting_detail", args=[meeting.pk]) + "#keputusan")
