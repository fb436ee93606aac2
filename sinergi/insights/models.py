"""Pre-computed roll-ups that dashboards read instead of scanning raw rows (issue 7).

They are derived data: `sinergi.insights.rollups` rebuilds them from the raw rows, and `sinergi rollups --verify`
compares the stored rows with a fresh computation.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Field
from sinergi.regions.models import Region
from sinergi.reporting.models import Period, PeriodKind


def semester_of(period) -> int:
    """The semester (1 or 2) a reporting period falls in: its own number, or its quarter's half of the year."""
    return period.number if period.kind == PeriodKind.SEMESTER else (period.number + 1) // 2


class ReportNumbers(models.Model):
    """The report numbers of a set of reporting units, added up: the same meaning as in `ReportRollup`."""

    expected = models.PositiveIntegerField(_("expected reports"), default=0)
    submitted = models.PositiveIntegerField(_("submitted"), default=0)
    approved = models.PositiveIntegerField(_("approved"), default=0)
    on_time = models.PositiveIntegerField(_("submitted on time"), default=0)
    budget_planned = models.DecimalField(_("budget planned (Rp)"), max_digits=18, decimal_places=0, default=Decimal(0))
    budget_realised = models.DecimalField(
        _("budget realised (Rp)"), max_digits=18, decimal_places=0, default=Decimal(0)
    )
    achievement_sum = models.DecimalField(_("achievement, sum"), max_digits=14, decimal_places=1, default=Decimal(0))
    achievement_count = models.PositiveIntegerField(_("achievement, count"), default=0)
    # The same over approved reports only: what may be published (the public page, exchange packages).
    approved_achievement_sum = models.DecimalField(
        _("achievement of approved reports, sum"), max_digits=14, decimal_places=1, default=Decimal(0)
    )
    approved_achievement_count = models.PositiveIntegerField(_("achievement of approved reports, count"), default=0)

    REPORT_NUMBERS = (
        "expected",
        "submitted",
        "approved",
        "on_time",
        "budget_planned",
        "budget_realised",
        "achievement_sum",
        "achievement_count",
        "approved_achievement_sum",
        "approved_achievement_count",
    )

    class Meta:
        abstract = True

    @property
    def completeness(self) -> Decimal | None:
        """Submitted (or approved) reports as a percentage of the expected ones."""
        return _percent(self.submitted, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _percent(self.on_time, self.expected)

    @property
    def achievement(self) -> Decimal | None:
        """The mean achievement of the actions (each capped at 100 %)."""
        if not self.achievement_count:
            return None
        return (Decimal(self.achievement_sum) / self.achievement_count).quantize(Decimal("0.1"))

    @property
    def approved_achievement(self) -> Decimal | None:
        if not self.approved_achievement_count:
            return None
        return (Decimal(self.approved_achievement_sum) / self.approved_achievement_count).quantize(Decimal("0.1"))

    @property
    def absorption(self) -> Decimal | None:
        """Budget realised as a percentage of budget planned."""
        return _percent(self.budget_realised, self.budget_planned)


class ProgrammeNumbers(models.Model):
    """The programme numbers of a place in a semester: events and participants, active volunteers, urine tests and
    the villages' statuses."""

    events_held = models.PositiveIntegerField(_("events held"), default=0)
    events_planned = models.PositiveIntegerField(_("events planned"), default=0)
    events_cancelled = models.PositiveIntegerField(_("events cancelled"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    participants_male = models.PositiveIntegerField(_("participants, men"), default=0)
    participants_female = models.PositiveIntegerField(_("participants, women"), default=0)
    # Active members of active groups, registered by the end of the semester.
    volunteers = models.PositiveIntegerField(_("active volunteers"), default=0)
    test_campaigns = models.PositiveIntegerField(_("urine test campaigns"), default=0)
    tested = models.PositiveIntegerField(_("people tested"), default=0)
    positive = models.PositiveIntegerField(_("positive"), default=0)
    referred = models.PositiveIntegerField(_("referred"), default=0)
    # Villages by their vulnerability status of the year (an assessment is yearly: both semesters carry it).
    villages_bahaya = models.PositiveIntegerField("Bahaya", default=0)
    villages_waspada = models.PositiveIntegerField("Waspada", default=0)
    villages_siaga = models.PositiveIntegerField("Siaga", default=0)
    villages_aman = models.PositiveIntegerField("Aman", default=0)
    # Villages with a Bersinar stage done by the end of the semester, and those named Bersinar by then.
    bersinar_villages = models.PositiveIntegerField(_("Bersinar villages (any stage)"), default=0)
    bersinar_named = models.PositiveIntegerField(_("villages named Bersinar"), default=0)

    PROGRAMME_NUMBERS = (
        "events_held",
        "events_planned",
        "events_cancelled",
        "participants",
        "participants_male",
        "participants_female",
        "volunteers",
        "test_campaigns",
        "tested",
        "positive",
        "referred",
        "villages_bahaya",
        "villages_waspada",
        "villages_siaga",
        "villages_aman",
        "bersinar_villages",
        "bersinar_named",
    )

    class Meta:
        abstract = True

    @property
    def villages_assessed(self) -> int:
        return self.villages_bahaya + self.villages_waspada + self.villages_siaga + self.villages_aman


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


class ReportRollup(ReportNumbers):
    """The reports of one period for one agency and one field (bidang) of the RAD, counted and summed."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    # The government's region, so a region subtree (kab/kota, province, nation) is one key range.
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="rollups")
    # The period's year and semester (a quarter counts in its half of the year), for the semester roll-ups.
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+")

    scope_paths = ScopePaths(government_region="region", agency="agency", region="agency__region")

    class Meta:
        verbose_name = _("report roll-up")
        verbose_name_plural = _("report roll-ups")
        constraints = [models.UniqueConstraint(fields=["period", "agency", "field"], name="report_rollup_unique")]
        indexes = [
            models.Index(fields=["government", "period"], name="report_rollup_gov_idx"),
            models.Index(fields=["region", "period"], name="report_rollup_region_idx"),
            models.Index(fields=["government", "year", "semester"], name="report_rollup_semester_idx"),
        ]

    def __str__(self):
        return f"{self.period_id}/{self.agency_id}/{self.field_id}"


class GovernmentRollup(ReportNumbers, ProgrammeNumbers):
    """One government's numbers for one semester: its reports (all agencies and fields) and its programme records
    (all places). What the government dashboard and the rankings of observers read."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    # Received in an exchange package from another installation instead of computed from local rows.
    imported = models.BooleanField(_("imported"), default=False)

    class Meta:
        verbose_name = _("government roll-up")
        verbose_name_plural = _("government roll-ups")
        constraints = [
            models.UniqueConstraint(fields=["government", "year", "semester"], name="government_rollup_unique")
        ]
        indexes = [models.Index(fields=["year", "semester", "region"], name="government_rollup_region_idx")]

    def __str__(self):
        return f"{self.government_id}/{self.year}-{self.semester}"


class ProgrammeRollup(ProgrammeNumbers):
    """A government's programme records placed exactly at one region (a village, a kecamatan, or its own region for
    records of the whole area and urine tests) in one semester."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    imported = models.BooleanField(_("imported"), default=False)

    class Meta:
        verbose_name = _("programme roll-up")
        verbose_name_plural = _("programme roll-ups")
        constraints = [
            models.UniqueConstraint(fields=["government", "region", "year", "semester"], name="programme_rollup_unique")
        ]
        indexes = [models.Index(fields=["year", "semester", "region"], name="programme_rollup_region_idx")]

    def __str__(self):
        return f"{self.government_id}/{self.region_id}/{self.year}-{self.semester}"


NATION = ""  # the code of the nation's row: the root of every region code


class RegionRollup(ReportNumbers, ProgrammeNumbers):
    """Everything inside one region's subtree for one semester: the nation (code ""), a province, a kabupaten/kota,
    a kecamatan or a village. Kept bottom-up: a row is its own governments' and places' numbers plus its children's
    rows, so a dashboard at any level reads one row, and its drill-down reads the children's rows."""

    code = models.CharField(_("region code"), max_length=13)
    level = models.PositiveSmallIntegerField(_("level"))  # 0 nation, then Region.Level
    parent_code = models.CharField(max_length=13, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    governments = models.PositiveIntegerField(_("governments with a reporting period"), default=0)
    governments_reporting = models.PositiveIntegerField(_("governments that submitted"), default=0)

    class Meta:
        verbose_name = _("region roll-up")
        verbose_name_plural = _("region roll-ups")
        constraints = [models.UniqueConstraint(fields=["year", "semester", "code"], name="region_rollup_unique")]
        indexes = [models.Index(fields=["year", "semester", "parent_code"], name="region_rollup_parent_idx")]

    def __str__(self):
        return f"{self.code or 'ID'}/{self.year}-{self.semester}"


# The kelurahan map and the public page live in their own packages; imported here so Django registers them.
from sinergi.insights.maps.models import Boundary, BoundarySet  # noqa: E402, F401
from sinergi.insights.public.models import PublicPage  # noqa: E402, F401
