"""The dashboards in the role matrix: who may open which dashboard, download its charts, and ask the API for it.

Same rows and conventions as ``organizations/tests/test_role_matrix.py``. A government's dashboard is for its
members and the observers of its region; a region's roll-ups are for observers within their subtree, the members
of a kabupaten/kota government within its region, and administrators. Refusals are 404 and never carry a name of
what was refused.
"""

import pytest

from sinergi.organizations.tests.test_role_matrix import (
    ALL,
    LAMTIM_READERS,
    METRO_MEMBERS,
    PERSONAS,
    _fill,
    _ids,
    expect,
)

METRO_READERS = METRO_MEMBERS | {"provinsi", "admin"}
PROVINCE_READERS = {"provinsi", "admin"}

MATRIX = [
    # --- pages ---
    ("/dasbor/", expect(200, ALL)),
    ("/dasbor/?semester=2024-1&period={period2024}", expect(200, ALL)),
    ("/dasbor/pemda/{metro}/", expect(200, METRO_READERS)),
    ("/dasbor/pemda/{metro}/?semester=2023-2", expect(200, METRO_READERS)),
    ("/dasbor/pemda/{lamtim}/", expect(200, LAMTIM_READERS)),
    ("/dasbor/pemda/{metro}/?format=csv&chart=agencies", expect(200, METRO_READERS)),
    ("/dasbor/pemda/{metro}/?format=csv&chart=areas", expect(200, METRO_READERS)),
    ("/dasbor/wilayah/ID/", expect(200, {"admin"})),
    ("/dasbor/wilayah/18/", expect(200, PROVINCE_READERS)),
    ("/dasbor/wilayah/18/?format=csv&chart=ranking", expect(200, PROVINCE_READERS)),
    ("/dasbor/wilayah/18.72/", expect(200, METRO_READERS)),
    ("/dasbor/wilayah/18.72.04/", expect(200, METRO_READERS)),
    ("/dasbor/wilayah/18.72.04.1003/", expect(200, METRO_READERS)),
    ("/dasbor/wilayah/18.72/?format=csv&chart=areas", expect(200, METRO_READERS)),
    ("/dasbor/wilayah/18.07/", expect(200, LAMTIM_READERS)),
    ("/dasbor/wilayah/99.99/", expect(404, set())),
    # --- API ---
    ("/api/v1/dashboard?government={metro}", expect(200, METRO_READERS)),
    ("/api/v1/dashboard?government={metro}&period={period2024}", expect(200, METRO_READERS)),
    ("/api/v1/dashboard?government={lamtim}", expect(200, LAMTIM_READERS)),
    ("/api/v1/dashboard?government={lamtim}&period={period2024}", expect(404, set())),
    ("/api/v1/rollups?region=ID", expect(200, {"admin"})),
    ("/api/v1/rollups?region=18&period=2024-1", expect(200, PROVINCE_READERS)),
    ("/api/v1/rollups?region=18.72&period=2024-1", expect(200, METRO_READERS)),
    ("/api/v1/rollups?region=18.72.04.1003", expect(200, METRO_READERS)),
    ("/api/v1/rollups?region=18.07", expect(200, LAMTIM_READERS)),
    ("/api/v1/rollups?region=18.72&period=2024-9", expect(422, ALL)),
]

CASES = [
    pytest.param(url, persona, status, id=f"{persona}-GET-{url}")
    for url, table in MATRIX
    for persona, status in table.items()
]

# Names a refusal must not carry (except to those who know them anyway).
SECRET_NAMES = {
    "{metro}": ("Kota Metro", set()),
    "18.72": ("Kota Metro", set()),
    "{lamtim}": ("Lampung Timur", {"lamtim", "provinsi"}),
    "18.07": ("Lampung Timur", {"lamtim", "provinsi"}),
}


@pytest.mark.parametrize(("url", "persona", "status"), CASES)
def test_dashboard_role_matrix(login, api, url, persona, status):
    ids = _ids()
    path = _fill(url, ids)
    client = api(persona) if path.startswith("/api/") else login(persona)
    response = client.get(path)
    assert response.status_code == status, response.content[:300]
    if status == 404:
        for placeholder, (name, known_to) in SECRET_NAMES.items():
            if placeholder in url and persona not in known_to:
                assert name.encode() not in response.content


def test_dashboard_matrix_covers_every_persona():
    assert {persona for _url, table in MATRIX for persona in table} == set(PERSONAS)
    assert len(CASES) == len(MATRIX) * len(PERSONAS)
