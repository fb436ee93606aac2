from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.coordination import selectors, services
from sinergi.coordination.models import FollowUp, Meeting
from sinergi.coordination.reminders import follow_up_reminders_send
from sinergi.coordination.tests.helpers import PDF, agency, at, make_follow_up, make_meeting, metro, user
from sinergi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_new_meeting_starts_with_the_carried_follow_ups_item():
    meeting = make_meeting(agenda=["Penyusunan RAD P4GN 2024", " "])
    items = list(meeting.agenda.order_by("order"))
    assert [(i.title, i.carries_follow_ups) for i in items] == [
        ("Tindak lanjut rapat sebelumnya", True),
        ("Penyusunan RAD P4GN 2024", False),
    ]
    assert meeting.status == Meeting.Status.SCHEDULED


def test_previous_open_follow_ups_are_carried_into_the_next_meeting():
    first = make_meeting(title="Rakor triwulan III", starts="2024-07-10 09:00")
    still_open = make_follow_up(first, text="Data sekolah rawan", due="2024-08-30")
    started = make_follow_up(first, owner="Dinkes", text="Tes urine ASN", due="2024-08-30")
    services.follow_up_update(follow_up=started, by=user("dinkes"), status="in_progress")
    finished = make_follow_up(first, text="Sudah selesai", due="2024-08-30")
    services.follow_up_update(follow_up=finished, by=user("disdik"), status="done", result="Selesai, 12 sekolah")
    later = make_meeting(title="Rakor triwulan IV", starts="2024-10-10 09:00")
    carried = set(selectors.previous_follow_ups(user=user("sekretariat"), meeting=later))
    assert {still_open, started} <= carried and finished not in carried
    # not in the earlier meeting's own list, nor for a meeting before it
    earlier = make_meeting(title="Rakor triwulan II", starts="2024-04-10 09:00")
    assert still_open not in set(selectors.previous_follow_ups(user=user("sekretariat"), meeting=earlier))
    # an agency operator sees only their own among them
    assert set(selectors.previous_follow_ups(user=user("dinkes"), meeting=later)) & {still_open, started} == {started}


def test_a_follow_up_due_before_its_meeting_is_refused():
    meeting = make_meeting(starts="2024-09-24 09:00")
    with pytest.raises(ValidationError) as exc:
        make_follow_up(meeting, due="2024-09-23")
    assert "due_on" in exc.value.message_dict
    assert make_follow_up(meeting, due="2024-09-24").due_on == date(2024, 9, 24)


def test_a_follow_up_owner_of_another_government_is_refused():
    meeting = make_meeting()
    decision = services.decision_add(meeting=meeting, by=user("sekretariat"), text="Keputusan")
    with pytest.raises(ValidationError) as exc:
        services.follow_up_add(
            decision=decision, by=user("sekretariat"), agency=agency("Kesbangpol", metro_other()),
            description="x", due_on=date(2024, 12, 1),
        )  # fmt: skip
    assert "agency" in exc.value.message_dict


def metro_other():
    from sinergi.coordination.tests.helpers import lamtim

    return lamtim()


def test_done_needs_a_result_and_dropped_needs_a_reason():
    follow_up = make_follow_up(make_meeting())
    with pytest.raises(ValidationError) as exc:
        services.follow_up_update(follow_up=follow_up, by=user("disdik"), status="done", result="  ")
    assert "result" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.follow_up_update(follow_up=follow_up, by=user("disdik"), status="dropped")
    assert "dropped_reason" in exc.value.message_dict
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.OPEN and follow_up.version == 1
    services.follow_up_update(follow_up=follow_up, by=user("disdik"), status="done", result="Modul diterapkan")
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.done_on is not None and follow_up.version == 2


def test_a_stale_version_is_refused():
    follow_up = make_follow_up(make_meeting())
    services.follow_up_update(follow_up=follow_up, by=user("disdik"), status="in_progress", expected_version=1)
    with pytest.raises(services.ConflictError):
        services.follow_up_update(follow_up=follow_up, by=user("sekretariat"), result="x", expected_version=1)


def test_overlapping_meetings_in_the_same_place_are_warned_not_refused():
    first = make_meeting(title="Rakor A", starts="2024-09-24 09:00", hours=3, place="Ruang Rapat OR Setda Uji")
    second = make_meeting(title="Rakor B", starts="2024-09-24 11:00", hours=2, place="  ruang rapat or setda uji ")
    elsewhere = make_meeting(title="Rakor C", starts="2024-09-24 10:00", place="Aula Kesbangpol Uji")
    after = make_meeting(title="Rakor D", starts="2024-09-24 12:00", hours=1, place="Ruang Rapat OR Setda Uji")
    assert any("Rakor A" in w for w in selectors.overlap_warnings(second))
    assert any("Rakor B" in w for w in selectors.overlap_warnings(first))
    assert selectors.overlap_warnings(elsewhere) == []
    assert [w for w in selectors.overlap_warnings(after) if "Rakor A" in w] == []  # A ends at 12:00
    services.meeting_transition(meeting=first, step="cancel", by=user("sekretariat"), reason="Ditunda")
    assert not any("Rakor A" in w for w in selectors.overlap_warnings(second))


def test_attendance_of_an_agency_not_invited_is_marked():
    meeting = make_meeting(invited=("Disdikbud",))
    by = user("sekretariat")
    invited = services.attendance_add(
        meeting=meeting, by=by, agency=agency("Disdikbud"), name="Drs. A", position="Kabid"
    )
    walk_in = services.attendance_add(meeting=meeting, by=by, agency=agency("Dinkes"), name="dr. B")
    outsider = services.attendance_add(meeting=meeting, by=by, institution="Polres Metro", name="AKP C")
    assert (invited.invited, walk_in.invited, outsider.invited) == (True, False, False)
    with pytest.raises(ValidationError):
        services.attendance_add(meeting=meeting, by=by, name="Tanpa instansi")
    assert meeting.attendance.count() == 3


def test_the_workflow_and_the_lock_after_closing():
    meeting = make_meeting()
    by = user("sekretariat")
    with pytest.raises(services.ConflictError):
        services.meeting_transition(meeting=meeting, step="close", by=by)
    with pytest.raises(ValidationError):
        services.meeting_transition(meeting=meeting, step="cancel", by=by)  # needs a reason
    meeting = services.meeting_transition(meeting=meeting, step="hold", by=by)
    meeting = services.meeting_transition(meeting=meeting, step="close", by=by)
    assert meeting.status == "closed" and meeting.version == 3
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, by=by, title="Terlambat")
    meeting = services.meeting_transition(meeting=meeting, step="reopen", by=by, reason="Koreksi notulen")
    assert services.agenda_item_add(meeting=meeting, by=by, title="Koreksi").order == 2


def test_a_future_meeting_cannot_be_held():
    future = (date.today() + timedelta(days=30)).isoformat()
    meeting = make_meeting(starts=f"{future} 09:00")
    with pytest.raises(ValidationError):
        services.meeting_transition(meeting=meeting, step="hold", by=user("sekretariat"))


def test_evidence_is_checked_by_content():
    follow_up = make_follow_up(make_meeting())
    with pytest.raises(ValidationError):
        services.evidence_add(
            follow_up=follow_up, upload=SimpleUploadedFile("a.pdf", b"MZ not a pdf"), by=user("disdik")
        )
    evidence = services.evidence_add(
        follow_up=follow_up, upload=SimpleUploadedFile("../bukti.pdf", PDF), by=user("disdik")
    )
    assert evidence.name == "bukti.pdf" and evidence.content_type == "application/pdf"


def test_a_new_composition_ends_the_previous_one_and_can_copy_its_members():
    government = metro()
    by = user("sekretariat")
    team = services.task_force_create(government=government, by=by, name="Tim Terpadu Uji", region=_kecamatan())
    first = services.composition_create(
        task_force=team, by=by, sk_number="100/01/2023", sk_date=date(2023, 1, 2), valid_from=date(2023, 1, 2)
    )
    services.member_add(composition=first, by=by, position="ketua", agency=agency("Setda"), person_title="Camat")
    services.member_add(composition=first, by=by, position="anggota", field="Pencegahan", agency=agency("Disdikbud"))
    second = services.composition_create(
        task_force=team, by=by, sk_number="100/02/2024", sk_date=date(2024, 1, 2), valid_from=date(2024, 1, 2),
        copy_members=True,
    )  # fmt: skip
    first.refresh_from_db()
    assert first.valid_until == date(2024, 1, 1)
    assert [(m.position, m.field) for m in second.members.all()] == [("ketua", ""), ("anggota", "Pencegahan")]
    assert selectors.current_composition(team, today=date(2024, 6, 1)) == second
    assert selectors.current_composition(team, today=date(2023, 6, 1)) == first


def _kecamatan():
    from sinergi.regions.models import Region

    return Region.objects.get(code="18.72.04")


def test_reminders_and_escalation_are_sent_once():
    meeting = make_meeting(starts="2024-09-24 09:00")
    follow_up = make_follow_up(meeting, due="2024-10-10", text=f"Pengingat {meeting.pk}")
    key = f"{follow_up.pk}:2024-10-10"

    def notices(kind):
        return Notification.objects.filter(dedupe_key=f"follow-up-{kind}:{key}")

    follow_up_reminders_send(today=date(2024, 10, 1))  # too early
    assert not notices("due-soon").exists()
    follow_up_reminders_send(today=date(2024, 10, 8))
    follow_up_reminders_send(today=date(2024, 10, 9))
    assert list(notices("due-soon").values_list("user__username", flat=True)) == ["disdik"]
    follow_up_reminders_send(today=date(2024, 10, 11))
    follow_up_reminders_send(today=date(2024, 10, 12))
    assert list(notices("overdue").values_list("user__username", flat=True)) == ["disdik"]
    assert set(notices("escalated").values_list("user__username", flat=True)) == {"kepala.disdik", "sekretariat"}
    assert Notification.objects.filter(dedupe_key__endswith=key).count() == 4
    services.follow_up_update(follow_up=follow_up, by=user("disdik"), status="done", result="Selesai")
    follow_up_reminders_send(today=date(2024, 10, 20))
    assert Notification.objects.filter(dedupe_key__endswith=key).count() == 4


def test_the_send_reminders_command_includes_follow_ups():
    from django.core.management import call_command

    meeting = make_meeting(starts="2020-01-10 09:00")
    follow_up = make_follow_up(meeting, due="2020-02-01", text="Lama sekali")
    call_command("send_reminders", stdout=open("/dev/null", "w"))
    assert Notification.objects.filter(dedupe_key=f"follow-up-overdue:{follow_up.pk}:2020-02-01").exists()
    assert at("2020-01-10 09:00") == meeting.starts_at
