from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import User
from sinergi.core.files import StoredFileInput, bounded_image
from sinergi.core.forms import ConcurrentEditMixin, ControlCharactersMixin
from sinergi.core.scope import subtree_q
from sinergi.organizations.models import Agency, Government, Role
from sinergi.regions.models import Region

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


CHOOSE = _("— choose —")
# A phone number brings the phone keypad on a phone.
TEL_WIDGET = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})


class RegionChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("— none —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.code})"


def regions_of(government: Government):
    """The regions inside a government, for choosing where an agency or an area role sits."""
    return Region.objects.filter(subtree_q("code", government.region_id), is_current=True).order_by("code")


class GovernmentCreateForm(ControlCharactersMixin, forms.Form):
    """The administrator's form for a new government: a province or regency/city that has none yet."""

    region = forms.ChoiceField(label=_("Region"))
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Leave empty for e.g. Pemerintah Kota Metro")
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), required=False, choices=[("", _("From the region")), *Government.TimeZone.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = (
            Region.objects.filter(level__lte=Region.Level.REGENCY, is_current=True, government__isnull=True)
            .order_by("code")
            .values_list("code", "name", "level")
        )
        self.fields["region"].choices = [("", CHOOSE)] + [
            (code, f"{name} ({code})" if level == Region.Level.REGENCY else f"Provinsi {name} ({code})")
            for code, name, level in regions
        ]


class GovernmentForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = Government
        fields = [
            "name",
            "address",
            "phone",
            "email",
            "website",
            "time_zone",
            "logo",
            "signatory_name",
            "signatory_nip",
            "signatory_title",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": TEL_WIDGET,
            "logo": StoredFileInput(attrs={"accept": "image/png,image/jpeg"}),
        }

    def clean_logo(self):
        from django.conf import settings

        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > settings.SINERGI_LOGO_MAX_BYTES:
            raise ValidationError(
                _("The logo is too large (%(size)s KB); the limit is %(limit)s KB.")
                % {"size": logo.size // 1024, "limit": settings.SINERGI_LOGO_MAX_BYTES // 1024}
            )
        image = getattr(logo, "image", None)
        if image is not None and image.format not in ("PNG", "JPEG"):
            raise ValidationError(_("The logo must be a PNG or JPEG image."))
        if image is not None:  # a new upload (not the stored file): bounded in pixels, re-encoded when large
            try:
                return bounded_image(logo, field="logo")
            except ValidationError as error:
                raise ValidationError(error.message_dict["logo"]) from error
        return logo


class AgencyForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    region = RegionChoiceField(queryset=Region.objects.none(), required=False, label=_("Region"))

    class Meta:
        model = Agency
        fields = ["name", "acronym", "kind", "region", "address", "head_name", "head_title", "valid_from"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "valid_from": DATE_WIDGET}

    def __init__(self, *args, government: Government, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.government = government
        self.fields["region"].queryset = regions_of(government)
        self.fields["region"].help_text = Agency._meta.get_field("region").help_text


class AgencySuccessionForm(ControlCharactersMixin, forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices)
    region = RegionChoiceField(queryset=Region.objects.none(), required=False, label=_("Region"))
    merge_with = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=_("Also merge these agencies into it"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    on = forms.DateField(label=_("In effect from"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Legal basis or reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. Perda Kota Metro No. … Tahun 2025 on the organisation of regional agencies."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["region"].queryset = regions_of(agency.government)
        self.fields["merge_with"].queryset = Agency.objects.filter(
            government=agency.government, valid_until__isnull=True
        ).exclude(pk=agency.pk)
        if not self.is_bound:
            self.initial.update(
                {"name": agency.name, "acronym": agency.acronym, "kind": agency.kind, "region": agency.region_id}
            )
            self.initial["on"] = timezone.localdate()


class UserForm(ControlCharactersMixin, ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "position", "nip", "phone"]
        widgets = {"phone": TEL_WIDGET, "nip": forms.TextInput(attrs={"inputmode": "numeric"})}

    def clean_username(self):
        username = self.cleaned_data["username"]
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("This username is already taken."))
        return username


def _agency_field():
    return forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency"), empty_label=CHOOSE)


def _role_field():
    return forms.ChoiceField(choices=[("", CHOOSE), *Role.choices], label=_("Role"))


def _area_field():
    return RegionChoiceField(
        queryset=Region.objects.none(),
        required=False,
        label=_("Area"),
        help_text=_("Area roles only: the kecamatan or kelurahan they cover (default: the agency's own region)."),
    )


def _limit_role_choices(form, government: Government) -> None:
    """Offer only the government's current agencies and its own regions."""
    form.fields["agency"].queryset = Agency.objects.filter(government=government, valid_until__isnull=True)
    form.fields["region"].queryset = regions_of(government)


class MembershipForm(forms.Form):
    agency = _agency_field()
    role = _role_field()
    region = _area_field()

    def __init__(self, *args, government: Government, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_role_choices(self, government)


class UserCreateForm(UserForm):
    agency = _agency_field()
    role = _role_field()
    region = _area_field()
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to e-mail the person a link to choose their own password."),
    )

    def __init__(self, *args, government: Government, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_role_choices(self, government)

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                validate_password(password, self.instance)
            except ValidationError as exc:
                self.add_error("password", exc)
        elif not cleaned.get("email"):
            self.add_error("password", _("Give an initial password, or an e-mail address to send a link to."))
        return cleaned
