"""The signing key (in the data directory, mode 600, never replaced by accident) and `sinergi exchange`."""

import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sinergi.exchange import keys, services
from sinergi.exchange.models import ExchangePackage, TrustedSender
from sinergi.exchange.tests import helpers as h
from sinergi.insights.models import GovernmentRollup


@pytest.fixture
def own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_keygen_writes_a_private_key_in_the_data_directory(own_data_dir, capsys):
    call_command("exchange", "keygen")
    out = capsys.readouterr().out
    path = own_data_dir / "exchange" / "signing-key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert b"PRIVATE KEY" in path.read_bytes()
    key = keys.signing_key()
    assert key.public_key in out and key.fingerprint_display in out
    repository = Path(__file__).resolve().parents[3]
    assert repository not in path.parents

    with pytest.raises(CommandError, match="already has a signing key"):
        call_command("exchange", "keygen")
    assert keys.signing_key().fingerprint == key.fingerprint
    call_command("exchange", "keygen", "--replace")
    assert keys.signing_key().fingerprint != key.fingerprint
    assert keys.signing_key().installation_id == key.installation_id

    call_command("exchange", "key")
    assert keys.signing_key().public_key in capsys.readouterr().out


def test_a_key_readable_by_others_is_not_used(own_data_dir):
    keys.keygen()
    keys.key_path().chmod(0o644)
    with pytest.raises(keys.BadKey, match="chmod 600"):
        keys.signing_key()


def test_the_first_export_generates_the_key(own_data_dir, db):
    h.close_metro_semester()
    assert keys.signing_key() is None
    services.package_export(government=h.metro(), year=h.YEAR, semester=h.SEMESTER, by=None, documents=False)
    assert keys.signing_key() is not None


def test_public_keys_are_checked():
    key = keys.keygen() if keys.signing_key() is None else keys.signing_key()
    assert keys.fingerprint_of(key.public_key) == key.fingerprint
    assert keys.normalise_public_key(f"  {key.public_key[:20]}\n{key.public_key[20:]} ") == key.public_key
    for bad in ("bukan kunci", "QUJD", ""):
        with pytest.raises(keys.BadKey):
            keys.public_key_bytes(bad)


def test_export_and_import_from_the_command_line(db, tmp_path, capsys):
    with pytest.raises(CommandError) as not_closed:
        call_command("exchange", "export", "--government", "18.72", "--semester", "2024-1", "-o", str(tmp_path / "x"))
    assert not_closed.value.returncode == 1
    assert "closed or locked" in str(not_closed.value)
    with pytest.raises(CommandError) as bad_semester:
        call_command("exchange", "export", "--government", "18.72", "--semester", "2024-3", "-o", "x")
    assert bad_semester.value.returncode == 2
    with pytest.raises(CommandError) as unknown:
        call_command("exchange", "export", "--government", "18.99", "--semester", "2024-1", "-o", "x")
    assert unknown.value.returncode == 2

    h.close_metro_semester()
    target = tmp_path / "metro.zip"
    call_command(
        "exchange", "export", "--government", "18.72", "--semester", "2024-1", "-o", str(target), "--no-documents"
    )
    assert "ditulis" in capsys.readouterr().out
    assert h.json_entry(target.read_bytes(), "manifest.json")["government"]["region_code"] == "18.72"

    # The receiving side: the same numbers for Kota Bandar Lampung.
    package = tmp_path / "bandar-lampung.zip"
    data = h.retarget(h.metro_data())
    package.write_bytes(h.build(data))
    with pytest.raises(CommandError, match="not trusted") as untrusted:
        call_command("exchange", "import", str(package))
    assert untrusted.value.returncode == 1
    h.trust()
    call_command("exchange", "import", str(package))
    assert "imported" in capsys.readouterr().out
    assert GovernmentRollup.objects.filter(government__region_id=h.BANDAR_LAMPUNG, imported=True).exists()
    call_command("exchange", "import", str(package))
    assert "already imported" in capsys.readouterr().out

    data["government_numbers"]["tested"] += 7
    data["programme"][0]["tested"] += 7
    changed = tmp_path / "berubah.zip"
    changed.write_bytes(h.build(data))
    with pytest.raises(CommandError) as conflict:
        call_command("exchange", "import", str(changed))
    assert conflict.value.returncode == 3
    assert "tested" in capsys.readouterr().out
    call_command("exchange", "import", str(changed), "--replace")
    assert "replaced" in capsys.readouterr().out
    assert ExchangePackage.objects.filter(status="current").count() == 1
    call_command("rollups", "--verify")

    # Kota Metro's own package meets its local data here.
    h.trust(h.METRO)
    with pytest.raises(CommandError) as local:
        call_command("exchange", "import", str(target), "--replace")
    assert local.value.returncode == 3
    assert "local data" in str(local.value)

    not_zip = tmp_path / "bukan.zip"
    not_zip.write_text("halo")
    with pytest.raises(CommandError, match="not an exchange package"):
        call_command("exchange", "import", str(not_zip))
    with pytest.raises(CommandError) as missing:
        call_command("exchange", "import", str(tmp_path / "tidak-ada.zip"))
    assert missing.value.returncode == 2


def test_trusted_senders_are_audited(db):
    from sinergi.core.models import AuditEntry

    sender = h.trust()
    assert sender.fingerprint == h.key().fingerprint
    assert AuditEntry.objects.filter(object_id=str(sender.pk), action="create", actor__username="admin").exists()
    pk = sender.pk
    services.trusted_sender_remove(sender=sender, by=h.user("admin"), reason="kunci diganti")
    assert not TrustedSender.objects.exists()
    assert AuditEntry.objects.filter(object_id=str(pk), action="delete", reason="kunci diganti").exists()
