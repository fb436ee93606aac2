import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.regions.models import Region

# Provinces (by Kemendagri code) outside Western Indonesia Time.
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    REVIEWER = "reviewer", _("Reviewer")
    AGENCY_OPERATOR = "agency_operator", _("Agency operator")
    AGENCY_HEAD = "agency_head", _("Agency head")
    AREA_OPERATOR = "area_operator", _("Area operator")
    LEADER = "leader", _("Leader")
    OBSERVER = "observer", _("Observer")


def default_time_zone(region_code: str) -> str:
    province = region_code.split(".")[0]
    if province in WIT_PROVINCES:
        return Government.TimeZone.WIT
    if province in WITA_PROVINCES:
        return Government.TimeZone.WITA
    return Government.TimeZone.WIB


def logo_path(instance, filename):
    extension = "png" if filename.lower().endswith(".png") else "jpg"
    return f"logos/{instance.region_id}-{secrets.token_hex(8)}.{extension}"


class Government(models.Model):
    """A local government (pemda) of a province or kabupaten/kota that runs a RAD P4GN: the tenant boundary."""

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", "WIB (UTC+7)"
        WITA = "Asia/Makassar", "WITA (UTC+8)"
        WIT = "Asia/Jayapura", "WIT (UTC+9)"

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="government")
    name = models.CharField(_("name"), max_length=200, help_text=_("As on the letterhead, e.g. Pemerintah Kota Metro"))
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=20, choices=TimeZone, default=TimeZone.WIB)
    # Who signs official documents (the RAD matrix, reports) for this government.
    signatory_name = models.CharField(_("signatory's name"), max_length=150, blank=True)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=30, blank=True)
    signatory_title = models.CharField(
        _("signatory's position"), max_length=200, blank=True, help_text=_("E.g. Wali Kota Metro")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(government="pk", government_region="region", region="region", members_see_all=True)

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("government")
        verbose_name_plural = _("governments")

    def __str__(self):
        return self.name

    def clean(self):
        if self.region_id and self.region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
            raise ValidationError({"region": _("A local government is a province or a regency/city.")})

    def audit_government_id(self):
        return self.pk

    @property
    def has_logo(self) -> bool:
        return bool(self.logo)

    @property
    def time_zone_label(self) -> str:
        return self.get_time_zone_display().split(" ")[0]


class Agency(models.Model):
    """An agency of a government (OPD, vertical office, school, business or community body) that owns actions."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat (Setda/Setwan)")
        DEPARTMENT = "department", _("Department (dinas)")
        BOARD = "board", _("Board (badan)")
        INSPECTORATE = "inspectorate", _("Inspectorate")
        UNIT = "unit", _("Other regional unit (satuan, kantor, RSUD)")
        DISTRICT = "district", _("District office (kecamatan)")
        VILLAGE = "village", _("Village office (kelurahan/desa)")
        BNN = "bnn", _("Vertical: BNN")
        POLICE = "police", _("Vertical: Police (Polres/Polsek)")
        MILITARY = "military", _("Vertical: Military (Kodim/Koramil)")
        PROSECUTOR = "prosecutor", _("Vertical: Prosecutor (Kejari)")
        RELIGIOUS_AFFAIRS = "religious_affairs", _("Vertical: Religious affairs (Kemenag)")
        VERTICAL_OTHER = "vertical_other", _("Vertical: other")
        SCHOOL = "school", _("School or university")
        BUSINESS = "business", _("Business")
        COMMUNITY = "community", _("Community organisation")

    VERTICAL_KINDS = frozenset({"bnn", "police", "military", "prosecutor", "religious_affairs", "vertical_other"})
    AREA_KINDS = frozenset({"district", "village"})

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text=_("For district and village offices: the kecamatan or kelurahan they serve."),
    )
    address = models.TextField(_("address"), blank=True)
    head_name = models.CharField(_("name of the head"), max_length=150, blank=True)
    head_title = models.CharField(_("title of the head"), max_length=150, blank=True)
    valid_from = models.DateField(_("in effect from"), null=True, blank=True)
    valid_until = models.DateField(_("in effect until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(agency="pk", region="region")

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "name"],
                condition=models.Q(valid_until__isnull=True),
                name="agency_unique_current_name",
                violation_error_message=_("This government already has an agency with this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="agency_valid_range",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_until is None or self.valid_until >= timezone.localdate()

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_vertical(self) -> bool:
        return self.kind in self.VERTICAL_KINDS

    def clean(self):
        errors = {}
        if self.kind in self.AREA_KINDS and not self.region_id:
            errors["region"] = _("A district or village office needs the region it serves.")
        if self.region_id and self.government_id:
            root = self.government.region_id
            if not (self.region_id == root or self.region_id.startswith(root + ".")):
                errors["region"] = _("The region must lie inside %(government)s.") % {"government": self.government}
        if self.successor_id and self.successor_id == self.pk:
            errors["successor"] = _("An agency cannot succeed itself.")
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """A user's role in one agency of a government: the unit of access."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role)
    region = models.ForeignKey(
        Region,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Area and observer roles: the region subtree they cover (default: the agency's region)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_paths = ScopePaths(agency="agency", region="region")
    # Who is making this grant (set by the service and the admin form, never stored): see ``clean``.
    granted_by = None

    class Meta:
        ordering = ["government_id", "agency__name", "role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                name="membership_unique",
                violation_error_message=_("This user already has this role in this agency."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.agency}"

    @property
    def is_active(self) -> bool:
        return self.agency.is_active

    @property
    def scope_region_id(self) -> str:
        return self.region_id or self.agency.region_id or self.government.region_id

    def clean(self):
        errors = {}
        if self.agency_id and self.government_id and self.agency.government_id != self.government_id:
            errors["agency"] = _("The agency belongs to another government.")
        if self.role == Role.AREA_OPERATOR and not (self.region_id or (self.agency_id and self.agency.region_id)):
            errors["region"] = _("An area operator needs an area: choose one, or an agency that has a region.")
        if self.region_id and self.government_id:
            root = self.government.region_id
            inside = self.region_id == root or self.region_id.startswith(root + ".")
            if not inside and self.role != Role.OBSERVER:
                errors["region"] = _("The area must lie inside %(government)s.") % {"government": self.government}
            elif not inside and not getattr(self.granted_by, "is_superuser", False):
                # Sight of other governments is the platform administrator's to give, wherever the grant is made.
                errors["region"] = _("Only a platform administrator may grant a region outside %(government)s.") % {
                    "government": self.government
                }
        if errors:
            raise ValidationError(errors)
