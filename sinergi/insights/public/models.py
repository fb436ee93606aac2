"""The public transparency page (issue 7 §4): whether a government publishes it, with an optional introduction.

``insights/models.py`` imports it, so Django sees it as a model of the ``insights`` app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Government


class PublicPage(models.Model):
    """A government's public transparency page: off until the secretariat switches it on."""

    government = models.OneToOneField(Government, on_delete=models.CASCADE, related_name="public_page")
    enabled = models.BooleanField(_("published"), default=False)
    intro = models.TextField(
        _("introduction"),
        max_length=2000,
        blank=True,
        help_text=_("Shown at the top of the public page. Do not put names of people or phone numbers here."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(members_see_all=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")

    def __str__(self):
        return str(self.government)
