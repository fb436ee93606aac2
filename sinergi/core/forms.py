import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sinergi.core.apitypes import has_control
from sinergi.core.audit import history_for, snapshot

# Django 6.1's blank choice of model fields; its own Indonesian catalogue does not have it yet, ours does.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")


def fingerprint(instance) -> str:
    return hashlib.sha256(json.dumps(snapshot(instance), sort_keys=True, default=str).encode()).hexdigest()[:20]


class ConcurrentEditMixin:
    """Stops a form from silently overwriting a change someone else saved after the form was opened.

    The form carries a fingerprint of the record as it was opened. If the record changed since, the form is
    shown again with the user's own input kept and the other person's change named; saving again then
    overwrites it knowingly.
    """

    edit_token_field = "edit_token"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.edit_token_field] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk and not self.is_bound:
            self.initial[self.edit_token_field] = fingerprint(self.instance)

    def clean(self):
        cleaned = super().clean()
        key = self.add_prefix(self.edit_token_field)
        opened_as = self.data.get(key)
        if not (self.instance.pk and opened_as):
            return cleaned
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        now = fingerprint(current)
        if now != opened_as:
            last = history_for(obj=current).first()
            who = last.actor_label if last else _("someone else")
            when = timezone.localtime(last.at).strftime("%d-%m-%Y %H:%M") if last else ""
            self.data = self.data.copy()
            self.data[key] = now
            raise ValidationError(
                _(
                    "%(who)s changed this record at %(when)s, after you opened this form, so nothing was saved. "
                    "Your input is kept below: check it against their change, then save again to overwrite it."
                )
                % {"who": who, "when": when}
            )
        return cleaned


class ControlCharactersMixin:
    """Refuses control characters in every text field (tab and line breaks are allowed in a text area): they are
    invisible on screen and break the documents (DOCX, PDF) the text ends up in."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.CharField) and isinstance(value, str):
                if has_control(value, multiline=isinstance(field.widget, forms.Textarea)):
                    self.add_error(name, _("Remove the control characters from this text."))
        return cleaned
