from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.regions.text import normalize_name

# Official Indonesian words put before district and village names; proper nouns, so not translated.
KIND_PREFIX = {
    "kecamatan": "Kecamatan",
    "distrik": "Distrik",
    "kelurahan": "Kelurahan",
    "desa": "Desa",
    "desa_adat": "Desa Adat",
}


class Region(models.Model):
    """A Kemendagri administrative region (wilayah): provinsi, kabupaten/kota, kecamatan or desa/kelurahan."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency/city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        DISTRIK = "distrik", _("District (distrik)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA = "desa", _("Village (desa)")
        DESA_ADAT = "desa_adat", _("Customary village (desa adat)")

    # The dotted Kemendagri code ("18.72.01.1001") is the key; its prefix is the tree.
    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=100)
    level = models.PositiveSmallIntegerField(choices=Level)
    kind = models.CharField(max_length=12, choices=Kind)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    postal_code = models.CharField(max_length=5, blank=True)
    # Lower-case, accent-free name for case- and accent-insensitive search.
    search_name = models.CharField(max_length=100, db_index=True)
    # False once a code disappears from the Kemendagri dataset; kept so history still resolves.
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["parent", "name"], name="region_parent_name_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = normalize_name(self.name)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The name with its kind where the name alone is ambiguous ("Kelurahan Metro", "Kecamatan Metro Pusat")."""
        prefix = KIND_PREFIX.get(self.kind)
        return f"{prefix} {self.name}" if prefix else self.name

    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]


class RegionWord(models.Model):
    """One word of a region's name, indexed so that a search for any word's beginning uses the index."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="words")
    word = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["word", "region"], name="region_word_idx")]

    def __str__(self):
        return self.word


class RegionDataset(models.Model):
    """Which release of the Kemendagri region data was loaded, when, and what it changed."""

    source = models.CharField(max_length=100)
    version = models.CharField(max_length=100)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    retired = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"

    def __str__(self):
        return f"{self.source} {self.version}"
