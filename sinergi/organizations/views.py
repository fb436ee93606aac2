"""Pages for governments, agencies and people. Thin: read through selectors, write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.accounts.services import user_set_password, user_update
from sinergi.core.lists import EXPORT_FORMATS, export_response, paginate
from sinergi.core.pages import apply_errors, current_government, form_page
from sinergi.organizations import government_settings as settings_
from sinergi.organizations import rules, selectors, services
from sinergi.organizations.forms import (
    AgencyForm,
    AgencySuccessionForm,
    GovernmentCreateForm,
    GovernmentForm,
    MembershipForm,
    UserCreateForm,
    UserForm,
)
from sinergi.organizations.models import Agency, Role
from sinergi.regions.models import Region

# --- governments ---------------------------------------------------------------------------------------------


@login_required
def government_list(request):
    governments = selectors.government_list(user=request.user)
    q = request.GET.get("q", "").strip()
    if q:
        governments = governments.filter(name__icontains=q)
    if request.GET.get("export") in EXPORT_FORMATS:
        columns = [
            (_("Code"), lambda g: g.region_id),
            (_("Government"), lambda g: g.name),
            (_("Time zone"), lambda g: g.time_zone_label),
            (_("Address"), lambda g: g.address),
        ]
        return export_response(filename="pemda", columns=columns, rows=governments, fmt=request.GET["export"])
    return render(
        request,
        "organizations/government_list.html",
        {"page": paginate(request, governments), "q": q, "breadcrumbs": [(_("Governments"), None)]},
    )


@login_required
def government_create(request):
    """GET/POST /pemda/baru/: the administrator adds a government (the first one of a fresh installation)."""
    rules.require_admin(request.user)
    form = GovernmentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            government = services.government_create(
                region=Region.objects.get(code=data["region"]), name=data["name"].strip(),
                time_zone=data["time_zone"] or None, by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is created. Add its agencies and people next.") % {"name": government.name}
            )
            return redirect("organizations:government_detail", pk=government.pk)
    return form_page(
        request,
        form,
        title=_("New government"),
        intro=_("A province or regency/city that runs its RAD P4GN in this installation."),
        cancel_url=reverse("organizations:government_list"),
        nav="government",
        crumbs=[(_("Governments"), reverse("organizations:government_list")), (_("New"), None)],
    )


@login_required
def government_settings(request, pk: int):
    """GET/POST /pemda/<pk>/pengaturan/: reporting settings, webhook and the public page (secretariat, admin)."""
    government = selectors.government_get(user=request.user, pk=pk)
    rules.require_manage_government(request.user, government.pk)
    current = settings_.government_settings(government)
    form = settings_.GovernmentSettingsForm(
        request.POST or None, initial=current, secret_set=current["webhook_secret_set"]
    )
    if request.method == "POST" and form.is_valid():
        try:
            settings_.government_settings_update(government=government, by=request.user, **form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("organizations:government_settings", pk=government.pk)
    return form_page(
        request,
        form,
        title=_("Settings of %(name)s") % {"name": government.name},
        intro=_("Publishing the public page shows each kelurahan's vulnerability status and Bersinar stage to anyone."),
        cancel_url=reverse("organizations:government_detail", args=[government.pk]),
        nav="government",
        crumbs=[
            (government.name, reverse("organizations:government_detail", args=[pk])),
            (_("Settings"), None),
        ],
    )


@login_required
def government_detail(request, pk: int):
    government = selectors.government_get(user=request.user, pk=pk)
    return render(
        request,
        "organizations/government_detail.html",
        {
            "government": government,
            "summary": selectors.government_summary(government=government),
            "can_manage": rules.can_manage_government(request.user, government.pk),
            "history": selectors.history_for(obj=government)[:50],
            "active_nav": "government",
            "breadcrumbs": [(government.name, None)],
        },
    )


@login_required
def government_edit(request, pk: int):
    government = selectors.government_get(user=request.user, pk=pk)
    rules.require_manage_government(request.user, government.pk)
    form = GovernmentForm(request.POST or None, request.FILES or None, instance=government)
    if request.method == "POST" and form.is_valid():
        services.government_update(government=government, by=request.user, **form.cleaned_data)
        messages.success(request, _("The government profile has been saved."))
        return redirect("organizations:government_detail", pk=government.pk)
    return form_page(
        request,
        form,
        title=_("Edit government profile"),
        multipart=True,
        cancel_url=reverse("organizations:government_detail", args=[government.pk]),
        nav="government",
        crumbs=[
            (government.name, reverse("organizations:government_detail", args=[pk])),
            (_("Edit"), None),
        ],
    )


# --- agencies ------------------------------------------------------------------------------------------------


AGENCY_COLUMNS = [
    (gettext_lazy("Name"), lambda a: a.name),
    (gettext_lazy("Acronym"), lambda a: a.acronym),
    (gettext_lazy("Kind"), lambda a: a.get_kind_display()),
    (gettext_lazy("Region"), lambda a: a.region.label if a.region else ""),
    (gettext_lazy("Head"), lambda a: a.head_name),
    (gettext_lazy("In effect from"), lambda a: a.valid_from),
    (gettext_lazy("In effect until"), lambda a: a.valid_until),
    (gettext_lazy("Succeeded by"), lambda a: a.successor.name if a.successor else ""),
]


@login_required
def agency_list(request):
    government = current_government(request)
    q, kind, status = (
        request.GET.get("q", "").strip(),
        request.GET.get("kind", ""),
        request.GET.get("status", "current"),
    )
    agencies = selectors.agency_list(user=request.user, government_id=government.pk, q=q, kind=kind, status=status)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename="perangkat-daerah", columns=AGENCY_COLUMNS, rows=agencies, fmt=request.GET["export"]
        )
    return render(
        request,
        "organizations/agency_list.html",
        {
            "government": government,
            "page": paginate(request, agencies),
            "q": q,
            "kind": kind,
            "status": status,
            "kinds": Agency.Kind.choices,
            "can_manage": rules.can_manage_government(request.user, government.pk),
            "active_nav": "agencies",
            "breadcrumbs": [(_("Agencies"), None)],
        },
    )


@login_required
def agency_detail(request, pk: int):
    agency = selectors.agency_get(user=request.user, pk=pk)
    can_manage = rules.can_manage_government(request.user, agency.government_id)
    memberships = agency.memberships.select_related("user", "region") if can_manage else None
    return render(
        request,
        "organizations/agency_detail.html",
        {
            "agency": agency,
            "can_manage": can_manage,
            "memberships": memberships,
            "predecessors": agency.predecessors.all(),
            "history": selectors.history_for(obj=agency)[:50],
            "active_nav": "agencies",
            "breadcrumbs": [(_("Agencies"), reverse("organizations:agency_list")), (agency.name, None)],
        },
    )


@login_required
def agency_create(request):
    government = current_government(request)
    rules.require_manage_government(request.user, government.pk)
    form = AgencyForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(government=government, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agency %(name)s added.") % {"name": agency.name})
            return redirect("organizations:agency_detail", pk=agency.pk)
    return form_page(
        request,
        form,
        title=_("Add agency"),
        cancel_url=reverse("organizations:agency_list"),
        nav="agencies",
        crumbs=[(_("Agencies"), reverse("organizations:agency_list")), (_("Add"), None)],
    )


@login_required
def agency_edit(request, pk: int):
    agency = selectors.agency_get(user=request.user, pk=pk)
    rules.require_manage_government(request.user, agency.government_id)
    form = AgencyForm(request.POST or None, instance=agency, government=agency.government)
    if request.method == "POST" and form.is_valid():
        services.agency_update(agency=agency, by=request.user, **form.cleaned_data)
        messages.success(request, _("Agency %(name)s saved.") % {"name": agency.name})
        return redirect("organizations:agency_detail", pk=agency.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": agency.name},
        cancel_url=reverse("organizations:agency_detail", args=[agency.pk]),
        nav="agencies",
        crumbs=[
            (_("Agencies"), reverse("organizations:agency_list")),
            (agency.name, reverse("organizations:agency_detail", args=[agency.pk])),
            (_("Edit"), None),
        ],
    )


@login_required
def agency_succeed(request, pk: int):
    agency = selectors.agency_get(user=request.user, pk=pk)
    rules.require_manage_government(request.user, agency.government_id)
    form = AgencySuccessionForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.agency_succeed(
                agencies=[agency, *data["merge_with"]],
                on=data["on"],
                by=request.user,
                reason=data["reason"],
                name=data["name"],
                acronym=data["acronym"],
                kind=data["kind"],
                region=data["region"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s now takes over; the history stays with the old agency.") % {"name": new}
            )
            return redirect("organizations:agency_detail", pk=new.pk)
    return form_page(
        request,
        form,
        title=_("Rename or merge %(name)s") % {"name": agency.name},
        intro=_(
            "A new agency takes over from the chosen date. The old one ends the day before and keeps everything "
            "recorded under it; people's roles move to the new agency."
        ),
        cancel_url=reverse("organizations:agency_detail", args=[agency.pk]),
        nav="agencies",
        crumbs=[
            (_("Agencies"), reverse("organizations:agency_list")),
            (agency.name, reverse("organizations:agency_detail", args=[agency.pk])),
            (_("Rename or merge"), None),
        ],
    )


# --- people and roles ----------------------------------------------------------------------------------------


def _managed_user(request, pk: int):
    """A person the secretariat of the current government may manage (or 404)."""
    government = current_government(request)
    rules.require_manage_government(request.user, government.pk)
    return government, selectors.user_get(user=request.user, pk=pk)


USER_COLUMNS = [
    (gettext_lazy("Username"), lambda u: u.username),
    (gettext_lazy("Name"), lambda u: u.full_name),
    (gettext_lazy("E-mail"), lambda u: u.email),
    (gettext_lazy("Position"), lambda u: u.position),
    (
        gettext_lazy("Roles"),
        lambda u: "; ".join(f"{m.get_role_display()} — {m.agency.name}" for m in u.memberships.all()),
    ),
    (gettext_lazy("Active"), lambda u: u.is_active),
    (gettext_lazy("Last sign-in"), lambda u: u.last_login),
]


@login_required
def user_list(request):
    government = current_government(request)
    rules.require_manage_government(request.user, government.pk)
    q, role = request.GET.get("q", "").strip(), request.GET.get("role", "")
    users = selectors.user_list(user=request.user, government_id=government.pk, q=q, role=role)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(filename="pengguna", columns=USER_COLUMNS, rows=users, fmt=request.GET["export"])
    return render(
        request,
        "organizations/user_list.html",
        {
            "page": paginate(request, users),
            "q": q,
            "role": role,
            "roles": Role.choices,
            "active_nav": "people",
            "breadcrumbs": [(_("People"), None)],
        },
    )


@login_required
def user_create(request):
    government = current_government(request)
    rules.require_manage_government(request.user, government.pk)
    form = UserCreateForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user = services.user_create_with_membership(
                by=request.user,
                agency=data.pop("agency"),
                role=data.pop("role"),
                region=data.pop("region"),
                password=data.pop("password") or None,
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not form.cleaned_data["password"]:
                _send_set_password_link(request, user)
            messages.success(request, _("%(name)s has been added.") % {"name": user})
            return redirect("organizations:user_detail", pk=user.pk)
    return form_page(
        request,
        form,
        title=_("Add person"),
        cancel_url=reverse("organizations:user_list"),
        nav="people",
        crumbs=[(_("People"), reverse("organizations:user_list")), (_("Add"), None)],
    )


def _send_set_password_link(request, user):
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
        )
        messages.info(request, _("A link to choose a password was sent to %(email)s.") % {"email": user.email})


@login_required
def user_detail(request, pk: int):
    government, person = _managed_user(request, pk)
    form = MembershipForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_create(user=person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Role added."))
            return redirect("organizations:user_detail", pk=person.pk)
    return render(
        request,
        "organizations/user_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("agency", "government", "region"),
            "form": form,
            "history": selectors.person_history(person=person)[:50],
            "active_nav": "people",
            "breadcrumbs": [(_("People"), reverse("organizations:user_list")), (str(person), None)],
        },
    )


@login_required
def user_edit(request, pk: int):
    _government, person = _managed_user(request, pk)
    form = UserForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        user_update(user=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("organizations:user_detail", pk=person.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": person},
        cancel_url=reverse("organizations:user_detail", args=[person.pk]),
        nav="people",
        crumbs=[
            (_("People"), reverse("organizations:user_list")),
            (str(person), reverse("organizations:user_detail", args=[person.pk])),
            (_("Edit"), None),
        ],
    )


@login_required
def user_password(request, pk: int):
    _government, person = _managed_user(request, pk)
    form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_set_password(
            user=person,
            password=form.cleaned_data["new_password1"],
            by=request.user,
            reason=_("set by the secretariat"),
        )
        messages.success(request, _("The new password is set. Give it to %(name)s in person.") % {"name": person})
        return redirect("organizations:user_detail", pk=person.pk)
    return form_page(
        request,
        form,
        title=_("Set a password for %(name)s") % {"name": person},
        cancel_url=reverse("organizations:user_detail", args=[person.pk]),
        nav="people",
        crumbs=[
            (_("People"), reverse("organizations:user_list")),
            (str(person), reverse("organizations:user_detail", args=[person.pk])),
            (_("Password"), None),
        ],
    )


@login_required
@require_POST
def user_toggle_active(request, pk: int):
    _government, person = _managed_user(request, pk)
    if person.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        user_update(user=person, by=request.user, is_active=not person.is_active)
        if person.is_active:
            messages.success(request, _("%(name)s can sign in again.") % {"name": person})
        else:
            messages.success(request, _("%(name)s can no longer sign in.") % {"name": person})
    return redirect("organizations:user_detail", pk=person.pk)


@login_required
@require_POST
def membership_delete(request, pk: int):
    membership = selectors.membership_get(user=request.user, pk=pk)
    rules.require_manage_government(request.user, membership.government_id)
    services.membership_delete(membership=membership, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("Role removed."))
    return redirect("organizations:user_detail", pk=membership.user_id)


@login_required
def government_logo(request, pk: int):
    """The logo, only for those who may see the government (uploads are never served from a public path)."""
    government = selectors.government_get(user=request.user, pk=pk)
    if not government.logo:
        raise Http404
    content_type = "image/png" if government.logo.name.lower().endswith(".png") else "image/jpeg"
    return FileResponse(government.logo.open("rb"), content_type=content_type)
