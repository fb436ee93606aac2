"""Read-only views for administrators: trust and imports change only through the exchange pages and the command,
which audit them and keep the roll-ups consistent."""

from django.contrib import admin

from sinergi.core.admin import StoredFilesAdmin
from sinergi.exchange.models import ExchangePackage, ExportedPackage, TrustedSender


class ReadOnlyAdmin(StoredFilesAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrustedSender)
class TrustedSenderAdmin(ReadOnlyAdmin):
    list_display = ["region", "name", "fingerprint", "added_by", "added_at"]


@admin.register(ExchangePackage)
class ExchangePackageAdmin(ReadOnlyAdmin):
    list_display = ["government", "year", "semester", "status", "sender_name", "imported_at"]
    list_filter = ["status", "year", "semester"]
    exclude = ["data"]


@admin.register(ExportedPackage)
class ExportedPackageAdmin(ReadOnlyAdmin):
    list_display = ["government", "year", "semester", "exported_by", "exported_at"]
