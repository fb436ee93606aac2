"""Export and import of semester packages on one database: Kota Metro's demo semester goes out, and comes back
in as another government (Kota Bandar Lampung) or as Kota Metro itself once its local roll-ups are gone."""

import base64
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from sinergi.core.models import AuditEntry
from sinergi.exchange import keys, services
from sinergi.exchange.data import PROGRAMME, REPORT
from sinergi.exchange.models import ExchangePackage, ExportedPackage, PackageDocument
from sinergi.exchange.package import MANIFEST, SIGNATURE, sha256
from sinergi.exchange.tests import helpers as h
from sinergi.insights import areas
from sinergi.insights.models import NATION, GovernmentRollup, ProgrammeRollup, RegionRollup
from sinergi.insights.rollups import rebuild_all, verify
from sinergi.organizations.models import Government

NUMBERS = (*REPORT, *PROGRAMME)


@pytest.fixture
def closed(db):
    h.close_metro_semester()


def _region(code: str) -> RegionRollup | None:
    return RegionRollup.objects.filter(year=h.YEAR, semester=h.SEMESTER, code=code).first()


def _numbers(row) -> dict:
    if row is None:
        return dict.fromkeys((*NUMBERS, "governments"), 0)
    return {name: getattr(row, name) for name in (*NUMBERS, "governments")}


def _as_number(name, value):
    return Decimal(value) if isinstance(value, str) else value


def test_export_is_refused_while_a_period_of_the_semester_is_open(db):
    with pytest.raises(services.ExportRefused) as refused:
        services.package_export(government=h.metro(), year=h.YEAR, semester=h.SEMESTER, by=h.user("sekretariat"))
    assert "closed or locked" in refused.value.message
    assert "Semester I 2024" in refused.value.message
    with pytest.raises(services.ExportRefused) as none:
        services.package_export(government=h.metro(), year=2019, semester=2, by=None)
    assert "no reporting period" in none.value.message
    assert not ExportedPackage.objects.exists()


def test_the_exported_package_is_signed_complete_and_holds_no_personal_data(closed):
    result = services.package_export(government=h.metro(), year=h.YEAR, semester=h.SEMESTER, by=h.user("sekretariat"))
    assert result.filename == "paket-sinergi-18.72-2024-semester-1.zip"
    manifest_bytes = h.entry(result.content, MANIFEST)
    manifest = json.loads(manifest_bytes)
    key = keys.signing_key()
    assert manifest["format"] == 1
    assert manifest["installation"] == key.installation_id
    assert manifest["key_fingerprint"] == key.fingerprint
    assert manifest["government"] == {"region_code": "18.72", "name": "Pemerintah Kota Metro"}
    assert (manifest["year"], manifest["semester"]) == (2024, 1)
    assert manifest["created_at"]
    # The consolidated report of the period and the programme recap came along, each hashed in the manifest.
    assert set(manifest["files"]) == {
        "data.json",
        "documents/laporan-pelaksanaan-2024-b06.pdf",
        "documents/rekap-program-2024-semester-1.pdf",
    }
    for name, digest in manifest["files"].items():
        content = h.entry(result.content, name)
        assert sha256(content) == digest
        if name.endswith(".pdf"):
            assert content.startswith(b"%PDF-")
    signature = base64.b64decode(h.entry(result.content, SIGNATURE))
    assert keys.verify_signature(key.public_key, signature, manifest_bytes)

    data = h.json_entry(result.content, "data.json")
    row = GovernmentRollup.objects.get(government=h.metro(), year=h.YEAR, semester=h.SEMESTER)
    for name in NUMBERS:
        assert _as_number(name, data["government_numbers"][name]) == getattr(row, name)
    assert data["approved_only"] == ["approved", "approved_achievement_sum", "approved_achievement_count"]
    assert data["periods"][0]["status"] == "closed"
    assert {r["region_code"] for r in data["programme"]} == set(
        ProgrammeRollup.objects.filter(government=h.metro(), year=h.YEAR, semester=h.SEMESTER).values_list(
            "region_id", flat=True
        )
    )
    assert data["reports"] and {"field_code", "field_name", "agency_name", "period"} <= set(data["reports"][0])
    # Numbers only: no account, no person's name, no e-mail address.
    text = h.entry(result.content, "data.json").decode()
    for personal in ("sekretariat", "Sekretariat Tim Terpadu", "Operator", "@", "Dra. Rosita"):
        assert personal not in text

    record = ExportedPackage.objects.get()
    assert record.manifest_sha256 == sha256(manifest_bytes)
    assert record.exported_by.username == "sekretariat"
    assert AuditEntry.objects.filter(object_id=str(record.pk), action="create").exists()


def test_an_imported_package_counts_in_the_province_and_the_nation(closed):
    raw = h.build(h.retarget(h.metro_data()))
    h.trust()
    province_before, nation_before = _numbers(_region("18")), _numbers(_region(NATION))
    data = h.json_entry(raw, "data.json")

    outcome = services.package_import(raw=raw, by=h.user("admin"))

    assert outcome.status == "imported"
    government = Government.objects.get(region_id=h.BANDAR_LAMPUNG)
    assert government.name == "Pemerintah Kota Bandar Lampung"
    row = GovernmentRollup.objects.get(government=government, year=h.YEAR, semester=h.SEMESTER)
    assert row.imported
    assert ProgrammeRollup.objects.filter(government=government, imported=True).count() == len(data["programme"])
    incoming = {name: _as_number(name, data["government_numbers"][name]) for name in NUMBERS}
    for code, before in (("18", province_before), (NATION, nation_before)):
        after = _numbers(_region(code))
        assert after["governments"] == before["governments"] + 1
        for name in NUMBERS:
            assert after[name] == before[name] + incoming[name], (code, name)
    city = _region(h.BANDAR_LAMPUNG)
    assert all(getattr(city, name) == incoming[name] for name in NUMBERS)
    # A kecamatan of Bandar Lampung holds what the package placed inside it.
    place = next(r["region_code"] for r in data["programme"] if r["region_code"].count(".") >= 2)
    assert _region(".".join(place.split(".")[:3])) is not None

    package = outcome.package
    assert package.status == "current" and package.sender_name == "Instalasi uji"
    assert package.manifest_sha256 == sha256(h.entry(raw, MANIFEST))
    assert package.imported_by.username == "admin"
    entry = AuditEntry.objects.get(
        content_type__model="exchangepackage", object_id=str(package.pk), action="create", actor__username="admin"
    )
    assert entry.after["manifest_sha256"] == package.manifest_sha256 and "data" not in entry.after
    assert AuditEntry.objects.filter(object_id=str(government.pk), action="create").exists()

    # The roll-ups still match the raw rows (imported rows are taken as they are), and survive a rebuild.
    assert verify() == []
    call_command("rollups", "--verify")
    province = _numbers(_region("18"))
    rebuild_all()
    assert _numbers(_region("18")) == province
    assert GovernmentRollup.objects.filter(government=government, imported=True).exists()
    call_command("rollups", "--verify")


def test_the_same_package_twice_changes_nothing(closed):
    raw = h.build(h.retarget(h.metro_data()))
    h.trust()
    first = services.package_import(raw=raw, by=h.user("admin"))
    audit, region_rows = AuditEntry.objects.count(), list(RegionRollup.objects.values_list("pk", flat=True))

    again = services.package_import(raw=raw, by=h.user("admin"))

    assert again.status == "unchanged"
    assert "already imported" in again.message
    assert again.package == first.package
    assert ExchangePackage.objects.count() == 1
    assert AuditEntry.objects.count() == audit
    assert list(RegionRollup.objects.values_list("pk", flat=True)) == region_rows

    # Packed again (another time stamp, another signature) with the same numbers: nothing changes either.
    later = timezone.now() + timedelta(hours=1)
    repacked = services.package_import(raw=h.build(h.retarget(h.metro_data()), created_at=later), by=h.user("admin"))
    assert repacked.status == "unchanged"
    assert "same numbers" in repacked.message
    assert ExchangePackage.objects.count() == 1


def test_other_numbers_are_a_conflict_until_replaced(closed):
    data = h.retarget(h.metro_data())
    h.trust()
    first = services.package_import(raw=h.build(data), by=h.user("admin")).package
    city_before = _numbers(_region(h.BANDAR_LAMPUNG))
    changed = json.loads(json.dumps(data))
    changed["government_numbers"]["events_held"] += 2
    changed["programme"][0]["events_held"] += 2
    changed["government_numbers"]["budget_realised"] = str(
        Decimal(changed["government_numbers"]["budget_realised"]) + 5
    )
    changed["reports"][0]["budget_realised"] = str(Decimal(changed["reports"][0]["budget_realised"]) + 5)
    raw = h.build(changed)

    with pytest.raises(services.PackageConflict) as conflict:
        services.package_import(raw=raw, by=h.user("admin"))
    assert not conflict.value.local
    found = {(d.where, d.name): (d.stored, d.incoming) for d in conflict.value.differences}
    held = data["government_numbers"]["events_held"]
    assert found[("whole government", "events_held")] == (held, held + 2)
    assert (f"region {changed['programme'][0]['region_code']}", "events_held") in found
    assert ("whole government", "budget_realised") in found
    assert len(found) == 3
    assert _numbers(_region(h.BANDAR_LAMPUNG)) == city_before
    assert ExchangePackage.objects.get() == first

    replaced = services.package_import(raw=raw, by=h.user("admin"), replace=True)
    assert replaced.status == "replaced"
    assert _region(h.BANDAR_LAMPUNG).events_held == city_before["events_held"] + 2
    first.refresh_from_db()
    assert (first.status, first.replaced_by) == ("replaced", replaced.package)
    assert ExchangePackage.objects.filter(status="current").get() == replaced.package
    assert AuditEntry.objects.filter(object_id=str(first.pk), action="update").exists()
    assert verify() == []


def test_a_government_with_local_data_is_never_overwritten(closed):
    raw = h.build(h.metro_data())
    h.trust(h.METRO)
    before = _numbers(_region(h.METRO))
    for replace in (False, True):
        with pytest.raises(services.PackageConflict) as conflict:
            services.package_import(raw=raw, by=h.user("admin"), replace=replace)
        assert conflict.value.local
        assert "local data" in conflict.value.message
    assert _numbers(_region(h.METRO)) == before
    assert not ExchangePackage.objects.exists()
    assert not GovernmentRollup.objects.filter(imported=True).exists()


def test_kota_metro_comes_back_from_its_own_package(closed):
    """The receiving installation knows Kota Metro without its raw data: its local rows of the semester are gone,
    and the package brings the same numbers back, up to the province and the nation."""
    raw = h.build(h.metro_data())
    h.trust(h.METRO)
    expected = {code: _numbers(_region(code)) for code in (h.METRO, "18", NATION)}
    metro = h.metro()
    rows = ProgrammeRollup.objects.filter(government=metro, year=h.YEAR, semester=h.SEMESTER)
    touched = set(rows.values_list("region_id", flat=True)) | {h.METRO}
    rows.delete()
    GovernmentRollup.objects.filter(government=metro, year=h.YEAR, semester=h.SEMESTER).delete()
    areas.refresh_regions(touched, h.YEAR, h.SEMESTER)
    assert _numbers(_region("18"))["governments"] == expected["18"]["governments"] - 1

    outcome = services.package_import(raw=raw, by=None)

    assert outcome.status == "imported"
    assert {code: _numbers(_region(code)) for code in expected} == expected
    assert Government.objects.filter(region_id=h.METRO).count() == 1
    assert outcome.package.imported_by is None
    assert verify() == []


def test_documents_are_kept_and_served_only_to_those_who_see_the_government(closed, login):
    documents = {"documents/laporan-pelaksanaan-2024-b06.pdf": b"%PDF-1.7\n% uji\n"}
    h.trust()
    package = services.package_import(
        raw=h.build(h.retarget(h.metro_data()), documents=documents), by=h.user("admin")
    ).package
    document = PackageDocument.objects.get(package=package)
    assert document.name == "laporan-pelaksanaan-2024-b06.pdf"
    assert document.file.name.startswith("exchange/documents/") and "laporan" not in document.file.name
    url = f"/pertukaran/paket/{package.pk}/dokumen/{document.pk}/"
    response = login("provinsi").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == documents["documents/laporan-pelaksanaan-2024-b06.pdf"]
    for outsider in ("lamtim", "sekretariat", "disdik"):
        assert login(outsider).get(url).status_code == 404
