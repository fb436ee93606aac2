"""The demo's coordination: Kota Metro's task force by decree and the Rakor of 24 September 2024 from the seed."""

from django.utils import timezone

from sinergi.coordination.models import AgendaItem, Composition, FollowUp, Meeting, Member, Position, TaskForce
from sinergi.demo.coordination import demo_coordination


def _rakor():
    return Meeting.objects.get(government__region_id="18.72", place="Ruang Rapat OR Setda Kota Metro")


def test_the_task_force_is_set_by_a_decree_with_its_chair_vice_chair_and_secretary(db):
    task_force = TaskForce.objects.get(government__region_id="18.72", region__isnull=True)
    composition = Composition.objects.get(task_force=task_force)
    assert composition.sk_number.startswith("188.45/")
    members = {m.position: m for m in Member.objects.filter(composition=composition).select_related("agency")}
    assert members[Position.KETUA].person_title == "Sekretaris Daerah Kota Metro"
    assert members[Position.WAKIL_KETUA].agency.acronym == "BNN Kota Metro"
    assert members[Position.SEKRETARIS].person_name == "Dra. Rosita, MM."
    fields = set(Member.objects.filter(composition=composition).values_list("field", flat=True))
    assert {"Pengarah", "Pencegahan", "Pemberdayaan Masyarakat", "Rehabilitasi", "Pemberantasan"} <= fields


def test_the_rakor_of_24_september_2024_tells_the_seed(db):
    rakor = _rakor()
    local = timezone.localtime(rakor.starts_at, timezone.get_fixed_timezone(7 * 60))
    assert (local.date().isoformat(), local.hour) == ("2024-09-24", 9)
    assert rakor.chair_name == "Dra. Rosita, MM." and "Kesatuan Bangsa" in rakor.chair_title
    assert rakor.status in (Meeting.Status.HELD, Meeting.Status.CLOSED)
    invited = set(rakor.invited_agencies.values_list("acronym", flat=True))
    for acronym in ("BNN Kota Metro", "Polres Metro", "Kodim 0411", "Kejari Metro", "Kemenag Kota Metro", "Disdikbud"):
        assert acronym in invited
    assert rakor.attendance.count() >= 20 and rakor.attendance.filter(invited=False).exists()
    titles = list(AgendaItem.objects.filter(meeting=rakor).order_by("order").values_list("title", flat=True))
    assert titles == [
        "Pembukaan dan arahan Kepala Badan Kesbangpol",
        "Pembahasan awal penyusunan RAD P4GN Kota Metro Tahun 2024",
        "Tindak lanjut rapat sebelumnya",
    ]
    assert AgendaItem.objects.get(meeting=rakor, order=3).carries_follow_ups
    assert "Inpres" in rakor.agenda.get(order=1).minutes or "Instruksi Presiden" in rakor.agenda.get(order=1).minutes
    decisions = list(rakor.decisions.order_by("order"))
    assert len(decisions) >= 5 and all(d.follow_ups.exists() for d in decisions)
    texts = " ".join(d.text for d in decisions)
    for words in ("lingkungan kerja", "kader anti narkoba", "Bersinar", "BNN", "usulan aksi RAD"):
        assert words in texts


def test_the_rakors_follow_ups_are_in_every_state_and_one_is_overdue(db):
    follow_ups = FollowUp.objects.filter(decision__meeting=_rakor()).select_related("agency")
    assert {f.status for f in follow_ups} == {"open", "in_progress", "done", "dropped"}
    assert all(f.result and f.done_on for f in follow_ups if f.status == "done")
    assert all(f.dropped_reason for f in follow_ups if f.status == "dropped")
    today = timezone.localdate()
    overdue = [f for f in follow_ups if f.status in ("open", "in_progress") and f.due_on < today]
    assert len(overdue) == 1
    owners = {f.agency.acronym or f.agency.name for f in follow_ups}
    assert {"Disdikbud", "Dinkes", "Satpol PP", "BNN Kota Metro", "Kesbangpol", "Kecamatan Metro Pusat"} <= owners


def test_earlier_meetings_have_done_follow_ups(db):
    earlier = Meeting.objects.filter(government__region_id="18.72", starts_at__year=2024, starts_at__month__lt=9)
    assert earlier.filter(kind=Meeting.Kind.TEKNIS).exists()
    assert FollowUp.objects.filter(decision__meeting__in=earlier, status="done").count() >= 3


def test_loading_the_coordination_again_adds_nothing(db):
    counts = (Meeting.objects.count(), FollowUp.objects.count(), TaskForce.objects.count(), Member.objects.count())
    demo_coordination()
    assert (Meeting.objects.count(), FollowUp.objects.count(), TaskForce.objects.count(), Member.objects.count()) == (
        counts
    )
