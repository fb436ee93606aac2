from datetime import timedelta

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from sinergi.notifications.models import OutgoingEmail, WebhookDelivery
from sinergi.notifications.services import flush_outbox, notify, webhook_body
from sinergi.notifications.tests.conftest import WEBHOOK_SECRET, WebhookReceiver, free_port, person
from sinergi.reporting.services import config_for


def _notify(users, government=None, key="uji:1"):
    return notify(
        event="overdue",
        users=users,
        title="Laporan terlambat",
        body="Laporan Semester I 2023 belum dikirim.",
        link="/kotak-masuk/",
        government=government,
        dedupe_key=key,
    )


def _unreachable_smtp():
    return override_settings(
        MAILERS={
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2, "use_tls": False},
            }
        }
    )


def test_it_sends_queued_emails_through_the_default_mailer_once(db):
    _notify([person("disdik", "disdik@metro.test"), person("dinkes", "dinkes@metro.test")])
    result = flush_outbox()
    assert result["emails_sent"] == 2 and result["emails_failed"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["dinkes@metro.test", "disdik@metro.test"]
    assert mail.outbox[0].subject == "[Sinergi P4GN] Laporan terlambat"
    assert mail.outbox[0].from_email == "Sinergi P4GN <noreply@localhost>"
    assert flush_outbox()["emails_sent"] == 0
    assert len(mail.outbox) == 2
    assert all(e.sent_at and e.attempts == 1 for e in OutgoingEmail.objects.all())


def test_an_unreachable_mail_server_leaves_the_email_queued_for_a_later_run(db):
    _notify([person("disdik", "disdik@metro.test")])
    with _unreachable_smtp():
        result = flush_outbox()
    assert result == {"emails_sent": 0, "emails_failed": 1, "webhooks_delivered": 0, "webhooks_failed": 0}
    email = OutgoingEmail.objects.get()
    assert email.sent_at is None and email.attempts == 1
    assert "Connection" in email.last_error or "refused" in email.last_error
    assert email.next_attempt_at > timezone.now()
    # Not yet due again: a run a minute later leaves it alone.
    assert flush_outbox(now=timezone.now() + timedelta(minutes=1))["emails_sent"] == 0
    # The next run after the pause, with the mail server back, sends it.
    result = flush_outbox(now=timezone.now() + timedelta(hours=1))
    assert result["emails_sent"] == 1
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2 and email.last_error == ""
    assert [m.to for m in mail.outbox] == [["disdik@metro.test"]]


def test_the_pause_between_attempts_grows_and_is_capped(db):
    _notify([person("disdik", "disdik@metro.test")])
    now = timezone.now()
    pauses = []
    with _unreachable_smtp():
        for _attempt in range(9):
            flush_outbox(now=now)
            email = OutgoingEmail.objects.get()
            pauses.append(email.next_attempt_at - now)
            now = email.next_attempt_at
    assert pauses[:3] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert pauses[-1] == timedelta(hours=6)
    assert OutgoingEmail.objects.get().attempts == 9


def test_it_posts_the_event_to_the_webhook_signed_with_the_secret(webhook):
    disdik = person("disdik")
    disdik.phone = "0812-0000-0001"
    disdik.save()
    _notify([disdik], government=disdik.government)
    assert flush_outbox()["webhooks_delivered"] == 1
    [received] = webhook.requests
    assert received["signed"]
    assert received["headers"]["X-Sinergi-Event"] == "overdue"
    assert received["headers"]["X-Sinergi-Signature"].startswith("sha256=")
    assert received["headers"]["Content-Type"].startswith("application/json")
    assert received["json"]["title"] == "Laporan terlambat"
    assert received["json"]["government"]["region_code"] == "18.72"
    assert received["json"]["recipients"] == [
        {"username": "disdik", "name": "Operator Disdikbud", "phone": "0812-0000-0001"}
    ]
    delivery = WebhookDelivery.objects.get()
    assert received["body"] == webhook_body(delivery.payload)
    assert delivery.delivered_at is not None and delivery.attempts == 1
    assert flush_outbox()["webhooks_delivered"] == 0
    assert len(webhook.requests) == 1


def test_a_signature_made_with_another_secret_does_not_verify(db):
    disdik = person("disdik")
    with WebhookReceiver("another-secret") as receiver:
        config = config_for(disdik.government)
        config.webhook_url, config.webhook_secret = receiver.url, WEBHOOK_SECRET
        config.save()
        _notify([disdik], government=disdik.government)
        flush_outbox()
    assert len(receiver.requests) == 1 and not receiver.requests[0]["signed"]


def test_an_unreachable_webhook_stays_queued_and_is_delivered_later(db):
    disdik = person("disdik")
    config = config_for(disdik.government)
    config.webhook_url, config.webhook_secret = f"http://127.0.0.1:{free_port()}/hook", WEBHOOK_SECRET
    config.save()
    _notify([disdik], government=disdik.government)
    assert flush_outbox()["webhooks_failed"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is None and delivery.attempts == 1 and delivery.last_error
    with WebhookReceiver(WEBHOOK_SECRET) as receiver:
        delivery.url = receiver.url  # the gateway is back (here: on another port)
        delivery.save()
        assert flush_outbox(now=timezone.now() + timedelta(hours=1))["webhooks_delivered"] == 1
    assert len(receiver.requests) == 1 and receiver.requests[0]["signed"]


def test_a_webhook_answering_an_error_stays_queued(db):
    disdik = person("disdik")
    with WebhookReceiver(WEBHOOK_SECRET, status=500) as receiver:
        config = config_for(disdik.government)
        config.webhook_url, config.webhook_secret = receiver.url, WEBHOOK_SECRET
        config.save()
        _notify([disdik], government=disdik.government)
        assert flush_outbox()["webhooks_failed"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.delivered_at is None and "500" in delivery.last_error
