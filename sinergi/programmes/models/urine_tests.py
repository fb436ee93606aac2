"""Urine-test campaigns, kept as counts only (no names, no identifiers)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Action
from sinergi.programmes.models.common import TargetGroup


class UrineTestCampaign(models.Model):
    """A urine test campaign at a workplace, agency or school, kept as counts only: no names, no identifiers."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="urine_tests")
    agency = models.ForeignKey(Agency, verbose_name=_("carried out by"), on_delete=models.PROTECT, related_name="+")
    host_agency = models.ForeignKey(
        Agency, verbose_name=_("tested agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host_name = models.CharField(
        _("tested workplace or school"), max_length=200, blank=True, help_text=_("When it is not one of the agencies.")
    )
    held_on = models.DateField(_("date"))
    group = models.CharField(_("group tested"), max_length=20, choices=TargetGroup)
    tested = models.PositiveIntegerField(_("people tested"))
    positive = models.PositiveIntegerField(_("positive"), default=0)
    referred = models.PositiveIntegerField(_("referred to assessment or rehabilitation"), default=0)
    action = models.ForeignKey(
        Action, verbose_name=_("RAD action"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # Area operators read the tests carried out by the offices located in their area.
    scope_paths = ScopePaths(agency="agency", region="agency__region")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("urine test campaign")
        verbose_name_plural = _("urine test campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(positive__lte=F("tested")), name="urine_positive_le_tested"),
            models.CheckConstraint(condition=Q(referred__lte=F("positive")), name="urine_referred_le_positive"),
        ]

    def __str__(self):
        return f"{self.held_on} {self.host_agency or self.host_name}"

    @property
    def host(self) -> str:
        return self.host_agency.name if self.host_agency_id else self.host_name

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors = {}
        if self.positive is not None and self.tested is not None and self.positive > self.tested:
            errors["positive"] = _("There cannot be more positive results than people tested.")
        if self.referred is not None and self.positive is not None and self.referred > self.positive:
            errors["referred"] = _("Only people who tested positive can be referred.")
        if not self.host_agency_id and not self.host_name.strip():
            errors["host_name"] = _("Say where the test took place: an agency, or a workplace or school.")
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("A test cannot be recorded before it takes place.")
        for name in ("agency", "host_agency"):
            agency = getattr(self, name) if getattr(self, f"{name}_id") else None
            if agency is not None and self.government_id and agency.government_id != self.government_id:
                errors[name] = _("The agency belongs to another government.")
        if errors:
            raise ValidationError(errors)
