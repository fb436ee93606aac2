from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sinergi.core.forms import ControlCharactersMixin


class TokenForm(ControlCharactersMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("E.g. the script or system that uses it.")
    )


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
        "inactive": _("This account has been deactivated. Ask the secretariat of your government."),
    }
