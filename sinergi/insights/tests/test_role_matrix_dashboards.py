"""The dashboards in the role matrix: who may open which dashboard, download its charts, and ask the API for it.

Same rows and conventions as ``organizations/tests/test_role_matrix.py``. A government's dashboard is for its
government-wide roles and the observers of its region (403 for its agency and area roles, who read only part of
it); a region's roll-ups are for observers within their subtree, the members of a kabupaten/kota government within
its region, and administrators. Other refusals are 404 and never carry a name of what was refused.
"""

import pytest

from sinergi.core.tests.role_matrix import (
    ALL,
    LAMTIM_READERS,
    METRO_GOVERNMENT_READERS,
    METRO_MEMBERS,
    assert_covers_every_persona,
    cases,
    check,
    demo_ids,
    expect,
)

METRO_READERS = METRO_MEMBERS | {"provinsi", "admin"}
# A government's dashboard adds up every agency's numbers and budget: its agency and area roles are refused (403).
PARTIAL = {"disdik": 403, "kepala_disdik": 403, "dinkes": 403, "kel_iringmulyo": 403}
METRO_DASHBOARD = expect(200, METRO_GOVERNMENT_READERS, **PARTIAL)
PROVINCE_READERS = {"provinsi", "admin"}

MATRIX = [
    # --- pages ---
    ("GET", "/dasbor/", None, expect(200, ALL)),
    ("GET", "/dasbor/?semester=2024-1&period={period2024}", None, expect(200, ALL)),
    ("GET", "/dasbor/pemda/{metro}/", None, METRO_DASHBOARD),
    ("GET", "/dasbor/pemda/{metro}/?semester=2023-2", None, METRO_DASHBOARD),
    ("GET", "/dasbor/pemda/{lamtim}/", None, expect(200, LAMTIM_READERS)),
    ("GET", "/dasbor/pemda/{metro}/?format=csv&chart=agencies", None, METRO_DASHBOARD),
    ("GET", "/dasbor/pemda/{metro}/?format=csv&chart=areas", None, METRO_DASHBOARD),
    ("GET", "/dasbor/wilayah/ID/", None, expect(200, {"admin"})),
    ("GET", "/dasbor/wilayah/18/", None, expect(200, PROVINCE_READERS)),
    ("GET", "/dasbor/wilayah/18/?format=csv&chart=ranking", None, expect(200, PROVINCE_READERS)),
    ("GET", "/dasbor/wilayah/18.72/", None, expect(200, METRO_READERS)),
    ("GET", "/dasbor/wilayah/18.72.04/", None, expect(200, METRO_READERS)),
    ("GET", "/dasbor/wilayah/18.72.04.1003/", None, expect(200, METRO_READERS)),
    ("GET", "/dasbor/wilayah/18.72/?format=csv&chart=areas", None, expect(200, METRO_READERS)),
    ("GET", "/dasbor/wilayah/18.07/", None, expect(200, LAMTIM_READERS)),
    ("GET", "/dasbor/wilayah/99.99/", None, expect(404, set())),
    # --- API ---
    ("GET", "/api/v1/dashboard?government={metro}", None, METRO_DASHBOARD),
    ("GET", "/api/v1/dashboard?government={metro}&period={period2024}", None, METRO_DASHBOARD),
    ("GET", "/api/v1/dashboard?government={lamtim}", None, expect(200, LAMTIM_READERS)),
    ("GET", "/api/v1/dashboard?government={lamtim}&period={period2024}", None, expect(404, set())),
    ("GET", "/api/v1/rollups?region=ID", None, expect(200, {"admin"})),
    ("GET", "/api/v1/rollups?region=18&period=2024-1", None, expect(200, PROVINCE_READERS)),
    ("GET", "/api/v1/rollups?region=18.72&period=2024-1", None, expect(200, METRO_READERS)),
    ("GET", "/api/v1/rollups?region=18.72.04.1003", None, expect(200, METRO_READERS)),
    ("GET", "/api/v1/rollups?region=18.07", None, expect(200, LAMTIM_READERS)),
    ("GET", "/api/v1/rollups?region=18.72&period=2024-9", None, expect(422, ALL)),
]

CASES = cases(MATRIX)

# Names a refusal must not carry (except to those who know them anyway): (name, url part, who knows it).
SECRET_NAMES = [
    ("Kota Metro", "{metro}", METRO_MEMBERS),  # its members' refusal (403) may name their own government
    ("Kota Metro", "18.72", set()),
    ("Lampung Timur", "{lamtim}", {"lamtim", "provinsi"}),
    ("Lampung Timur", "18.07", {"lamtim", "provinsi"}),
]


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_dashboard_role_matrix(login, api, method, url, body, persona, status):
    check(login, api, method, url, body, persona, status, demo_ids(), secrets=SECRET_NAMES)


def test_dashboard_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
