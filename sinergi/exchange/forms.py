from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.forms import ControlCharactersMixin
from sinergi.exchange.package import max_bytes
from sinergi.regions.models import Region


class ExportForm(ControlCharactersMixin, forms.Form):
    government = forms.IntegerField(widget=forms.HiddenInput)
    semester = forms.RegexField(regex=r"^\d{4}-[12]$", widget=forms.HiddenInput)

    def year_semester(self) -> tuple[int, int]:
        year, semester = self.cleaned_data["semester"].split("-")
        return int(year), int(semester)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Exchange package (.zip)"),
        allow_empty_file=True,  # an empty file gets the importer's own message
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace numbers imported before for the same government and semester"),
        required=False,
        help_text=gettext_lazy("Leave this off first: a conflict is then shown with its differences."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": max_bytes() // 1048576}
            )
        return upload


class TrustedSenderForm(ControlCharactersMixin, forms.Form):
    region = forms.CharField(
        label=gettext_lazy("Region code of the sending government"),
        max_length=13,
        help_text=gettext_lazy("The Kemendagri code of the province or regency/city, e.g. 18.72."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    public_key = forms.CharField(
        label=gettext_lazy("Public key"),
        max_length=200,
        help_text=gettext_lazy("As shown on the exchange page of the sending installation."),
    )
    fingerprint = forms.CharField(
        label=gettext_lazy("Fingerprint (to check)"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("The fingerprint the sender read out to you; the key is refused if it differs."),
    )

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("There is no region with this code."))
        if region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
            raise forms.ValidationError(_("A sending government is a province or a regency/city."))
        return region
