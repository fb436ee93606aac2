import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.planning.indicator_sources import indicator_sources
from sinergi.regions.models import Region

# --- the national plan (RAN P4GN) ----------------------------------------------------------------------------


class NationalPlan(models.Model):
    """A national action plan against drugs (RAN P4GN) for one period, e.g. Inpres 2/2020 for 2020–2024."""

    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("national plan (RAN)")
        verbose_name_plural = _("national plans (RAN)")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="ran_year_range")
        ]

    def __str__(self):
        return f"{self.name} ({self.start_year}–{self.end_year})"

    def audit_government_id(self):
        return None


class Field(models.Model):
    """A field (bidang) of a national plan: Pencegahan, Pemberantasan, Rehabilitasi, Litbang dan Informasi."""

    national_plan = models.ForeignKey(NationalPlan, on_delete=models.CASCADE, related_name="fields")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["national_plan", "order", "code"]
        verbose_name = _("field (bidang)")
        verbose_name_plural = _("fields (bidang)")
        constraints = [models.UniqueConstraint(fields=["national_plan", "code"], name="field_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def audit_government_id(self):
        return None


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


LEVEL_OF_REGION = {1: Level.PROVINCE, 2: Level.REGENCY, 3: Level.DISTRICT, 4: Level.VILLAGE}


class NationalAction(models.Model):
    """An action of the national plan, with the levels of government it applies to."""

    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("code"), max_length=20)
    description = models.TextField(_("action"))
    success_indicator = models.CharField(_("success indicator"), max_length=500, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    # Levels as a comma-separated list of Level values, e.g. "province,regency".
    levels = models.CharField(_("applies to"), max_length=60, default="province,regency")
    # Generic actions (aksi generik) are expected of every regional agency: urine tests, socialisation, …
    is_generic = models.BooleanField(_("generic (every agency)"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["field__order", "order", "code"]
        verbose_name = _("national action")
        verbose_name_plural = _("national actions")
        constraints = [models.UniqueConstraint(fields=["field", "code"], name="national_action_unique_code")]

    def __str__(self):
        return f"{self.code} {self.description[:80]}"

    @property
    def level_list(self) -> list[str]:
        return [level for level in self.levels.split(",") if level]

    def applies_to(self, level: str) -> bool:
        return level in self.level_list

    def clean(self):
        unknown = set(self.level_list) - set(Level.values)
        if unknown:
            raise ValidationError({"levels": _("Unknown level: %(levels)s.") % {"levels": ", ".join(sorted(unknown))}})

    def audit_government_id(self):
        return None


# --- the regional plan (RAD P4GN) ----------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class PeriodKind(models.TextChoices):
    SEMESTER = "semester", _("Semesters")
    QUARTER = "quarter", _("Quarters")


class LegalBasisKind(models.TextChoices):
    PERWALI = "perwali", _("Peraturan Wali Kota/Bupati/Gubernur")
    SK = "sk", _("Surat Keputusan")
    KEPUTUSAN = "keputusan", _("Keputusan Kepala Daerah")


def legal_basis_path(instance, filename):
    return f"plans/{instance.government.region_id}/{uuid.uuid4().hex}.pdf"


class RegionalPlan(models.Model):
    """One version of a government's Regional Action Plan against drugs (RAD P4GN) for a year or a period."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="plans")
    national_plan = models.ForeignKey(
        NationalPlan, verbose_name=_("aligned with"), on_delete=models.PROTECT, related_name="regional_plans"
    )
    title = models.CharField(_("title"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    period_kind = models.CharField(
        _("reporting periods"), max_length=10, choices=PeriodKind, default=PeriodKind.SEMESTER
    )
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus, default=PlanStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    revision_of = models.ForeignKey(
        "self", verbose_name=_("revision of"), null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    head_signoff_required = models.BooleanField(
        _("agency heads sign off their part"),
        default=False,
        help_text=_("When on, each agency head confirms their agency's actions before the plan can be adopted."),
    )
    legal_basis_kind = models.CharField(_("legal basis"), max_length=10, choices=LegalBasisKind, blank=True)
    legal_basis_number = models.CharField(_("number"), max_length=100, blank=True)
    legal_basis_date = models.DateField(_("date"), null=True, blank=True)
    legal_basis_file = models.FileField(_("document"), upload_to=legal_basis_path, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(members_see_all=True)

    class Meta:
        ordering = ["government_id", "-start_year", "-version"]
        verbose_name = _("regional plan (RAD)")
        verbose_name_plural = _("regional plans (RAD)")
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="rad_year_range"),
            models.UniqueConstraint(
                fields=["government", "start_year", "end_year", "version"], name="rad_unique_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def periods(self) -> list[int]:
        return [1, 2] if self.period_kind == PeriodKind.SEMESTER else [1, 2, 3, 4]

    @property
    def period_label(self) -> str:
        return f"{self.start_year}" if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.IN_REVIEW)

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot be before the first year.")})


class BudgetSource(models.TextChoices):
    APBD = "apbd", "APBD"
    APBN = "apbn", "APBN"
    APBDES = "apbdes", "APBDes"
    DANA_KELURAHAN = "dana_kelurahan", _("Dana kelurahan")
    CSR = "csr", "CSR"
    OTHER = "other", _("Other")


class ReviewState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class Action(models.Model):
    """An action (aksi/kegiatan) of a regional plan: aligned with a national action, owned by one agency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The same action across versions of a plan shares its lineage, so two versions can be compared.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="actions")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="+")
    national_action = models.ForeignKey(
        NationalAction,
        verbose_name=_("national action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regional_actions",
    )
    local_justification = models.TextField(
        _("why a local action"),
        blank=True,
        help_text=_("Required when the action is not one of the national plan's actions."),
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="actions"
    )
    supporting_agencies = models.ManyToManyField(
        Agency, verbose_name=_("supporting agencies"), blank=True, related_name="supported_actions"
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    whole_government = models.BooleanField(_("the whole government area"), default=True)
    locations = models.ManyToManyField(Region, verbose_name=_("locations"), blank=True, related_name="+")
    # Months of the year in which the action runs, as a comma-separated list ("1,2,3").
    months = models.CharField(_("schedule (months)"), max_length=40, blank=True)
    budget = models.DecimalField(_("budget (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True)
    budget_source = models.CharField(_("budget source"), max_length=20, choices=BudgetSource, blank=True)
    sipd_code = models.CharField(
        _("SIPD code"), max_length=60, blank=True, help_text=_("Optional program/kegiatan/sub-kegiatan code.")
    )
    review_state = models.CharField(_("review"), max_length=10, choices=ReviewState, default=ReviewState.PROPOSED)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # Set when a returned action (or its indicators or targets) is edited; resubmitting needs it or a note.
    changed_since_return = models.BooleanField(_("changed since returned"), default=False)
    order = models.PositiveIntegerField(default=0)
    # Raised by every save, so a stale form or API client cannot overwrite someone else's change.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(agency="responsible_agency", region="responsible_agency__region")

    class Meta:
        ordering = ["plan", "field__order", "order", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["plan", "responsible_agency"], name="action_plan_agency_idx")]

    def __str__(self):
        return self.title

    @property
    def is_local(self) -> bool:
        return self.national_action_id is None

    @property
    def month_list(self) -> list[int]:
        return [int(m) for m in self.months.split(",") if m.strip().isdigit()]

    def clean(self):
        errors = {}
        if self.national_action_id is None and not self.local_justification.strip():
            errors["local_justification"] = _("Explain why this action is local, or choose a national action.")
        if self.national_action_id and self.field_id and self.national_action.field_id != self.field_id:
            errors["national_action"] = _("The national action belongs to another field.")
        if self.plan_id and self.field_id and self.field.national_plan_id != self.plan.national_plan_id:
            errors["field"] = _("The field belongs to another national plan.")
        if self.responsible_agency_id and self.plan_id:
            if self.responsible_agency.government_id != self.plan.government_id:
                errors["responsible_agency"] = _("The agency belongs to another government.")
        bad_months = [
            m for m in self.months.split(",") if m.strip() and not (m.strip().isdigit() and 1 <= int(m) <= 12)
        ]
        if bad_months:
            errors["months"] = _("Months are numbers from 1 to 12.")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("The budget cannot be negative.")
        if errors:
            raise ValidationError(errors)


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum over periods (flows, e.g. people reached)")
    LATEST = "latest", _("Latest value (stocks, e.g. active volunteers)")
    MAX = "max", _("Highest value")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorSource(models.TextChoices):
    """Where an indicator's realised value comes from: typed by the operator, or computed from programme records."""

    MANUAL = "manual", _("Typed in the report")
    EVENT_COUNT = "event_count", _("Number of events held by the responsible agency")
    PARTICIPANTS = "participants", _("Participants of events held by the responsible agency")
    PEOPLE_TESTED = "people_tested", _("People tested for drugs by the responsible agency")
    ACTIVE_VOLUNTEERS = "active_volunteers", _("Active volunteers at the end of the period")
    VILLAGES_STATUS = "villages_status", _("Kelurahan/desa with a given vulnerability status")
    VILLAGES_BERSINAR = "villages_bersinar", _("Kelurahan/desa that reached a Bersinar stage")


class Indicator(models.Model):
    """A measurable indicator of an action, with a baseline and targets per year and per reporting period.

    ``source`` says whether the operator types the realised value or the system counts it from programme records
    (events, urine tests, volunteers, assessments, Bersinar); ``source_filter`` narrows what is counted:
    ``{"kinds": [event kinds], "target_group": "...", "status": "...", "stage": "..."}``.
    """

    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation, default=Aggregation.SUM)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction, default=Direction.HIGHER)
    baseline = models.DecimalField(_("baseline"), max_digits=15, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source of the value"), max_length=20, choices=IndicatorSource, default="manual")
    source_filter = models.JSONField(_("what is counted"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["action", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.name} ({self.unit})"

    @property
    def is_computed(self) -> bool:
        return self.source != IndicatorSource.MANUAL

    @property
    def source_description(self) -> str:
        return indicator_sources().describe(self.source, self.source_filter)

    def clean(self):
        self.source_filter = indicator_sources().clean_filter(self.source, self.source_filter)

    def audit_government_id(self):
        return self.action.government_id


class Target(models.Model):
    """The target of an indicator for one year (period 0) or one reporting period of that year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("period"), default=0, help_text=_("0 for the whole year"))
    value = models.DecimalField(_("target"), max_digits=15, decimal_places=2)

    class Meta:
        ordering = ["indicator", "year", "period"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "period"], name="target_unique_period"),
            models.CheckConstraint(condition=models.Q(period__lte=4), name="target_period_range"),
        ]

    def __str__(self):
        return f"{self.year}/{self.period}: {self.value}"

    def audit_government_id(self):
        return self.indicator.action.government_id


class PlanComment(models.Model):
    """A remark on a plan or on one of its actions (secretariat's notes, replies, reasons for returning)."""

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="comments")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:60]

    def audit_government_id(self):
        return self.plan.government_id


class AgencySignoff(models.Model):
    """An agency head's confirmation of their agency's part of a plan version."""

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="signoffs")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency sign-off")
        verbose_name_plural = _("agency sign-offs")
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="signoff_unique")]

    def __str__(self):
        return f"{self.agency} — {self.plan}"

    def audit_government_id(self):
        return self.plan.government_id
