"""Pages of the Tim Terpadu P4GN: the teams of a government, a composition by decree (SK) and its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.coordination import rules, selectors, services
from sinergi.coordination.forms import CompositionForm, MemberForm, TaskForceForm
from sinergi.core.files import download
from sinergi.core.pages import apply_errors, current_government, form_page
from sinergi.organizations.selectors import history_for

ONLY_SECRETARIAT = _("Only the secretariat manages the task force.")


def _crumbs(task_force=None):
    crumbs = [(_("Task force"), reverse("coordination:task_force_home"))]
    if task_force is not None:
        crumbs.append((task_force.name[:60], reverse("coordination:task_force_detail", args=[task_force.pk])))
    return crumbs


def _apply_file_errors(form, exc):
    if hasattr(exc, "error_dict") and "sk_file" in exc.error_dict:
        exc.error_dict["sk_upload"] = exc.error_dict.pop("sk_file")
    apply_errors(form, exc)


@login_required
def task_force_home(request):
    """The government's own team when it has one; otherwise the list of its teams."""
    government = current_government(request)
    teams = list(selectors.task_force_list(user=request.user, government_id=government.pk))
    own = next((t for t in teams if t.region_id is None), None)
    if own is not None:
        return task_force_detail(request, own.pk)
    return render(
        request,
        "coordination/task_force_detail.html",
        {
            "task_force": None,
            "teams": teams,
            "can_manage": rules.can_manage(request.user, government.pk),
            "active_nav": "coordination",
            "active_tab": "task_force",
            "breadcrumbs": [(_("Task force"), None)],
        },
    )


@login_required
def task_force_detail(request, pk: int):
    task_force = selectors.task_force_get(user=request.user, pk=pk)
    current = selectors.current_composition(task_force)
    return render(
        request,
        "coordination/task_force_detail.html",
        {
            "task_force": task_force,
            "teams": list(selectors.task_force_list(user=request.user, government_id=task_force.government_id)),
            "current": current,
            "members": list(selectors.members_of(current)) if current else [],
            "compositions": list(selectors.compositions_of(task_force)),
            "can_manage": rules.can_manage_task_force(request.user, task_force),
            "history": history_for(obj=task_force)[:20],
            "active_nav": "coordination",
            "active_tab": "task_force",
            "breadcrumbs": [*_crumbs(), (task_force.name[:60], None)],
        },
    )


@login_required
def task_force_create(request):
    government = current_government(request)
    rules.require(rules.can_manage(request.user, government.pk), ONLY_SECRETARIAT)
    form = TaskForceForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.task_force_create(government=government, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Task force recorded. Add its composition by decree."))
            return redirect("coordination:composition_create", pk=team.pk)
    return form_page(
        request,
        form,
        title=_("New task force"),
        cancel_url=reverse("coordination:task_force_home"),
        nav="coordination",
        crumbs=[*_crumbs(), (_("New"), None)],
    )


@login_required
def composition_create(request, pk: int):
    task_force = selectors.task_force_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_task_force(request.user, task_force), ONLY_SECRETARIAT)
    form = CompositionForm(request.POST or None, request.FILES or None)
    if not task_force.compositions.exists():
        del form.fields["copy_members"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("edit_token", None)
        upload = data.pop("sk_upload", None)
        try:
            composition = services.composition_create(task_force=task_force, by=request.user, sk_file=upload, **data)
        except ValidationError as exc:
            _apply_file_errors(form, exc)
        else:
            messages.success(request, _("Composition recorded."))
            return redirect("coordination:composition_detail", pk=composition.pk)
    return form_page(
        request,
        form,
        title=_("New composition by decree"),
        cancel_url=reverse("coordination:task_force_detail", args=[task_force.pk]),
        nav="coordination",
        crumbs=[*_crumbs(task_force), (_("New composition"), None)],
        multipart=True,
    )


@login_required
def composition_detail(request, pk: int, *, member_form=None):
    composition = selectors.composition_get(user=request.user, pk=pk)
    task_force = composition.task_force
    can_manage = rules.can_manage_task_force(request.user, task_force)
    return render(
        request,
        "coordination/composition_detail.html",
        {
            "composition": composition,
            "task_force": task_force,
            "members": list(selectors.members_of(composition)),
            "can_manage": can_manage,
            "member_form": (member_form or MemberForm(government=task_force.government)) if can_manage else None,
            "history": history_for(obj=composition)[:20],
            "active_nav": "coordination",
            "active_tab": "task_force",
            "breadcrumbs": [*_crumbs(task_force), (f"SK {composition.sk_number}", None)],
        },
    )


@login_required
def composition_edit(request, pk: int):
    composition = selectors.composition_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_task_force(request.user, composition.task_force), ONLY_SECRETARIAT)
    form = CompositionForm(request.POST or None, request.FILES or None, instance=composition)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("edit_token", None)
        upload = data.pop("sk_upload", None)
        try:
            services.composition_update(composition=composition, by=request.user, sk_file=upload, **data)
        except ValidationError as exc:
            _apply_file_errors(form, exc)
        else:
            messages.success(request, _("Composition saved."))
            return redirect("coordination:composition_detail", pk=composition.pk)
    return form_page(
        request,
        form,
        title=_("Edit composition"),
        cancel_url=reverse("coordination:composition_detail", args=[composition.pk]),
        nav="coordination",
        crumbs=_crumbs(composition.task_force),
        multipart=True,
    )


@login_required
def composition_sk_file(request, pk: int):
    """The decree file, only for those who may read the task force."""
    composition = selectors.composition_get(user=request.user, pk=pk)
    return download(composition.sk_file, name=composition.sk_file_name or "sk.pdf")


@login_required
@require_POST
def member_add(request, pk: int):
    composition = selectors.composition_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_task_force(request.user, composition.task_force), ONLY_SECRETARIAT)
    form = MemberForm(request.POST, government=composition.task_force.government)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("edit_token", None)
        if data.get("order") is None:
            data.pop("order", None)
        try:
            services.member_add(composition=composition, by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect("coordination:composition_detail", pk=composition.pk)
    return composition_detail(request, composition.pk, member_form=form)


@login_required
def member_edit(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk)
    task_force = member.composition.task_force
    rules.require(rules.can_manage_task_force(request.user, task_force), ONLY_SECRETARIAT)
    form = MemberForm(request.POST or None, instance=member, government=task_force.government)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("edit_token", None)
        if data.get("order") is None:
            data["order"] = 0
        try:
            services.member_update(member=member, by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member saved."))
            return redirect("coordination:composition_detail", pk=member.composition_id)
    return form_page(
        request,
        form,
        title=_("Edit member"),
        cancel_url=reverse("coordination:composition_detail", args=[member.composition_id]),
        nav="coordination",
        crumbs=_crumbs(task_force),
    )


@login_required
@require_POST
def member_remove(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk)
    rules.require(rules.can_manage_task_force(request.user, member.composition.task_force), ONLY_SECRETARIAT)
    services.member_remove(member=member, by=request.user)
    messages.success(request, _("Member removed."))
    return redirect("coordination:composition_detail", pk=member.composition_id)
