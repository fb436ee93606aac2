from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import ControlCharactersMixin
from sinergi.organizations.forms import CHOOSE, DATE_WIDGET, regions_of
from sinergi.organizations.models import Agency
from sinergi.planning.indicator_sources import indicator_sources
from sinergi.planning.models import (
    Action,
    Field,
    Indicator,
    IndicatorSource,
    LegalBasisKind,
    NationalAction,
    NationalPlan,
    PeriodKind,
    RegionalPlan,
)

MONTHS = [
    (1, "Jan"), (2, "Feb"), (3, "Mar"), (4, "Apr"), (5, "Mei"), (6, "Jun"),
    (7, "Jul"), (8, "Agu"), (9, "Sep"), (10, "Okt"), (11, "Nov"), (12, "Des"),
]  # fmt: skip
PDF_MAX_BYTES = 10 * 1024 * 1024


class RegionMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.code})"


class NationalActionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.description}"


class PlanCreateForm(ControlCharactersMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    national_plan = forms.ModelChoiceField(
        queryset=NationalPlan.objects.all(), label=_("Aligned with (RAN)"), empty_label=CHOOSE
    )
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    period_kind = forms.ChoiceField(label=_("Reporting periods"), choices=PeriodKind.choices)
    head_signoff_required = forms.BooleanField(label=_("Agency heads sign off their part"), required=False)
    carry_forward_from = forms.ModelChoiceField(
        queryset=RegionalPlan.objects.none(),
        required=False,
        label=_("Start from an earlier plan"),
        empty_label=_("— empty plan —"),
        help_text=_("Copies its actions, indicators and targets into the new years."),
    )

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carry_forward_from"].queryset = RegionalPlan.objects.filter(government=government)
        year = timezone.localdate().year + 1
        self.initial.setdefault("start_year", year)
        self.initial.setdefault("end_year", year)

    def clean(self):
        cleaned = super().clean()
        start, end, ran = cleaned.get("start_year"), cleaned.get("end_year"), cleaned.get("national_plan")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        if ran and start and end and not (ran.start_year <= start and end <= ran.end_year):
            self.add_error(
                "national_plan",
                _("The plan's years must lie within the RAN's %(years)s.")
                % {"years": f"{ran.start_year}–{ran.end_year}"},
            )
        return cleaned


class AdoptForm(ControlCharactersMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of legal basis"), choices=[("", CHOOSE), *LegalBasisKind.choices])
    number = forms.CharField(label=_("Number"), max_length=100)
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    document = forms.FileField(label=_("Signed document (PDF)"), required=False)
    confirm_reason = forms.CharField(
        label=_("Reason for adopting with actions not yet accepted"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, open_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not open_counts or not (open_counts["proposed"] or open_counts["returned"]):
            del self.fields["confirm_reason"]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document is None:
            return None
        if document.size > PDF_MAX_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        head = document.read(5)
        document.seek(0)
        if head != b"%PDF-":
            raise ValidationError(_("The document must be a PDF file."))
        return document


class ReasonForm(ControlCharactersMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(ControlCharactersMixin, forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(ControlCharactersMixin, forms.ModelForm):
    """An action's fields, carrying the version it was opened at so a concurrent change is not overwritten."""

    national_action = NationalActionChoiceField(
        queryset=NationalAction.objects.none(),
        required=False,
        label=_("National action (RAN)"),
        empty_label=_("— local action (not in the RAN) —"),
    )
    months = forms.TypedMultipleChoiceField(
        label=_("Schedule (months)"), choices=MONTHS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    locations = RegionMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Locations"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for the whole government area."),
    )
    supporting_agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=_("Supporting agencies"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "field", "national_action", "local_justification", "title", "description", "responsible_agency",
            "supporting_agencies", "target_group", "locations", "months", "budget", "budget_source", "sipd_code",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "local_justification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: RegionalPlan, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        # The field follows from the national action; it is asked only for a local action.
        self.fields["field"].required = False
        self.fields["field"].empty_label = _("— from the national action —")
        self.fields["responsible_agency"].empty_label = CHOOSE
        self.instance.plan = plan
        self.instance.government = plan.government
        government_agencies = Agency.objects.filter(government=plan.government, valid_until__isnull=True)
        self.fields["field"].queryset = Field.objects.filter(national_plan=plan.national_plan)
        self.fields["national_action"].queryset = NationalAction.objects.filter(
            field__national_plan=plan.national_plan
        ).select_related("field")
        self.fields["responsible_agency"].queryset = agencies
        self.fields["supporting_agencies"].queryset = government_agencies
        self.fields["locations"].queryset = regions_of(plan.government).exclude(code=plan.government.region_id)
        if self.instance.pk:
            self.initial["months"] = self.instance.month_list
            self.initial["version"] = self.instance.version

    def clean_months(self):
        return ",".join(str(m) for m in sorted(set(self.cleaned_data.get("months") or [])))

    def clean(self):
        national = self.cleaned_data.get("national_action")
        if national:
            self.cleaned_data["field"] = national.field
            self.instance.field = national.field
        elif not self.cleaned_data.get("field"):
            self.add_error("field", _("Choose the field of a local action, or a national action."))
        return super().clean()

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["whole_government"] = not data.get("locations")
        return data


class IndicatorForm(ControlCharactersMixin, forms.ModelForm):
    """An indicator with one target box per year and per reporting period of the plan."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indicator
        fields = ["name", "unit", "aggregation", "direction", "baseline", "source"]

    # What a computed source counts; only the boxes its source uses are kept (indicator_sources().filter_keys).
    FILTER_FIELDS = ("kinds", "target_group", "status", "stage")

    def __init__(self, *args, plan: RegionalPlan, action: Action, **kwargs):
        choices = indicator_sources().filter_choices
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.action = action
        self.initial["version"] = action.version
        self.fields["source"].required = False  # empty means typed (manual), as before sources existed
        self.fields["source"].help_text = _(
            "A computed value is counted from the records of the responsible agency in the period (events, urine "
            "tests, volunteers, assessments, Bersinar); the operator confirms it or overrides it with a reason."
        )
        self.fields["kinds"] = forms.MultipleChoiceField(
            label=_("Event kinds counted"),
            choices=choices["kinds"],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Events and participants: leave empty for every kind."),
        )
        self.fields["target_group"] = forms.ChoiceField(
            label=_("Target group counted"),
            choices=[("", _("— every group —")), *choices["target_group"]],
            required=False,
            help_text=_("Events, participants and people tested."),
        )
        self.fields["status"] = forms.ChoiceField(
            label=_("Vulnerability status counted"),
            choices=[("", CHOOSE), *choices["status"]],
            required=False,
            help_text=_("Kelurahan/desa with a given vulnerability status."),
        )
        self.fields["stage"] = forms.ChoiceField(
            label=_("Bersinar stage reached"),
            choices=[("", CHOOSE), *choices["stage"]],
            required=False,
            help_text=_("Kelurahan/desa that reached this stage or a later one."),
        )
        for name in self.FILTER_FIELDS:
            if name in (self.instance.source_filter or {}):
                self.initial[name] = self.instance.source_filter[name]
        existing = {(t.year, t.period): t.value for t in self.instance.targets.all()} if self.instance.pk else {}
        prefix = "S" if plan.period_kind == PeriodKind.SEMESTER else "T"
        for year in plan.years:
            for period in (0, *plan.periods):
                name = f"target_{year}_{period}"
                label = _("Target %(year)s") % {"year": year} if period == 0 else f"{year} {prefix}{period}"
                self.fields[name] = forms.DecimalField(
                    label=label, required=False, min_value=Decimal(0), max_digits=15, decimal_places=2
                )
                if (year, period) in existing:
                    self.initial[name] = existing[(year, period)]

    @property
    def target_rows(self):
        """The target boxes as rows per year, for the template's grid."""
        return [[self[f"target_{year}_{period}"] for period in (0, *self.plan.periods)] for year in self.plan.years]

    def targets(self) -> dict:
        return {
            (year, period): self.cleaned_data.get(f"target_{year}_{period}")
            for year in self.plan.years
            for period in (0, *self.plan.periods)
        }

    @property
    def source_fields(self):
        return [self[name] for name in ("source", *self.FILTER_FIELDS)]

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source:
            # The model validates the filter (Indicator.clean); boxes the source does not use are dropped.
            keys = indicator_sources().filter_keys.get(source, ())
            self.instance.source_filter = {k: cleaned[k] for k in keys if cleaned.get(k)}
        return cleaned

    def _update_errors(self, errors):
        """The filter has no box of its own: its problems are shown at the source."""
        if hasattr(errors, "error_dict") and "source_filter" in errors.error_dict:
            errors.error_dict.setdefault("source", []).extend(errors.error_dict.pop("source_filter"))
        super()._update_errors(errors)

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self._meta.fields}
        # A form posted without a source (an older client) keeps the indicator's source and filter.
        data["source"] = self.instance.source or IndicatorSource.MANUAL
        data["source_filter"] = self.instance.source_filter
        return data
