"""Issue 13 §1: only the platform administrator may grant a region outside the government's own area.

The rule lives in ``Membership.clean`` and is decided by who grants (``membership_create(by=…)``, the admin
form), so the API, the pages, the admin and the CLI all obey it.
"""

import json

import pytest
from django.core.exceptions import ValidationError

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.organizations.models import Membership
from sinergi.organizations.services import membership_create
from sinergi.regions.models import Region


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("region", ["18", "18.07", "18.07.01"])
def test_secretariat_cannot_grant_an_observer_region_of_another_government(api, region):
    client = api("sekretariat")
    dinkes = User.objects.get(username="dinkes")
    memberships, audit = Membership.objects.count(), AuditEntry.objects.count()
    response = _post(
        client,
        "/api/v1/memberships",
        {"user": dinkes.pk, "agency": metro_agency("Dinkes").pk, "role": "observer", "region": region},
    )
    assert response.status_code == 422, response.content
    assert "region" in response.json()["error"]["fields"]
    assert Membership.objects.count() == memberships
    assert AuditEntry.objects.count() == audit
    # … and so the user still reads nothing of Lampung Timur.
    assert api("dinkes").get(f"/api/v1/dashboard?government={_lamtim_id()}").status_code == 404


def _lamtim_id():
    from sinergi.organizations.models import Government

    return Government.objects.get(region_id="18.07").pk


def test_secretariat_may_still_grant_an_observer_region_inside_its_government(api):
    client = api("sekretariat")
    dinkes = User.objects.get(username="dinkes")
    response = _post(
        client,
        "/api/v1/memberships",
        {"user": dinkes.pk, "agency": metro_agency("Dinkes").pk, "role": "observer", "region": "18.72.04"},
    )
    assert response.status_code == 201, response.content
    assert Membership.objects.filter(user=dinkes, role="observer", region_id="18.72.04").exists()


def test_the_administrator_may_grant_a_region_elsewhere(api):
    dinkes = User.objects.get(username="dinkes")
    response = _post(
        api("admin"),
        "/api/v1/memberships",
        {"user": dinkes.pk, "agency": metro_agency("Dinkes").pk, "role": "observer", "region": "18"},
    )
    assert response.status_code == 201, response.content
    assert Membership.objects.filter(user=dinkes, role="observer", region_id="18").exists()


def test_new_user_with_an_observer_region_elsewhere_is_refused_and_nothing_is_written(api):
    client = api("sekretariat")
    users, audit = User.objects.count(), AuditEntry.objects.count()
    response = _post(
        client,
        "/api/v1/users",
        {
            "username": "pemantau.luar",
            "full_name": "Pemantau Luar",
            "agency": metro_agency("Kesbangpol").pk,
            "role": "observer",
            "region": "18",
        },
    )
    assert response.status_code == 422, response.content
    assert "region" in response.json()["error"]["fields"]
    assert User.objects.count() == users
    assert AuditEntry.objects.count() == audit


def test_the_service_refuses_a_grant_without_an_administrator_behind_it(db):
    """The CLI and any other caller of the service: no actor, or a non-administrator, may not grant elsewhere."""
    dinkes = User.objects.get(username="dinkes")
    for by in (None, User.objects.get(username="sekretariat")):
        with pytest.raises(ValidationError) as caught:
            membership_create(
                user=dinkes, agency=metro_agency("Dinkes"), role="observer", region=Region.objects.get(code="18"), by=by
            )
        assert "region" in caught.value.message_dict


def test_the_admin_form_lets_the_administrator_grant_elsewhere(login):
    dinkes = User.objects.get(username="dinkes")
    response = login("admin").post(
        "/admin/organizations/membership/add/",
        {
            "user": dinkes.pk,
            "government": metro_agency("Dinkes").government_id,
            "agency": metro_agency("Dinkes").pk,
            "role": "observer",
            "region": "18",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert Membership.objects.filter(user=dinkes, role="observer", region_id="18").exists()
