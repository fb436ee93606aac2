"""Records the coordination tests build for themselves (they never assume the tables are empty)."""

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.coordination import services
from sinergi.organizations.models import Agency, Government

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def metro():
    return Government.objects.get(region_id="18.72")


def lamtim():
    return Government.objects.get(region_id="18.07")


def agency(acronym: str, government=None):
    return Agency.objects.get(government=government or metro(), acronym=acronym)


def user(username: str):
    return User.objects.get(username=username)


def at(text: str):
    """An aware datetime from "YYYY-MM-DD HH:MM" in the current time zone."""
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


def unique_place() -> str:
    return f"Ruang Uji {uuid.uuid4().hex[:8]}"


def make_meeting(*, government=None, by=None, title="Rakor Tim Terpadu P4GN", starts="2024-09-24 09:00", hours=3,
                 place=None, invited=("Disdikbud",), **fields):  # fmt: skip
    government = government or metro()
    starts_at = at(starts)
    return services.meeting_create(
        government=government,
        by=by or user("sekretariat"),
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        place=place or unique_place(),
        invited_agencies=[agency(a, government) for a in invited],
        **fields,
    )


def make_follow_up(meeting, *, owner="Disdikbud", due="2024-10-31", text="Sosialisasi di sekolah", by=None):
    decision = services.decision_add(
        meeting=meeting,
        by=by or user("sekretariat"),
        text=f"Keputusan: {text}",
        follow_ups=[{"agency": agency(owner, meeting.government), "description": text, "due_on": due}],
    )
    return decision.follow_ups.get()
