"""Forms of the reporting pages: opening a period, extending a deadline, the introduction, documents, evidence."""

from django import forms
from django.utils.translation import gettext_lazy

from sinergi.core.forms import ControlCharactersMixin
from sinergi.organizations.forms import CHOOSE, DATE_WIDGET
from sinergi.organizations.models import Agency
from sinergi.planning.models import PlanStatus, RegionalPlan
from sinergi.reporting.models import Evidence, GeneratedDocument, PeriodKind


class PeriodOpenForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=RegionalPlan.objects.none(), label=gettext_lazy("Adopted plan"), empty_label=CHOOSE
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PeriodKind.choices)
    number = forms.IntegerField(label=gettext_lazy("Number"), min_value=1, max_value=4, initial=1)
    due_on = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Leave empty for the default number of working days after the period ends."),
    )

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = RegionalPlan.objects.filter(government=government, status=PlanStatus.ADOPTED)


class ExtensionForm(ControlCharactersMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=gettext_lazy("Agency"), empty_label=CHOOSE)
    due_on = forms.DateField(label=gettext_lazy("New due date"), widget=DATE_WIDGET)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000)

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=period.reports.values("agency_id")).order_by(
            "name"
        )


class IntroductionForm(ControlCharactersMixin, forms.Form):
    introduction = forms.CharField(
        label=gettext_lazy("Introduction of the consolidated report"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Leave empty for a default paragraph. Separate paragraphs with an empty line."),
    )


class DocumentRequestForm(forms.Form):
    format = forms.ChoiceField(choices=GeneratedDocument.Format.choices)
    draft = forms.BooleanField(required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (PDF, JPEG, PNG, DOCX, XLSX; at most 10 MB)"))
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Evidence.Kind.choices)
