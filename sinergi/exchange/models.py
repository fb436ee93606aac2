"""Exchange between installations (issue 7 §5): the senders this installation trusts, the semester packages it
received, and those it sent.

A package is the signed zip of one government's semester (see ``package.py``); what it carries is written as
imported roll-up rows (``GovernmentRollup``/``ProgrammeRollup`` with ``imported=True``) by ``services``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.exchange.keys import BadKey, fingerprint_of, format_fingerprint
from sinergi.organizations.models import Government
from sinergi.regions.models import Region


def _stored_name(folder: str, extension: str) -> str:
    return f"exchange/{folder}/{secrets.token_hex(16)}.{extension}"


def package_path(instance, filename):
    return _stored_name("packages", "zip")


def document_path(instance, filename):
    return _stored_name("documents", "pdf")


class TrustedSender(models.Model):
    """A sending government's installation whose packages this installation accepts: the region code of the
    government it may send for, and its Ed25519 public key. Managed by platform administrators, audited."""

    region = models.ForeignKey(
        Region, verbose_name=_("region of the sending government"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. Sinergi P4GN Kota Metro"))
    # The raw 32-byte Ed25519 public key, base64.
    public_key = models.CharField(_("public key"), max_length=64)
    # SHA-256 of the raw public key, hex: what a manifest names and what the sender reads out to check.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("trusted sender")
        verbose_name_plural = _("trusted senders")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fingerprint"],
                name="trusted_sender_unique",
                violation_error_message=_("This key is already trusted for this region."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.region_id})"

    def audit_government_id(self):
        return None  # the installation's own setting, not a government's

    @property
    def fingerprint_display(self) -> str:
        return format_fingerprint(self.fingerprint)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.region_id and self.region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
            errors["region"] = _("A sending government is a province or a regency/city.")
        try:
            self.fingerprint = fingerprint_of(self.public_key)
        except BadKey as exc:
            errors["public_key"] = str(exc)
        if errors:
            raise ValidationError(errors)


class ExchangePackage(models.Model):
    """A semester package received from another installation and imported: who sent it, who imported it and
    when, the package as received, its data and its documents. One current package per government and semester;
    a replaced one is kept for the record."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        REPLACED = "replaced", _("Replaced")

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.CURRENT)
    sender = models.ForeignKey(
        TrustedSender, verbose_name=_("sender"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copied from the trusted sender and the manifest, so the record stays readable if the sender is removed.
    sender_name = models.CharField(_("sender"), max_length=200)
    sender_installation = models.CharField(_("sending installation"), max_length=64)
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    format_version = models.PositiveSmallIntegerField(_("format version"))
    packaged_at = models.DateTimeField(_("packaged"))
    manifest_sha256 = models.CharField(_("SHA-256 of the manifest"), max_length=64, db_index=True)
    package_sha256 = models.CharField(_("SHA-256 of the package"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    file = models.FileField(_("package"), upload_to=package_path, max_length=200)
    data = models.JSONField(_("data"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("replaced by")
    )

    scope_paths = ScopePaths(government="government", government_region="government__region")

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("imported package")
        verbose_name_plural = _("imported packages")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "year", "semester"],
                condition=models.Q(status="current"),
                name="exchange_package_current",
            )
        ]
        indexes = [models.Index(fields=["government", "year", "semester"], name="exchange_package_semester_idx")]

    def __str__(self):
        return f"{self.government} — semester {self.semester} {self.year}"

    @property
    def key_fingerprint_display(self) -> str:
        return format_fingerprint(self.key_fingerprint)


class PackageDocument(models.Model):
    """A PDF that came in a package (the consolidated report, the programme recap), served to those who may see
    the package."""

    package = models.ForeignKey(ExchangePackage, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("name"), max_length=150)
    file = models.FileField(upload_to=document_path, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)

    scope_paths = ScopePaths(government="package__government", government_region="package__government__region")

    class Meta:
        ordering = ["name"]
        verbose_name = _("package document")
        verbose_name_plural = _("package documents")

    def __str__(self):
        return self.name


class ExportedPackage(models.Model):
    """A record of a semester package this installation produced: what went upward, when and by whom."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    manifest_sha256 = models.CharField(_("SHA-256 of the manifest"), max_length=64)
    package_sha256 = models.CharField(_("SHA-256 of the package"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField(_("exported"), auto_now_add=True)

    scope_paths = ScopePaths(government="government", government_region="government__region")

    class Meta:
        ordering = ["-exported_at", "-pk"]
        verbose_name = _("exported package")
        verbose_name_plural = _("exported packages")

    def __str__(self):
        return f"{self.government} — semester {self.semester} {self.year}"
