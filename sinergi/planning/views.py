"""Pages of the planning app: plans, actions, indicators, coverage, comparison and the national catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.pages import apply_errors, current_government, flash_errors, form_page
from sinergi.core.scope import scope_for
from sinergi.organizations.models import Agency
from sinergi.organizations.rules import require_admin, require_manage_government
from sinergi.organizations.selectors import history_for
from sinergi.planning import catalogue, rules, selectors, services
from sinergi.planning.forms import (
    ActionForm,
    AdoptForm,
    CommentForm,
    IndicatorForm,
    PlanCreateForm,
    ReasonForm,
)
from sinergi.planning.imports import can_import
from sinergi.planning.models import BudgetSource, Field, Indicator, NationalPlan, ReviewState


def _plan_crumbs(plan, *more):
    return [
        (_("Action plans"), reverse("planning:plan_list")),
        (str(plan), reverse("planning:plan_detail", args=[plan.pk]) if more else None),
        *more,
    ]


def _action_crumbs(action, *more):
    return [
        *_plan_crumbs(
            action.plan, (action.title[:60], reverse("planning:action_detail", args=[action.pk]) if more else None)
        ),
        *more,
    ]


def _proposable_agencies(user, plan):
    """The agencies this user may put actions under in this plan."""
    agencies = Agency.objects.filter(government=plan.government, valid_until__isnull=True)
    if rules.can_manage_plan(user, plan):
        return agencies
    return agencies.filter(pk__in=[a for a in scope_for(user).agency_ids if rules.can_propose_for(user, plan, a)])


# --- plans ---------------------------------------------------------------------------------------------------


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


# --- actions -------------------------------------------------------------------------------------------------


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


# --- indicators ----------------------------------------------------------------------------------------------


def _indicator_page(request, action, indicator=None):
    rules.require_edit_action(request.user, action)
    plan = action.plan
    form = IndicatorForm(request.POST or None, instance=indicator, plan=plan, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                services.indicator_create(action=action, by=request.user, targets=form.targets(), **form.service_data())
            else:
                services.indicator_update(
                    indicator=indicator,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    targets=form.targets(),
                    **form.service_data(),
                )
        except services.ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("planning:action_detail", pk=action.pk)
    return render(
        request,
        "planning/indicator_form.html",
        {
            "form": form,
            "action": action,
            "plan": plan,
            "title": _("Edit indicator") if indicator else _("Add an indicator"),
            "active_nav": "plans",
            "breadcrumbs": _action_crumbs(action, (_("Indicator"), None)),
        },
    )


@login_required
def indicator_create(request, pk: int):
    return _indicator_page(request, selectors.action_get(user=request.user, pk=pk))


@login_required
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=pk)
    action = selectors.action_get(user=request.user, pk=indicator.action_id)
    return _indicator_page(request, action, indicator)


@login_required
@require_POST
def indicator_delete(request, pk: int):
    indicator = get_object_or_404(Indicator, pk=pk)
    action = selectors.action_get(user=request.user, pk=indicator.action_id)
    rules.require_edit_action(request.user, action)
    services.indicator_delete(indicator=indicator, by=request.user)
    messages.success(request, _("Indicator deleted."))
    return redirect("planning:action_detail", pk=action.pk)


# --- the national catalogue ----------------------------------------------------------------------------------


@login_required
def catalogue_list(request):
    return render(
        request,
        "planning/catalogue_list.html",
        {
            "national_plans": NationalPlan.objects.prefetch_related("fields"),
            "active_nav": "catalogue",
            "breadcrumbs": [(_("National plans (RAN)"), None)],
        },
    )


@login_required
def catalogue_detail(request, pk: int):
    national_plan = get_object_or_404(
        NationalPlan.objects.prefetch_related(Prefetch("fields", queryset=Field.objects.prefetch_related("actions"))),
        pk=pk,
    )
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        content = catalogue.catalogue_export(national_plan, fmt)
        kinds = {
            "csv": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
        response = HttpResponse(content, content_type=kinds[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="RAN-{national_plan.start_year}-{national_plan.end_year}.{fmt}"'
        )
        return response
    if request.method == "POST":
        require_admin(request.user)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a CSV or XLSX file."))
        elif upload.size > 5 * 1024 * 1024:
            messages.error(request, _("The file is larger than 5 MB."))
        else:
            fmt = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
            try:
                counts = catalogue.catalogue_import(
                    national_plan=national_plan, content=upload.read(), fmt=fmt, by=request.user
                )
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new and %(updated)s changed actions, %(fields)s new fields.")
                    % {
                        "created": counts["actions_created"],
                        "updated": counts["actions_updated"],
                        "fields": counts["fields"],
                    },
                )
        return redirect("planning:catalogue_detail", pk=national_plan.pk)
    return render(
        request,
        "planning/catalogue_detail.html",
        {
            "national_plan": national_plan,
            "active_nav": "catalogue",
            "breadcrumbs": [
                (_("National plans (RAN)"), reverse("planning:catalogue_list")),
                (str(national_plan), None),
            ],
        },
    )
