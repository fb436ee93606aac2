from django.contrib import admin

from sinergi.regions.models import Region, RegionDataset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "postal_code", "is_current"]
    list_filter = ["level", "kind", "is_current"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "parent", "search_name"]


@admin.register(RegionDataset)
class RegionDatasetAdmin(admin.ModelAdmin):
    list_display = ["loaded_at", "source", "version", "created", "updated", "retired", "total"]
