from django.contrib import admin

from sinergi.core.admin import StoredFilesAdmin
from sinergi.organizations.models import Agency, Government, Membership


@admin.register(Government)
class GovernmentAdmin(StoredFilesAdmin):
    list_display = ["name", "region", "time_zone"]
    search_fields = ["name", "region__code"]
    raw_id_fields = ["region"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "government", "valid_until"]
    list_filter = ["kind", "government"]
    search_fields = ["name", "acronym"]
    raw_id_fields = ["region", "successor"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "government"]
    list_filter = ["role", "government"]
    raw_id_fields = ["user", "agency", "region"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class GrantForm(form):
            def _post_clean(self):
                # The model's clean() decides on a region outside the government by who grants it.
                self.instance.granted_by = request.user
                super()._post_clean()

        return GrantForm
