"""The role matrix: what every demo persona can and cannot see and do, in pages and API alike.

Each row is (method, url template, body, {persona: expected status}), checked by ``sinergi.core.tests.role_matrix``
for every persona. Refusals (403/404) must never carry the object's data.
"""

import pytest

from sinergi.core.tests.role_matrix import (
    ALL,
    DISDIK_READERS,
    IRINGMULYO_READERS,
    LAMTIM_READERS,
    METRO_GOVERNMENT_READERS,
    METRO_MANAGERS,
    METRO_MEMBERS,
    assert_covers_every_persona,
    cases,
    check,
    demo_ids,
    expect,
)

AGENCY_PATCH = {"head_name": "Kepala Baru"}
AGENCY_NEW = {"government": "{metro}", "name": "Dinas Uji Matriks", "kind": "department"}
EVENT_IN_IRING_MULYO = {
    "government": "{metro}",
    "agency": "{kel_iringmulyo}",
    "kind": "penyuluhan",
    "title": "Penyuluhan di Balai Kelurahan",
    "starts_on": "2024-08-17",
    "region": "18.72.04.1003",
    "target_group": "masyarakat_umum",
    "participants": 20,
}
MEMBERSHIP_NEW = {"user": "{user_dinkes}", "agency": "{dinkes}", "role": "agency_head"}

MATRIX = [
    # --- pages: reading ---
    ("GET", "/", None, expect(200, ALL)),
    ("GET", "/pemda/{metro}/", None, expect(200, METRO_MEMBERS | {"provinsi", "admin"})),
    ("GET", "/pemda/{lamtim}/", None, expect(200, LAMTIM_READERS)),
    ("GET", "/perangkat-daerah/{disdik}/", None, expect(200, DISDIK_READERS)),
    ("GET", "/perangkat-daerah/{dinkes}/", None, expect(200, METRO_GOVERNMENT_READERS | {"dinkes"})),
    ("GET", "/perangkat-daerah/{kel_iringmulyo}/", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/perangkat-daerah/{kel_metro}/", None, expect(200, METRO_GOVERNMENT_READERS)),
    ("GET", "/perangkat-daerah/{kesbangpol_lamtim}/", None, expect(200, LAMTIM_READERS)),
    ("GET", "/perangkat-daerah/", None, expect(200, ALL)),
    ("GET", "/wilayah/18.72/", None, expect(200, ALL)),
    # --- pages: managing (the current government is each persona's own) ---
    ("GET", "/pengguna/", None, expect(200, {"sekretariat", "lamtim", "admin"}, otherwise=403)),
    ("GET", "/pengguna/{user_dinkes}/", None, expect(200, {"sekretariat", "admin"}, otherwise=403, lamtim=404)),
    ("GET", "/pengguna/{user_lamtim}/", None, expect(200, {"lamtim", "admin"}, otherwise=403, sekretariat=404)),
    ("GET", "/perangkat-daerah/baru/", None, expect(200, {"sekretariat", "lamtim", "admin"}, otherwise=403)),
    (
        "GET",
        "/perangkat-daerah/{disdik}/ubah/",
        None,
        expect(200, METRO_MANAGERS, otherwise=404, bnn=403, walikota=403, provinsi=403, disdik=403, kepala_disdik=403),
    ),
    (
        "GET",
        "/pemda/{metro}/ubah/",
        None,
        expect(200, METRO_MANAGERS, otherwise=403, lamtim=404),
    ),
    (
        "POST",
        "/perangkat-daerah/{disdik}/ganti/",
        {},
        expect(200, METRO_MANAGERS, otherwise=404, bnn=403, walikota=403, provinsi=403, disdik=403, kepala_disdik=403),
    ),
    ("POST", "/pengguna/{user_dinkes}/aktif/", {}, expect(302, {"sekretariat", "admin"}, otherwise=403, lamtim=404)),
    # --- API: reading ---
    ("GET", "/api/v1/me", None, expect(200, ALL)),
    ("GET", "/api/v1/governments/{metro}", None, expect(200, METRO_MEMBERS | {"provinsi", "admin"})),
    ("GET", "/api/v1/governments/{lamtim}", None, expect(200, LAMTIM_READERS)),
    ("GET", "/api/v1/agencies/{disdik}", None, expect(200, DISDIK_READERS)),
    ("GET", "/api/v1/agencies/{kel_iringmulyo}", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/api/v1/agencies/{kesbangpol_lamtim}", None, expect(200, LAMTIM_READERS)),
    ("GET", "/api/v1/agencies/{disdik}/history", None, expect(200, DISDIK_READERS)),
    ("GET", "/api/v1/users/{user_dinkes}", None, expect(200, {"sekretariat", "admin", "dinkes"})),
    ("GET", "/api/v1/users/{user_lamtim}", None, expect(200, {"lamtim", "admin"})),
    ("GET", "/api/v1/regions/18.72.04.1003", None, expect(200, ALL)),
    # --- API: writing ---
    (
        "PATCH",
        "/api/v1/governments/{metro}",
        {"phone": "(0725) 41000"},
        expect(200, METRO_MANAGERS, otherwise=403, lamtim=404),
    ),
    ("POST", "/api/v1/agencies", AGENCY_NEW, expect(201, METRO_MANAGERS, otherwise=403, lamtim=404)),
    (
        "PATCH",
        "/api/v1/agencies/{disdik}",
        AGENCY_PATCH,
        expect(200, METRO_MANAGERS, otherwise=404, bnn=403, walikota=403, provinsi=403, disdik=403, kepala_disdik=403),
    ),
    (
        "PATCH",
        "/api/v1/agencies/{kesbangpol_lamtim}",
        AGENCY_PATCH,
        expect(200, {"lamtim", "admin"}, otherwise=404, provinsi=403),
    ),
    (
        "POST",
        "/api/v1/memberships",
        MEMBERSHIP_NEW,
        # Lampung Timur's secretariat naming a Kota Metro agency: a field error (issue 13), not a 404.
        expect(201, METRO_MANAGERS, otherwise=404, dinkes=403, bnn=403, walikota=403, provinsi=403, lamtim=422),
    ),
    ("DELETE", "/api/v1/memberships/{membership_dinkes}", None, expect(204, METRO_MANAGERS, otherwise=404, dinkes=403)),
    (
        "PATCH",
        "/api/v1/users/{user_dinkes}",
        {"is_active": False},
        expect(200, METRO_MANAGERS, otherwise=404, dinkes=403),
    ),
    # --- planning: the RAD 2024 in review ---
    ("GET", "/rencana/{plan2024}/", None, expect(200, METRO_MEMBERS | {"provinsi", "admin"})),
    ("GET", "/aksi/{action_disdik}/", None, expect(200, DISDIK_READERS)),
    (
        "GET",
        "/rencana/{plan2024}/cakupan/",
        None,
        expect(200, METRO_GOVERNMENT_READERS, disdik=403, kepala_disdik=403, dinkes=403, kel_iringmulyo=403),
    ),
    ("GET", "/api/v1/plans/{plan2024}", None, expect(200, METRO_MEMBERS | {"provinsi", "admin"})),
    ("GET", "/api/v1/actions/{action_disdik}", None, expect(200, DISDIK_READERS)),
    (
        "PATCH",
        "/api/v1/actions/{action_disdik}",
        {"target_group": "Pelajar SMP"},
        expect(200, METRO_MANAGERS, otherwise=404, bnn=403, walikota=403, provinsi=403, disdik=403, kepala_disdik=403),
    ),
    (
        "POST",
        "/api/v1/actions/{action_dinkes}/return",
        {"reason": "Lengkapi lokasi"},
        expect(200, METRO_MANAGERS, otherwise=404, bnn=403, walikota=403, provinsi=403, dinkes=403),
    ),
    (
        "POST",
        "/api/v1/actions/{action_returned}/resubmit",
        {"note": "Sudah sesuai"},
        expect(200, METRO_MANAGERS | {"dinkes"}, otherwise=404, bnn=403, walikota=403, provinsi=403),
    ),
    (
        "POST",
        "/api/v1/plans/{plan2024}/adopt",
        {"kind": "perwali", "number": "9 Tahun 2024", "date": "2024-10-15", "confirm_reason": "Hasil rakor"},
        expect(200, METRO_MANAGERS, otherwise=403, lamtim=404),
    ),
    ("POST", "/rencana/{plan2024}/langkah/generic/", {}, expect(302, METRO_MANAGERS, otherwise=403, lamtim=404)),
    # --- reporting: Semester I 2024 ---
    ("GET", "/laporan/periode/{period2024}/", None, expect(200, METRO_MEMBERS | {"provinsi", "admin"})),
    ("GET", "/laporan/{report_disdik_draft}/", None, expect(200, DISDIK_READERS)),
    ("GET", "/api/v1/reports/{report_disdik_draft}", None, expect(200, DISDIK_READERS)),
    ("GET", "/api/v1/periods/{period2024}/completeness", None, expect(200, METRO_MEMBERS | {"provinsi", "admin"})),
    (
        "PATCH",
        "/api/v1/reports/{report_disdik_draft}",
        {"narrative": "Modul diterapkan di 3 SMP"},
        expect(200, METRO_MANAGERS | {"disdik"}, otherwise=404, bnn=403, walikota=403, provinsi=403, kepala_disdik=403),
    ),
    (
        "POST",
        "/api/v1/reports/{report_submitted}/approve",
        {},
        expect(200, METRO_MANAGERS | {"bnn"}, otherwise=404, walikota=403, provinsi=403),
    ),
    ("POST", "/api/v1/periods/{period2024}/close", {}, expect(200, METRO_MANAGERS, otherwise=403, lamtim=404)),
    # --- programmes ---
    ("GET", "/api/v1/events", None, expect(200, ALL)),
    ("GET", "/api/v1/urine-tests", None, expect(200, ALL)),
    (
        "POST",
        "/api/v1/events",
        EVENT_IN_IRING_MULYO,
        expect(201, METRO_MANAGERS | {"kel.iringmulyo"}, otherwise=403, lamtim=404),
    ),
]

CASES = cases(MATRIX)

# The names that must never appear in a refusal, except to those who know them anyway (their own name, or a
# government listed in their switcher): (name, url placeholder, who knows it).
SECRET_NAMES = [
    ("Dinas Pendidikan dan Kebudayaan", "{disdik}", {"lamtim"}),
    ("Lampung Timur", "{kesbangpol_lamtim}", {"lamtim", "provinsi"}),
    ("Operator Dinas Kesehatan", "{user_dinkes}", {"dinkes"}),
    ("Sekretariat Tim Terpadu Lampung Timur", "{user_lamtim}", {"lamtim"}),
    ("Lampung Timur", "{lamtim}", {"lamtim", "provinsi"}),
]


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_role_matrix(login, api, method, url, body, persona, status):
    check(login, api, method, url, body, persona, status, demo_ids(), secrets=SECRET_NAMES)


def test_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
