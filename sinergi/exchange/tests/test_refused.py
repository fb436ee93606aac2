"""Packages that must change nothing: tampered, unsigned, untrusted, unsafe, too large, of another format, of
unknown regions or inconsistent. Each is refused with its reason, and the database and the stored files are as
before."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from sinergi.exchange import keys, services
from sinergi.exchange.models import ExchangePackage
from sinergi.exchange.package import DATA, MANIFEST, SIGNATURE, PackageRefused, canonical_json
from sinergi.exchange.tests import helpers as h
from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, RegionRollup
from sinergi.organizations.models import Government


@pytest.fixture
def package(db):
    """Bandar Lampung's package (Kota Metro's numbers re-addressed), signed by a trusted key."""
    h.close_metro_semester()
    h.trust()
    return h.build(h.retarget(h.metro_data()))


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "exchange"
    return set(root.rglob("*")) if root.exists() else set()


def _refused(raw: bytes, *words: str, replace: bool = False) -> str:
    regions = list(RegionRollup.objects.order_by("pk").values_list("pk", flat=True))
    files = _stored_files()
    with pytest.raises(PackageRefused) as refused:
        services.package_import(raw=raw, by=h.user("admin"), replace=replace)
    for word in words:
        assert word in refused.value.message, refused.value.message
    assert not Government.objects.filter(region_id=h.BANDAR_LAMPUNG).exists()
    assert not ExchangePackage.objects.exists()
    assert not GovernmentRollup.objects.filter(imported=True).exists()
    assert not ProgrammeRollup.objects.filter(imported=True).exists()
    assert list(RegionRollup.objects.order_by("pk").values_list("pk", flat=True)) == regions
    assert _stored_files() == files
    return refused.value.message


def _replace_entry(raw: bytes, target: str, content: bytes) -> bytes:
    return h.rezip(raw, lambda name, old: [(name, content if name == target else old)])


def _add_entry(raw: bytes, extra: str, content: bytes = b"x") -> bytes:
    return h.rezip(raw, lambda name, old: [(name, old)] + ([(extra, content)] if name == SIGNATURE else []))


def test_a_changed_data_file_fails_its_hash(package):
    data = json.loads(h.entry(package, DATA))
    data["government_numbers"]["events_held"] += 1
    data["programme"][0]["events_held"] += 1
    _refused(_replace_entry(package, DATA, canonical_json(data)), "SHA-256", "data.json")


def test_a_changed_manifest_fails_the_signature(package):
    manifest = json.loads(h.entry(package, MANIFEST))
    manifest["files"][DATA] = "0" * 64
    _refused(_replace_entry(package, MANIFEST, json.dumps(manifest).encode()), "signature is not valid")
    # Even a change of nothing but the spacing.
    _refused(_replace_entry(package, MANIFEST, h.entry(package, MANIFEST) + b" "), "signature is not valid")


def test_a_missing_or_broken_signature_is_refused(package):
    _refused(h.rezip(package, lambda name, old: [] if name == SIGNATURE else [(name, old)]), "no signature")
    _refused(_replace_entry(package, SIGNATURE, b"not base64!"), "signature is not readable")


def test_a_key_not_trusted_for_the_government_is_refused(package):
    stranger = keys.SigningKey(private=Ed25519PrivateKey.generate(), installation_id="lain")
    _refused(h.build(h.retarget(h.metro_data()), signing_key=stranger), "not trusted for 18.71")
    # Our key is trusted for Bandar Lampung only: a package for Lampung Timur signed with it is refused too.
    lamtim = h.retarget(h.metro_data(), code="18.07", name="Pemerintah Kabupaten Lampung Timur")
    with pytest.raises(PackageRefused, match="not trusted for 18.07"):
        services.package_import(raw=h.build(lamtim), by=None)


def test_names_outside_the_package_are_refused(package):
    for name in ("../evil.txt", "documents/../../etc/cron.d/x.pdf", "/etc/passwd", "documents/a/b.pdf", "ekstra.json"):
        _refused(_add_entry(package, name), "unexpected file")
    _refused(_add_entry(package, "documents/"), "unexpected file")


def test_links_duplicates_and_encrypted_entries_are_refused(package):
    link = zipfile.ZipInfo("documents/tautan.pdf")
    link.external_attr = (0o120777 << 16) | 0x20  # a symbolic link
    buffer = io.BytesIO(package)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    _refused(buffer.getvalue(), "link")

    duplicated = io.BytesIO(package)
    with zipfile.ZipFile(duplicated, "a") as archive, pytest.warns(UserWarning):
        archive.writestr(DATA, b"{}")
    _refused(duplicated.getvalue(), "same name twice")

    encrypted = bytearray(package)
    header = encrypted.index(b"PK\x03\x04")
    encrypted[header + 6] |= 0x1  # the local header's "encrypted" flag
    central = encrypted.index(b"PK\x01\x02")
    encrypted[central + 8] |= 0x1  # and the central directory's
    _refused(bytes(encrypted), "encrypted")


def test_anything_but_a_zip_is_refused(package):
    _refused(b"%PDF-1.7 bukan paket", "not an exchange package")
    _refused(b"", "empty")
    _refused(b"PK\x03\x04" + b"\x00" * 100, "not an exchange package")


def test_an_oversized_upload_is_refused(package, settings):
    settings.SINERGI_EXCHANGE_MAX_BYTES = len(package) - 1
    _refused(package, "the limit is")


def test_a_file_that_unpacks_beyond_the_limits_is_refused(package):
    bomb = _replace_entry(package, DATA, b" " * (9 * 1024 * 1024))  # compresses to a few kilobytes
    assert len(bomb) < 100_000
    _refused(bomb, "data.json", "too large")


def test_another_format_version_is_refused(package):
    _refused(h.resign(package, lambda manifest: manifest.update(format=2)), "format version 2")
    _refused(h.resign(package, lambda manifest: manifest.update(kind="lain")), "format version")
    _refused(h.resign(package, lambda manifest: manifest.pop("created_at")), "not a manifest")


def test_regions_this_installation_does_not_know_are_refused(package):
    data = h.retarget(h.metro_data())
    data["programme"][-1]["region_code"] = "18.71.99.9999"
    _refused(h.build(data), "18.71.99.9999")
    outside = h.retarget(h.metro_data())
    outside["programme"][-1]["region_code"] = "18.72.01.1001"  # Kota Metro's, not Bandar Lampung's
    _refused(h.build(outside), "not inside 18.71")


def test_numbers_that_do_not_add_up_or_are_not_numbers_are_refused(package):
    data = h.retarget(h.metro_data())
    data["programme"][0]["participants"] += 1
    _refused(h.build(data), "participants", "add up")
    data = h.retarget(h.metro_data())
    data["reports"][0]["expected"] += 1
    _refused(h.build(data), "expected", "add up")
    for bad in (-1, "3", True, 1.5, None):
        data = h.retarget(h.metro_data())
        data["government_numbers"]["volunteers"] = bad
        _refused(h.build(data), "government_numbers.volunteers")
    data = h.retarget(h.metro_data())
    data["government_numbers"]["budget_planned"] = "1e40"
    _refused(h.build(data), "budget_planned")
    _refused(h.resign(package, lambda manifest: manifest.update(year=2023)), "not the manifest")


def test_open_periods_in_the_data_are_refused(package):
    data = h.retarget(h.metro_data())
    data["periods"][0]["status"] = "open"
    _refused(h.build(data), "periods[0]")
