"""The coordination rows of the role matrix: who sees and who changes task forces, meetings and follow-ups.

Scoping: government-wide roles and observers read every meeting; an agency reads the meetings it was invited to,
attended or owns a follow-up of, and its own follow-ups; an area operator reads the meetings of their area (and
of their own office) and the follow-ups of offices in their area; every member of the government reads its task
forces. Only the secretariat (and the administrator) changes meetings and task forces; the owner agency's
operators (the area operator for a kelurahan office) update their follow-ups.
"""

from datetime import date

import pytest

from sinergi.coordination import services
from sinergi.coordination.models import TaskForce
from sinergi.coordination.tests.helpers import agency, lamtim, make_follow_up, make_meeting, metro, user
from sinergi.core.tests.role_matrix import (
    ALL,
    METRO_GOVERNMENT_READERS,
    METRO_MANAGERS,
    METRO_MEMBERS,
    assert_covers_every_persona,
    cases,
    check,
    expect,
)
from sinergi.organizations.models import Agency
from sinergi.regions.models import Region

LAMTIM_READERS = {"lamtim", "provinsi", "admin"}
DISDIK_MEETING_READERS = METRO_GOVERNMENT_READERS | {"disdik", "kepala.disdik"}
AREA_MEETING_READERS = METRO_GOVERNMENT_READERS | {"kel.iringmulyo"}
TASK_FORCE_READERS = METRO_MEMBERS | {"provinsi", "admin"}
NOT_MANAGING_DISDIK = {"bnn": 403, "walikota": 403, "provinsi": 403, "disdik": 403, "kepala_disdik": 403}
NOT_MANAGING_METRO = {"bnn": 403, "walikota": 403, "provinsi": 403}


def demo_ids():
    government = metro()
    by = user("sekretariat")
    meeting = make_meeting(title="Rakor Matriks", invited=("Disdikbud",))
    follow_up = make_follow_up(meeting, text="Tindak lanjut matriks Disdikbud")
    iring_mulyo = Agency.objects.get(government=government, region_id="18.72.04.1003")
    area = make_meeting(title="Rapat Kelurahan Matriks", invited=(), kind="wilayah")
    area.region = Region.objects.get(code="18.72.04.1003")
    area.save(update_fields=["region"])
    area_follow_up = services.decision_add(
        meeting=area, by=by, text="Posko",
        follow_ups=[{"agency": iring_mulyo, "description": "Bentuk posko", "due_on": date(2024, 12, 1)}],
    ).follow_ups.get()  # fmt: skip
    other = make_meeting(government=lamtim(), by=user("lamtim"), title="Rakor Lampung Timur Matriks", invited=())
    team = TaskForce.objects.filter(government=government, region__isnull=True).first() or services.task_force_create(
        government=government, by=by, name="Tim Terpadu P4GN Kota Metro"
    )
    return {
        "metro": government.pk,
        "meeting": meeting.pk,
        "follow_up": follow_up.pk,
        "area_meeting": area.pk,
        "area_follow_up": area_follow_up.pk,
        "lamtim_meeting": other.pk,
        "team": team.pk,
        "disdik": agency("Disdikbud").pk,
        "dinkes": agency("Dinkes").pk,
    }


MEETING_NEW = {
    "government": "{metro}", "title": "Rakor Baru Matriks", "starts_at": "2024-10-01T09:00:00+07:00",
    "place": "Ruang Matriks",
}  # fmt: skip
COMPOSITION_NEW = {"sk_number": "100/MATRIKS", "sk_date": "2031-01-01", "valid_from": "2031-01-01"}

MATRIX = [
    # --- pages ---
    ("GET", "/rapat/{meeting}/", None, expect(200, DISDIK_MEETING_READERS)),
    ("GET", "/rapat/{area_meeting}/", None, expect(200, AREA_MEETING_READERS)),
    ("GET", "/rapat/{lamtim_meeting}/", None, expect(200, LAMTIM_READERS)),
    ("GET", "/rapat/{meeting}/ubah/", None, expect(200, METRO_MANAGERS, **NOT_MANAGING_DISDIK)),
    ("POST", "/rapat/{meeting}/langkah/hold/", {}, expect(302, METRO_MANAGERS, **NOT_MANAGING_DISDIK)),
    (
        "POST",
        "/rapat/{meeting}/hadir/",
        {"hadir-agency": "{dinkes}", "hadir-name": "Tamu"},
        expect(302, METRO_MANAGERS, **NOT_MANAGING_DISDIK),
    ),
    ("GET", "/tindak-lanjut/{follow_up}/", None, expect(200, DISDIK_MEETING_READERS)),
    ("GET", "/tindak-lanjut/{area_follow_up}/", None, expect(200, AREA_MEETING_READERS)),
    (
        "POST",
        "/tindak-lanjut/{follow_up}/",
        {"progres-status": "in_progress"},
        expect(302, METRO_MANAGERS | {"disdik"}, **{**NOT_MANAGING_DISDIK, "disdik": 302}),
    ),
    (
        "POST",
        "/tindak-lanjut/{area_follow_up}/",
        {"progres-status": "in_progress"},
        expect(302, METRO_MANAGERS | {"kel.iringmulyo"}, **NOT_MANAGING_METRO),
    ),
    ("GET", "/tindak-lanjut/{follow_up}/ubah/", None, expect(200, METRO_MANAGERS, **NOT_MANAGING_DISDIK)),
    ("GET", "/tim-terpadu/{team}/", None, expect(200, TASK_FORCE_READERS)),
    # --- API ---
    ("GET", "/api/v1/meetings", None, expect(200, ALL)),
    ("GET", "/api/v1/follow-ups", None, expect(200, ALL)),
    ("GET", "/api/v1/task-forces", None, expect(200, ALL)),
    ("GET", "/api/v1/meetings/{meeting}", None, expect(200, DISDIK_MEETING_READERS)),
    ("GET", "/api/v1/meetings/{area_meeting}", None, expect(200, AREA_MEETING_READERS)),
    ("GET", "/api/v1/meetings/{lamtim_meeting}", None, expect(200, LAMTIM_READERS)),
    (
        "POST",
        "/api/v1/meetings",
        MEETING_NEW,
        expect(201, METRO_MANAGERS, otherwise=403, lamtim=404),
    ),
    (
        "PATCH",
        "/api/v1/meetings/{meeting}",
        {"letter_number": "005/MATRIKS"},
        expect(200, METRO_MANAGERS, **NOT_MANAGING_DISDIK),
    ),
    ("POST", "/api/v1/meetings/{meeting}/hold", {}, expect(200, METRO_MANAGERS, **NOT_MANAGING_DISDIK)),
    (
        "POST",
        "/api/v1/meetings/{meeting}/decisions",
        {"text": "Keputusan matriks"},
        expect(201, METRO_MANAGERS, **NOT_MANAGING_DISDIK),
    ),
    ("GET", "/api/v1/follow-ups/{follow_up}", None, expect(200, DISDIK_MEETING_READERS)),
    (
        "PATCH",
        "/api/v1/follow-ups/{follow_up}",
        {"status": "in_progress"},
        expect(200, METRO_MANAGERS | {"disdik"}, **{**NOT_MANAGING_DISDIK, "disdik": 200}),
    ),
    (
        "PATCH",
        "/api/v1/follow-ups/{area_follow_up}",
        {"status": "in_progress"},
        expect(200, METRO_MANAGERS | {"kel.iringmulyo"}, **NOT_MANAGING_METRO),
    ),
    ("GET", "/api/v1/task-forces/{team}", None, expect(200, TASK_FORCE_READERS)),
    (
        "POST",
        "/api/v1/task-forces/{team}/compositions",
        COMPOSITION_NEW,
        expect(201, METRO_MANAGERS, otherwise=403, lamtim=404),
    ),
]

CASES = cases(MATRIX)
# What a refusal must never carry, whatever the row.
SECRET_NAMES = ("Tindak lanjut matriks Disdikbud", "Bentuk posko", "Rakor Lampung Timur Matriks")


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_coordination_role_matrix(login, api, method, url, body, persona, status):
    check(login, api, method, url, body, persona, status, demo_ids(), secrets=SECRET_NAMES)


def test_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
