"""The kelurahan map (issue 7 §3-map).

Kept out of ``insights/models.py`` (which holds the roll-ups) so the two grow apart; ``insights/models.py`` imports
them, so Django sees them as models of the ``insights`` app.

- `BoundarySet` — a government's uploaded boundary file: who uploaded it, when, from which file, the bounding box
  and the SVG frame of the map, and what the upload warned about.
- `Boundary` — one kelurahan/desa of that set: its simplified geometry (GeoJSON, longitude/latitude), bounding box,
  and the same geometry already projected into the set's SVG frame (``svg_path``), so drawing the map is reading rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Government
from sinergi.regions.models import Region


class BoundarySet(models.Model):
    """The kelurahan/desa boundaries a government uploaded (one set per government; a new upload replaces it)."""

    government = models.OneToOneField(Government, on_delete=models.CASCADE, related_name="boundary_set")
    source_name = models.CharField(_("file name"), max_length=200)
    source_size = models.PositiveIntegerField(_("file size (bytes)"))
    sha256 = models.CharField(max_length=64)
    features = models.PositiveIntegerField(_("features in the file"))
    matched = models.PositiveIntegerField(_("kelurahan/desa with a boundary"))
    # Longitude/latitude bounding box of every stored boundary.
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    # The SVG frame the boundaries' paths are drawn in (viewBox 0 0 width height).
    width = models.FloatField()
    height = models.FloatField()
    # What the upload found and accepted anyway: features not matched, kelurahan/desa without a boundary.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    scope_paths = ScopePaths(members_see_all=True)

    class Meta:
        verbose_name = _("boundary set")
        verbose_name_plural = _("boundary sets")

    def __str__(self):
        return f"{self.source_name} ({self.matched})"


class Boundary(models.Model):
    """One kelurahan/desa's boundary in a government's set."""

    boundary_set = models.ForeignKey(BoundarySet, on_delete=models.CASCADE, related_name="boundaries")
    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("kelurahan/desa"), on_delete=models.PROTECT, related_name="+")
    # The feature's name in the file, to explain a match.
    feature_name = models.CharField(max_length=200, blank=True)
    # Simplified GeoJSON geometry, always a MultiPolygon of [longitude, latitude] positions.
    geometry = models.JSONField()
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    # The geometry projected into the set's SVG frame, and a point inside it for the area's label.
    svg_path = models.TextField()
    label_x = models.FloatField()
    label_y = models.FloatField()

    scope_paths = ScopePaths(members_see_all=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        constraints = [models.UniqueConstraint(fields=["government", "region"], name="boundary_one_per_village")]

    def __str__(self):
        return self.region_id
