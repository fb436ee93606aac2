"""A government's settings page and API (issue 14 §7): the reporting settings a secretariat may change (webhook,
working days to the due date, the agency-head step) and the public transparency page switch.

The webhook secret is write-only: it is never shown, never sent by the API and masked in the audit trail."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.audit import audit_record, snapshot
from sinergi.core.forms import ControlCharactersMixin
from sinergi.core.models import AuditEntry
from sinergi.core.services import model_update

CONFIG_FIELDS = ("webhook_url", "due_working_days", "head_approval_required")


# The settings are kept by apps above organizations, which plug their stores in from their AppConfig.ready:
# reporting's settings (``reporting_config(government, lock=)``, created if missing) and insights' public page
# (``public_page(government)`` -> the page or None; ``public_page_save(government=, enabled=, intro=, by=)``).
_stores: dict[str, Callable] = {}


def register_settings_store(**functions: Callable) -> None:
    _stores.update(functions)


def _config(government, lock: bool = False):
    return _stores["reporting_config"](government, lock=lock)


def _public_page(government):
    return _stores["public_page"](government)


def government_settings(government) -> dict:
    config = _config(government)
    page = _public_page(government)
    return {
        "webhook_url": config.webhook_url,
        "webhook_secret_set": bool(config.webhook_secret),
        "due_working_days": config.due_working_days,
        "head_approval_required": config.head_approval_required,
        "public_page_enabled": bool(page and page.enabled),
    }


@transaction.atomic
def government_settings_update(
    *, government, by, webhook_secret: str | None = None, public_page_enabled: bool | None = None,
    confirm_public: bool = False, **fields,
) -> None:  # fmt: skip
    """Change the settings given (``None`` keeps a value; ``webhook_secret=""`` removes the secret). Publishing the
    public page needs ``confirm_public``: it shows every kelurahan's status to anyone."""
    page = _public_page(government)
    publishing = public_page_enabled and not (page and page.enabled)
    if publishing and not confirm_public:
        raise ValidationError(
            {
                "confirm_public": _(
                    "The public page shows every kelurahan's vulnerability status and Bersinar stage to anyone, "
                    "without signing in. Confirm that it may be published."
                )
            }
        )
    config = _config(government, lock=True)
    model_update(instance=config, data={k: fields[k] for k in CONFIG_FIELDS if fields.get(k) is not None}, by=by)
    if webhook_secret is not None and webhook_secret.strip() != config.webhook_secret:
        before = snapshot(config)
        config.webhook_secret = webhook_secret.strip()
        config.full_clean()
        config.save()
        reason = _("Webhook secret replaced") if config.webhook_secret else _("Webhook secret removed")
        audit_record(obj=config, action=AuditEntry.Action.UPDATE, by=by, before=before, after=snapshot(config),
                     reason=reason)  # fmt: skip
    if public_page_enabled is not None and public_page_enabled != bool(page and page.enabled):
        _stores["public_page_save"](
            government=government, enabled=public_page_enabled, intro=page.intro if page else "", by=by
        )


class GovernmentSettingsForm(ControlCharactersMixin, forms.Form):
    due_working_days = forms.IntegerField(
        label=gettext_lazy("Working days after the period ends"), min_value=1, max_value=60,
        help_text=gettext_lazy("The default due date of a new period."),
    )  # fmt: skip
    head_approval_required = forms.BooleanField(
        label=gettext_lazy("Agency heads approve reports before the review"), required=False
    )
    webhook_url = forms.URLField(label=gettext_lazy("Webhook URL"), required=False, assume_scheme="https")
    webhook_secret = forms.CharField(
        label=gettext_lazy("Webhook secret"), required=False, max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )  # fmt: skip
    remove_webhook_secret = forms.BooleanField(label=gettext_lazy("Remove the webhook secret"), required=False)
    public_page_enabled = forms.BooleanField(label=gettext_lazy("Publish the public transparency page"), required=False)
    confirm_public = forms.BooleanField(
        label=gettext_lazy("I understand that each kelurahan's status becomes public"), required=False
    )

    def __init__(self, *args, secret_set: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["webhook_secret"].help_text = (
            gettext_lazy("A secret is set; it is never shown. Leave empty to keep it.")
            if secret_set
            else gettext_lazy("Signs each webhook call (X-Sinergi-Signature).")
        )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        secret = data.pop("webhook_secret") or None
        if data.pop("remove_webhook_secret"):
            secret = ""
        return {**data, "webhook_secret": secret}
