"""Issue 14 §3: a meeting invites every agency, an agency kind or the task force's members at once."""

import pytest

from sinergi.coordination.models import Meeting, Member, TaskForce
from sinergi.coordination.tests.helpers import agency, metro, unique_place
from sinergi.organizations.models import Agency

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "kind": "rakor", "title": "Rakor undangan kelompok", "starts_at": "2024-09-24T09:00",
        "ends_at": "2024-09-24T12:00", "place": unique_place(), "chair_name": "Dra. Rosita, MM.",
        "invited_agencies": [agency("BNN Kota Metro").pk], "letter_number": "005/9/2024", "agenda_lines": "Lain-lain",
    }  # fmt: skip
    data.update(overrides)
    return data


def _invited(client, **overrides):
    response = client.post("/rapat/baru/", _form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return set(Meeting.objects.get(title="Rakor undangan kelompok").invited_agencies.values_list("pk", flat=True))


def _current():
    return Agency.objects.filter(government=metro(), valid_until__isnull=True)


def test_invite_every_agency_at_once(login):
    client = login("sekretariat")
    assert "Undang sekaligus" in client.get("/rapat/baru/").content.decode()
    assert _invited(client, invite_groups=["all"]) == set(_current().values_list("pk", flat=True))


def test_invite_by_agency_kind_keeps_the_ticked_ones(login):
    districts = set(_current().filter(kind="district").values_list("pk", flat=True))
    assert districts
    assert _invited(login("sekretariat"), invite_groups=["kind:district"]) == districts | {agency("BNN Kota Metro").pk}


def test_invite_the_task_force_members(login):
    task_force = TaskForce.objects.filter(government=metro()).order_by("pk").first()
    members = set(
        Member.objects.filter(composition__task_force=task_force, composition__valid_until__isnull=True).values_list(
            "agency_id", flat=True
        )
    )
    assert members
    invited = _invited(login("sekretariat"), invite_groups=["task_force"], task_force=task_force.pk)
    assert members <= invited and invited <= members | {agency("BNN Kota Metro").pk}
