"""Pages of the programmes app: field events (with a quick form for phones) and urine-test campaigns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.core.files import download
from sinergi.core.lists import EXPORT_FORMATS, export_response, paginate
from sinergi.core.pages import apply_errors, current_government, form_page
from sinergi.organizations.selectors import history_for
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.forms import EventEvidenceForm, EventForm, UrineTestForm, recordable_agencies
from sinergi.programmes.models import Event

URINE_COLUMNS = [
    (gettext_lazy("Date"), lambda c: c.held_on),
    (gettext_lazy("Where"), lambda c: c.host),
    (gettext_lazy("Group"), lambda c: c.get_group_display()),
    (gettext_lazy("Tested"), lambda c: c.tested),
    (gettext_lazy("Positive"), lambda c: c.positive),
    (gettext_lazy("Referred"), lambda c: c.referred),
    (gettext_lazy("By"), lambda c: c.agency.name),
]
EVENT_COLUMNS = [
    (gettext_lazy("Date"), lambda e: e.starts_on),
    (gettext_lazy("Kind"), lambda e: e.get_kind_display()),
    (gettext_lazy("Title"), lambda e: e.title),
    (gettext_lazy("Organised by"), lambda e: e.agency.name),
    (gettext_lazy("Place"), lambda e: e.region.label if e.region else ""),
    (gettext_lazy("Target group"), lambda e: e.get_target_group_display()),
    (gettext_lazy("Participants"), lambda e: e.participants),
    (gettext_lazy("Men"), lambda e: e.male),
    (gettext_lazy("Women"), lambda e: e.female),
    (gettext_lazy("Status"), lambda e: e.get_status_display()),
]


@login_required
def event_list(request):
    government = current_government(request)
    q, kind, status = request.GET.get("q", "").strip(), request.GET.get("kind", ""), request.GET.get("status", "")
    kinds = [k for k in request.GET.getlist("kind") if k]
    # The records behind a computed indicator link here: one agency (organiser or partner), dates, several kinds.
    agency = request.GET.get("agency", "")
    events = selectors.event_list(
        user=request.user,
        government_id=government.pk,
        q=q,
        kind=kinds if len(kinds) > 1 else kind,
        status=status,
        agency_id=int(agency) if agency.isdigit() else None,
        date_from=_date_param(request, "dari"),
        date_to=_date_param(request, "sampai"),
        target_group=request.GET.get("target_group", ""),
    )
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(filename="kegiatan", columns=EVENT_COLUMNS, rows=events, fmt=request.GET["export"])
    return render(
        request,
        "programmes/event_list.html",
        {
            "page": paginate(request, events),
            "q": q,
            "kind": kind,
            "status": status,
            "kinds": Event.Kind.choices,
            "statuses": Event.Status.choices,
            "can_record": recordable_agencies(request.user, government).exists(),
            "active_nav": "programmes",
            "active_tab": "events",
            "breadcrumbs": [(_("Events"), None)],
        },
    )


def _date_param(request, name: str):
    try:
        return parse_date(request.GET.get(name, ""))
    except ValueError:
        return None


def _save_event(request, form, event=None):
    data = dict(form.cleaned_data)
    data.pop("edit_token", None)
    agency, region = data.get("agency"), data.get("region")
    if not rules.can_record_for(
        request.user,
        government_id=form.instance.government.pk,
        agency=agency,
        region_code=region.code if region else None,
    ):
        raise PermissionDenied(_("Your role does not allow recording events for this agency or place."))
    if event is None:
        return services.event_create(government=form.instance.government, by=request.user, **data)
    services.event_update(event=event, by=request.user, **data)
    return event


@login_required
def event_create(request):
    government = current_government(request)
    if not recordable_agencies(request.user, government).exists():
        raise PermissionDenied(_("Your role does not allow recording events."))
    # The home page's "record a urine test" opens this form with the kind chosen.
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in Event.Kind.values else {}
    form = EventForm(request.POST or None, initial=initial, user=request.user, government=government)
    if request.method == "POST" and form.is_valid():
        try:
            event = _save_event(request, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("programmes:event_detail", pk=event.pk)
    return form_page(
        request,
        form,
        title=_("Record an event"),
        cancel_url=reverse("programmes:event_list"),
        nav="programmes",
        crumbs=[(_("Events"), reverse("programmes:event_list")), (_("New"), None)],
    )


@login_required
def event_detail(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    can_edit = rules.can_edit_event(request.user, event)
    evidence_form = EventEvidenceForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Your role does not allow changing this event."))
        evidence_form = EventEvidenceForm(request.POST, request.FILES)
        if evidence_form.is_valid():
            try:
                services.event_evidence_add(
                    event=event, upload=evidence_form.cleaned_data["file"], kind=evidence_form.cleaned_data["kind"],
                    by=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(evidence_form, exc)
            else:
                messages.success(request, _("Evidence attached."))
                return redirect("programmes:event_detail", pk=event.pk)
    return render(
        request,
        "programmes/event_detail.html",
        {
            "event": event,
            "can_edit": can_edit,
            "evidence": event.evidence.all(),
            "evidence_form": evidence_form,
            "history": history_for(obj=event)[:30],
            "active_nav": "programmes",
            "active_tab": "events",
            "breadcrumbs": [(_("Events"), reverse("programmes:event_list")), (event.title[:60], None)],
        },
    )


@login_required
@require_POST
def event_evidence_delete(request, pk):
    evidence = selectors.event_evidence_get(user=request.user, pk=pk)
    if not rules.can_edit_event(request.user, evidence.event):
        raise PermissionDenied(_("Your role does not allow changing this event."))
    services.event_evidence_delete(evidence=evidence, by=request.user)
    messages.success(request, _("Evidence removed."))
    return redirect("programmes:event_detail", pk=evidence.event_id)


@login_required
def event_evidence_download(request, pk):
    """An event's evidence file, only for those who may see the event; an attachment with its checked type."""
    evidence = selectors.event_evidence_get(user=request.user, pk=pk)
    return download(evidence.file, name=evidence.name, content_type=evidence.content_type)


@login_required
def event_edit(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    if not rules.can_edit_event(request.user, event):
        raise PermissionDenied(_("Your role does not allow changing this event."))
    form = EventForm(request.POST or None, instance=event, user=request.user, government=event.government)
    if request.method == "POST" and form.is_valid():
        try:
            _save_event(request, form, event)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return redirect("programmes:event_detail", pk=event.pk)
    return form_page(
        request,
        form,
        title=_("Edit event"),
        cancel_url=reverse("programmes:event_detail", args=[event.pk]),
        nav="programmes",
        crumbs=[(_("Events"), reverse("programmes:event_list")), (event.title[:60], None)],
    )


@login_required
def urine_test_list(request):
    government = current_government(request)
    q, year, agency = request.GET.get("q", "").strip(), request.GET.get("year", ""), request.GET.get("agency", "")
    campaigns = selectors.urine_test_list(
        user=request.user,
        government_id=government.pk,
        year=int(year) if year.isdigit() else None,
        agency_id=int(agency) if agency.isdigit() else None,
        q=q,
    )
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(filename="tes-urine", columns=URINE_COLUMNS, rows=campaigns, fmt=request.GET["export"])
    form = UrineTestForm(request.POST or None, user=request.user, government=government)
    can_record = form.fields["agency"].queryset.exists()
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied(_("Your role does not allow recording urine tests."))
        if _save_test(request, form, government) is not None:
            return redirect("programmes:urine_test_list")
    page = paginate(request, campaigns)
    page.object_list = list(page.object_list)
    for campaign in page.object_list:
        campaign.editable = rules.can_edit_test(request.user, campaign)
    return render(
        request,
        "programmes/urine_test_list.html",
        {
            "page": page,
            "can_record": can_record,
            "totals": selectors.urine_test_totals(campaigns),
            "q": q,
            "year": year,
            "agency": agency,
            "years": selectors.urine_test_years(user=request.user, government_id=government.pk),
            "agencies": selectors.urine_test_agencies(user=request.user, government_id=government.pk),
            "form": form if can_record else None,
            "active_nav": "programmes",
            "active_tab": "urine",
            "breadcrumbs": [(_("Urine tests"), None)],
        },
    )


def _save_test(request, form, government, campaign=None):
    """Record (or change) a urine test from a valid form the user may save; the campaign, or None to show the form."""
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    if not rules.can_record_tests(request.user, government_id=government.pk, agency=data["agency"]):
        raise PermissionDenied(_("Your role does not allow recording urine tests for this agency."))
    try:
        if campaign is None:
            campaign = services.urine_test_create(government=government, by=request.user, **data)
        else:
            services.urine_test_update(campaign=campaign, by=request.user, **data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    messages.success(request, _("Urine test recorded."))
    return campaign


@login_required
def urine_test_create(request):
    government = current_government(request)
    form = UrineTestForm(request.POST or None, user=request.user, government=government)
    if not form.fields["agency"].queryset.exists():
        raise PermissionDenied(_("Your role does not allow recording urine tests."))
    if request.method == "POST" and _save_test(request, form, government) is not None:
        return redirect("programmes:urine_test_list")
    return form_page(
        request,
        form,
        title=_("Record a urine test"),
        cancel_url=reverse("programmes:urine_test_list"),
        nav="programmes",
        crumbs=[(_("Urine tests"), reverse("programmes:urine_test_list")), (_("New"), None)],
    )


@login_required
def urine_test_edit(request, pk):
    campaign = selectors.urine_test_get(user=request.user, pk=pk)
    if not rules.can_edit_test(request.user, campaign):
        raise PermissionDenied(_("Your role does not allow recording urine tests for this agency."))
    form = UrineTestForm(request.POST or None, instance=campaign, user=request.user, government=campaign.government)
    if request.method == "POST" and _save_test(request, form, campaign.government, campaign) is not None:
        return redirect("programmes:urine_test_list")
    return form_page(
        request,
        form,
        title=_("Edit urine test"),
        cancel_url=reverse("programmes:urine_test_list"),
        nav="programmes",
        crumbs=[(_("Urine tests"), reverse("programmes:urine_test_list")), (str(campaign), None)],
    )
