"""The role matrix for volunteers, trainings, event evidence and vulnerability assessments (pages and API).

Same rows and conventions as ``organizations/tests/test_role_matrix.py``; the records each row needs are created
by the test itself (a group and a member in Kelurahan Iring Mulyo, a Disdikbud group, a training, an event with
an evidence file, an assessment for 2019).
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import metro_agency
from sinergi.core.tests.role_matrix import (
    ALL,
    IRINGMULYO_READERS,
    METRO_GOVERNMENT_READERS,
    METRO_MANAGERS,
    METRO_MEMBERS,
    assert_covers_every_persona,
    cases,
    check,
    demo_ids,
    expect,
)
from sinergi.programmes import services
from sinergi.programmes.tests.people import IRING_MULYO, PDF, make_group, make_member, pdf, region, user

# Who changes what lies in Kelurahan Iring Mulyo: the secretariat, the administrator and the area operator;
# the other readers of it get 403.
IRINGMULYO_WRITERS = METRO_MANAGERS | {"kel.iringmulyo"}
READ_NOT_WRITE = {p: 403 for p in IRINGMULYO_READERS - IRINGMULYO_WRITERS}
READ_NOT_WRITE = {k.replace(".", "_"): v for k, v in READ_NOT_WRITE.items()}
ASSESSORS = {"sekretariat", "bnn", "admin", "kel.iringmulyo"}
THRESHOLDS = {"bahaya_from": 41, "waspada_from": 26, "siaga_from": 11}
NAMES = ("Kelompok Matriks Iring Mulyo", "Anggota Matriks", "Kelompok Matriks Disdik", "Bukti Matriks")


def _people_ids():
    ids = demo_ids()
    by = user("sekretariat")
    group = make_group("Kelompok Matriks Iring Mulyo")
    services.volunteer_group_attach_sk(group=group, upload=pdf(), by=by)
    member = make_member(group, "Anggota Matriks")
    training = services.training_add(volunteer=member, by=by, title="Pelatihan Matriks", held_on=date(2024, 5, 1))
    disdik_group = make_group("Kelompok Matriks Disdik", at=None, agency="Disdikbud")
    event = services.event_create(
        government=group.government, by=by, agency=metro_agency("Kesbangpol"), kind="sosialisasi",
        title="Kegiatan Matriks", starts_on=date(2024, 7, 1), region=region(IRING_MULYO),
        target_group="masyarakat_umum", participants=10,
    )  # fmt: skip
    evidence = services.event_evidence_add(
        event=event, upload=SimpleUploadedFile("Bukti Matriks.pdf", PDF), kind="foto", by=by
    )
    ratings = {code: {"rating": 1, "source": ""} for code in _all_indicators()}
    assessment = services.assessment_record(
        government=group.government, region=region(IRING_MULYO), year=2019, ratings=ratings,
        assessed_on=date(2019, 10, 1), by=by,
    )  # fmt: skip
    ids.update(
        group=group.pk,
        member=member.pk,
        training=training.pk,
        disdik_group=disdik_group.pk,
        event=event.pk,
        evidence=evidence.public_id,
        assessment=assessment.pk,
    )
    return ids


def _all_indicators():
    from sinergi.programmes.models import MAIN_INDICATORS, SUPPORTING_INDICATORS

    return [*MAIN_INDICATORS, *SUPPORTING_INDICATORS]


def _writes(ok):
    return expect(ok, IRINGMULYO_WRITERS, **READ_NOT_WRITE)


MATRIX = [
    # --- volunteer pages ---
    ("GET", "/relawan/", None, expect(200, ALL)),
    ("GET", "/relawan/anggota/", None, expect(200, ALL)),
    (
        "GET",
        "/relawan/baru/",
        None,
        expect(200, {"sekretariat", "disdik", "dinkes", "kel.iringmulyo", "lamtim", "admin"}, otherwise=403),
    ),
    ("GET", "/relawan/{group}/", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/relawan/{group}/sk/", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/relawan/{group}/ubah/", None, _writes(200)),
    ("POST", "/relawan/{group}/aktif/", {}, _writes(302)),
    ("GET", "/relawan/{group}/anggota/baru/", None, _writes(200)),
    ("GET", "/relawan/{disdik_group}/", None, expect(200, METRO_GOVERNMENT_READERS | {"disdik", "kepala.disdik"})),
    (
        "GET",
        "/relawan/{disdik_group}/ubah/",
        None,
        expect(200, METRO_MANAGERS | {"disdik"}, bnn=403, walikota=403, provinsi=403, kepala_disdik=403),
    ),
    ("GET", "/relawan/anggota/{member}/", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/relawan/anggota/{member}/ubah/", None, _writes(200)),
    ("POST", "/relawan/anggota/{member}/aktif/", {}, _writes(302)),
    ("POST", "/relawan/pelatihan/{training}/hapus/", {}, _writes(302)),
    # --- event evidence pages ---
    ("GET", "/kegiatan/bukti/{evidence}/", None, expect(200, IRINGMULYO_READERS)),
    ("POST", "/kegiatan/bukti/{evidence}/hapus/", {}, _writes(302)),
    # --- assessment pages ---
    ("GET", "/kerawanan/", None, expect(200, ALL)),
    (
        "GET",
        "/kerawanan/catat/",
        None,
        expect(200, {"sekretariat", "bnn", "kel.iringmulyo", "lamtim", "admin"}, otherwise=403),
    ),
    ("GET", "/kerawanan/{assessment}/ubah/", None, expect(200, ASSESSORS, walikota=403, provinsi=403)),
    ("GET", "/kerawanan/wilayah/18.72.04.1003/", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/kerawanan/ambang/", None, expect(200, {"sekretariat", "lamtim", "admin"}, otherwise=403)),
    # --- volunteer API ---
    ("GET", "/api/v1/volunteer-groups/{group}", None, expect(200, IRINGMULYO_READERS)),
    ("PATCH", "/api/v1/volunteer-groups/{group}", {"sk_number": "1/SK/2024"}, _writes(200)),
    ("GET", "/api/v1/volunteer-groups/{group}/sk", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/api/v1/volunteers/{member}", None, expect(200, IRINGMULYO_READERS)),
    ("PATCH", "/api/v1/volunteers/{member}", {"role": "Ketua"}, _writes(200)),
    ("GET", "/api/v1/volunteers/{member}/trainings", None, expect(200, IRINGMULYO_READERS)),
    (
        "POST",
        "/api/v1/volunteers/{member}/trainings",
        {"title": "Bimtek Matriks", "held_on": "2024-05-01"},
        _writes(201),
    ),
    ("DELETE", "/api/v1/trainings/{training}", None, _writes(204)),
    # --- event evidence API ---
    ("GET", "/api/v1/events/{event}/evidence", None, expect(200, IRINGMULYO_READERS)),
    ("GET", "/api/v1/event-evidence/{evidence}/file", None, expect(200, IRINGMULYO_READERS)),
    ("DELETE", "/api/v1/event-evidence/{evidence}", None, _writes(204)),
    # --- assessment API ---
    ("GET", "/api/v1/assessments/{assessment}", None, expect(200, IRINGMULYO_READERS)),
    (
        "GET",
        "/api/v1/assessment-thresholds?government={metro}",
        None,
        expect(200, METRO_MEMBERS | {"provinsi", "admin"}),
    ),
    (
        "PUT",
        "/api/v1/assessment-thresholds?government={metro}",
        THRESHOLDS,
        expect(200, METRO_MANAGERS, otherwise=403, lamtim=404),
    ),
]

CASES = cases(MATRIX)


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_people_role_matrix(login, api, method, url, body, persona, status):
    check(login, api, method, url, body, persona, status, _people_ids(), secrets=NAMES)


def test_people_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
