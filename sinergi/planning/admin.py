from django.contrib import admin

from sinergi.core.admin import StoredFilesAdmin
from sinergi.planning.models import Field, NationalAction, NationalPlan, RegionalPlan


class FieldInline(admin.TabularInline):
    model = Field
    extra = 0


@admin.register(NationalPlan)
class NationalPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "start_year", "end_year"]
    inlines = [FieldInline]


@admin.register(NationalAction)
class NationalActionAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "field", "levels", "is_generic"]
    list_filter = ["field__national_plan", "field", "is_generic"]
    search_fields = ["code", "description"]


@admin.register(RegionalPlan)
class RegionalPlanAdmin(StoredFilesAdmin):
    list_display = ["title", "government", "start_year", "end_year", "version", "status"]
    list_filter = ["status", "government"]
    readonly_fields = ["status", "adopted_at", "adopted_by"]
