"""Pages of a regional plan: the list, a new plan, its page, workflow steps, adoption, sign-off, comments,
coverage and comparison.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.pages import apply_errors, current_government, flash_errors, form_page
from sinergi.core.scope import scope_for
from sinergi.organizations.models import Agency
from sinergi.organizations.rules import require_manage_government
from sinergi.organizations.selectors import history_for
from sinergi.planning import rules, selectors, services
from sinergi.planning.forms import AdoptForm, CommentForm, PlanCreateForm
from sinergi.planning.imports import can_import
from sinergi.planning.models import BudgetSource, Field, ReviewState
from sinergi.planning.views.common import _plan_crumbs, _proposable_agencies


@login_required
def plan_list(request):
    government = current_government(request)
    plans = selectors.plan_list(user=request.user, government_id=government.pk)
    return render(
        request,
        "planning/plan_list.html",
        {
            "plans": plans,
            "government": government,
            "can_manage": scope_for(request.user).can_manage(government.pk),
            "active_nav": "plans",
            "breadcrumbs": [(_("Action plans"), None)],
        },
    )


@login_required
def plan_create(request):
    government = current_government(request)
    require_manage_government(request.user, government.pk)
    form = PlanCreateForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["carry_forward_from"]:
                plan = services.plan_carry_forward(
                    plan=data["carry_forward_from"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    title=data["title"],
                    by=request.user,
                )
            else:
                plan = services.plan_create(
                    government=government,
                    national_plan=data["national_plan"],
                    title=data["title"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    period_kind=data["period_kind"],
                    head_signoff_required=data["head_signoff_required"],
                    by=request.user,
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Plan %(plan)s started as a draft.") % {"plan": plan})
            return redirect("planning:plan_detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("Start an action plan"),
        cancel_url=reverse("planning:plan_list"),
        nav="plans",
        crumbs=[(_("Action plans"), reverse("planning:plan_list")), (_("New"), None)],
    )


def _filtered_actions(request, plan):
    actions = list(selectors.action_queryset(user=request.user, plan=plan))
    for action in actions:
        action.plan = plan  # every row belongs to this plan; saves a query per row
    filters = {
        "agency": request.GET.get("agency", ""),
        "field": request.GET.get("field", ""),
        "state": request.GET.get("state", ""),
        "problems": request.GET.get("problems", ""),
        "q": request.GET.get("q", "").strip(),
    }
    problems = {a.pk: selectors.action_problems(a, plan) for a in actions}
    shown = [
        a
        for a in actions
        if (not filters["agency"] or str(a.responsible_agency_id) == filters["agency"])
        and (not filters["field"] or str(a.field_id) == filters["field"])
        and (not filters["state"] or a.review_state == filters["state"])
        and (not filters["problems"] or bool(problems[a.pk]) == (filters["problems"] == "yes"))
        and (not filters["q"] or filters["q"].lower() in a.title.lower())
    ]
    return actions, shown, problems, filters


@login_required
def plan_detail(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    actions, shown, problems, filters = _filtered_actions(request, plan)
    groups = {}
    for action in shown:
        action.problem_labels = [selectors.PROBLEMS[p] for p in problems[action.pk]]
        action.can_edit = rules.can_edit_action(request.user, action) if plan.is_editable else False
        groups.setdefault(action.field, []).append(action)
    can_manage = rules.can_manage_plan(request.user, plan)
    signable = [a for a in {x.responsible_agency for x in actions} if rules.can_sign_off(request.user, plan, a.pk)]
    signed = {s.agency_id for s in plan.signoffs.all()}
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "groups": groups,
            "action_count": len(actions),
            "shown_count": len(shown),
            "problem_count": sum(1 for a in actions if problems[a.pk]),
            "budget_total": sum((a.budget or 0) for a in actions),
            "filters": filters,
            "agencies": sorted({a.responsible_agency for a in actions}, key=lambda a: a.name),
            "fields": Field.objects.filter(national_plan=plan.national_plan),
            "states": ReviewState.choices,
            "budget_sources": BudgetSource.choices,
            "can_manage": can_manage,
            "coverage_open": scope_for(request.user).reads_government(plan.government),
            "can_propose": plan.is_editable and _proposable_agencies(request.user, plan).exists(),
            "can_import": can_import(request.user, plan),
            "signable": [(a, a.pk in signed) for a in signable],
            "comments": plan.comments.filter(action__isnull=True).select_related("author"),
            "comment_form": CommentForm(),
            "history": history_for(obj=plan)[:30],
            "other_plans": selectors.plan_list(user=request.user, government_id=plan.government_id).exclude(pk=plan.pk),
            "active_nav": "plans",
            "breadcrumbs": _plan_crumbs(plan),
        },
    )


PLAN_STEPS = {
    "submit": lambda plan, by, data: services.plan_submit_for_review(plan=plan, by=by),
    "reopen": lambda plan, by, data: services.plan_reopen_draft(plan=plan, by=by, reason=data.get("reason", "")),
    "generic": lambda plan, by, data: services.plan_add_generic_actions(plan=plan, by=by),
}


@login_required
@require_POST
def plan_step(request, pk: int, step: str):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if step not in PLAN_STEPS:
        raise Http404
    rules.require_manage_plan(request.user, plan)
    try:
        result = PLAN_STEPS[step](plan, request.user, request.POST)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if step == "generic":
            messages.success(request, _("%(count)s generic actions added.") % {"count": result})
        else:
            messages.success(request, _("The plan is now: %(status)s.") % {"status": plan.get_status_display()})
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_revise(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    rules.require_manage_plan(request.user, plan)
    try:
        new = services.plan_revise(plan=plan, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("planning:plan_detail", pk=plan.pk)
    messages.success(request, _("Version %(version)s started as a draft.") % {"version": new.version})
    return redirect("planning:plan_detail", pk=new.pk)


@login_required
@require_POST
def plan_signoff(request, pk: int, agency_id: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not rules.can_sign_off(request.user, plan, agency_id):
        raise PermissionDenied(_("Only the head of that agency may sign off its part."))
    try:
        services.agency_signoff(plan=plan, agency=get_object_or_404(Agency, pk=agency_id), by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Your agency's part is signed off."))
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
def plan_adopt(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    rules.require_manage_plan(request.user, plan)
    open_counts = services.open_review_counts(plan)
    form = AdoptForm(request.POST or None, request.FILES or None, open_counts=open_counts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_adopt(
                plan=plan, by=request.user, kind=data["kind"], number=data["number"], on=data["on"],
                document=data["document"], confirm_reason=data.get("confirm_reason", ""),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan is adopted and can no longer be changed."))
            return redirect("planning:plan_detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=_("Adopt %(plan)s") % {"plan": plan},
        intro=_("Once adopted the plan is read-only; later changes go into a new version."),
        warning=(
            _(
                "%(proposed)d actions are still proposed and %(returned)d returned. Accept or return them first, "
                "or give the reason for adopting the plan anyway."
            )
            % open_counts
            if open_counts["proposed"] or open_counts["returned"]
            else ""
        ),
        multipart=True,
        cancel_url=reverse("planning:plan_detail", args=[plan.pk]),
        nav="plans",
        crumbs=_plan_crumbs(plan, (_("Adopt"), None)),
    )


@login_required
def plan_legal_basis(request, pk: int):
    """The signed legal basis, only for those who may see the plan."""
    from django.http import FileResponse

    plan = selectors.plan_get(user=request.user, pk=pk)
    if not plan.legal_basis_file:
        raise Http404
    return FileResponse(plan.legal_basis_file.open("rb"), content_type="application/pdf")


@login_required
@require_POST
def plan_comment(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    action = None
    if request.POST.get("action"):
        action = selectors.action_get(user=request.user, pk=request.POST["action"])
    if form.is_valid():
        services.comment_add(plan=plan, by=request.user, text=form.cleaned_data["text"], action=action)
        messages.success(request, _("Comment added."))
    target = (
        reverse("planning:action_detail", args=[action.pk])
        if action
        else reverse("planning:plan_detail", args=[plan.pk])
    )
    return redirect(target)


@login_required
def plan_coverage(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    rules.require_read_whole_plan(request.user, plan)
    coverage = selectors.plan_coverage(plan=plan)
    return render(
        request,
        "planning/coverage.html",
        {
            "plan": plan,
            "coverage": coverage,
            "problem_rows": [(a, [selectors.PROBLEMS[p] for p in ps]) for a, ps in coverage.actions_with_problems],
            "budget_tables": [
                (_("Budget by field"), coverage.budget_by_field),
                (_("Budget by agency"), coverage.budget_by_agency),
                (_("Budget by source"), coverage.budget_by_source),
            ],
            "active_nav": "plans",
            "breadcrumbs": _plan_crumbs(plan, (_("Coverage check"), None)),
        },
    )


@login_required
def plan_compare(request, pk: int):
    newer = selectors.plan_get(user=request.user, pk=pk)
    other = request.GET.get("with", "")
    if not other.isdigit():
        previous = (
            newer.revision_of
            or selectors.plan_list(user=request.user, government_id=newer.government_id).exclude(pk=newer.pk).first()
        )
        if previous is None:
            messages.info(request, _("There is no other plan to compare with."))
            return redirect("planning:plan_detail", pk=newer.pk)
        return redirect(f"{reverse('planning:plan_compare', args=[newer.pk])}?with={previous.pk}")
    older = selectors.plan_get(user=request.user, pk=other)
    return render(
        request,
        "planning/compare.html",
        {
            "older": older,
            "newer": newer,
            "result": selectors.plan_compare(user=request.user, older=older, newer=newer),
            "others": selectors.plan_list(user=request.user, government_id=newer.government_id).exclude(pk=newer.pk),
            "active_nav": "plans",
            "breadcrumbs": _plan_crumbs(newer, (_("Compare"), None)),
        },
    )
