import pytest
from django.core import mail

from sinergi.notifications.models import Notification, OutgoingEmail, WebhookDelivery
from sinergi.notifications.services import notify
from sinergi.notifications.tests.conftest import person


def _notify(users, *, key="uji:1", government=None, event="due_soon"):
    return notify(
        event=event,
        users=users,
        title="Laporan jatuh tempo",
        body="Dua laporan belum dikirim.",
        link="/kotak-masuk/",
        government=government,
        dedupe_key=key,
    )


def test_it_notifies_each_user_once_per_dedupe_key(db):
    disdik, dinkes = person("disdik", "disdik@metro.test"), person("dinkes")
    assert _notify([disdik, dinkes, disdik]) == 2
    assert _notify([disdik, dinkes]) == 0
    assert Notification.objects.filter(dedupe_key="uji:1").count() == 2
    # Only the person with an address gets an e-mail, and only once.
    assert list(OutgoingEmail.objects.values_list("to_address", flat=True)) == ["disdik@metro.test"]
    assert _notify([disdik], key="uji:2") == 1
    assert Notification.objects.filter(user=disdik).count() == 2


def test_it_adds_a_newcomer_to_an_event_others_already_have(db):
    disdik, kepala = person("disdik"), person("kepala.disdik")
    _notify([disdik])
    assert _notify([disdik, kepala]) == 1
    assert Notification.objects.get(user=kepala).title == "Laporan jatuh tempo"


def test_it_skips_deactivated_accounts(db):
    disdik = person("disdik", "disdik@metro.test")
    disdik.is_active = False
    disdik.save()
    assert _notify([disdik]) == 0
    assert not Notification.objects.exists() and not OutgoingEmail.objects.exists()


def test_it_queues_the_email_without_sending_it(db):
    disdik = person("disdik", "disdik@metro.test")
    _notify([disdik])
    assert mail.outbox == []
    email = OutgoingEmail.objects.get()
    assert email.subject == "[Sinergi P4GN] Laporan jatuh tempo"
    assert "Dua laporan belum dikirim." in email.body and "/kotak-masuk/" in email.body
    assert email.sent_at is None and email.attempts == 0


def test_it_queues_one_webhook_per_event_whoever_it_reaches(webhook):
    disdik, dinkes = person("disdik"), person("dinkes")
    metro = disdik.government
    _notify([disdik], government=metro)
    _notify([disdik, dinkes], government=metro)
    delivery = WebhookDelivery.objects.get()
    assert delivery.url == webhook.url and delivery.event == "due_soon"
    assert [r["username"] for r in delivery.payload["recipients"]] == ["disdik"]
    assert webhook.requests == []  # nothing leaves the server before the outbox is flushed


def test_it_queues_no_webhook_without_a_webhook_address(db):
    disdik = person("disdik")
    _notify([disdik], government=disdik.government)
    assert not WebhookDelivery.objects.exists()


def test_without_a_dedupe_key_every_call_notifies(db):
    disdik = person("disdik")
    assert _notify([disdik], key=None) == 1
    assert _notify([disdik], key=None) == 1
    assert Notification.objects.filter(user=disdik).count() == 2


def test_it_refuses_a_link_off_the_site(db):
    with pytest.raises(ValueError):
        notify(event="x", users=[person("disdik")], title="t", body="b", link="https://contoh.test/")
