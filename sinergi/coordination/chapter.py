"""The coordination chapter of the consolidated semester report: the Tim Terpadu's meetings held in the period,
each agency's attendance (meetings attended of meetings invited to), and the decisions with how many of their
follow-ups were done and how many are overdue. Read in a fixed number of queries whatever the numbers of meetings,
agencies and follow-ups. Indonesian words, like every official document (see ``documents.py``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count

from sinergi.coordination.documents.selectors import KIND_SHORT, OPEN_STATUSES
from sinergi.coordination.models import Attendance, Decision, FollowUp, Meeting
from sinergi.documents.rad_matrix import format_date

HELD_STATUSES = (Meeting.Status.HELD, Meeting.Status.CLOSED)


@dataclass(frozen=True)
class MeetingRow:
    number: int
    held_on: date
    date: str
    kind: str
    title: str
    headcount: int


@dataclass(frozen=True)
class AttendanceRateRow:
    """One agency: the held meetings it was invited to and how many of them it attended."""

    number: int
    agency: str
    invited: int
    attended: int

    @property
    def percent(self) -> Decimal | None:
        if not self.invited:
            return None
        return (Decimal(100) * self.attended / self.invited).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class DecisionRow:
    """A decision with its follow-ups: how many there are, how many are done, how many are overdue."""

    number: int
    meeting: str
    text: str
    total: int
    done: int
    overdue: int

    @property
    def done_text(self) -> str:
        return f"{self.done}/{self.total}"


@dataclass(frozen=True)
class CoordinationChapter:
    meetings: tuple[MeetingRow, ...]
    attendance: tuple[AttendanceRateRow, ...]
    decisions: tuple[DecisionRow, ...]
    follow_ups_total: int
    follow_ups_done: int
    follow_ups_overdue: int
    follow_ups_dropped: int
    as_of: str

    @property
    def introduction(self) -> str:
        if not self.meetings:
            return "Tidak ada rapat Tim Terpadu P4GN yang terlaksana pada periode ini."
        return (
            f"Pada periode ini Tim Terpadu P4GN melaksanakan {len(self.meetings)} rapat dengan {len(self.decisions)} "
            f"keputusan dan {self.follow_ups_total} tindak lanjut; {self.follow_ups_done} tindak lanjut telah selesai, "
            f"{self.follow_ups_overdue} melewati batas waktu dan {self.follow_ups_dropped} tidak dilanjutkan "
            f"(status per {self.as_of})."
        )


def coordination_chapter(government, starts_on: date, ends_on: date, *, today: date) -> CoordinationChapter:
    """The chapter for the meetings of ``government`` held from ``starts_on`` to ``ends_on`` (its own time zone);
    follow-ups are counted as they stand on ``today``. Five queries."""
    zone = ZoneInfo(government.time_zone)
    start = datetime.combine(starts_on, time.min, tzinfo=zone)
    end = datetime.combine(ends_on + timedelta(days=1), time.min, tzinfo=zone)
    meetings = list(
        Meeting.objects.filter(government=government, status__in=HELD_STATUSES, starts_at__gte=start, starts_at__lt=end)
        .annotate(headcount=Count("attendance"))
        .order_by("starts_at", "pk")
    )
    ids = [m.pk for m in meetings]
    invited = defaultdict(set)
    names = {}
    for row in Meeting.invited_agencies.through.objects.filter(meeting_id__in=ids).values(
        "meeting_id", "agency_id", "agency__name"
    ):
        invited[row["agency_id"]].add(row["meeting_id"])
        names[row["agency_id"]] = row["agency__name"]
    attended = defaultdict(set)
    for meeting_id, agency_id in Attendance.objects.filter(meeting_id__in=ids, agency__isnull=False).values_list(
        "meeting_id", "agency_id"
    ):
        attended[agency_id].add(meeting_id)
    follow_ups = defaultdict(list)
    decisions = list(Decision.objects.filter(meeting_id__in=ids).order_by("meeting__starts_at", "order", "pk"))
    for decision_id, status, due_on in FollowUp.objects.filter(decision__meeting_id__in=ids).values_list(
        "decision_id", "status", "due_on"
    ):
        follow_ups[decision_id].append((status, due_on))
    by_id = {m.pk: m for m in meetings}
    meeting_rows = []
    for number, meeting in enumerate(meetings, start=1):
        held_on = meeting.starts_at.astimezone(zone).date()
        meeting_rows.append(
            MeetingRow(
                number=number,
                held_on=held_on,
                date=format_date(held_on),
                kind=KIND_SHORT.get(meeting.kind, meeting.kind),
                title=meeting.title,
                headcount=meeting.headcount,
            )
        )
    agencies = sorted(invited, key=lambda agency_id: names[agency_id])
    attendance_rows = tuple(
        AttendanceRateRow(
            number=number,
            agency=names[agency_id],
            invited=len(invited[agency_id]),
            attended=len(invited[agency_id] & attended[agency_id]),
        )
        for number, agency_id in enumerate(agencies, start=1)
    )
    decision_rows = []
    for number, decision in enumerate(decisions, start=1):
        meeting = by_id[decision.meeting_id]
        held_on = format_date(meeting.starts_at.astimezone(zone).date())
        items = follow_ups[decision.pk]
        decision_rows.append(
            DecisionRow(
                number=number,
                meeting=f"{KIND_SHORT.get(meeting.kind, meeting.kind)} {held_on}",
                text=decision.text,
                total=len(items),
                done=sum(1 for status, _due in items if status == FollowUp.Status.DONE),
                overdue=sum(1 for status, due in items if status in OPEN_STATUSES and due < today),
            )
        )
    every = [item for items in follow_ups.values() for item in items]
    return CoordinationChapter(
        meetings=tuple(meeting_rows),
        attendance=attendance_rows,
        decisions=tuple(decision_rows),
        follow_ups_total=len(every),
        follow_ups_done=sum(1 for status, _due in every if status == FollowUp.Status.DONE),
        follow_ups_overdue=sum(1 for status, due in every if status in OPEN_STATUSES and due < today),
        follow_ups_dropped=sum(1 for status, _due in every if status == FollowUp.Status.DROPPED),
        as_of=format_date(today),
    )
