"""Pages of follow-ups: the list (filters and export), and one follow-up with its progress and evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.coordination import rules, selectors, services
from sinergi.coordination.forms import FollowUpEditForm, FollowUpEvidenceForm, FollowUpProgressForm, current_agencies
from sinergi.coordination.models import FollowUp
from sinergi.core.files import download
from sinergi.core.lists import EXPORT_FORMATS, export_response, paginate
from sinergi.core.pages import apply_errors, current_government, flash_errors, form_page
from sinergi.organizations.selectors import history_for

FOLLOW_UP_COLUMNS = [
    (_("Meeting"), lambda f: f.decision.meeting.title),
    (_("Meeting date"), lambda f: f.decision.meeting.starts_at),
    (_("Decision"), lambda f: f.decision.text),
    (_("Owner agency"), lambda f: f.agency.name),
    (_("What is to be done"), lambda f: f.description),
    (_("Due date"), lambda f: f.due_on),
    (_("Status"), lambda f: f.get_status_display()),
    (_("Done on"), lambda f: f.done_on),
    (_("Result"), lambda f: f.result),
]


def _crumbs(follow_up=None):
    crumbs = [(_("Follow-ups"), reverse("coordination:follow_up_list"))]
    if follow_up is not None:
        crumbs.append((str(follow_up)[:60], reverse("coordination:follow_up_detail", args=[follow_up.pk])))
    return crumbs


@login_required
def follow_up_list(request):
    government = current_government(request)
    q, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    agency = request.GET.get("agency", "")
    overdue = request.GET.get("overdue") == "1"
    follow_ups = selectors.follow_up_list(
        user=request.user,
        government_id=government.pk,
        q=q,
        status=status,
        agency_id=int(agency) if agency.isdigit() else None,
        overdue=overdue,
    ).select_related("decision")
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename="tindak-lanjut", columns=FOLLOW_UP_COLUMNS, rows=follow_ups, fmt=request.GET["export"]
        )
    agencies = current_agencies(government).filter(
        pk__in=selectors.follow_up_queryset(user=request.user).values("agency_id")
    )
    return render(
        request,
        "coordination/follow_up_list.html",
        {
            "page": paginate(request, follow_ups),
            "q": q,
            "status": status,
            "agency": agency,
            "overdue": overdue,
            "agencies": agencies,
            "statuses": FollowUp.Status.choices,
            "today": timezone.localdate(),
            "active_nav": "coordination",
            "active_tab": "follow_ups",
            "breadcrumbs": [(_("Follow-ups"), None)],
        },
    )


@login_required
def follow_up_detail(request, pk: int):
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    can_update = rules.can_update_follow_up(request.user, follow_up)
    form = FollowUpProgressForm(request.POST or None, instance=follow_up, prefix="progres")
    evidence_form = FollowUpEvidenceForm()
    if request.method == "POST":
        rules.require(can_update, _("Only the owner agency's operators and the secretariat update this follow-up."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("edit_token", None)
            try:
                services.follow_up_update(follow_up=follow_up, by=request.user, **data)
            except services.ConflictError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Follow-up updated."))
                return redirect("coordination:follow_up_detail", pk=follow_up.pk)
        follow_up.refresh_from_db()
    return render(
        request,
        "coordination/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "meeting": follow_up.decision.meeting,
            "can_update": can_update,
            "can_manage": rules.can_manage(request.user, follow_up.government_id),
            "form": form if can_update else None,
            "evidence_form": evidence_form if can_update else None,
            "evidence": list(follow_up.evidence.select_related("uploaded_by")),
            "actions": list(follow_up.actions.select_related("plan")),
            "reports": list(follow_up.reports.select_related("period", "action")),
            "overdue": follow_up.status in selectors.OPEN_STATUSES and follow_up.due_on < timezone.localdate(),
            "history": history_for(obj=follow_up)[:30],
            "active_nav": "coordination",
            "active_tab": "follow_ups",
            "breadcrumbs": [*_crumbs(), (str(follow_up)[:60], None)],
        },
    )


@login_required
def follow_up_edit(request, pk: int):
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    rules.require(rules.can_manage(request.user, follow_up.government_id), _("Only the secretariat changes this."))
    form = FollowUpEditForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("edit_token", None)
        try:
            services.follow_up_update(follow_up=follow_up, by=request.user, **data)
        except services.ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Follow-up saved."))
            return redirect("coordination:follow_up_detail", pk=follow_up.pk)
    return form_page(
        request,
        form,
        title=_("Edit follow-up"),
        cancel_url=reverse("coordination:follow_up_detail", args=[follow_up.pk]),
        nav="coordination",
        crumbs=_crumbs(follow_up),
    )


@login_required
@require_POST
def evidence_add(request, pk: int):
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    rules.require(rules.can_update_follow_up(request.user, follow_up))
    form = FollowUpEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(follow_up=follow_up, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Evidence attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("coordination:follow_up_detail", pk=follow_up.pk)


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    rules.require(rules.can_update_follow_up(request.user, evidence.follow_up))
    services.evidence_remove(evidence=evidence, by=request.user)
    messages.success(request, _("Evidence removed."))
    return redirect("coordination:follow_up_detail", pk=evidence.follow_up_id)


@login_required
def evidence_download(request, pk):
    """An evidence file, only for those who may see its follow-up; an attachment with its checked type."""
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    return download(evidence.file, name=evidence.name, content_type=evidence.content_type)
