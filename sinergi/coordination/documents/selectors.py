"""What the official documents of a meeting say: the invitation letter (surat undangan), the sign-in sheet (daftar
hadir) and the minutes (notulen). One plain data structure per document, read from the meeting in a fixed number of
queries; ``builders`` lays each out as a document of the engine.

Like the RAD matrix (``sinergi.documents.rad_matrix``), these are official Indonesian documents, so their words are
Indonesian here rather than going through the interface's translation catalogue. Times are written in the
government's own time zone ("09.00 WIB").
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from sinergi.coordination.models import (
    AgendaItem,
    Attendance,
    Composition,
    Decision,
    FollowUp,
    Meeting,
    Member,
    Position,
)
from sinergi.coordination.selectors import meeting_queryset
from sinergi.documents.engine import ascii_slug
from sinergi.documents.rad_matrix import Letterhead, Signatory, format_date, letterhead_of, region_parts, signatory_of
from sinergi.organizations.models import Agency

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
KIND_TEXT = {
    Meeting.Kind.RAKOR: "Rapat Koordinasi Tim Terpadu P4GN",
    Meeting.Kind.TEKNIS: "Rapat Koordinasi Teknis",
    Meeting.Kind.SINKRONISASI: "Rapat Sinkronisasi Data dengan BNN",
    Meeting.Kind.MONEV: "Rapat Monitoring dan Evaluasi",
    Meeting.Kind.WILAYAH: "Rapat Koordinasi Tingkat Kecamatan/Kelurahan",
}
KIND_SHORT = {
    Meeting.Kind.RAKOR: "Rakor",
    Meeting.Kind.TEKNIS: "Rakor Teknis",
    Meeting.Kind.SINKRONISASI: "Sinkronisasi",
    Meeting.Kind.MONEV: "Monev",
    Meeting.Kind.WILAYAH: "Rapat Wilayah",
}
FOLLOW_UP_STATUS_TEXT = {
    FollowUp.Status.OPEN: "Belum dimulai",
    FollowUp.Status.IN_PROGRESS: "Dalam proses",
    FollowUp.Status.DONE: "Selesai",
    FollowUp.Status.DROPPED: "Tidak dilanjutkan",
}
OPEN_STATUSES = (FollowUp.Status.OPEN, FollowUp.Status.IN_PROGRESS)
OVERDUE_TEXT = "Melewati batas waktu"
FOLLOW_UP_HEADINGS = ("No", "Uraian tindak lanjut", "Penanggung jawab", "Batas waktu", "Status", "Keterangan")
ATTENDANCE_HEADINGS = ("No", "Nama", "Jabatan", "Instansi", "Keterangan")
SIGN_IN_HEADINGS = ("No", "Nama", "Jabatan", "Instansi", "Tanda tangan")
# More invited agencies than this do not fit under "Yth." on the first page: the letter says "(daftar terlampir)"
# and lists them on an annex page.
RECIPIENTS_ON_FIRST_PAGE = 8
# Empty rows of the sign-in sheet below the invited agencies, for guests and the second person of an agency.
BLANK_SIGN_IN_ROWS = 10
BLANK_NAME = "( ……………………………………… )"


# --- formatting ------------------------------------------------------------------------------------------------


def format_day_date(value: date) -> str:
    """E.g. "Selasa, 24 September 2024"."""
    return f"{DAY_NAMES[value.weekday()]}, {format_date(value)}"


def format_clock(value: datetime) -> str:
    """E.g. "09.00" (the Indonesian way: a dot between hours and minutes)."""
    return f"{value.hour:02d}.{value.minute:02d}"


def paragraphs_of(text: str) -> tuple[str, ...]:
    """A text split at blank lines into its paragraphs (single line breaks stay inside a paragraph)."""
    return tuple(p.strip() for p in str(text).replace("\r\n", "\n").split("\n\n") if p.strip())


def addressee(agency: Agency, region_name: str) -> str:
    """How a letter addresses an agency's head: "Kepala Dinas Kesehatan Kota Metro", "Camat Metro Pusat", …"""
    if agency.head_title:
        return agency.head_title
    name = agency.name
    if agency.kind == Agency.Kind.DISTRICT:
        return "Camat " + name.removeprefix("Kecamatan ").strip()
    if agency.kind == Agency.Kind.VILLAGE:
        return "Lurah " + name.removeprefix("Kelurahan ").strip()
    if agency.kind == Agency.Kind.MILITARY:
        return f"Komandan {name}"
    if agency.is_vertical or agency.kind in (Agency.Kind.SCHOOL, Agency.Kind.BUSINESS, Agency.Kind.COMMUNITY):
        return f"Pimpinan {name}" if not agency.is_vertical else f"Kepala {name}"
    if agency.kind == Agency.Kind.SECRETARIAT and name.startswith("Sekretariat Daerah"):
        return f"Sekretaris Daerah {region_name}"
    if agency.kind == Agency.Kind.INSPECTORATE:
        title = "Inspektur"
    elif name.startswith("Rumah Sakit"):
        title = "Direktur"
    else:
        title = "Kepala"
    suffix = "" if region_name.lower() in name.lower() else f" {region_name}"
    return f"{title} {name}{suffix}"


# --- the data structures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFacts:
    """What every document of a meeting states: who holds it, what, when and where."""

    letterhead: Letterhead
    kind: str
    title: str
    day_date: str
    time: str
    place: str
    chair: str
    letter_number: str
    letter_date: str
    place_and_date: str
    agenda: tuple[str, ...]
    filename_date: str
    filename_kind: str
    region_name: str

    def filename(self, document: str) -> str:
        """E.g. "Notulen-Rakor-Kota-Metro-2024-09-24": ASCII only, safe in a Content-Disposition header."""
        return f"{document}-{ascii_slug(self.filename_kind)}-{ascii_slug(self.region_name)}-{self.filename_date}"


@dataclass(frozen=True)
class Invitation:
    """The surat undangan: number, date, recipients ("Yth."), body with the meeting's facts, signatory."""

    facts: MeetingFacts
    recipients: tuple[str, ...]
    recipients_in_annex: bool
    opening: str
    closing: str
    signatory: Signatory

    @property
    def attachment(self) -> str:
        """The "Lampiran" line of the letter."""
        return "1 (satu) lembar" if self.recipients_in_annex else "-"

    @property
    def subject(self) -> str:
        return "Undangan"

    @property
    def filename_stem(self) -> str:
        return self.facts.filename("Undangan")


@dataclass(frozen=True)
class SignInRow:
    """A line of the sign-in sheet: the invited agency pre-printed, or an empty line."""

    number: int
    institution: str


@dataclass(frozen=True)
class SignInSheet:
    """The daftar hadir to print for the meeting: one line per invited agency, then empty lines."""

    facts: MeetingFacts
    rows: tuple[SignInRow, ...]

    @property
    def filename_stem(self) -> str:
        return self.facts.filename("Daftar-Hadir")


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda item with who presented it and its discussion, in paragraphs."""

    number: int
    title: str
    presenter: str
    discussion: tuple[str, ...]


@dataclass(frozen=True)
class DecisionEntry:
    number: int
    text: str


@dataclass(frozen=True)
class FollowUpRow:
    """A line of the follow-up table: "2.1" is the first follow-up of the second decision."""

    number: str
    description: str
    agency: str
    due_on: date
    due: str
    status: str
    overdue: bool
    note: str


@dataclass(frozen=True)
class AttendanceRow:
    number: int
    name: str
    position: str
    institution: str
    note: str


@dataclass(frozen=True)
class Minutes:
    """The notulen: the meeting's facts, agenda and discussion, decisions, follow-ups, signatures, attendance."""

    facts: MeetingFacts
    status: str
    participants: str
    summary: tuple[str, ...]
    agenda: tuple[AgendaEntry, ...]
    decisions: tuple[DecisionEntry, ...]
    follow_ups: tuple[FollowUpRow, ...]
    follow_ups_as_of: str
    attendance: tuple[AttendanceRow, ...]
    absent_agencies: tuple[str, ...]
    chair: Signatory
    secretary: Signatory | None
    generated_on: date = field(default_factory=date.today)

    @property
    def title(self) -> str:
        return f"Notulen {self.facts.title}"

    @property
    def filename_stem(self) -> str:
        return self.facts.filename("Notulen")


# --- reading a meeting -----------------------------------------------------------------------------------------


def meeting_for_documents(user, pk) -> Meeting:
    """The meeting if ``user`` may read it (the same rule as its page: ``selectors.meeting_queryset``), else 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    meeting = meeting_queryset(user=user).select_related("government__region", "task_force").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def _local(meeting: Meeting, value: datetime) -> datetime:
    return timezone.localtime(value, ZoneInfo(meeting.government.time_zone))


def _time_text(meeting: Meeting) -> str:
    """ "09.00 – 12.00 WIB", or "09.00 WIB s.d. selesai" without an end."""
    zone = meeting.government.time_zone_label
    start = _local(meeting, meeting.starts_at)
    if meeting.ends_at:
        return f"{format_clock(start)} – {format_clock(_local(meeting, meeting.ends_at))} {zone}"
    return f"{format_clock(start)} {zone} s.d. selesai"


def _invited(meeting: Meeting) -> list[Agency]:
    """The invited agencies in the order of a letter: regional agencies first, then vertical, then areas."""
    rank = {kind: 0 for kind in Agency.Kind.values}
    rank.update({kind: 1 for kind in Agency.VERTICAL_KINDS})
    rank.update({kind: 2 for kind in Agency.AREA_KINDS})
    rank.update({Agency.Kind.SCHOOL: 3, Agency.Kind.BUSINESS: 3, Agency.Kind.COMMUNITY: 3})
    return sorted(meeting.invited_agencies.all(), key=lambda a: (rank[a.kind], a.region_id or "", a.name))


def meeting_facts(meeting: Meeting, agenda: list[AgendaItem]) -> MeetingFacts:
    """The facts every document of ``meeting`` states (``agenda`` already loaded)."""
    government = meeting.government
    full_name, short_name, _head = region_parts(government.region)
    start = _local(meeting, meeting.starts_at)
    letter_date = meeting.letter_date
    chair = ", ".join(part for part in (meeting.chair_name, meeting.chair_title) if part)
    return MeetingFacts(
        letterhead=letterhead_of(government),
        kind=KIND_TEXT.get(meeting.kind, meeting.kind),
        title=meeting.title,
        day_date=format_day_date(start.date()),
        time=_time_text(meeting),
        place=meeting.place,
        chair=chair,
        letter_number=meeting.letter_number,
        letter_date=format_date(letter_date) if letter_date else "",
        place_and_date=f"{short_name}, {format_date(letter_date or start.date())}",
        agenda=tuple(item.title for item in agenda),
        filename_date=start.date().isoformat(),
        filename_kind=KIND_SHORT.get(meeting.kind, meeting.kind),
        region_name=full_name,
    )


def _agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"))


def _chair_signatory(meeting: Meeting, place_and_date: str) -> Signatory:
    return Signatory(
        place_and_date=place_and_date, position=meeting.chair_title or "Pimpinan Rapat", name=meeting.chair_name, nip=""
    )


def build_invitation(meeting: Meeting) -> Invitation:
    """The invitation letter of ``meeting``, signed by its chair (or the government's signatory without one)."""
    agenda = _agenda(meeting)
    facts = meeting_facts(meeting, agenda)
    full_name, _short, _head = region_parts(meeting.government.region)
    recipients = tuple(addressee(agency, full_name) for agency in _invited(meeting))
    if meeting.chair_name or meeting.chair_title:
        signatory = _chair_signatory(meeting, facts.place_and_date)
    else:
        signatory = signatory_of(meeting.government, facts.place_and_date)
    return Invitation(
        facts=facts,
        recipients=recipients,
        recipients_in_annex=len(recipients) > RECIPIENTS_ON_FIRST_PAGE,
        opening=(
            f"Dalam rangka pelaksanaan {meeting.title}, dengan hormat kami mengundang Bapak/Ibu atau pejabat yang "
            "ditunjuk untuk menghadiri rapat tersebut, yang akan dilaksanakan pada:"
        ),
        closing=(
            "Mengingat pentingnya acara tersebut, dimohon kehadiran Bapak/Ibu tepat pada waktunya. Atas perhatian "
            "dan kehadirannya diucapkan terima kasih."
        ),
        signatory=signatory,
    )


def build_sign_in_sheet(meeting: Meeting, *, blank_rows: int = BLANK_SIGN_IN_ROWS) -> SignInSheet:
    """The sign-in sheet of ``meeting``: a line per invited agency, then ``blank_rows`` empty lines."""
    facts = meeting_facts(meeting, _agenda(meeting))
    names = [agency.name for agency in _invited(meeting)] + [""] * blank_rows
    return SignInSheet(facts=facts, rows=tuple(SignInRow(i, name) for i, name in enumerate(names, start=1)))


def _secretary(meeting: Meeting, day: date, attendance: list[Attendance]) -> Signatory | None:
    """Who signs the minutes beside the chair: the attendee recorded as notulis, else the task force's secretary
    in the composition valid on the meeting's day (unless that is the chair)."""
    for person in attendance:
        if "notulis" in person.position.lower():
            position = person.position
            return Signatory(place_and_date="", position=position, name=person.name, nip="")
    if meeting.task_force_id is None:
        return None
    member = (
        Member.objects.filter(
            composition__in=Composition.objects.filter(task_force_id=meeting.task_force_id, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by("-valid_from", "-pk")
            .values("pk")[:1],
            position=Position.SEKRETARIS,
        )
        .order_by("order", "pk")
        .first()
    )
    if member is None or not member.person_name or member.person_name == meeting.chair_name:
        return None
    return Signatory(
        place_and_date="", position=member.person_title or "Sekretaris Tim Terpadu", name=member.person_name, nip=""
    )


def _follow_up_row(number: str, follow_up: FollowUp, today: date) -> FollowUpRow:
    overdue = follow_up.status in OPEN_STATUSES and follow_up.due_on < today
    status = FOLLOW_UP_STATUS_TEXT.get(follow_up.status, follow_up.status)
    if follow_up.status == FollowUp.Status.DONE:
        note = follow_up.result
        if follow_up.done_on:
            note = format_date(follow_up.done_on) + (f": {note}" if note else "")
    elif follow_up.status == FollowUp.Status.DROPPED:
        note = follow_up.dropped_reason
    else:
        note = OVERDUE_TEXT if overdue else ""
    return FollowUpRow(
        number=number,
        description=follow_up.description,
        agency=follow_up.agency.name,
        due_on=follow_up.due_on,
        due=format_date(follow_up.due_on),
        status=status,
        overdue=overdue,
        note=note,
    )


def build_minutes(meeting: Meeting, *, today: date | None = None) -> Minutes:
    """The minutes of ``meeting``; follow-ups are "overdue" when still open after their due date as of ``today``."""
    today = today or timezone.localdate()
    agenda = _agenda(meeting)
    facts = meeting_facts(meeting, agenda)
    follow_ups = Prefetch("follow_ups", queryset=FollowUp.objects.select_related("agency").order_by("due_on", "pk"))
    decisions = list(Decision.objects.filter(meeting=meeting).prefetch_related(follow_ups).order_by("order", "pk"))
    attendance = list(Attendance.objects.filter(meeting=meeting).select_related("agency").order_by("pk"))
    invited = _invited(meeting)
    present = {person.agency_id for person in attendance if person.agency_id}
    rows = []
    for number, decision in enumerate(decisions, start=1):
        for sub, follow_up in enumerate(decision.follow_ups.all(), start=1):
            rows.append(_follow_up_row(f"{number}.{sub}", follow_up, today))
    start = _local(meeting, meeting.starts_at).date()
    guests = sum(1 for person in attendance if not person.invited)
    participants = f"{len(attendance)} orang" if attendance else "Belum dicatat"
    if guests:
        participants += f", {guests} di antaranya tidak tercantum dalam undangan"
    if attendance:
        participants += " (daftar hadir terlampir)"
    return Minutes(
        facts=facts,
        status=meeting.get_status_display(),
        participants=participants,
        summary=paragraphs_of(meeting.summary),
        agenda=tuple(
            AgendaEntry(number=i, title=item.title, presenter=item.presenter, discussion=paragraphs_of(item.minutes))
            for i, item in enumerate(agenda, start=1)
        ),
        decisions=tuple(DecisionEntry(number=i, text=d.text) for i, d in enumerate(decisions, start=1)),
        follow_ups=tuple(rows),
        follow_ups_as_of=format_date(today),
        attendance=tuple(
            AttendanceRow(
                number=i,
                name=person.name,
                position=person.position,
                institution=person.agency.name if person.agency_id else person.institution,
                note="Diundang" if person.invited else "Tidak tercantum dalam undangan",
            )
            for i, person in enumerate(attendance, start=1)
        ),
        absent_agencies=tuple(agency.name for agency in invited if agency.pk not in present),
        chair=_chair_signatory(meeting, f"{region_parts(meeting.government.region)[1]}, {format_date(start)}"),
        secretary=_secretary(meeting, start, attendance),
        generated_on=today,
    )
