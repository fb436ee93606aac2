from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import ConcurrentEditMixin, ControlCharactersMixin
from sinergi.core.models import EvidenceKind
from sinergi.core.scope import scope_for, subtree_q
from sinergi.organizations.forms import CHOOSE, DATE_WIDGET, TEL_WIDGET, RegionChoiceField, regions_of
from sinergi.organizations.models import Agency
from sinergi.planning.models import Action, PlanStatus, RegionalPlan
from sinergi.programmes.models import (
    MAIN_INDICATORS,
    MAX_RATING,
    SUPPORTING_INDICATORS,
    Event,
    TrainingRecord,
    UrineTestCampaign,
    Volunteer,
    VolunteerGroup,
    VulnerabilityThresholds,
)
from sinergi.programmes.selectors import event_list

FILE_LABEL = _("File (PDF, JPEG, PNG, DOCX, XLSX; at most 10 MB)")


class PlanActionChoiceField(forms.ModelChoiceField):
    """A RAD action named with its plan (whose title carries the year) and version: titles repeat across plans."""

    def label_from_instance(self, obj):
        return f"{obj.title} — {obj.plan.title} (v{obj.plan.version})"


def plan_in_force(government, on):
    """The adopted RAD in force on a date: of the adopted (or since superseded) plans covering its year, the one
    adopted last on or before the date, else the first adopted for that year."""
    plans = RegionalPlan.objects.filter(
        government=government,
        status__in=[PlanStatus.ADOPTED, PlanStatus.SUPERSEDED],
        start_year__lte=on.year,
        end_year__gte=on.year,
    )
    in_force = plans.filter(legal_basis_date__lte=on).order_by("-legal_basis_date", "-version").first()
    return in_force or plans.order_by("legal_basis_date", "version").first()


def preselect_single(form, *names) -> None:
    """A required select with exactly one option starts on it (an operator of one agency picks nothing)."""
    for name in names:
        field = form.fields[name]
        if form.is_bound or form.initial.get(name) or getattr(form.instance, f"{name}_id", None):
            continue
        options = list(field.queryset.values_list("pk", flat=True)[:2])
        if len(options) == 1:
            form.initial[name] = options[0]


def recordable_agencies(user, government):
    """The agencies this user may record programme data for."""
    agencies = Agency.objects.filter(government=government, valid_until__isnull=True)
    scope = scope_for(user)
    if scope.can_manage(government.pk):
        return agencies
    allowed = agencies.filter(pk__in=[a for a, roles in scope.roles_by_agency.items() if "agency_operator" in roles])
    for area_government, area in scope.areas:
        if area_government == government.pk:
            allowed = allowed | agencies.filter(subtree_q("region", area))
    return allowed.distinct()


def recordable_regions(user, government):
    scope = scope_for(user)
    regions = regions_of(government).exclude(code=government.region_id)
    if scope.can_manage(government.pk) or scope.agency_ids:
        return regions
    areas = [area for g, area in scope.areas if g == government.pk]
    if not areas:
        return regions.none()
    condition = subtree_q("code", areas[0])
    for area in areas[1:]:
        condition |= subtree_q("code", area)
    return regions.filter(condition)


class EventForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    region = RegionChoiceField(
        queryset=None, required=False, label=_("Place"), empty_label=_("— the whole government area —")
    )

    class Meta:
        model = Event
        fields = [
            "kind", "title", "starts_on", "status", "agency", "region", "address", "target_group", "participants",
            "male", "female", "age_under_15", "age_15_24", "age_25_44", "age_45_plus", "action", "notes",
        ]  # fmt: skip
        widgets = {"starts_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"action": PlanActionChoiceField}

    def __init__(self, *args, user, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        self.fields["agency"].queryset = recordable_agencies(user, government)
        self.fields["agency"].empty_label = CHOOSE
        self.fields["region"].queryset = recordable_regions(user, government)
        plan = plan_in_force(government, self._event_date())
        actions = Action.objects.filter(plan=plan) if plan else Action.objects.none()
        if self.instance.action_id:  # an event already linked to an older plan's action keeps it
            actions = actions | Action.objects.filter(pk=self.instance.action_id)
        self.fields["action"].queryset = actions.select_related("plan").order_by("plan__start_year", "title")
        self.fields["action"].required = False
        self.fields["action"].help_text = (
            _("Actions of %(plan)s, the plan in force on the event's date.") % {"plan": plan.title}
            if plan
            else _("No adopted RAD covers the event's date.")
        )
        preselect_single(self, "agency")
        for name in ("participants", "male", "female", *Event.AGE_FIELDS):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": "0"})
        if not self.instance.pk:
            self.initial.setdefault("starts_on", timezone.localdate())

    def _event_date(self):
        """The date the action list follows: the one posted, else the event's, else today."""
        if self.is_bound:
            try:
                return forms.DateField().clean(self.data.get(self.add_prefix("starts_on")))
            except forms.ValidationError:
                pass
        return self.instance.starts_on or timezone.localdate()


class UrineTestForm(ControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = UrineTestCampaign
        fields = ["agency", "host_agency", "host_name", "held_on", "group", "tested", "positive", "referred", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        agencies = Agency.objects.filter(government=government, valid_until__isnull=True)
        scope = scope_for(user)
        # The agencies this user records tests for: all for the secretariat and reviewers, else their own agency
        # and, for area operators, the offices in their area (as rules.can_record_tests).
        reviewer = "reviewer" in scope.roles_in(government.pk)
        mine = agencies if reviewer else recordable_agencies(user, government)
        self.fields["agency"].queryset = mine
        self.fields["host_agency"].queryset = agencies
        self.fields["host_agency"].required = False
        preselect_single(self, "agency")


class EventEvidenceForm(forms.Form):
    file = forms.FileField(label=FILE_LABEL)
    kind = forms.ChoiceField(label=_("Type"), choices=EvidenceKind.choices, initial=EvidenceKind.PHOTO)


def kelurahan_choices(user, government):
    """The kelurahan/desa this user may record for (all of them for the secretariat and agencies)."""
    return recordable_regions(user, government).filter(level=4)


class VolunteerGroupForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=None, required=False, label=_("Kelurahan"))
    sk_file = forms.FileField(
        label=_("Decree (SK) file"), required=False, help_text=_("PDF, JPEG, PNG, DOCX or XLSX; at most 10 MB.")
    )

    class Meta:
        model = VolunteerGroup
        fields = ["name", "kind", "region", "agency", "sk_number", "sk_date"]
        widgets = {"sk_date": DATE_WIDGET}
        help_texts = {"agency": _("The agency that formed the group, when it is not a kelurahan group.")}

    def __init__(self, *args, user, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        self.fields["region"].queryset = kelurahan_choices(user, government)
        self.fields["agency"].queryset = recordable_agencies(user, government)
        self.fields["agency"].required = False
        if self.instance.sk_file_name:
            self.fields["sk_file"].help_text = _("Now: %(name)s. Choose a file only to replace it.") % {
                "name": self.instance.sk_file_name
            }


class VolunteerForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=None, label=_("Kelurahan where they live"), empty_label=CHOOSE)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        validators=[RegexValidator(r"^[0-9+ ()-]*$", _("Only digits, spaces, + ( ) and -."))],
        widget=TEL_WIDGET,
    )

    class Meta:
        model = Volunteer
        fields = ["name", "sex", "birth_year", "region", "role", "phone", "joined_on", "left_on"]
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}),
            "left_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, government, can_see_phone: bool, ask_confirm: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        self.can_see_phone = can_see_phone
        self.fields["region"].queryset = kelurahan_choices(user, government)
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric"})
        if self.instance.pk and self.instance.phone and not can_see_phone:
            # The number is never sent to someone who may not read it: leave it empty to keep it.
            self.initial["phone"] = ""
            self.fields["phone"].help_text = _("Now %(masked)s. Leave empty to keep it.") % {
                "masked": self.instance.masked_phone
            }
        if ask_confirm:
            self.ask_confirm()

    def ask_confirm(self):
        self.fields["confirm_duplicate"] = forms.BooleanField(
            label=_("This is a different person: register them anyway"), required=False
        )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if not phone and self.instance.pk and not self.can_see_phone:
            return Volunteer.objects.filter(pk=self.instance.pk).values_list("phone", flat=True).first() or ""
        return phone


class TrainingForm(ControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["title", "held_on", "until", "organiser", "event"]
        widgets = {"held_on": DATE_WIDGET, "until": DATE_WIDGET}

    def __init__(self, *args, user, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = event_list(user=user, government_id=government.pk).prefetch_related(None)
        self.fields["event"].required = False
        self.fields["event"].help_text = _("When the training was a recorded event.")


class AssessmentForm(ControlCharactersMixin, forms.Form):
    """The 8 main and 5 supporting indicators of a drug-prone area, each rated 0–3 with its source."""

    RATINGS = [(str(n), str(n)) for n in range(MAX_RATING + 1)]

    region = RegionChoiceField(queryset=None, label=_("Kelurahan/desa"), empty_label=CHOOSE)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_WIDGET)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, regions, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        for code, label in [*MAIN_INDICATORS.items(), *SUPPORTING_INDICATORS.items()]:
            self.fields[f"rating_{code}"] = forms.TypedChoiceField(
                label=label, choices=self.RATINGS, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"source_{code}"] = forms.CharField(label=_("Source"), max_length=300, required=False)
        if assessment is not None:
            self.fields["region"].disabled = self.fields["year"].disabled = True
            self.initial.update(
                region=assessment.region_id,
                year=assessment.year,
                assessed_on=assessment.assessed_on,
                notes=assessment.notes,
            )
            for code, value in (assessment.ratings or {}).items():
                self.initial[f"rating_{code}"] = str(value.get("rating", ""))
                self.initial[f"source_{code}"] = value.get("source", "")
        else:
            self.initial.setdefault("assessed_on", timezone.localdate())
            self.initial.setdefault("year", timezone.localdate().year)

    def indicator_rows(self, codes):
        return [(code, self[f"rating_{code}"], self[f"source_{code}"]) for code in codes]

    def indicator_groups(self):
        return [
            (_("Main indicators (weight 2)"), self.indicator_rows(MAIN_INDICATORS)),
            (_("Supporting indicators (weight 1)"), self.indicator_rows(SUPPORTING_INDICATORS)),
        ]

    def ratings(self) -> dict:
        codes = [*MAIN_INDICATORS, *SUPPORTING_INDICATORS]
        return {
            c: {"rating": self.cleaned_data[f"rating_{c}"], "source": self.cleaned_data[f"source_{c}"]} for c in codes
        }


class ThresholdsForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = VulnerabilityThresholds
        fields = ["bahaya_from", "waspada_from", "siaga_from"]
