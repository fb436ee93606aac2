import pytest
from django.db import DatabaseError, IntegrityError, transaction

from conftest import metro_agency
from sinergi.core.models import AuditEntry
from sinergi.organizations.models import Agency


def _entries_for(agency):
    return AuditEntry.objects.filter(content_type__model="agency", object_id=str(agency.pk))


def test_it_records_create_update_and_delete_with_before_and_after(api):
    client = api("sekretariat")
    created = client.post(
        "/api/v1/agencies",
        {"government": metro_agency("Dinkes").government_id, "name": "Dinas Uji Audit", "kind": "department"},
        content_type="application/json",
    )
    assert created.status_code == 201
    agency = Agency.objects.get(pk=created.json()["id"])
    client.patch(f"/api/v1/agencies/{agency.pk}", {"acronym": "DUA"}, content_type="application/json")

    create, update = reversed(list(_entries_for(agency)))
    assert create.action == "create" and create.before is None and create.after["name"] == "Dinas Uji Audit"
    assert update.action == "update"
    assert update.changes == [("acronym", "", "DUA")]
    assert update.actor.username == "sekretariat"
    assert update.government_id == agency.government_id


def test_it_records_nothing_when_nothing_changed(api):
    agency = metro_agency("Dinkes")
    before = _entries_for(agency).count()
    api("sekretariat").patch(f"/api/v1/agencies/{agency.pk}", {"name": agency.name}, content_type="application/json")
    assert _entries_for(agency).count() == before


def test_the_trail_is_append_only_in_the_database(db):
    entry = AuditEntry.objects.first()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="tampered")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(RuntimeError):
        entry.save()


def test_history_is_shown_on_the_object_page_and_in_the_api(login, api):
    agency = metro_agency("Dinkes")
    api("sekretariat").patch(
        f"/api/v1/agencies/{agency.pk}", {"head_name": "dr. Kepala Dinkes"}, content_type="application/json"
    )
    page = login("dinkes").get(f"/perangkat-daerah/{agency.pk}/")
    assert 'id="riwayat"' in page.content.decode()
    assert "dr. Kepala Dinkes" in page.content.decode()
    history = api("dinkes").get(f"/api/v1/agencies/{agency.pk}/history").json()
    assert history["items"][0]["after"]["head_name"] == "dr. Kepala Dinkes"
    assert history["items"][0]["actor"] == "Sekretariat Tim Terpadu (Kesbangpol)"


def test_passwords_never_enter_the_trail(login):
    from sinergi.accounts.models import User

    person = User.objects.get(username="dinkes")
    login("sekretariat").post(
        f"/pengguna/{person.pk}/sandi/", {"new_password1": "Rahasia-Metro-99", "new_password2": "Rahasia-Metro-99"}
    )
    entries = AuditEntry.objects.filter(content_type__model="user", object_id=str(person.pk))
    assert entries.exists()
    for entry in entries:
        assert "Rahasia" not in str(entry.before) + str(entry.after)
        assert "md5$" not in str(entry.after) and "argon2" not in str(entry.after)
