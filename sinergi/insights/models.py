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
from sinergi.reporting.models import Period


class ReportRollup(models.Model):
    """The reports of one period for one agency and one field (bidang) of the RAD, counted and summed."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    # The government's region, so a region subtree (kab/kota, province, nation) is one key range.
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="rollups")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+")
    expected = models.PositiveIntegerField(_("expected reports"), default=0)
    submitted = models.PositiveIntegerField(_("submitted"), default=0)
    approved = models.PositiveIntegerField(_("approved"), default=0)
    on_time = models.PositiveIntegerField(_("submitted on time"), default=0)
    budget_planned = models.DecimalField(_("budget planned (Rp)"), max_digits=18, decimal_places=0, default=Decimal(0))
    budget_realised = models.DecimalField(
        _("budget realised (Rp)"), max_digits=18, decimal_places=0, default=Decimal(0)
    )
    # Sum and count of the actions' achievement (capped at 100 %), so any grouping can take the mean.
    achievement_sum = models.DecimalField(_("achievement, sum"), max_digits=12, decimal_places=1, default=Decimal(0))
    achievement_count = models.PositiveIntegerField(_("achievement, count"), default=0)

    scope_paths = ScopePaths(government_region="region", agency="agency", region="agency__region")

    class Meta:
        verbose_name = _("report roll-up")
        verbose_name_plural = _("report roll-ups")
        constraints = [models.UniqueConstraint(fields=["period", "agency", "field"], name="report_rollup_unique")]
        indexes = [
            models.Index(fields=["government", "period"], name="report_rollup_gov_idx"),
            models.Index(fields=["region", "period"], name="report_rollup_region_idx"),
        ]

    def __str__(self):
        return f"{self.period_id}/{self.agency_id}/{self.field_id}"
