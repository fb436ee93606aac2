"""Issue 14 §8: a fresh installation (migrated, regions of Lampung loaded, one superuser, no government) is usable
from its administrator's first login: the pages answer, the first government is created, a sender is trusted
(page and command) and packages can be imported.

The session's database holds the demo, so ``empty_installation`` deletes, inside the test's transaction, every
row a fresh installation would not have. Foreign keys are checked at commit (deferred on SQLite and PostgreSQL),
and the transaction is rolled back, so the demo is back for the next test."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client

from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.exchange import keys
from sinergi.exchange.models import TrustedSender
from sinergi.organizations.models import Government

# What migrations put in a fresh database: the RAN catalogue, the holidays, the regions (loaded by load_regions).
KEPT_APPS = {"regions", "contenttypes", "auth"}
KEPT_MODELS = {"planning.nationalplan", "planning.field", "planning.nationalaction", "reporting.holiday"}
# The audit trail refuses deletion by trigger; the trigger is lifted inside the test's transaction only.
LIFT_AUDIT_TRIGGERS = {
    "sqlite": ["DROP TRIGGER core_auditentry_no_delete"],
    "postgresql": ["ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"],
}


@pytest.fixture
def empty_installation(db):
    with connection.cursor() as cursor:
        for statement in LIFT_AUDIT_TRIGGERS[connection.vendor]:
            cursor.execute(statement)
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label_lower
            if model._meta.app_label in KEPT_APPS or label in KEPT_MODELS or not model._meta.managed:
                continue
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    assert not Government.objects.exists() and not User.objects.exists()
    admin = User.objects.create_superuser(username="root", email="root@example.invalid", password="x-Sinergi-1")
    client = Client()
    client.force_login(admin)
    return client


def test_the_first_pages_answer_without_any_government(empty_installation):
    for url in ("/", "/admin/", "/pertukaran/", "/pertukaran/pengirim/", "/pertukaran/impor/", "/pemda/",
                "/dasbor/", "/kotak-masuk/", "/api/v1/notifications"):  # fmt: skip
        assert empty_installation.get(url).status_code == 200, url
    home = empty_installation.get("/").content.decode()
    assert "Buat pemerintah daerah pertama" in home
    assert 'href="/pemda/baru/"' in home and 'href="/pertukaran/pengirim/"' in home


def test_the_administrator_creates_the_first_government(empty_installation):
    page = empty_installation.get("/pemda/baru/").content.decode()
    assert "Metro (18.72)" in page and "Provinsi Lampung (18)" in page
    response = empty_installation.post("/pemda/baru/", {"region": "18.72", "name": "", "time_zone": ""})
    government = Government.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pemda/{government.pk}/"
    assert government.name == "Pemerintah Kota Metro" and government.time_zone == "Asia/Jakarta"
    assert AuditEntry.objects.filter(content_type__model="government", object_id=str(government.pk)).exists()
    # Now the home page is that government's, and the region is no longer offered.
    assert empty_installation.get("/").status_code == 200
    assert "Metro (18.72)" not in empty_installation.get("/pemda/baru/").content.decode()
    assert empty_installation.post("/pemda/baru/", {"region": "18.72"}).status_code == 200
    assert Government.objects.count() == 1


def test_only_the_administrator_creates_a_government(login):
    assert login("sekretariat").get("/pemda/baru/").status_code == 403
    assert login("provinsi").post("/pemda/baru/", {"region": "18.01"}).status_code == 403


def _sending_installation():
    """A public key of another installation, as `sinergi exchange key` prints it there (and its fingerprint)."""
    import base64
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode(), keys.format_fingerprint(hashlib.sha256(raw).hexdigest())


def test_a_sender_is_trusted_from_the_command_line_and_packages_can_then_be_imported(empty_installation):
    public_key, fingerprint = _sending_installation()
    out = io.StringIO()
    call_command(
        "exchange", "trust", public_key, "--region", "18.72", "--name", "Sinergi Kota Metro",
        "--fingerprint", fingerprint, stdout=out,
    )  # fmt: skip
    sender = TrustedSender.objects.get()
    assert (sender.region_id, sender.name) == ("18.72", "Sinergi Kota Metro")
    assert "dipercaya untuk 18.72" in out.getvalue()
    page = empty_installation.get("/pertukaran/pengirim/").content.decode()
    assert "Sinergi Kota Metro" in page
    assert "No sender is trusted yet" not in page and "Belum ada pengirim" not in page
    assert empty_installation.get("/pertukaran/impor/").status_code == 200


def test_the_trust_command_refuses_a_wrong_fingerprint(empty_installation):
    from django.core.management.base import CommandError

    public_key, _fingerprint = _sending_installation()
    with pytest.raises(CommandError):
        call_command("exchange", "trust", public_key, "--region", "18.72", "--name", "X", "--fingerprint", "00ff")
    assert not TrustedSender.objects.exists()
