"""Pages of volunteer groups (relawan, penggiat, kader, satgas), their members and the members' trainings.

Phone numbers are shown in full only to the secretariat; everyone else sees them masked, on pages and in exports.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.files import download
from sinergi.core.lists import EXPORT_FORMATS, export_response, paginate
from sinergi.core.pages import apply_errors, current_government, form_page
from sinergi.core.scope import scope_for
from sinergi.organizations.forms import regions_of
from sinergi.organizations.selectors import history_for
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.forms import (
    TrainingForm,
    VolunteerForm,
    VolunteerGroupForm,
    recordable_agencies,
)
from sinergi.programmes.models import Volunteer, VolunteerGroup


def phone_shown(user):
    """A function giving a volunteer's phone as this user may read it: in full for the secretariat, else masked."""
    scope = scope_for(user)
    return lambda v: v.phone if scope.can_manage(v.government_id) else v.masked_phone


def _mask_history(entries, can_see_phone: bool):
    """The audit entries of a volunteer, with phone numbers masked for those who may not read them."""
    entries = list(entries)
    if can_see_phone:
        return entries
    for entry in entries:
        for side in ("before", "after"):
            values = getattr(entry, side)
            if values and values.get("phone"):
                values["phone"] = Volunteer(phone=values["phone"]).masked_phone
    return entries


def duplicate_message(user, existing) -> str:
    """What a user is told about a likely duplicate; the other group is named only to those who may see it."""
    visible = selectors.volunteer_group_list(user=user).filter(pk=existing.group_id).exists()
    if visible:
        return _(
            "%(name)s (born %(year)s, %(place)s) is already registered in %(group)s. "
            "If this is a different person, tick the box below and save again."
        ) % {"name": existing.name, "year": existing.birth_year, "place": existing.region.name, "group": existing.group}
    return _(
        "A person with the same name, birth year and kelurahan is already registered in another group. "
        "If this is a different person, tick the box below and save again."
    )


def _can_register_groups(user, government) -> bool:
    """The secretariat, agency operators and area operators register groups (agency heads only read)."""
    in_area = any(g == government.pk for g, _area in scope_for(user).areas)
    return in_area or recordable_agencies(user, government).exists()


def group_columns():
    return [
        (_("Name"), lambda g: g.name),
        (_("Kind"), lambda g: g.get_kind_display()),
        (_("Kelurahan"), lambda g: g.region.name if g.region_id else ""),
        (_("Agency"), lambda g: g.agency.name if g.agency_id else ""),
        (_("Decree (SK) number"), lambda g: g.sk_number),
        (_("Decree date"), lambda g: g.sk_date),
        (_("Active members"), lambda g: g.active_members),
        (_("Active"), lambda g: g.is_active),
    ]


def volunteer_columns(user):
    return [
        (_("Name"), lambda v: v.name),
        (_("Sex"), lambda v: v.get_sex_display()),
        (_("Birth year"), lambda v: v.birth_year),
        (_("Kelurahan"), lambda v: v.region.name),
        (_("Group"), lambda v: v.group.name),
        (_("Role in the group"), lambda v: v.role),
        (_("Phone"), phone_shown(user)),
        (_("Active"), lambda v: v.is_active),
    ]


# --- groups --------------------------------------------------------------------------------------------------


@login_required
def group_list(request):
    government = current_government(request)
    filters = {
        "q": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", ""),
        "region": request.GET.get("region", ""),
        "active": request.GET.get("active", ""),
    }
    groups = selectors.volunteer_groups(user=request.user, government_id=government.pk, **filters)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename="kelompok-relawan", columns=group_columns(), rows=groups, fmt=request.GET["export"]
        )
    return render(
        request,
        "programmes/volunteer_group_list.html",
        {
            "page": paginate(request, groups),
            **filters,
            "kinds": VolunteerGroup.Kind.choices,
            "regions": regions_of(government).filter(level=4),
            "can_record": _can_register_groups(request.user, government),
            "active_nav": "programmes",
            "active_tab": "volunteers",
            "breadcrumbs": [(_("Volunteers"), None)],
        },
    )


def _save_group(request, form, group=None):
    data = dict(form.cleaned_data)
    data.pop("edit_token", None)
    upload = data.pop("sk_file", None)
    agency, region = data.get("agency"), data.get("region")
    if not rules.can_record_for(
        request.user,
        government_id=form.instance.government.pk,
        agency=agency,
        region_code=region.code if region else None,
    ):
        raise PermissionDenied(_("Your role does not allow registering a group for this agency or kelurahan."))
    with transaction.atomic():
        if group is None:
            group = services.volunteer_group_create(government=form.instance.government, by=request.user, **data)
        else:
            services.volunteer_group_update(group=group, by=request.user, **data)
        if upload:
            services.volunteer_group_attach_sk(group=group, upload=upload, by=request.user)
    return group


@login_required
def group_create(request):
    government = current_government(request)
    if not _can_register_groups(request.user, government):
        raise PermissionDenied(_("Your role does not allow registering volunteer groups."))
    form = VolunteerGroupForm(request.POST or None, request.FILES or None, user=request.user, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            group = _save_group(request, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Volunteer group registered."))
            return redirect("programmes:volunteer_group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Register a volunteer group"),
        cancel_url=reverse("programmes:volunteer_group_list"),
        nav="programmes",
        crumbs=[(_("Volunteers"), reverse("programmes:volunteer_group_list")), (_("New"), None)],
        multipart=True,
    )


@login_required
def group_detail(request, pk: int):
    group = selectors.volunteer_group_get(user=request.user, pk=pk)
    members = selectors.volunteer_list(user=request.user, group_id=group.pk)
    can_see_phone = rules.can_see_phones(request.user, group.government_id)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename="anggota-relawan", columns=volunteer_columns(request.user), rows=members, fmt=request.GET["export"]
        )
    return render(
        request,
        "programmes/volunteer_group_detail.html",
        {
            "group": group,
            "page": paginate(request, members),
            "can_edit": rules.can_edit_group(request.user, group),
            "can_see_phone": can_see_phone,
            "history": history_for(obj=group)[:30],
            "active_nav": "programmes",
            "active_tab": "volunteers",
            "breadcrumbs": [(_("Volunteers"), reverse("programmes:volunteer_group_list")), (group.name[:60], None)],
        },
    )


def _editable_group(request, pk):
    group = selectors.volunteer_group_get(user=request.user, pk=pk)
    if not rules.can_edit_group(request.user, group):
        raise PermissionDenied(_("Your role does not allow changing this group."))
    return group


@login_required
def group_edit(request, pk: int):
    group = _editable_group(request, pk)
    form = VolunteerGroupForm(
        request.POST or None, request.FILES or None, instance=group, user=request.user, government=group.government
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_group(request, form, group)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Volunteer group saved."))
            return redirect("programmes:volunteer_group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Edit volunteer group"),
        cancel_url=reverse("programmes:volunteer_group_detail", args=[group.pk]),
        nav="programmes",
        crumbs=[
            (_("Volunteers"), reverse("programmes:volunteer_group_list")),
            (group.name[:60], reverse("programmes:volunteer_group_detail", args=[group.pk])),
            (_("Edit"), None),
        ],
        multipart=True,
    )


@login_required
@require_POST
def group_toggle(request, pk: int):
    group = _editable_group(request, pk)
    services.volunteer_group_update(group=group, by=request.user, is_active=not group.is_active)
    messages.success(request, _("The group is active.") if group.is_active else _("The group is inactive."))
    return redirect("programmes:volunteer_group_detail", pk=group.pk)


@login_required
def group_sk_download(request, pk: int):
    """The group's decree file, only for those who may see the group; an attachment with its checked type."""
    group = selectors.volunteer_group_get(user=request.user, pk=pk)
    return download(group.sk_file, name=group.sk_file_name or "sk.pdf")


# --- members -------------------------------------------------------------------------------------------------


@login_required
def volunteer_list(request):
    government = current_government(request)
    q, active = request.GET.get("q", "").strip(), request.GET.get("active", "")
    volunteers = selectors.volunteer_list(user=request.user, government_id=government.pk, q=q, active=active)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename="relawan", columns=volunteer_columns(request.user), rows=volunteers, fmt=request.GET["export"]
        )
    return render(
        request,
        "programmes/volunteer_list.html",
        {
            "page": paginate(request, volunteers),
            "q": q,
            "active": active,
            "can_see_phone": rules.can_see_phones(request.user, government.pk),
            "active_nav": "programmes",
            "active_tab": "volunteers",
            "breadcrumbs": [
                (_("Volunteers"), reverse("programmes:volunteer_group_list")),
                (_("Members"), None),
            ],
        },
    )


def _save_volunteer(request, form, *, group=None, volunteer=None):
    data = dict(form.cleaned_data)
    data.pop("edit_token", None)
    confirm = data.pop("confirm_duplicate", False)
    group = group or volunteer.group
    if not rules.can_record_for(
        request.user, government_id=group.government_id, agency=group.agency, region_code=data["region"].code
    ):
        raise PermissionDenied(_("Your role does not allow registering volunteers in this kelurahan."))
    if volunteer is None:
        return services.volunteer_create(group=group, by=request.user, confirm_duplicate=confirm, **data)
    services.volunteer_update(volunteer=volunteer, by=request.user, confirm_duplicate=confirm, **data)
    return volunteer


def _volunteer_form_page(request, *, group, volunteer=None):
    can_see_phone = rules.can_see_phones(request.user, group.government_id)
    form = VolunteerForm(
        request.POST or None,
        instance=volunteer,
        user=request.user,
        government=group.government,
        can_see_phone=can_see_phone,
        ask_confirm="confirm_duplicate" in request.POST,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_volunteer(request, form, group=group, volunteer=volunteer)
        except services.PossibleDuplicate as exc:
            form.ask_confirm()
            form.add_error(None, duplicate_message(request.user, exc.existing))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Volunteer saved."))
            return redirect("programmes:volunteer_detail", pk=saved.pk)
    group_url = reverse("programmes:volunteer_group_detail", args=[group.pk])
    return form_page(
        request,
        form,
        title=_("Edit volunteer") if volunteer else _("Add a member to %(group)s") % {"group": group.name},
        cancel_url=reverse("programmes:volunteer_detail", args=[volunteer.pk]) if volunteer else group_url,
        nav="programmes",
        crumbs=[
            (_("Volunteers"), reverse("programmes:volunteer_group_list")),
            (group.name[:60], group_url),
            (volunteer.name if volunteer else _("New member"), None),
        ],
        intro=_("Record only what the programme needs: no NIK, no address."),
    )


@login_required
def volunteer_create(request, pk: int):
    group = _editable_group(request, pk)
    return _volunteer_form_page(request, group=group)


def _editable_volunteer(request, pk):
    volunteer = selectors.volunteer_get(user=request.user, pk=pk)
    if not rules.can_edit_volunteer(request.user, volunteer):
        raise PermissionDenied(_("Your role does not allow changing this volunteer."))
    return volunteer


@login_required
def volunteer_edit(request, pk: int):
    volunteer = _editable_volunteer(request, pk)
    return _volunteer_form_page(request, group=volunteer.group, volunteer=volunteer)


@login_required
@require_POST
def volunteer_toggle(request, pk: int):
    volunteer = _editable_volunteer(request, pk)
    services.volunteer_update(
        volunteer=volunteer, by=request.user, confirm_duplicate=True, is_active=not volunteer.is_active
    )
    messages.success(request, _("The member is active.") if volunteer.is_active else _("The member is inactive."))
    return redirect("programmes:volunteer_detail", pk=volunteer.pk)


@login_required
def volunteer_detail(request, pk: int):
    """A member's page: who they are, their trainings (with a form to add one) and the history."""
    volunteer = selectors.volunteer_get(user=request.user, pk=pk)
    can_edit = rules.can_edit_volunteer(request.user, volunteer)
    can_see_phone = rules.can_see_phones(request.user, volunteer.government_id)
    form = TrainingForm(request.POST or None, user=request.user, government=volunteer.government)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Your role does not allow changing this volunteer."))
        if form.is_valid():
            try:
                services.training_add(volunteer=volunteer, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Training recorded."))
                return redirect("programmes:volunteer_detail", pk=volunteer.pk)
    return render(
        request,
        "programmes/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "phone": volunteer.phone if can_see_phone else volunteer.masked_phone,
            "trainings": selectors.trainings_of(volunteer),
            "form": form if can_edit else None,
            "can_edit": can_edit,
            "history": _mask_history(history_for(obj=volunteer)[:30], can_see_phone),
            "active_nav": "programmes",
            "active_tab": "volunteers",
            "breadcrumbs": [
                (_("Volunteers"), reverse("programmes:volunteer_group_list")),
                (volunteer.group.name[:60], reverse("programmes:volunteer_group_detail", args=[volunteer.group_id])),
                (volunteer.name, None),
            ],
        },
    )


@login_required
@require_POST
def training_delete(request, pk: int):
    training = selectors.training_get(user=request.user, pk=pk)
    if not rules.can_edit_volunteer(request.user, training.volunteer):
        raise PermissionDenied(_("Your role does not allow changing this volunteer."))
    services.training_delete(training=training, by=request.user)
    messages.success(request, _("Training removed."))
    return redirect("programmes:volunteer_detail", pk=training.volunteer_id)
