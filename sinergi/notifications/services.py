"""Writes of the notifications app: notifying people (inbox, e-mail queue, webhook queue) and flushing the outbox.

``notify`` only writes rows, so it is safe inside any transaction: nothing leaves the server until
``flush_outbox`` runs (``sinergi send_reminders``, meant for cron). A message that cannot be sent stays queued,
with its error, and is tried again on a later run after a growing pause.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.notifications.models import Notification, OutgoingEmail, WebhookDelivery

FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)
# A row taken by one run is left alone by a run started at the same moment for this long.
CLAIM_LEASE = timedelta(minutes=10)
WEBHOOK_TIMEOUT_SECONDS = 10
SUBJECT_PREFIX = "[Sinergi P4GN] "


# --- what the apps above plug in (from their AppConfig.ready), so notifications imports none of them ----------
_hooks: dict[str, Callable] = {}
_reminders: list[Callable[[], int]] = []


def register_webhook_config(config_of: Callable) -> None:
    """``config_of(government)``: the settings holding the government's ``webhook_url`` and ``webhook_secret``."""
    _hooks["webhook_config"] = config_of


def register_reminders(send: Callable[[], int]) -> None:
    """A daily reminder job of ``send_reminders``; ``send()`` returns the number of notifications it made."""
    if send not in _reminders:
        _reminders.append(send)


def reminders_send_all() -> int:
    """Run every registered reminder job, in the order the apps registered them (INSTALLED_APPS)."""
    return sum(send() for send in _reminders)


def absolute_link(path: str) -> str:
    """The site path as a full address when SINERGI_SITE_URL is set (e-mails and webhooks leave the site)."""
    base = getattr(settings, "SINERGI_SITE_URL", "").rstrip("/")
    return f"{base}{path}" if base and path.startswith("/") else path


# --- notifying -----------------------------------------------------------------------------------------------


@transaction.atomic
def notify(
    *,
    event: str,
    users,
    title: str,
    body: str,
    link: str = "",
    government=None,
    dedupe_key: str | None = None,
) -> int:
    """Put a notification in each active user's inbox and queue their e-mail; queue the government's webhook once.

    A user who already has a notification with ``dedupe_key`` is skipped, so calling this again (another cron
    run, a retried request) never notifies anyone twice. Returns how many users were newly notified.
    """
    if link and not (link.startswith("/") and not link.startswith("//")):
        raise ValueError(f"A notification links to a path on this site, not {link!r}.")
    recipients = {}
    for user in users:
        if user is not None and user.is_active:
            recipients.setdefault(user.pk, user)
    if not recipients:
        return 0
    already = set()
    if dedupe_key is not None:
        already = set(
            Notification.objects.filter(dedupe_key=dedupe_key, user_id__in=recipients).values_list("user_id", flat=True)
        )
    title = title[:200]
    now = timezone.now()
    newly = []
    for user in recipients.values():
        if user.pk in already:
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(
                    user=user,
                    government=government,
                    event=event,
                    title=title,
                    body=body,
                    link=link,
                    created_at=now,
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:
            continue  # a run at the same moment stored it first
        newly.append(user)
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to_address=user.email, subject=SUBJECT_PREFIX + title, body=_email_body(body, link), created_at=now
        )
        for user in newly
        if user.email
    )
    if newly and government is not None:
        _queue_webhook(
            government=government,
            event=event,
            title=title,
            body=body,
            link=link,
            dedupe_key=dedupe_key,
            recipients=newly,
            now=now,
        )
    return len(newly)


def _email_body(body: str, link: str) -> str:
    parts = [body.strip()]
    if link:
        parts.append(absolute_link(link))
    parts.append("-- \n" + _("Sent by Sinergi P4GN. All your notifications are in your inbox."))
    return "\n\n".join(p for p in parts if p)


def _queue_webhook(*, government, event, title, body, link, dedupe_key, recipients, now) -> None:
    config = _hooks["webhook_config"](government)
    if not config.webhook_url:
        return
    if (
        dedupe_key is not None
        and WebhookDelivery.objects.filter(government=government, event=event, dedupe_key=dedupe_key).exists()
    ):
        return
    payload = {
        "event": event,
        "title": title,
        "body": body,
        "link": absolute_link(link) if link else "",
        "government": {"id": government.pk, "name": government.name, "region_code": government.region_id},
        # Whom the event concerns, so a gateway can reach them (e.g. on WhatsApp by their phone number).
        "recipients": [{"username": u.username, "name": u.get_full_name(), "phone": u.phone} for u in recipients],
        "created_at": now.isoformat(),
    }
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(
                government=government,
                url=config.webhook_url,
                event=event,
                payload=payload,
                dedupe_key=dedupe_key,
                created_at=now,
            )
    except IntegrityError:
        pass  # a run at the same moment queued it first


# --- the inbox -----------------------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` as read. Returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- the outbox ----------------------------------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta:
    """5 minutes after the first failure, doubling with each further one, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _claim(model, row, now) -> bool:
    """Take a queued row for this run (compare-and-set), so two runs at the same moment never send it twice."""
    done_field = "sent_at" if model is OutgoingEmail else "delivered_at"
    taken = model.objects.filter(
        pk=row.pk, next_attempt_at=row.next_attempt_at, **{f"{done_field}__isnull": True}
    ).update(next_attempt_at=now + CLAIM_LEASE)
    return taken == 1


def _record_failure(row, exc: Exception, now) -> None:
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    row.next_attempt_at = now + retry_delay(row.attempts)
    row.save(update_fields=["attempts", "last_error", "next_attempt_at"])


def _record_success(row, done_field: str, now) -> None:
    row.attempts += 1
    row.last_error = ""
    setattr(row, done_field, now)
    row.save(update_fields=["attempts", "last_error", done_field])


def flush_outbox(now=None) -> dict:
    """Send the queued e-mails and deliver the queued webhooks that are due. Returns what happened, by count."""
    now = now or timezone.now()
    emails_sent, emails_failed = _flush_emails(now)
    webhooks_delivered, webhooks_failed = _flush_webhooks(now)
    return {
        "emails_sent": emails_sent,
        "emails_failed": emails_failed,
        "webhooks_delivered": webhooks_delivered,
        "webhooks_failed": webhooks_failed,
    }


def _due(model, done_field: str, now):
    return model.objects.filter(**{f"{done_field}__isnull": True}, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )


def _flush_emails(now) -> tuple[int, int]:
    queued = [e for e in _due(OutgoingEmail, "sent_at", now) if _claim(OutgoingEmail, e, now)]
    if not queued:
        return 0, 0
    try:
        mailer = mailers.default
        mailer.open()
    except Exception as exc:  # the mail server is unreachable (or misconfigured): everything waits for the next run
        for email in queued:
            _record_failure(email, exc, now)
        return 0, len(queued)
    sent = failed = 0
    try:
        for email in queued:
            message = EmailMessage(subject=email.subject, body=email.body, to=[email.to_address])
            try:
                if mailer.send_messages([message]) != 1:
                    raise RuntimeError(_("The mail server did not accept the message."))
            except Exception as exc:
                _record_failure(email, exc, now)
                failed += 1
            else:
                _record_success(email, "sent_at", now)
                sent += 1
    finally:
        try:
            mailer.close()
        except Exception:  # closing a connection that already broke must not hide what was sent
            pass
    return sent, failed


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would drop or resend the signed body elsewhere; it counts as a failed delivery instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def webhook_body(payload: dict) -> bytes:
    """The exact bytes posted (and signed) for a payload."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def webhook_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _deliver(delivery: WebhookDelivery, secret: str) -> None:
    if not delivery.url.lower().startswith(("http://", "https://")):
        raise ValueError(_("A webhook address must start with http:// or https://."))
    body = webhook_body(delivery.payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Sinergi-P4GN",
        "X-Sinergi-Event": delivery.event,
        # Lets the receiver ignore a repeat: a delivery whose answer was lost is posted again.
        "X-Sinergi-Delivery": str(delivery.pk),
    }
    if secret:
        headers["X-Sinergi-Signature"] = webhook_signature(secret, body)
    request = urllib.request.Request(delivery.url, data=body, headers=headers, method="POST")
    with _opener.open(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(delivery.url, response.status, response.reason, response.headers, None)


def _flush_webhooks(now) -> tuple[int, int]:
    config_for = _hooks["webhook_config"]
    queued = [
        d
        for d in _due(WebhookDelivery, "delivered_at", now).select_related("government")
        if _claim(WebhookDelivery, d, now)
    ]
    secrets: dict[int, str] = {}
    delivered = failed = 0
    for delivery in queued:
        if delivery.government_id not in secrets:
            secrets[delivery.government_id] = config_for(delivery.government).webhook_secret
        try:
            _deliver(delivery, secrets[delivery.government_id])
        except Exception as exc:
            _record_failure(delivery, exc, now)
            failed += 1
        else:
            _record_success(delivery, "delivered_at", now)
            delivered += 1
    return delivered, failed
