"""The programme recap in the role matrix: who may open the page, download it, and ask the API for which government.

Every member reads the recap of their current government (holding only what they may see); the API answers 404
for a government outside the caller's scope, like every other object.
"""

import pytest

from sinergi.core.tests.role_matrix import (
    ALL,
    LAMTIM_READERS,
    METRO_MEMBERS,
    assert_covers_every_persona,
    cases,
    check,
    demo_ids,
    expect,
)

METRO_READERS = METRO_MEMBERS | {"provinsi", "admin"}
YEAR = 2021

MATRIX = [
    ("GET", "/rekap-program/", None, expect(200, ALL)),
    ("GET", "/rekap-program/?by=kelurahan&year=2024&semester=1", None, expect(200, ALL)),
    ("GET", "/rekap-program/?by=agency", None, expect(200, ALL)),
    ("GET", f"/rekap-program/dokumen.xlsx?by=agency&year={YEAR}", None, expect(200, ALL)),
    ("GET", f"/rekap-program/dokumen.csv?year={YEAR}", None, expect(200, ALL)),
    ("GET", "/rekap-program/dokumen.docx", None, expect(404, ALL)),
    ("GET", f"/api/v1/programme-recap?government={{metro}}&year={YEAR}", None, expect(200, METRO_READERS)),
    ("GET", f"/api/v1/programme-recap?government={{metro}}&year={YEAR}&by=agency", None, expect(200, METRO_READERS)),
    ("GET", f"/api/v1/programme-recap?government={{lamtim}}&year={YEAR}", None, expect(200, LAMTIM_READERS)),
    ("GET", f"/api/v1/programme-recap.xlsx?government={{metro}}&year={YEAR}", None, expect(200, METRO_READERS)),
    ("GET", f"/api/v1/programme-recap.xlsx?government={{lamtim}}&year={YEAR}", None, expect(200, LAMTIM_READERS)),
]

CASES = cases(MATRIX)
# Lampung Timur's name never reaches, in a refusal, those who do not know it already.
SECRET_NAMES = [("Lampung Timur", "{lamtim}", {"lamtim", "provinsi"})]


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_recap_role_matrix(login, api, method, url, body, persona, status):
    check(login, api, method, url, body, persona, status, demo_ids(), secrets=SECRET_NAMES)


def test_recap_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
