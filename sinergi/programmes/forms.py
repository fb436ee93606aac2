from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import ConcurrentEditMixin
from sinergi.core.scope import scope_for, subtree_q
from sinergi.organizations.forms import CHOOSE, DATE_WIDGET, RegionChoiceField, regions_of
from sinergi.organizations.models import Agency
from sinergi.planning.models import Action, PlanStatus
from sinergi.programmes.models import Event, UrineTestCampaign


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


class EventForm(ConcurrentEditMixin, forms.ModelForm):
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

    def __init__(self, *args, user, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        self.fields["agency"].queryset = recordable_agencies(user, government)
        self.fields["agency"].empty_label = CHOOSE
        self.fields["region"].queryset = recordable_regions(user, government)
        self.fields["action"].queryset = Action.objects.filter(
            government=government, plan__status=PlanStatus.ADOPTED
        ).select_related("plan")
        self.fields["action"].required = False
        for name in ("participants", "male", "female", *Event.AGE_FIELDS):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": "0"})
        if not self.instance.pk:
            self.initial.setdefault("starts_on", timezone.localdate())


class UrineTestForm(forms.ModelForm):
    class Meta:
        model = UrineTestCampaign
        fields = ["agency", "host_agency", "host_name", "held_on", "group", "tested", "positive", "referred", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        agencies = Agency.objects.filter(government=government, valid_until__isnull=True)
        scope = scope_for(user)
        mine = agencies if (scope.can_manage(government.pk) or "reviewer" in scope.roles_in(government.pk)) else (
            agencies.filter(pk__in=[a for a, r in scope.roles_by_agency.items() if "agency_operator" in r])
        )  # fmt: skip
        self.fields["agency"].queryset = mine
        self.fields["host_agency"].queryset = agencies
        self.fields["host_agency"].required = False
