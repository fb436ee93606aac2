import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "sp_"


class User(AbstractUser):
    """A person who signs in: secretariat staff, agency operators, reviewers, leaders, observers."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position (jabatan)"), max_length=150, blank=True)
    nip = models.CharField(_("employee number (NIP)"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The government whose secretariat manages this account; it keeps seeing the person after their last role ends.
    government = models.ForeignKey(
        "organizations.Government",
        verbose_name=_("managed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return (self.full_name or self.username).split(" ")[0]

    def audit_government_id(self):
        return self.government_id

    def save(self, *args, **kwargs):
        # set_password() leaves the new raw password in _password until the save; whichever path changed it
        # (password change or reset page, admin, services, `changepassword`), the person's API tokens end here.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            self.api_tokens.filter(revoked_at=None).update(revoked_at=timezone.now())


def token_expiry():
    return timezone.now() + timedelta(days=settings.SINERGI_TOKEN_DAYS)


class ApiToken(models.Model):
    """A personal API token (Bearer). Only a hash of the key is kept; the key is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=token_expiry)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def audit_government_id(self):
        return self.user.audit_government_id()

    def revoke(self):
        self.revoked_at = timezone.now()
