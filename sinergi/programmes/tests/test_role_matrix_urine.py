"""The role matrix for urine tests (pages and API): who lists, reads, records and changes them.

Area operators record and read the tests of the offices located in their area (Kelurahan Iring Mulyo's office for
``kel.iringmulyo``), never another area's; the testing agency's operators theirs; the secretariat and BNN every
test of the government; the leader and the observer read without writing. Same conventions as the other
``test_role_matrix*.py``: out of scope is 404, visible but not writable is 403.
"""

from datetime import date

import pytest

from conftest import metro_agency
from sinergi.core.tests.role_matrix import (
    ALL,
    METRO_GOVERNMENT_READERS,
    assert_covers_every_persona,
    cases,
    check,
    demo_ids,
    expect,
)
from sinergi.organizations.models import Agency
from sinergi.programmes import services
from sinergi.programmes.models import UrineTestCampaign
from sinergi.programmes.tests.people import IRING_MULYO, METRO_KELURAHAN, metro, user

# The government-wide recorders of tests: the secretariat, BNN (verifiers) and the administrator.
TEST_RECORDERS = {"sekretariat", "bnn", "admin"}
IRINGMULYO_TEST_READERS = METRO_GOVERNMENT_READERS | {"kel.iringmulyo"}
DINKES_TEST_READERS = METRO_GOVERNMENT_READERS | {"dinkes"}
NAMES = ("Sekolah Matriks Iring Mulyo", "Kantor Matriks Dinkes", "Pasar Matriks Metro")
BODY = {"held_on": "2024-05-02", "group": "pekerja", "tested": "12", "positive": "1", "referred": "0"}


def _office(code):
    return Agency.objects.get(government=metro(), region_id=code, valid_until__isnull=True)


def _make(agency, host_name):
    return services.urine_test_create(
        government=metro(), by=user("sekretariat"), agency=agency, host_name=host_name,
        held_on=date(2024, 5, 1), group="pelajar", tested=40, positive=2, referred=1,
    )  # fmt: skip


def _urine_ids():
    ids = demo_ids()
    ids.update(
        iring=_make(_office(IRING_MULYO), NAMES[0]).pk,
        dinkes_test=_make(metro_agency("Dinkes"), NAMES[1]).pk,
        metro_test=_make(_office(METRO_KELURAHAN), NAMES[2]).pk,
    )
    return ids


def _create(agency):
    return {"government": "{metro}", "agency": agency, "host_name": "Balai Matriks", **BODY}


MATRIX = [
    # --- pages ---
    ("GET", "/tes-urine/", None, expect(200, ALL)),
    (
        "GET",
        "/tes-urine/baru/",
        None,
        expect(200, TEST_RECORDERS | {"disdik", "dinkes", "kel.iringmulyo", "lamtim"}, otherwise=403),
    ),
    # A page post for an office the user does not record for shows the form again with the error, writing nothing
    # (the administrator works in another government until they switch).
    (
        "POST",
        "/tes-urine/baru/",
        {"agency": "{kel_iringmulyo}", "host_name": "Balai Matriks", **BODY},
        expect(
            302,
            TEST_RECORDERS | {"kel.iringmulyo"},
            otherwise=200,
            kepala_disdik=403,
            walikota=403,
            provinsi=403,
            admin=200,
        ),
    ),
    (
        "GET",
        "/tes-urine/{iring}/ubah/",
        None,
        expect(200, TEST_RECORDERS | {"kel.iringmulyo"}, walikota=403, provinsi=403),
    ),
    (
        "POST",
        "/tes-urine/{iring}/ubah/",
        {"agency": "{kel_iringmulyo}", "host_name": "Sekolah Matriks Iring Mulyo", **BODY},
        expect(302, TEST_RECORDERS | {"kel.iringmulyo"}, walikota=403, provinsi=403),
    ),
    ("GET", "/tes-urine/{metro_test}/ubah/", None, expect(200, TEST_RECORDERS, walikota=403, provinsi=403)),
    (
        "GET",
        "/tes-urine/{dinkes_test}/ubah/",
        None,
        expect(200, TEST_RECORDERS | {"dinkes"}, walikota=403, provinsi=403),
    ),
    # --- API ---
    ("GET", "/api/v1/urine-tests", None, expect(200, ALL)),
    ("GET", "/api/v1/urine-tests/{iring}", None, expect(200, IRINGMULYO_TEST_READERS)),
    ("GET", "/api/v1/urine-tests/{metro_test}", None, expect(200, METRO_GOVERNMENT_READERS)),
    ("GET", "/api/v1/urine-tests/{dinkes_test}", None, expect(200, DINKES_TEST_READERS)),
    (
        "POST",
        "/api/v1/urine-tests",
        _create("{kel_iringmulyo}"),
        expect(201, TEST_RECORDERS | {"kel.iringmulyo"}, otherwise=403, lamtim=404),
    ),
    # Another kelurahan's office: not the Iring Mulyo operator's to record.
    ("POST", "/api/v1/urine-tests", _create("{kel_metro}"), expect(201, TEST_RECORDERS, otherwise=403, lamtim=404)),
    (
        "POST",
        "/api/v1/urine-tests",
        _create("{dinkes}"),
        expect(201, TEST_RECORDERS | {"dinkes"}, otherwise=403, lamtim=404),
    ),
    (
        "PATCH",
        "/api/v1/urine-tests/{iring}",
        {"tested": 41},
        expect(200, TEST_RECORDERS | {"kel.iringmulyo"}, walikota=403, provinsi=403),
    ),
    # Moving one's own test to another area's office is refused.
    (
        "PATCH",
        "/api/v1/urine-tests/{iring}",
        {"agency": "{kel_metro}"},
        expect(200, TEST_RECORDERS, walikota=403, provinsi=403, kel_iringmulyo=403),
    ),
    (
        "PATCH",
        "/api/v1/urine-tests/{metro_test}",
        {"tested": 41},
        expect(200, TEST_RECORDERS, walikota=403, provinsi=403),
    ),
    (
        "PATCH",
        "/api/v1/urine-tests/{dinkes_test}",
        {"tested": 41},
        expect(200, TEST_RECORDERS | {"dinkes"}, walikota=403, provinsi=403),
    ),
    (
        "DELETE",
        "/api/v1/urine-tests/{iring}",
        None,
        expect(204, TEST_RECORDERS | {"kel.iringmulyo"}, walikota=403, provinsi=403),
    ),
]

CASES = cases(MATRIX, body_key="agency")


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_urine_role_matrix(login, api, method, url, body, persona, status):
    check(login, api, method, url, body, persona, status, _urine_ids(), secrets=NAMES)


def test_urine_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)


def test_the_area_operator_records_reads_and_changes_their_offices_tests(login, api):
    """kel.iringmulyo, from the home's button to the list: records for their office, sees it, changes it; another
    area's and another agency's tests stay out of their list."""
    ids = _urine_ids()
    client = login("kel.iringmulyo")
    home = client.get("/").content.decode()
    assert 'href="/tes-urine/baru/"' in home
    form = client.get("/tes-urine/baru/").content.decode()
    assert f'<option value="{ids["kel_iringmulyo"]}"' in form
    assert f'<option value="{ids["kel_metro"]}"' not in form.split('name="host_agency"')[0]
    response = client.post("/tes-urine/baru/", {"agency": ids["kel_iringmulyo"], "host_name": "Posyandu Uji", **BODY})
    assert response.status_code == 302
    created = UrineTestCampaign.objects.get(host_name="Posyandu Uji")
    assert (created.agency_id, created.tested, created.created_by.username) == (
        ids["kel_iringmulyo"],
        12,
        "kel.iringmulyo",
    )

    listed = api("kel.iringmulyo").get("/api/v1/urine-tests?limit=500").json()["items"]
    assert {row["id"] for row in listed} >= {created.pk, ids["iring"]}
    assert not {row["id"] for row in listed} & {ids["metro_test"], ids["dinkes_test"]}
    page = client.get("/tes-urine/").content.decode()
    assert "Posyandu Uji" in page and f'href="/tes-urine/{created.pk}/ubah/"' in page
    assert NAMES[1] not in page and NAMES[2] not in page

    changed = api("kel.iringmulyo").patch(
        f"/api/v1/urine-tests/{created.pk}", {"tested": 30, "positive": 3}, content_type="application/json"
    )
    assert changed.status_code == 200
    created.refresh_from_db()
    assert (created.tested, created.positive) == (30, 3)
    # Another kelurahan's office: refused on the page too, nothing recorded.
    refused = client.post("/tes-urine/baru/", {"agency": ids["kel_metro"], "host_name": "Pasar Uji", **BODY})
    assert refused.status_code == 200 and not UrineTestCampaign.objects.filter(host_name="Pasar Uji").exists()
