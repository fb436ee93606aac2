"""Issue 13 §1: every write that names another object by id or code, given another government's, is refused with
a field error naming the field; nothing is written and no audit row is recorded.

Each writing role sends each write of its own government (the body otherwise valid for it) with one id or code of
the other government (Kota Metro ↔ Kabupaten Lampung Timur). The ids are resolved through ``scope.one_of`` /
``all_of`` (or the model's ``clean``), so the answer is 422 with ``fields[<field>]``.
"""

import json

import pytest

from sinergi.accounts.models import User
from sinergi.coordination.models import Decision, FollowUp, Meeting
from sinergi.core.models import AuditEntry
from sinergi.organizations.models import Agency, Government, Membership
from sinergi.planning.models import Action, RegionalPlan
from sinergi.programmes.models import Event, VulnerabilityAssessment

# Per government: its id, an agency, a user, a region code below it, a kelurahan, and (Metro) a plan and a decision.
HOMES = {"sekretariat": "18.72", "lamtim": "18.07", "disdik": "18.72", "dinkes": "18.72", "kel.iringmulyo": "18.72"}
OTHER = {"18.72": "18.07", "18.07": "18.72"}


def _facts(code: str) -> dict:
    government = Government.objects.get(region_id=code)
    agencies = Agency.objects.filter(government=government, valid_until__isnull=True)
    kelurahan = {"18.72": "18.72.04.1003", "18.07": "18.07.01.2001"}[code]
    return {
        "government": government.pk,
        "agency": agencies.filter(acronym="Kesbangpol").first().pk,
        "user": Membership.objects.filter(government=government).values_list("user_id", flat=True).first(),
        "district": kelurahan.rsplit(".", 1)[0],
        "kelurahan": kelurahan,
        "plan": RegionalPlan.objects.filter(government=government, status="in_review")
        .values_list("pk", flat=True)
        .first(),
        "decision": Decision.objects.filter(meeting__government=government).values_list("pk", flat=True).first(),
        "action": Action.objects.filter(government=government).values_list("pk", flat=True).first(),
    }


def _own_agency(persona: str, home: dict) -> int:
    acronym = {"disdik": "Disdikbud", "dinkes": "Dinkes"}.get(persona)
    if acronym:
        return Agency.objects.get(pk__isnull=False, government_id=home["government"], acronym=acronym).pk
    if persona == "kel.iringmulyo":
        return Agency.objects.get(government_id=home["government"], region_id=home["kelurahan"]).pk
    return home["agency"]


def _event(persona, home, **foreign):
    body = {
        "government": home["government"],
        "agency": _own_agency(persona, home),
        "kind": "sosialisasi",
        "title": "Sosialisasi bahaya narkoba",
        "starts_on": "2024-03-01",
        "target_group": "pelajar",
        "participants": 10,
        "region": home["kelurahan"] if persona == "kel.iringmulyo" else None,
    }
    return {**body, **foreign}


# (name, writers, method, url, body(persona, home, foreign), field, models whose row counts must not change)
SECRETARIATS = ("sekretariat", "lamtim")
OPERATORS = ("disdik", "dinkes", "kel.iringmulyo")
WRITES = [
    ("membership-region", SECRETARIATS, "POST", "/api/v1/memberships",
     lambda p, h, f: {"user": h["user"], "agency": h["agency"], "role": "observer", "region": f["district"]},
     "region", (Membership,)),
    ("membership-agency", SECRETARIATS, "POST", "/api/v1/memberships",
     lambda p, h, f: {"user": h["user"], "agency": f["agency"], "role": "reviewer"}, "agency", (Membership,)),
    ("membership-user", SECRETARIATS, "POST", "/api/v1/memberships",
     lambda p, h, f: {"user": f["user"], "agency": h["agency"], "role": "reviewer"}, "user", (Membership,)),
    ("user-region", SECRETARIATS, "POST", "/api/v1/users",
     lambda p, h, f: {"username": "orang.baru", "full_name": "Orang Baru", "agency": h["agency"], "role": "observer",
                      "region": f["district"]}, "region", (User, Membership)),
    ("user-agency", SECRETARIATS, "POST", "/api/v1/users",
     lambda p, h, f: {"username": "orang.baru", "full_name": "Orang Baru", "agency": f["agency"], "role": "reviewer"},
     "agency", (User, Membership)),
    ("agency-region", SECRETARIATS, "POST", "/api/v1/agencies",
     lambda p, h, f: {"government": h["government"], "name": "Kecamatan Luar", "kind": "district",
                      "region": f["district"]}, "region", (Agency,)),
    ("agency-patch-region", SECRETARIATS, "PATCH", "/api/v1/agencies/{agency}",
     lambda p, h, f: {"region": f["district"]}, "region", (Agency,)),
    ("meeting-invitees", SECRETARIATS, "POST", "/api/v1/meetings",
     lambda p, h, f: {"government": h["government"], "title": "Rapat koordinasi", "starts_at": "2024-05-02T09:00:00",
                      "place": "Aula", "invited_agencies": [f["agency"]]}, "invited_agencies", (Meeting,)),
    ("event-agency", SECRETARIATS, "POST", "/api/v1/events",
     lambda p, h, f: _event(p, h, agency=f["agency"]), "agency", (Event,)),
    ("event-partners", SECRETARIATS + OPERATORS, "POST", "/api/v1/events",
     lambda p, h, f: _event(p, h, partner_agencies=[f["agency"]]), "partner_agencies", (Event,)),
    ("event-region", SECRETARIATS, "POST", "/api/v1/events",
     lambda p, h, f: _event(p, h, region=f["kelurahan"]), "region", (Event,)),
    # Only Kota Metro has RAD actions in the demo: Lampung Timur names one of them.
    ("event-action", ("lamtim",), "POST", "/api/v1/events",
     lambda p, h, f: _event(p, h, action=f["action"]), "action", (Event,)),
    ("assessment-region", SECRETARIATS, "POST", "/api/v1/assessments",
     lambda p, h, f: {"government": h["government"], "region": f["kelurahan"], "year": 2024,
                      "assessed_on": "2024-06-01", "ratings": {}}, "region", (VulnerabilityAssessment,)),
]  # fmt: skip
# Writes of Kota Metro's plan and meetings (Lampung Timur has none in the demo): the secretariat of Kota Metro.
METRO_WRITES = [
    ("action-agency", "POST", "/api/v1/plans/{plan}/actions",
     lambda p, h, f: {"title": "Aksi baru", "responsible_agency": f["agency"]}, "responsible_agency", (Action,)),
    ("action-supporting", "POST", "/api/v1/plans/{plan}/actions",
     lambda p, h, f: {"title": "Aksi baru", "responsible_agency": h["agency"], "supporting_agencies": [f["agency"]]},
     "supporting_agencies", (Action,)),
    ("action-locations", "POST", "/api/v1/plans/{plan}/actions",
     lambda p, h, f: {"title": "Aksi baru", "responsible_agency": h["agency"], "locations": [f["district"]]},
     "locations", (Action,)),
    ("follow-up-agency", "POST", "/api/v1/decisions/{decision}/follow-ups",
     lambda p, h, f: {"agency": f["agency"], "description": "Tindak lanjut", "due_on": "2024-12-31"}, "agency",
     (FollowUp,)),
]  # fmt: skip

CASES = [
    pytest.param(name, persona, method, url, body, field, models, id=f"{persona}-{name}")
    for name, writers, method, url, body, field, models in WRITES
    for persona in writers
] + [
    pytest.param(name, "sekretariat", method, url, body, field, models, id=f"sekretariat-{name}")
    for name, method, url, body, field, models in METRO_WRITES
]


@pytest.mark.parametrize(("name", "persona", "method", "url", "body", "field", "models"), CASES)
def test_another_governments_id_is_a_field_error_and_nothing_is_written(
    api, name, persona, method, url, body, field, models
):
    home_code = HOMES[persona]
    home, foreign = _facts(home_code), _facts(OTHER[home_code])
    client = api(persona)
    counts = {model: model.objects.count() for model in models}
    audit = AuditEntry.objects.count()
    response = client.generic(
        method, url.format(**home), json.dumps(body(persona, home, foreign)), content_type="application/json"
    )
    assert response.status_code == 422, response.content[:600]
    assert field in response.json()["error"]["fields"], response.content[:600]
    assert {model: model.objects.count() for model in models} == counts
    assert AuditEntry.objects.count() == audit
    if name == "agency-patch-region":
        assert Agency.objects.get(pk=home["agency"]).region_id is None
