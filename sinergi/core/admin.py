from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from sinergi.core.files import StoredFileInput, stored_file_url
from sinergi.core.models import AuditEntry


class StoredFilesAdmin(admin.ModelAdmin):
    """An admin whose file fields link to their scoped download views: editable ones through ``StoredFileInput``,
    read-only ones (view-only admins) through a ``<field>_stored`` column, so nothing asks the storage for a URL."""

    formfield_overrides = {
        models.FileField: {"widget": StoredFileInput},
        models.ImageField: {"widget": StoredFileInput},
    }

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.file_fields = [f for f in model._meta.fields if isinstance(f, models.FileField)]
        for field in self.file_fields:
            setattr(self, f"{field.name}_stored", self._stored_display(field))

    @staticmethod
    def _stored_display(field):
        def display(obj):
            value = getattr(obj, field.name)
            if not value:
                return "-"
            url = stored_file_url(value)
            name = value.name.rsplit("/", 1)[-1]
            return format_html('<a href="{}">{}</a>', url, name) if url else name

        display.short_description = field.verbose_name
        return display

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        names = {f.name for f in self.file_fields}
        return [f"{name}_stored" if name in names else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_change_permission(request, obj):
            readonly += [f"{f.name}_stored" for f in self.file_fields]
        return readonly


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "content_type", "object_repr", "government_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_label", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
