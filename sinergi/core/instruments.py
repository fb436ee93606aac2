"""Measuring instruments as versioned data: where BNN's rule is known only from secondary sources, or the official
text could not be read, the rule lives in a file with its sources, year and certainty, never in code.

An instrument file is JSON shipped with the app that uses it (``<app>/instruments/<code>-v<version>.json``)::

    {"code": "kawasan-rawan", "version": 1, "title": "...", "year": 2020, "certainty": "likely",
     "local": false, "sources": [{"citation": "...", "url": "...", "certainty": "certain"}],
     "notes": "...", "content": {...}}

``content`` is the app's own shape (indicators and a status rule; variables, questions and bands). Each app keeps
its instruments in a concrete subclass of ``Instrument``; the platform administrator corrects one by saving a new
version (the admin's "save as new"), never by editing a version that answers already point to.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Certainty(models.TextChoices):
    CERTAIN = "certain", _("certain")
    LIKELY = "likely", _("likely")
    UNCERTAIN = "uncertain", _("uncertain")
    PLACEHOLDER = "placeholder", _("placeholder, to be replaced by the official instrument")


REQUIRED_KEYS = {"code", "version", "title", "year", "certainty", "sources", "content"}


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year of the source"))
    certainty = models.CharField(_("certainty"), max_length=12, choices=Certainty)
    local = models.BooleanField(
        _("local instrument"), default=False, help_text=_("A government's own instrument, not BNN's.")
    )
    sources = models.JSONField(_("sources"), default=list, help_text=_("[{citation, url, certainty}]"))
    notes = models.TextField(_("notes"), blank=True)
    content = models.JSONField(_("content"), default=dict)
    active = models.BooleanField(_("offered for new assessments"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["code", "-version"]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def clean(self):
        super().clean()
        for i, source in enumerate(self.sources or []):
            if not isinstance(source, dict) or not str(source.get("citation", "")).strip():
                raise ValidationError({"sources": gettext("Source %(n)d needs a citation.") % {"n": i + 1}})
        self.clean_content()

    def clean_content(self):
        """Subclasses check ``content`` and raise ValidationError({"content": ...})."""

    @property
    def source_line(self):
        """One line for the UI: what the instrument follows, and how sure we are."""
        cites = "; ".join(s["citation"] for s in self.sources if s.get("citation"))
        return gettext("This instrument follows %(title)s, version %(version)s (%(sources)s; %(certainty)s).") % {
            "title": self.title,
            "version": self.version,
            "sources": cites or gettext("no source"),
            "certainty": self.get_certainty_display(),
        }


def read_instrument_file(path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    missing = REQUIRED_KEYS - data.keys()
    if missing:
        raise ValueError(f"{path}: missing {', '.join(sorted(missing))}")
    if data["certainty"] not in Certainty.values:
        raise ValueError(f"{path}: certainty must be one of {', '.join(Certainty.values)}")
    return data


def install_instruments(model, directory) -> list:
    """Create each instrument file's (code, version) that is not in the database yet; leave the others alone (the
    administrator may have corrected them). Returns the instruments created."""
    created = []
    with transaction.atomic():
        for path in sorted(Path(directory).glob("*.json")):
            data = read_instrument_file(path)
            if model.objects.filter(code=data["code"], version=data["version"]).exists():
                continue
            fields = {k: data[k] for k in REQUIRED_KEYS | {"local", "notes"} if k in data}
            instrument = model(**fields)
            instrument.full_clean()
            instrument.save()
            created.append(instrument)
    return created


def current_instrument(model, code):
    """The newest active version of an instrument, or None."""
    return model.objects.filter(code=code, active=True).order_by("-version").first()
