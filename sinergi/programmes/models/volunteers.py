"""Volunteer groups (relawan, penggiat, kader, satgas), their members and the trainings they attended."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.programmes.models.common import programme_file_path
from sinergi.programmes.models.events import Event
from sinergi.regions.models import Region


class VolunteerGroup(models.Model):
    """A group of anti-drug volunteers, activists, cadres or a task force (relawan, penggiat, kader, satgas)."""

    class Kind(models.TextChoices):
        RELAWAN = "relawan", _("Anti-drug volunteers (relawan)")
        PENGGIAT = "penggiat", _("Activists (penggiat)")
        KADER = "kader", _("Cadres (kader)")
        SATGAS = "satgas", _("Task force (satgas)")

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="volunteer_groups")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    region = models.ForeignKey(
        Region, verbose_name=_("kelurahan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sk_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    sk_date = models.DateField(_("decree date"), null=True, blank=True)
    sk_file = models.FileField(_("decree file"), upload_to=programme_file_path, blank=True)
    sk_file_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_paths = ScopePaths(agency="agency", region="region")

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer group")
        verbose_name_plural = _("volunteer groups")

    def __str__(self):
        return self.name

    def government_region_code(self):
        return self.government.region_id

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.region_id and not self.agency_id:
            raise ValidationError({"region": _("A group belongs to a kelurahan or to an agency.")})
        if self.region_id and self.government_id and not self.region_id.startswith(self.government.region_id + "."):
            raise ValidationError({"region": _("The kelurahan must lie inside this government.")})


class Volunteer(models.Model):
    """A member of a volunteer group, with only what the programme needs (UU 27/2022): no NIK, no address."""

    class Sex(models.TextChoices):
        MALE = "L", _("Male")
        FEMALE = "P", _("Female")

    group = models.ForeignKey(VolunteerGroup, on_delete=models.CASCADE, related_name="members")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    region = models.ForeignKey(Region, verbose_name=_("kelurahan"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the group"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True, help_text=_("Empty while they are active."))
    created_at = models.DateTimeField(auto_now_add=True)

    scope_paths = ScopePaths(agency="group__agency", region="region")

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [models.Index(fields=["government", "region", "birth_year"], name="volunteer_dup_idx")]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        year = timezone.localdate().year
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("They cannot leave before they joined.")})
        if self.birth_year and not (year - 100 <= self.birth_year <= year - 10):
            raise ValidationError(
                {"birth_year": _("Give a birth year between %(a)s and %(b)s.") % {"a": year - 100, "b": year - 10}}
            )

    @staticmethod
    def active_between(starts_on, ends_on, prefix: str = "") -> models.Q:
        """Volunteers active at some day of ``starts_on``–``ends_on``: joined by its end, not left before its start,
        in a group that is active. The one definition the recap, the roll-ups and the dashboards count."""
        return models.Q(**{f"{prefix}joined_on__lte": ends_on, f"{prefix}group__is_active": True}) & (
            models.Q(**{f"{prefix}left_on__isnull": True}) | models.Q(**{f"{prefix}left_on__gte": starts_on})
        )

    @property
    def masked_phone(self) -> str:
        """The phone number with its middle hidden ("0812****6789"), for everyone but the secretariat."""
        digits = self.phone.strip()
        if len(digits) <= 6:
            return "*" * len(digits)
        return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


class TrainingRecord(models.Model):
    """A training a volunteer attended (pelatihan kader, bimtek), optionally the recorded event itself."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("training"), max_length=200)
    held_on = models.DateField(_("date"))
    until = models.DateField(_("until"), null=True, blank=True)
    organiser = models.CharField(_("organised by"), max_length=200, blank=True)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("held_on")), name="training_dates")
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on})"

    def audit_government_id(self):
        return self.volunteer.government_id

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.held_on and self.until and self.until < self.held_on:
            errors["until"] = _("The end date cannot be before the start date.")
        if self.event_id and self.volunteer_id and self.event.government_id != self.volunteer.government_id:
            errors["event"] = _("The event belongs to another government.")
        if errors:
            raise ValidationError(errors)
