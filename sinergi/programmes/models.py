import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import StoredFile
from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Action
from sinergi.regions.models import Region


class TargetGroup(models.TextChoices):
    PELAJAR = "pelajar", _("School students (pelajar)")
    MAHASISWA = "mahasiswa", _("University students (mahasiswa)")
    ASN = "asn", _("Civil servants (ASN)")
    PEKERJA = "pekerja", _("Workers")
    KELUARGA = "keluarga", _("Families")
    MASYARAKAT = "masyarakat_umum", _("General public")
    TOKOH = "tokoh_masyarakat", _("Community leaders")
    LAINNYA = "lainnya", _("Other")


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


def programme_file_path(instance, filename):
    return f"programmes/{instance.government_region_code()}/{uuid.uuid4().hex}"


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


# BNN's indicators of a drug-prone area (kawasan rawan narkoba): 8 main and 5 supporting (domain-research §4.1).
MAIN_INDICATORS = {
    "kasus_narkoba": _("Drug-crime cases"),
    "kriminalitas": _("Criminality"),
    "kekerasan": _("Violent acts"),
    "bandar": _("Dealers present"),
    "produksi": _("Drug production"),
    "penyalahgunaan": _("Level of drug use"),
    "barang_bukti": _("Drug evidence seized"),
    "jalur_masuk": _("Drug entry point"),
}
SUPPORTING_INDICATORS = {
    "tempat_hiburan": _("Many entertainment venues"),
    "hunian_privasi": _("Boarding houses or homes with high privacy"),
    "kemiskinan": _("High poverty"),
    "fasilitas_umum": _("Lack of public facilities"),
    "interaksi_sosial": _("Weak social interaction"),
}
# Each indicator is rated 0 (none) to 3 (high); main indicators weigh twice.
MAX_RATING = 3
MAIN_WEIGHT = 2
MAX_SCORE = MAX_RATING * (MAIN_WEIGHT * len(MAIN_INDICATORS) + len(SUPPORTING_INDICATORS))


class VulnerabilityStatus(models.TextChoices):
    BAHAYA = "bahaya", "Bahaya"
    WASPADA = "waspada", "Waspada"
    SIAGA = "siaga", "Siaga"
    AMAN = "aman", "Aman"


class VulnerabilityThresholds(models.Model):
    """The scores from which a government calls a kelurahan Bahaya, Waspada or Siaga (below: Aman)."""

    government = models.OneToOneField(Government, on_delete=models.CASCADE, related_name="vulnerability_thresholds")
    bahaya_from = models.PositiveSmallIntegerField(_("Bahaya from score"), default=40)
    waspada_from = models.PositiveSmallIntegerField(_("Waspada from score"), default=25)
    siaga_from = models.PositiveSmallIntegerField(_("Siaga from score"), default=10)

    class Meta:
        verbose_name = _("vulnerability thresholds")
        verbose_name_plural = _("vulnerability thresholds")

    def __str__(self):
        return str(self.government)

    def clean(self):
        from django.core.exceptions import ValidationError

        if None not in (self.bahaya_from, self.waspada_from, self.siaga_from) and not (
            MAX_SCORE >= self.bahaya_from > self.waspada_from > self.siaga_from > 0
        ):
            raise ValidationError(
                _("The thresholds must fall: Bahaya above Waspada above Siaga above 0, at most %(max)s.")
                % {"max": MAX_SCORE}
            )

    def status_for(self, score: int) -> str:
        if score >= self.bahaya_from:
            return VulnerabilityStatus.BAHAYA
        if score >= self.waspada_from:
            return VulnerabilityStatus.WASPADA
        if score >= self.siaga_from:
            return VulnerabilityStatus.SIAGA
        return VulnerabilityStatus.AMAN


class VulnerabilityAssessment(models.Model):
    """A yearly assessment of a kelurahan or desa against the 8 main and 5 supporting drug-prone-area indicators."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="assessments")
    region = models.ForeignKey(Region, verbose_name=_("kelurahan/desa"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    # {indicator code: {"rating": 0–3, "source": "…"}} for each of the 13 indicators.
    ratings = models.JSONField(_("ratings"), default=dict)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=VulnerabilityStatus)
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    scope_paths = ScopePaths(region="region")

    class Meta:
        ordering = ["region_id", "-year"]
        verbose_name = _("vulnerability assessment")
        verbose_name_plural = _("vulnerability assessments")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="assessment_unique_year")]

    def __str__(self):
        return f"{self.region} {self.year}: {self.get_status_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.region_id and self.government_id:
            if self.region.level != 4 or not self.region_id.startswith(self.government.region_id + "."):
                errors["region"] = _("Choose a kelurahan or desa of this government.")
        expected = set(MAIN_INDICATORS) | set(SUPPORTING_INDICATORS)
        ratings = self.ratings or {}
        missing = sorted(expected - set(ratings))
        unknown = sorted(set(ratings) - expected)
        if missing:
            errors["ratings"] = _("Rate every indicator; missing: %(codes)s.") % {"codes": ", ".join(missing)}
        elif unknown:
            errors["ratings"] = _("Unknown indicators: %(codes)s.") % {"codes": ", ".join(unknown)}
        else:
            bad = [
                c for c, r in ratings.items() if not (isinstance(r, dict) and r.get("rating") in range(MAX_RATING + 1))
            ]
            if bad:
                errors["ratings"] = _("Each rating is 0, 1, 2 or 3: %(codes)s.") % {"codes": ", ".join(sorted(bad))}
        if errors:
            raise ValidationError(errors)

    def compute_score(self) -> int:
        return sum(
            (MAIN_WEIGHT if code in MAIN_INDICATORS else 1) * int(value["rating"])
            for code, value in self.ratings.items()
        )


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
