import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.coordination import services
from sinergi.coordination.models import Attendance, FollowUp, Meeting, TaskForce
from sinergi.coordination.tests.helpers import PDF, agency, make_follow_up, make_meeting, metro, unique_place, user
from sinergi.regions.models import Region

pytestmark = pytest.mark.django_db


def _meeting_form(**overrides):
    data = {
        "kind": "rakor", "title": "Rakor Tim Terpadu P4GN Uji Halaman", "starts_at": "2024-09-24T09:00",
        "ends_at": "2024-09-24T12:00", "place": unique_place(), "chair_name": "Dra. Rosita, MM.",
        "invited_agencies": [agency("Disdikbud").pk, agency("BNN Kota Metro").pk],
        "letter_number": "005/123/Kesbangpol/2024", "agenda_lines": "Penyusunan RAD P4GN 2024\nLain-lain",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_secretariat_records_a_meeting_through_the_pages(login):
    client = login("sekretariat")
    assert client.get("/rapat/baru/").status_code == 200
    response = client.post("/rapat/baru/", _meeting_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(title="Rakor Tim Terpadu P4GN Uji Halaman")
    page = client.get(f"/rapat/{meeting.pk}/").content.decode()
    assert "Tindak lanjut rapat sebelumnya" in page and "Penyusunan RAD P4GN 2024" in page
    assert client.post(f"/rapat/{meeting.pk}/langkah/hold/").status_code == 302
    present = {"hadir-agency": agency("Dinkes").pk, "hadir-name": "dr. Uji", "hadir-position": "Kabid"}
    client.post(f"/rapat/{meeting.pk}/hadir/", present)
    assert Attendance.objects.get(meeting=meeting, name="dr. Uji").invited is False
    response = client.post(
        f"/rapat/{meeting.pk}/keputusan/",
        {"keputusan-text": "Disdikbud menyusun modul", "keputusan-agency": agency("Disdikbud").pk,
         "keputusan-description": "Susun modul P4GN SMP", "keputusan-due_on": "2024-10-31"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = meeting.decisions.get()
    client.post(
        f"/rapat/keputusan/{decision.pk}/tindak-lanjut/",
        {"tl-agency": agency("Dinkes").pk, "tl-description": "Tes urine", "tl-due_on": "2024-11-30"},
    )
    assert decision.follow_ups.count() == 2
    # due before the meeting is refused on the page
    response = client.post(
        f"/rapat/{meeting.pk}/keputusan/",
        {"keputusan-text": "Tanggal salah", "keputusan-agency": agency("Dinkes").pk,
         "keputusan-description": "x", "keputusan-due_on": "2024-09-01"},
    )  # fmt: skip
    assert response.status_code == 200 and not meeting.decisions.filter(text="Tanggal salah").exists()
    page = client.get(f"/rapat/{meeting.pk}/").content.decode()
    assert "Susun modul P4GN SMP" in page and 'id="headcount">1<' in page
    item = meeting.agenda.get(title="Penyusunan RAD P4GN 2024")
    client.post(f"/rapat/agenda/{item.pk}/", {"title": item.title, "minutes": "RAD dibahas bersama BNN."})
    assert "RAD dibahas bersama BNN." in client.get(f"/rapat/{meeting.pk}/").content.decode()
    assert client.post(f"/rapat/{meeting.pk}/langkah/close/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "closed"


def test_an_overlap_is_shown_on_the_meeting_page(login):
    place = unique_place()
    make_meeting(title="Rapat Pertama", place=place)
    client = login("sekretariat")
    response = client.post("/rapat/baru/", _meeting_form(title="Rapat Kedua Bentrok", place=place.upper()), follow=True)
    assert "Rapat Pertama" in response.content.decode()
    assert "overlap-warning" in response.content.decode()


def test_the_owner_operator_updates_and_sees_follow_ups_on_home(login):
    follow_up = make_follow_up(make_meeting(), text="Modul untuk operator uji", due="2024-10-01")
    client = login("disdik")
    home = client.get("/").content.decode()
    assert "Modul untuk operator uji" in home and 'class="badge overdue"' in home
    page = client.get(f"/tindak-lanjut/{follow_up.pk}/")
    assert page.status_code == 200
    token = re.search(r'name="progres-edit_token" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        f"/tindak-lanjut/{follow_up.pk}/", {"progres-status": "done", "progres-result": "", "progres-edit_token": token}
    )
    assert response.status_code == 200  # a result is required
    client.post(f"/tindak-lanjut/{follow_up.pk}/bukti/", {"bukti-file": SimpleUploadedFile("bukti.pdf", PDF)})
    client.post(f"/tindak-lanjut/{follow_up.pk}/bukti/", {"bukti-file": SimpleUploadedFile("x.pdf", b"MZ exe")})
    assert follow_up.evidence.count() == 1
    evidence = follow_up.evidence.get()
    download = client.get(f"/tindak-lanjut/bukti/{evidence.public_id}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert login("dinkes").get(f"/tindak-lanjut/bukti/{evidence.public_id}/").status_code == 404
    response = client.post(
        f"/tindak-lanjut/{follow_up.pk}/",
        {"progres-status": "done", "progres-result": "Modul diterapkan di 3 SMP", "progres-edit_token": ""},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    assert login("kepala.disdik").post(f"/tindak-lanjut/{follow_up.pk}/", {"progres-status": "open"}).status_code == 403
    assert login("dinkes").get(f"/tindak-lanjut/{follow_up.pk}/").status_code == 404


def test_the_lists_filter_and_export(login):
    meeting = make_meeting(title="Rakor Ekspor Uji")
    make_follow_up(meeting, text="Tindak lanjut ekspor uji", due="2024-10-01")
    client = login("sekretariat")
    export = client.get("/rapat/", {"export": "csv", "q": "Rakor Ekspor Uji"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "Rakor Ekspor Uji" in rows[1]
    assert client.get("/rapat/", {"export": "xlsx"}).status_code == 200
    assert "Rakor Ekspor Uji" in client.get("/rapat/", {"year": "2024", "kind": "rakor"}).content.decode()
    assert "Rakor Ekspor Uji" not in client.get("/rapat/", {"year": "2023"}).content.decode()
    export = client.get("/tindak-lanjut/", {"export": "csv", "q": "ekspor uji", "overdue": "1"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and "Tindak lanjut ekspor uji" in rows[1]
    assert client.get("/tindak-lanjut/", {"agency": agency("Disdikbud").pk, "status": "open"}).status_code == 200
    assert client.get("/rapat/", {"year": "abc", "page": "x"}).status_code == 200


@pytest.mark.parametrize("url", ["/rapat/", "/tindak-lanjut/", "/"])
def test_list_pages_use_a_constant_number_of_queries(login, url):
    client = login("sekretariat")
    make_follow_up(make_meeting(title="Ukur 1"), text="Ukur 1")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(3):
        meeting = make_meeting(title=f"Ukur lagi {n}")
        make_follow_up(meeting, text=f"Ukur lagi {n}")
        services.attendance_add(meeting=meeting, by=user("sekretariat"), agency=agency("Disdikbud"), name="X")
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_the_meeting_page_uses_a_constant_number_of_queries(login):
    meeting = make_meeting(title="Ukur halaman")
    client = login("sekretariat")
    make_follow_up(meeting, text="satu")
    client.get(f"/rapat/{meeting.pk}/")
    with CaptureQueriesContext(connection) as first:
        client.get(f"/rapat/{meeting.pk}/")
    for n in range(3):
        make_follow_up(meeting, text=f"lagi {n}", owner="Dinkes")
        services.attendance_add(meeting=meeting, by=user("sekretariat"), institution="Polres", name=f"P{n}")
    with CaptureQueriesContext(connection) as second:
        client.get(f"/rapat/{meeting.pk}/")
    assert len(second) == len(first)


def test_the_task_force_pages(login):
    client = login("sekretariat")
    team = TaskForce.objects.filter(government__region_id="18.72", region__isnull=True).first()
    if team is None:
        response = client.post("/tim-terpadu/baru/", {"name": "Tim Terpadu P4GN Kota Metro"})
        assert response.status_code == 302
        team = TaskForce.objects.get(government__region_id="18.72", region__isnull=True)
    response = client.post(
        f"/tim-terpadu/{team.pk}/susunan/baru/",
        {"sk_number": "100.3.3.2/99/C.3/2030", "sk_date": "2030-01-02", "valid_from": "2030-01-02",
         "copy_members": "on", "sk_upload": SimpleUploadedFile("sk.pdf", PDF)},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    composition = team.compositions.get(sk_number="100.3.3.2/99/C.3/2030")
    response = client.post(
        f"/tim-terpadu/susunan/{composition.pk}/anggota/",
        {"position": "sekretaris", "agency": agency("Kesbangpol").pk, "person_title": "Kepala Badan Kesbangpol"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Kepala Badan Kesbangpol" in client.get(f"/tim-terpadu/susunan/{composition.pk}/").content.decode()
    assert client.get("/tim-terpadu/").status_code == 200
    download = login("disdik").get(f"/tim-terpadu/susunan/{composition.pk}/sk/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert login("lamtim").get(f"/tim-terpadu/susunan/{composition.pk}/sk/").status_code == 404
    assert login("disdik").get(f"/tim-terpadu/{team.pk}/susunan/baru/").status_code == 403
    bad = client.post(
        f"/tim-terpadu/{team.pk}/susunan/baru/",
        {"sk_number": "X/1", "sk_date": "2031-01-02", "valid_from": "2031-01-02",
         "sk_upload": SimpleUploadedFile("sk.pdf", b"not a pdf")},
    )  # fmt: skip
    assert bad.status_code == 200 and not team.compositions.filter(sk_number="X/1").exists()


def test_agency_operators_cannot_manage_meetings(login):
    meeting = make_meeting(invited=("Disdikbud",))
    client = login("disdik")
    assert client.get(f"/rapat/{meeting.pk}/").status_code == 200
    assert client.get("/rapat/baru/").status_code == 403
    assert client.post(f"/rapat/{meeting.pk}/langkah/hold/").status_code == 403
    assert login("dinkes").get(f"/rapat/{meeting.pk}/").status_code == 404
    assert FollowUp.objects.filter(decision__meeting=meeting).count() == 0


def test_the_secretariat_corrects_the_record(login):
    meeting = make_meeting(title="Rapat Koreksi")
    by = user("sekretariat")
    row = services.attendance_add(meeting=meeting, by=by, institution="Polres Metro", name="AKP Salah")
    item = services.agenda_item_add(meeting=meeting, by=by, title="Mata acara salah")
    follow_up = make_follow_up(meeting, text="Keputusan salah")
    client = login("sekretariat")
    assert client.post(f"/rapat/hadir/{row.pk}/hapus/").status_code == 302
    assert client.post(f"/rapat/agenda/{item.pk}/hapus/").status_code == 302
    assert client.post(f"/rapat/keputusan/{follow_up.decision_id}/hapus/").status_code == 302
    assert not meeting.attendance.exists() and not meeting.decisions.exists()
    assert meeting.agenda.count() == 1
    assert client.get(f"/rapat/{meeting.pk}/ubah/").status_code == 200
    response = client.post(f"/rapat/{meeting.pk}/langkah/cancel/", {"reason": ""}, follow=True)
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"  # a reason is needed
    response = client.post(f"/rapat/{meeting.pk}/langkah/cancel/", {"reason": "Ditunda"}, follow=True)
    assert response.status_code == 200 and Meeting.objects.get(pk=meeting.pk).status == "cancelled"
    assert login("disdik").post(f"/rapat/{meeting.pk}/langkah/reopen/", {"reason": "x"}).status_code == 403


def test_members_are_edited_and_removed(login):
    by = user("sekretariat")
    team = TaskForce.objects.filter(region_id="18.72.04").first() or services.task_force_create(
        government=metro(), by=by, name="Tim Kecamatan Metro Timur", region=Region.objects.get(code="18.72.04")
    )
    composition = services.composition_create(
        task_force=team, by=by, sk_number="SK/ANGGOTA/UJI", sk_date=date(2032, 1, 1), valid_from=date(2032, 1, 1)
    )
    member = services.member_add(composition=composition, by=by, agency=agency("Dinkes"), person_title="Kadis")
    client = login("sekretariat")
    form = {"position": "koordinator", "field": "Rehabilitasi", "agency": agency("Dinkes").pk, "person_title": "Kadis"}
    assert client.post(f"/tim-terpadu/anggota/{member.pk}/", form).status_code == 302
    member.refresh_from_db()
    assert (member.position, member.field) == ("koordinator", "Rehabilitasi")
    assert client.get(f"/tim-terpadu/susunan/{composition.pk}/ubah/").status_code == 200
    assert login("dinkes").post(f"/tim-terpadu/anggota/{member.pk}/hapus/").status_code == 403
    assert client.post(f"/tim-terpadu/anggota/{member.pk}/hapus/").status_code == 302
    assert not composition.members.exists()
    assert login("kel.iringmulyo").get(f"/tim-terpadu/{team.pk}/").status_code == 200
