"""Kelurahan/Desa Bersinar pages: the status board of a government, a village's programme, and its forms."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.core.files import check_upload, download
from sinergi.core.forms import ControlCharactersMixin
from sinergi.core.lists import EXPORT_FORMATS, export_response
from sinergi.core.models import EvidenceKind
from sinergi.core.pages import apply_errors, current_government, flash_errors, form_page
from sinergi.core.scope import scope_for, subtree_q
from sinergi.organizations.forms import CHOOSE, DATE_WIDGET, RegionChoiceField
from sinergi.organizations.models import Agency
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.models import BersinarStage, PokjaMember

NAV = "bersinar"
# The document type a stage's upload most likely is.
STAGE_DOCUMENT_KIND = {
    BersinarStage.PEMETAAN: EvidenceKind.REPORT,
    BersinarStage.PENETAPAN_SK: EvidenceKind.DECREE,
    BersinarStage.POKJA: EvidenceKind.DECREE,
    BersinarStage.RELAWAN: EvidenceKind.DECREE,
    BersinarStage.INTERVENSI: EvidenceKind.PHOTO,
    BersinarStage.MONEV: EvidenceKind.REPORT,
}
FILE_LABEL = gettext_lazy("File (PDF, JPEG, PNG, DOCX, XLSX; at most 10 MB)")


def _board_crumb():
    return (_("Kelurahan Bersinar"), reverse("programmes:bersinar_board"))


def _programme_crumbs(programme, *last):
    return [
        _board_crumb(),
        (programme.region.label, reverse("programmes:bersinar_detail", args=[programme.pk])),
        *last,
    ]


def can_record_any(user, government) -> bool:
    """Whether the user records Bersinar anywhere in this government (secretariat, reviewer, area operator)."""
    scope = scope_for(user)
    return (
        scope.can_manage(government.pk)
        or "reviewer" in scope.roles_in(government.pk)
        or any(g == government.pk for g, _area in scope.areas)
    )


def recordable_villages(user, government):
    """The villages of the government, still without a programme, where this user may start one."""
    villages = selectors.bersinar_villages(user=user, government=government).filter(bersinar__isnull=True)
    scope = scope_for(user)
    if scope.can_manage(government.pk) or "reviewer" in scope.roles_in(government.pk):
        return villages.select_related("parent").order_by("code")
    condition = Q(pk__in=[])
    for government_id, area in scope.areas:
        if government_id == government.pk:
            condition |= subtree_q("code", area)
    return villages.filter(condition).select_related("parent").order_by("code")


def _require_edit(user, programme):
    if not rules.can_edit_bersinar(user, programme):
        raise PermissionDenied(_("Your role does not allow changing this Bersinar programme."))


# --- forms ---------------------------------------------------------------------------------------------------


class VillageChoiceField(RegionChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.parent.label})"


class BersinarStartForm(ControlCharactersMixin, forms.Form):
    region = VillageChoiceField(queryset=None, label=gettext_lazy("Kelurahan/desa"), empty_label=CHOOSE)
    named_on = forms.DateField(
        label=gettext_lazy("Named Bersinar on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("The date of the decree (SK), if it has been issued. It is filled in when you record "
                               "the decree stage."),
    )  # fmt: skip
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = villages


class BersinarEditForm(ControlCharactersMixin, forms.Form):
    named_on = forms.DateField(label=gettext_lazy("Named Bersinar on"), required=False, widget=DATE_WIDGET)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _checked_file(upload):
    """check_upload's verdict as a form field error, so a bad file refuses the whole form before anything is saved."""
    if upload:
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["file"]) from exc
    return upload


class StepForm(ControlCharactersMixin, forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=BersinarStage.choices)
    done_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(
        label=FILE_LABEL, required=False, help_text=gettext_lazy("Optional: the decree, mapping result or report.")
    )
    kind = forms.ChoiceField(label=gettext_lazy("Document type"), choices=EvidenceKind.choices, required=False)

    def clean_file(self):
        return _checked_file(self.cleaned_data.get("file"))


class DocumentForm(forms.Form):
    file = forms.FileField(label=FILE_LABEL)
    kind = forms.ChoiceField(label=gettext_lazy("Document type"), choices=EvidenceKind.choices)
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"), required=False, choices=[("", gettext_lazy("— none —")), *BersinarStage.choices]
    )

    def clean_file(self):
        return _checked_file(self.cleaned_data.get("file"))


class PokjaForm(ControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = PokjaMember
        fields = ["name", "position", "institution", "agency"]
        help_texts = {
            "position": gettext_lazy("E.g. Lurah, Babinsa, Bhabinkamtibmas, Linmas, PKK, community leader."),
            "institution": gettext_lazy("E.g. Koramil, Polsek, Kelurahan, PKK."),
        }

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(government=government, valid_until__isnull=True)
        self.fields["agency"].required = False
        self.fields["agency"].help_text = _("When the member represents one of the agencies.")


class EventChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.starts_on:%d-%m-%Y} — {obj.title} ({obj.get_status_display()})"


class LinksForm(forms.Form):
    volunteer_groups = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=gettext_lazy("Volunteer groups"), widget=forms.CheckboxSelectMultiple
    )
    events = EventChoiceField(
        queryset=None, required=False, label=gettext_lazy("Events"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer_groups"].queryset = services.bersinar_linkable_groups(programme).order_by("name")
        self.fields["events"].queryset = services.bersinar_linkable_events(programme).order_by("-starts_on", "-pk")
        self.fields["volunteer_groups"].help_text = _("Groups in %(place)s or of its office.") % {
            "place": programme.region.label
        }
        self.fields["events"].help_text = _("Events held in %(place)s or organised by its office.") % {
            "place": programme.region.label
        }


# --- the status board ----------------------------------------------------------------------------------------


def board_columns():
    return [
        (_("Kecamatan"), lambda r: r.region.parent.name),
        (_("Kelurahan/desa"), lambda r: r.region.name),
        (_("Code"), lambda r: r.region.code),
        (_("Stage reached"), lambda r: r.stage_label if r.programme_id else _("Not started")),
        (_("Stages done"), lambda r: f"{r.stage_order}/{len(BersinarStage.values)}"),
        (_("Named Bersinar on"), lambda r: r.named_on),
        (_("Active volunteers"), lambda r: r.volunteers),
        (_("Events this year"), lambda r: r.events),
        (_("Vulnerability"), lambda r: r.vulnerability_label),
        (_("Assessed in"), lambda r: r.vulnerability_year),
    ]


@login_required
def bersinar_board(request):
    government = current_government(request)
    q, stage = request.GET.get("q", "").strip()[:100], request.GET.get("stage", "")
    board = selectors.bersinar_board(user=request.user, government=government, stage=stage, q=q)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename="kelurahan-bersinar", columns=board_columns(), rows=board.rows, fmt=request.GET["export"]
        )
    return render(
        request,
        "programmes/bersinar_board.html",
        {
            "board": board,
            "q": q,
            "stage": stage,
            "stages": BersinarStage.choices,
            "stage_count": len(BersinarStage.values),
            "is_regency": government.region.level == 2,
            "can_record": can_record_any(request.user, government),
            "active_nav": "programmes",
            "active_tab": NAV,
            "breadcrumbs": [(_("Kelurahan Bersinar"), None)],
        },
    )


@login_required
def bersinar_create(request):
    government = current_government(request)
    if not can_record_any(request.user, government):
        raise PermissionDenied(_("Your role does not allow starting a Bersinar programme."))
    villages = recordable_villages(request.user, government)
    form = BersinarStartForm(request.POST or None, villages=villages, initial={"region": request.GET.get("wilayah")})
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"]
        if not rules.can_record_bersinar(request.user, government_id=government.pk, region_code=region.code):
            raise PermissionDenied(_("Your role does not allow starting a Bersinar programme here."))
        try:
            programme = services.bersinar_create(
                government=government,
                region=region,
                named_on=form.cleaned_data["named_on"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Bersinar programme started."))
            return redirect("programmes:bersinar_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Start a Bersinar programme"),
        intro=_("One programme per kelurahan/desa; its stages, Pokja, documents and links are recorded next."),
        cancel_url=reverse("programmes:bersinar_board"),
        nav="programmes",
        crumbs=[_board_crumb(), (_("New"), None)],
    )


# --- one programme -------------------------------------------------------------------------------------------


@login_required
def bersinar_detail(request, pk: int):
    programme = selectors.bersinar_get(user=request.user, pk=pk)
    steps = {step.stage: step for step in programme.steps.all()}
    documents = list(programme.documents.select_related("uploaded_by").order_by("uploaded_at", "pk"))
    timeline = [
        {
            "stage": value,
            "label": label,
            "number": index,
            "step": steps.get(value),
            "documents": [d for d in documents if d.stage == value],
        }
        for index, (value, label) in enumerate(BersinarStage.choices, start=1)
    ]
    groups = programme.volunteer_groups.annotate(
        active=Count("members", filter=Q(members__is_active=True))
    ).select_related("region", "agency")
    return render(
        request,
        "programmes/bersinar_detail.html",
        {
            "programme": programme,
            "timeline": timeline,
            "stage_count": len(timeline),
            "stage_order": BersinarStage.order(programme.stage),
            "other_documents": [d for d in documents if not d.stage],
            "pokja": programme.pokja.select_related("agency"),
            "groups": groups,
            "events": programme.events.select_related("agency", "region").order_by("-starts_on", "-pk"),
            "can_edit": rules.can_edit_bersinar(request.user, programme),
            "history": selectors.bersinar_history(programme)[:50],
            "show_types": True,
            "active_nav": "programmes",
            "active_tab": NAV,
            "breadcrumbs": [_board_crumb(), (programme.region.label, None)],
        },
    )


@login_required
def bersinar_edit(request, pk: int):
    programme = selectors.bersinar_get(user=request.user, pk=pk)
    _require_edit(request.user, programme)
    form = BersinarEditForm(request.POST or None, initial={"named_on": programme.named_on, "notes": programme.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.bersinar_update(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:bersinar_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Edit %(place)s Bersinar") % {"place": programme.region.label},
        cancel_url=reverse("programmes:bersinar_detail", args=[programme.pk]),
        nav="programmes",
        crumbs=_programme_crumbs(programme, (_("Edit"), None)),
    )


@login_required
def bersinar_step(request, pk: int):
    """Record a stage (or correct its date), optionally with its document."""
    programme = selectors.bersinar_get(user=request.user, pk=pk)
    _require_edit(request.user, programme)
    stage = request.GET.get("tahap", "")
    initial = {}
    if stage in BersinarStage.values:
        existing = programme.steps.filter(stage=stage).first()
        initial = {"stage": stage, "kind": STAGE_DOCUMENT_KIND[stage]}
        if existing:
            initial.update(done_on=existing.done_on, notes=existing.notes)
    form = StepForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.bersinar_step_record(
                    programme=programme, stage=data["stage"], done_on=data["done_on"], notes=data["notes"],
                    by=request.user,
                )  # fmt: skip
                if data["file"]:
                    services.bersinar_document_add(
                        programme=programme, upload=data["file"], stage=data["stage"],
                        kind=data["kind"] or STAGE_DOCUMENT_KIND[data["stage"]], by=request.user,
                    )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Stage recorded."))
            return redirect("programmes:bersinar_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Record a stage: %(place)s") % {"place": programme.region.label},
        cancel_url=reverse("programmes:bersinar_detail", args=[programme.pk]),
        nav="programmes",
        crumbs=_programme_crumbs(programme, (_("Stage"), None)),
        multipart=True,
    )


@login_required
@require_POST
def bersinar_step_remove(request, pk: int, stage: str):
    programme = selectors.bersinar_get(user=request.user, pk=pk)
    _require_edit(request.user, programme)
    try:
        services.bersinar_step_remove(programme=programme, stage=stage, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Stage removed."))
    return redirect("programmes:bersinar_detail", pk=programme.pk)


@login_required
def bersinar_document_add(request, pk: int):
    programme = selectors.bersinar_get(user=request.user, pk=pk)
    _require_edit(request.user, programme)
    stage = request.GET.get("tahap", "")
    initial = {"stage": stage, "kind": STAGE_DOCUMENT_KIND[stage]} if stage in BersinarStage.values else {}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.bersinar_document_add(
                programme=programme, upload=form.cleaned_data["file"], stage=form.cleaned_data["stage"],
                kind=form.cleaned_data["kind"], by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Document uploaded."))
            return redirect("programmes:bersinar_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Upload a document: %(place)s") % {"place": programme.region.label},
        cancel_url=reverse("programmes:bersinar_detail", args=[programme.pk]),
        nav="programmes",
        crumbs=_programme_crumbs(programme, (_("Document"), None)),
        multipart=True,
    )


@login_required
def bersinar_document_download(request, pk):
    """A document, only for those who may see its programme; an attachment with its checked type."""
    document = selectors.bersinar_document_get(user=request.user, pk=pk)
    return download(document.file, name=document.name, content_type=document.content_type)


@login_required
@require_POST
def bersinar_document_delete(request, pk):
    document = selectors.bersinar_document_get(user=request.user, pk=pk)
    _require_edit(request.user, document.programme)
    services.bersinar_document_delete(document=document, by=request.user)
    messages.success(request, _("Document removed."))
    return redirect("programmes:bersinar_detail", pk=document.programme.pk)


@login_required
def pokja_add(request, pk: int):
    programme = selectors.bersinar_get(user=request.user, pk=pk)
    _require_edit(request.user, programme)
    form = PokjaForm(request.POST or None, government=programme.government)
    if request.method == "POST" and form.is_valid():
        try:
            services.pokja_member_add(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pokja member added."))
            return redirect("programmes:bersinar_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Add a Pokja member: %(place)s") % {"place": programme.region.label},
        cancel_url=reverse("programmes:bersinar_detail", args=[programme.pk]),
        nav="programmes",
        crumbs=_programme_crumbs(programme, (_("Pokja"), None)),
    )


@login_required
def pokja_edit(request, pk: int):
    member = selectors.pokja_member_get(user=request.user, pk=pk)
    programme = member.programme
    _require_edit(request.user, programme)
    form = PokjaForm(request.POST or None, instance=member, government=programme.government)
    if request.method == "POST" and form.is_valid():
        try:
            services.pokja_member_update(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:bersinar_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Edit a Pokja member"),
        cancel_url=reverse("programmes:bersinar_detail", args=[programme.pk]),
        nav="programmes",
        crumbs=_programme_crumbs(programme, (_("Pokja"), None)),
    )


@login_required
@require_POST
def pokja_remove(request, pk: int):
    member = selectors.pokja_member_get(user=request.user, pk=pk)
    _require_edit(request.user, member.programme)
    services.pokja_member_remove(member=member, by=request.user)
    messages.success(request, _("Pokja member removed."))
    return redirect("programmes:bersinar_detail", pk=member.programme.pk)


@login_required
def bersinar_links(request, pk: int):
    programme = selectors.bersinar_get(user=request.user, pk=pk)
    _require_edit(request.user, programme)
    form = LinksForm(
        request.POST or None,
        programme=programme,
        initial={"volunteer_groups": programme.volunteer_groups.all(), "events": programme.events.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bersinar_links_set(
                programme=programme, by=request.user, volunteer_groups=form.cleaned_data["volunteer_groups"],
                events=form.cleaned_data["events"],
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Links saved."))
            return redirect("programmes:bersinar_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("Volunteer groups and events of %(place)s") % {"place": programme.region.label},
        cancel_url=reverse("programmes:bersinar_detail", args=[programme.pk]),
        nav="programmes",
        crumbs=_programme_crumbs(programme, (_("Links"), None)),
    )
