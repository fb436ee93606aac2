from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.coordination.models import AgendaItem, Composition, FollowUp, Meeting, Member, TaskForce
from sinergi.core.forms import ConcurrentEditMixin, ControlCharactersMixin
from sinergi.organizations.forms import CHOOSE, DATE_WIDGET
from sinergi.organizations.models import Agency
from sinergi.planning.models import Action
from sinergi.regions.models import Region
from sinergi.reporting.models import Report

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def current_agencies(government):
    return Agency.objects.filter(government=government, valid_until__isnull=True).order_by("name")


def kecamatan_of(government):
    return Region.objects.filter(parent_id=government.region_id, is_current=True).order_by("code")


class TaskForceForm(ControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = TaskForce
        fields = ["name", "region"]

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        self.fields["region"].queryset = kecamatan_of(government)
        self.fields["region"].empty_label = _("— the government's own team —")
        if self.instance.pk:
            del self.fields["region"]


class CompositionForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    sk_upload = forms.FileField(label=_("decree file"), required=False, help_text=_("PDF, JPEG or PNG."))
    copy_members = forms.BooleanField(
        label=_("Start from the members of the previous composition"), required=False, initial=True
    )

    class Meta:
        model = Composition
        fields = ["sk_number", "sk_date", "valid_from", "valid_until", "notes"]
        widgets = {
            "sk_date": DATE_WIDGET,
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["copy_members"]


class MemberForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["position", "field", "agency", "person_name", "person_title", "order"]

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = current_agencies(government)
        self.fields["agency"].empty_label = CHOOSE
        self.fields["order"].required = False


class MeetingForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    agenda_lines = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item a line. The item for the follow-ups of earlier meetings is added first automatically."),
    )
    invite_groups = forms.MultipleChoiceField(
        label=_("Invite at once"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Added to the agencies ticked below."),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind", "title", "starts_at", "ends_at", "place", "chair_name", "chair_title", "invited_agencies",
            "letter_number", "letter_date", "task_force", "region", "summary",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "letter_date": DATE_WIDGET,
            "invited_agencies": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        self.fields["invited_agencies"].queryset = current_agencies(government)
        self.fields["invited_agencies"].required = False
        kinds = dict(Agency.Kind.choices)
        present = current_agencies(government).values_list("kind", flat=True).distinct()
        self.fields["invite_groups"].choices = [
            ("all", _("Every agency")),
            ("task_force", _("The task force's members (current composition)")),
            *[(f"kind:{k}", _("Every %(kind)s") % {"kind": kinds[k]}) for k in sorted(set(present)) if k in kinds],
        ]
        self.government = government
        self.fields["task_force"].queryset = TaskForce.objects.filter(government=government)
        self.fields["region"].queryset = Region.objects.filter(
            code__gt=government.region_id + ".", code__lt=government.region_id + "/", is_current=True, level__lte=4
        ).order_by("code")
        if self.instance.pk:
            del self.fields["agenda_lines"]

    def clean_place(self):
        return " ".join(self.cleaned_data["place"].split())

    def clean(self):
        """Invitation groups become agencies: all, by kind, or the current members of the task force."""
        data = super().clean()
        groups = set(data.get("invite_groups") or [])
        if not groups:
            return data
        agencies = current_agencies(self.government)
        chosen = set(data.get("invited_agencies") or [])
        if "all" in groups:
            chosen |= set(agencies)
        kinds = {g.split(":", 1)[1] for g in groups if g.startswith("kind:")}
        if kinds:
            chosen |= set(agencies.filter(kind__in=kinds))
        if "task_force" in groups:
            chosen |= set(agencies.filter(pk__in=self._task_force_agency_ids(data.get("task_force"))))
        data["invited_agencies"] = sorted(chosen, key=lambda a: a.name)
        return data

    def _task_force_agency_ids(self, task_force):
        from django.db.models import Q

        today = timezone.localdate()
        task_force = task_force or TaskForce.objects.filter(government=self.government).order_by("pk").first()
        valid = Q(composition__valid_until__isnull=True) | Q(composition__valid_until__gte=today)
        members = Member.objects.filter(valid, composition__task_force=task_force, composition__valid_from__lte=today)
        return members.values_list("agency_id", flat=True)


class AgendaItemForm(ControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 6})}


class AttendanceForm(ControlCharactersMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, label=_("Agency"))
    institution = forms.CharField(label=_("Or institution"), max_length=200, required=False)
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, prefix="hadir", **kwargs)
        self.fields["agency"].queryset = current_agencies(government)
        self.fields["agency"].empty_label = CHOOSE


class FollowUpFields(ControlCharactersMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, label=_("Owner agency"))
    description = forms.CharField(
        label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_on = forms.DateField(label=_("Due date"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = current_agencies(government)
        self.fields["agency"].empty_label = CHOOSE

    def follow_up(self) -> dict | None:
        data = self.cleaned_data
        if not (data.get("agency") or data.get("description") or data.get("due_on")):
            return None
        return {"agency": data.get("agency"), "description": data.get("description", ""), "due_on": data.get("due_on")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agency") or cleaned.get("description") or cleaned.get("due_on"):
            for name in ("agency", "description", "due_on"):
                if not cleaned.get(name):
                    self.add_error(name, _("This field is required."))
        return cleaned


class DecisionForm(FollowUpFields):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False, label=_("Agenda item"))

    field_order = ["text", "agenda_item", "agency", "description", "due_on"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, government=meeting.government, prefix="keputusan", **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.order_by("order", "pk")


class FollowUpProgressForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    """What the owner agency updates: status, result, the date it was done, or why it was dropped."""

    class Meta:
        model = FollowUp
        fields = ["status", "result", "done_on", "dropped_reason"]
        widgets = {
            "done_on": DATE_WIDGET,
            "result": forms.Textarea(attrs={"rows": 3}),
            "dropped_reason": forms.Textarea(attrs={"rows": 2}),
        }


class FollowUpEditForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    """What only the secretariat changes: owner, task, due date and links to RAD actions and reports."""

    class Meta:
        model = FollowUp
        fields = ["agency", "description", "due_on", "actions", "reports"]
        widgets = {"due_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        government = self.instance.government
        self.fields["agency"].queryset = current_agencies(government)
        self.fields["actions"].queryset = Action.objects.filter(government=government).select_related("plan")
        self.fields["reports"].queryset = Report.objects.filter(government=government).select_related(
            "period", "action"
        )
        self.fields["actions"].required = self.fields["reports"].required = False


class FollowUpEvidenceForm(ControlCharactersMixin, forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX or XLSX, checked by content."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="bukti", **kwargs)


def default_meeting_start():
    return timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
