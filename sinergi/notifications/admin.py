from django.contrib import admin

from sinergi.notifications.models import Notification, OutgoingEmail, WebhookDelivery


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "event", "title", "read_at"]
    list_filter = ["event", "government"]
    search_fields = ["title", "user__username", "user__full_name"]
    raw_id_fields = ["user", "government"]
    date_hierarchy = "created_at"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to_address", "subject", "sent_at", "attempts", "next_attempt_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to_address", "subject"]
    readonly_fields = ["created_at", "sent_at", "attempts", "last_error"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "government", "event", "url", "delivered_at", "attempts", "next_attempt_at"]
    list_filter = ["event", "government", ("delivered_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["created_at", "delivered_at", "attempts", "last_error", "dedupe_key"]
    raw_id_fields = ["government"]
