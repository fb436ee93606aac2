"""Kelurahan/Desa Bersinar (Bersih Narkoba): the programme of a kelurahan, its steps, documents and pokja."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import StoredFile
from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.programmes.models.common import programme_file_path
from sinergi.programmes.models.events import Event
from sinergi.programmes.models.volunteers import VolunteerGroup
from sinergi.regions.models import Region

# --- Kelurahan / Desa Bersinar (Bersih Narkoba) -------------------------------------------------------------


class BersinarStage(models.TextChoices):
    """The stages a Kelurahan/Desa Bersinar goes through, in order."""

    PEMETAAN = "pemetaan", _("Mapping (pemetaan)")
    PENETAPAN_SK = "penetapan_sk", _("Decree issued (penetapan SK)")
    POKJA = "pokja", _("Working group formed (Pokja)")
    RELAWAN = "relawan", _("Volunteers formed (relawan)")
    INTERVENSI = "intervensi", _("Intervention")
    MONEV = "monev", _("Monitoring and evaluation (monev)")

    @classmethod
    def order(cls, stage: str) -> int:
        return cls.values.index(stage) + 1 if stage in cls.values else 0


class BersinarProgramme(models.Model):
    """The Bersinar (Bersih Narkoba) programme of one kelurahan or desa: stages, Pokja, volunteers and events.

    ``stage`` is the furthest stage reached, kept by the services so that the status board reads one row per village.
    """

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="bersinar")
    region = models.OneToOneField(
        Region, verbose_name=_("kelurahan/desa"), on_delete=models.PROTECT, related_name="bersinar"
    )
    named_on = models.DateField(_("named Bersinar on"), null=True, blank=True)
    stage = models.CharField(_("stage reached"), max_length=15, choices=BersinarStage, blank=True)
    volunteer_groups = models.ManyToManyField(VolunteerGroup, verbose_name=_("volunteer groups"), blank=True)
    events = models.ManyToManyField(Event, verbose_name=_("events"), blank=True, related_name="bersinar")
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(region="region")

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("Kelurahan/Desa Bersinar")
        verbose_name_plural = _("Kelurahan/Desa Bersinar")

    def __str__(self):
        return f"Bersinar {self.region.name}"

    def government_region_code(self):
        return self.government.region_id

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.region_id and self.government_id:
            if self.region.level != 4 or not self.region_id.startswith(self.government.region_id + "."):
                raise ValidationError({"region": _("Choose a kelurahan or desa of this government.")})


class BersinarStep(models.Model):
    """A stage a Bersinar programme reached, with its date."""

    programme = models.ForeignKey(BersinarProgramme, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=15, choices=BersinarStage)
    done_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["programme", "done_on", "pk"]
        verbose_name = _("Bersinar stage")
        verbose_name_plural = _("Bersinar stages")
        constraints = [models.UniqueConstraint(fields=["programme", "stage"], name="bersinar_step_unique")]

    def __str__(self):
        return f"{self.get_stage_display()} ({self.done_on})"

    def audit_government_id(self):
        return self.programme.government_id


class BersinarDocument(StoredFile):
    """A document of a Bersinar programme: the decree, mapping results, Pokja decree, monev report."""

    programme = models.ForeignKey(BersinarProgramme, on_delete=models.CASCADE, related_name="documents")
    stage = models.CharField(_("stage"), max_length=15, choices=BersinarStage, blank=True)
    file = models.FileField(upload_to=programme_file_path)

    class Meta(StoredFile.Meta):
        verbose_name = _("Bersinar document")
        verbose_name_plural = _("Bersinar documents")

    def government_region_code(self):
        return self.programme.government.region_id

    def audit_government_id(self):
        return self.programme.government_id


class PokjaMember(models.Model):
    """A member of a village's Bersinar working group (Pokja): name, position and the institution they come from."""

    programme = models.ForeignKey(BersinarProgramme, on_delete=models.CASCADE, related_name="pokja")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=100)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("Pokja member")
        verbose_name_plural = _("Pokja members")

    def __str__(self):
        return f"{self.name} ({self.position})"

    def audit_government_id(self):
        return self.programme.government_id
