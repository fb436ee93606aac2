from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.organizations.models import Government


class Event(models.TextChoices):
    PERIOD_OPENED = "period_opened", _("Reporting period opened")
    DUE_SOON = "due_soon", _("Reports due soon")
    OVERDUE = "overdue", _("Reports overdue")
    ESCALATED = "escalated", _("Overdue reports escalated")
    REMINDER = "reminder", _("Reminder from the secretariat")
    SUBMITTED = "submitted", _("Report submitted")
    RETURNED = "returned", _("Report returned")
    APPROVED = "approved", _("Report approved")
    HEAD_APPROVED = "head_approved", _("Report approved by the agency head")
    REOPENED = "reopened", _("Report reopened")
    PERIOD_EXTENDED = "period_extended", _("Due date extended")
    ACTION_RETURNED = "action_returned", _("RAD action returned")
    ACTION_ACCEPTED = "action_accepted", _("RAD action accepted")
    ACTION_RESUBMITTED = "action_resubmitted", _("RAD action resubmitted")
    PLAN_IN_REVIEW = "plan_in_review", _("Plan sent for review")
    PLAN_ADOPTED = "plan_adopted", _("Plan adopted")
    PLAN_REVISION = "plan_revision", _("Plan revision opened")
    MEETING_INVITED = "meeting_invited", _("Meeting invitation")
    MINUTES_PUBLISHED = "minutes_published", _("Meeting minutes published")
    FOLLOW_UP_ASSIGNED = "follow_up_assigned", _("Meeting follow-up assigned")
    FOLLOW_UP_DONE = "follow_up_done", _("Meeting follow-up done")
    FOLLOW_UP_DUE_SOON = "follow_up_due_soon", _("Meeting follow-up due soon")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Meeting follow-up overdue")
    FOLLOW_UP_ESCALATED = "follow_up_escalated", _("Overdue meeting follow-up escalated")


class Notification(models.Model):
    """A message in one person's in-app inbox (kotak masuk) about a reporting event."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    government = models.ForeignKey(
        Government, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path on this site."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The same event is stored once per person, however often the reminder job runs.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_unique_per_user"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self):
        return f"{self.user}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def event_label(self) -> str:
        return str(dict(Event.choices).get(self.event, self.event))


class OutgoingEmail(models.Model):
    """An e-mail waiting in the outbox (or already sent); a failed one stays queued and is tried again later."""

    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(sent_at__isnull=True), name="outgoing_email_due_idx"
            ),
        ]

    def __str__(self):
        return f"{self.to_address}: {self.subject}"


class WebhookDelivery(models.Model):
    """One event posted (or waiting to be posted) to a government's webhook, e.g. a WhatsApp gateway."""

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="webhook_deliveries")
    url = models.URLField(_("URL"), max_length=500)
    event = models.CharField(_("event"), max_length=30)
    payload = models.JSONField(_("payload"))
    # The same event goes to the webhook once, however many people it reached and however often the job runs.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["government", "event", "dedupe_key"], name="webhook_delivery_unique"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="webhook_delivery_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.url}"
