"""The programme recap in the role matrix: who may open the page, download it, and ask the API for which government.

Every member reads the recap of their current government (holding only what they may see); the API answers 404
for a government outside the caller's scope, like every other object.
"""

import pytest

from sinergi.organizations.tests import test_role_matrix as rm

METRO_READERS = rm.METRO_MEMBERS | {"provinsi", "admin"}
YEAR = 2021

MATRIX = [
    ("GET", "/rekap-program/", rm.expect(200, rm.ALL)),
    ("GET", "/rekap-program/?by=kelurahan&year=2024&semester=1", rm.expect(200, rm.ALL)),
    ("GET", "/rekap-program/?by=agency", rm.expect(200, rm.ALL)),
    ("GET", f"/rekap-program/dokumen.xlsx?by=agency&year={YEAR}", rm.expect(200, rm.ALL)),
    ("GET", f"/rekap-program/dokumen.csv?year={YEAR}", rm.expect(200, rm.ALL)),
    ("GET", "/rekap-program/dokumen.docx", rm.expect(404, rm.ALL)),
    ("GET", f"/api/v1/programme-recap?government={{metro}}&year={YEAR}", rm.expect(200, METRO_READERS)),
    ("GET", f"/api/v1/programme-recap?government={{metro}}&year={YEAR}&by=agency", rm.expect(200, METRO_READERS)),
    ("GET", f"/api/v1/programme-recap?government={{lamtim}}&year={YEAR}", rm.expect(200, rm.LAMTIM_READERS)),
    ("GET", f"/api/v1/programme-recap.xlsx?government={{metro}}&year={YEAR}", rm.expect(200, METRO_READERS)),
    ("GET", f"/api/v1/programme-recap.xlsx?government={{lamtim}}&year={YEAR}", rm.expect(200, rm.LAMTIM_READERS)),
]

CASES = [
    pytest.param(method, url, persona, status, id=f"{persona}-{method}-{url}")
    for method, url, table in MATRIX
    for persona, status in table.items()
]


@pytest.mark.parametrize(("method", "url", "persona", "status"), CASES)
def test_recap_role_matrix(login, api, method, url, persona, status):
    ids = rm._ids()
    path = rm._fill(url, ids)
    client = api(persona) if path.startswith("/api/") else login(persona)
    response = client.get(path)
    assert response.status_code == status, response.content[:300]
    if status == 404 and "{lamtim}" in url and persona not in {"lamtim", "provinsi"}:
        assert b"Lampung Timur" not in response.content


def test_recap_matrix_covers_every_persona():
    assert {persona for *_rest, table in MATRIX for persona in table} == rm.ALL
