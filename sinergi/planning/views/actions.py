"""Pages of a plan's actions: propose, read, edit, review, delete, and accept many at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.pages import apply_errors, flash_errors, form_page
from sinergi.organizations.models import Agency
from sinergi.organizations.selectors import history_for
from sinergi.planning import rules, selectors, services
from sinergi.planning.forms import ActionForm, CommentForm, ReasonForm
from sinergi.planning.views.common import _action_crumbs, _plan_crumbs, _proposable_agencies


@login_required
def action_create(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    agencies = _proposable_agencies(request.user, plan)
    if not plan.is_editable or not agencies.exists():
        raise PermissionDenied(_("Your role does not allow adding actions to this plan now."))
    form = ActionForm(request.POST or None, plan=plan, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(plan=plan, by=request.user, **form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Action added. Now give it an indicator and targets."))
            return redirect("planning:indicator_create", pk=action.pk)
    return form_page(
        request,
        form,
        title=_("Add an action"),
        cancel_url=reverse("planning:plan_detail", args=[plan.pk]),
        nav="plans",
        crumbs=_plan_crumbs(plan, (_("New action"), None)),
    )


@login_required
def action_detail(request, pk: int):
    action = selectors.action_get(user=request.user, pk=pk)
    plan = action.plan
    action = selectors.action_queryset(user=request.user, plan=plan).get(pk=action.pk)
    for indicator in action.indicators.all():
        values = {(t.year, t.period): t.value for t in indicator.targets.all()}
        indicator.grid = [(y, [values.get((y, p)) for p in (0, *plan.periods)]) for y in plan.years]
    # Previous and next action of the plan in its order, so a reviewer walks through the review page by page.
    order = list(
        selectors.action_queryset(user=request.user, plan=plan)
        .order_by("field__order", "order", "pk")
        .values_list("pk", flat=True)
    )
    at = order.index(action.pk)
    previous_pk = order[at - 1] if at > 0 else None
    next_pk = order[at + 1] if at + 1 < len(order) else None
    return render(
        request,
        "planning/action_detail.html",
        {
            "plan": plan,
            "action": action,
            "problems": [selectors.PROBLEMS[p] for p in selectors.action_problems(action, plan)],
            "can_edit": rules.can_edit_action(request.user, action),
            "can_manage": rules.can_manage_plan(request.user, plan),
            "can_resubmit": rules.can_resubmit(request.user, action),
            "comments": action.comments.select_related("author"),
            "comment_form": CommentForm(),
            "return_form": ReasonForm(),
            "history": history_for(obj=action)[:50],
            "previous_pk": previous_pk,
            "next_pk": next_pk,
            "position": at + 1,
            "total": len(order),
            "active_nav": "plans",
            "breadcrumbs": _action_crumbs(action),
        },
    )


@login_required
@require_POST
def plan_accept_actions(request, pk: int):
    """Bulk accept from the plan page: every action not yet accepted, or the ticked ones."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    rules.require_manage_plan(request.user, plan)
    ids = [int(i) for i in request.POST.getlist("actions") if i.isdigit()] or None
    try:
        accepted = services.actions_accept(plan=plan, by=request.user, action_ids=ids)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("%(count)d actions accepted.") % {"count": accepted})
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
def action_edit(request, pk: int):
    action = selectors.action_get(user=request.user, pk=pk)
    rules.require_edit_action(request.user, action)
    plan = action.plan
    agencies = _proposable_agencies(request.user, plan) | Agency.objects.filter(pk=action.responsible_agency_id)
    form = ActionForm(request.POST or None, instance=action, plan=plan, agencies=agencies.distinct())
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action, by=request.user, expected_version=form.cleaned_data.get("version"), **form.service_data()
            )
        except services.ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Action saved."))
            return redirect(request.POST.get("next") or reverse("planning:action_detail", args=[action.pk]))
    return form_page(
        request,
        form,
        title=_("Edit action"),
        cancel_url=reverse("planning:action_detail", args=[action.pk]),
        nav="plans",
        crumbs=_action_crumbs(action, (_("Edit"), None)),
    )


@login_required
@require_POST
def action_review(request, pk: int, step: str):
    action = selectors.action_get(user=request.user, pk=pk)
    if step == "resubmit":
        rules.require_resubmit(request.user, action)
    else:
        rules.require_manage_plan(request.user, action.plan)
    try:
        if step == "resubmit":
            services.action_resubmit(action=action, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("The action was resubmitted for review."))
        elif step == "return":
            services.action_return(action=action, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("The action was sent back to its agency."))
        elif step == "accept":
            services.action_accept(action=action, by=request.user)
            messages.success(request, _("Action accepted."))
        else:
            raise Http404
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(request.POST.get("next") or reverse("planning:action_detail", args=[action.pk]))


@login_required
@require_POST
def action_delete(request, pk: int):
    action = selectors.action_get(user=request.user, pk=pk)
    rules.require_edit_action(request.user, action)
    plan = action.plan
    services.action_delete(action=action, by=request.user)
    messages.success(request, _("Action deleted."))
    return redirect("planning:plan_detail", pk=plan.pk)
