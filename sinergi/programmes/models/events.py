"""Events (kegiatan): sosialisasi, penyuluhan, tes urine and the other activities of the programme, with their
evidence."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import StoredFile
from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Action
from sinergi.programmes.models.common import TargetGroup, programme_file_path
from sinergi.regions.models import Region


class Event(models.Model):
    """A field activity (kegiatan): outreach, training, campaign, task-force forming, urine test, rakor, referral."""

    class Kind(models.TextChoices):
        SOSIALISASI = "sosialisasi", _("Socialisation (sosialisasi)")
        PENYULUHAN = "penyuluhan", _("Counselling (penyuluhan)")
        KAMPANYE = "kampanye", _("Campaign / media")
        PELATIHAN_KADER = "pelatihan_kader", _("Cadre training")
        SATGAS = "pembentukan_satgas", _("Forming a task force / volunteers")
        TES_URINE = "tes_urine", _("Urine test")
        RAKOR = "rakor_kelurahan", _("Kelurahan coordination meeting")
        PEMBERDAYAAN = "pemberdayaan_alternatif", _("Alternative empowerment")
        RUJUKAN = "rujukan_rehabilitasi", _("Rehabilitation referral")
        LAINNYA = "lainnya", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="events")
    agency = models.ForeignKey(Agency, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="events")
    partner_agencies = models.ManyToManyField(Agency, verbose_name=_("partners"), blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    title = models.CharField(_("title"), max_length=250)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A kelurahan or kecamatan; empty for the whole government area."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    male = models.PositiveIntegerField(_("men"), null=True, blank=True)
    female = models.PositiveIntegerField(_("women"), null=True, blank=True)
    age_under_15 = models.PositiveIntegerField(_("under 15"), null=True, blank=True)
    age_15_24 = models.PositiveIntegerField(_("15–24"), null=True, blank=True)
    age_25_44 = models.PositiveIntegerField(_("25–44"), null=True, blank=True)
    age_45_plus = models.PositiveIntegerField(_("45 and over"), null=True, blank=True)
    action = models.ForeignKey(
        Action, verbose_name=_("RAD action"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.HELD)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(agency="agency", region="region")

    AGE_FIELDS = ("age_under_15", "age_15_24", "age_25_44", "age_45_plus")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # Covers the recap (programmes/recaps.py): it sums a government's events of a year from the index alone.
            models.Index(
                fields=[
                    "government",
                    "starts_on",
                    "region",
                    "agency",
                    "status",
                    "kind",
                    "target_group",
                    "participants",
                    "male",
                    "female",
                ],
                name="event_recap_idx",
            ),  # fmt: skip
            models.Index(fields=["region", "starts_on"], name="event_region_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="event_dates"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors = {}
        if self.region_id and self.government_id:
            root = self.government.region_id
            if not self.region_id.startswith(root + "."):
                errors["region"] = _("The place must be a kecamatan or kelurahan of this government.")
        if self.agency_id and self.government_id and self.agency.government_id != self.government_id:
            errors["agency"] = _("The agency belongs to another government.")
        if self.action_id and self.action.government_id != self.government_id:
            errors["action"] = _("The RAD action belongs to another government.")
        if self.status == self.Status.HELD and self.starts_on and self.starts_on > timezone.localdate():
            errors["status"] = _("An event in the future cannot have been held yet; mark it as planned.")
        if self.male is not None or self.female is not None:
            if (self.male or 0) + (self.female or 0) != self.participants:
                errors["male"] = _("Men and women must add up to the participants (%(total)s).") % {
                    "total": self.participants
                }
        ages = [getattr(self, name) for name in self.AGE_FIELDS]
        if any(a is not None for a in ages) and sum(a or 0 for a in ages) != self.participants:
            errors["age_under_15"] = _("The age bands must add up to the participants (%(total)s).") % {
                "total": self.participants
            }
        if errors:
            raise ValidationError(errors)


class EventEvidence(StoredFile):
    """A photo, attendance list or other file proving that an event took place (same rules as report evidence)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=programme_file_path)

    class Meta(StoredFile.Meta):
        verbose_name = _("event evidence")
        verbose_name_plural = _("event evidence")

    def government_region_code(self):
        return self.event.government.region_id

    def audit_government_id(self):
        return self.event.government_id
