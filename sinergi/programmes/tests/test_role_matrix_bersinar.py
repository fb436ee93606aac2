"""The role matrix rows of Kelurahan/Desa Bersinar, in pages and API alike (same conventions as the shared matrix)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.accounts.models import User
from sinergi.core.tests.role_matrix import (
    ALL,
    METRO_GOVERNMENT_READERS,
    METRO_MANAGERS,
    METRO_MEMBERS,
    assert_covers_every_persona,
    cases,
    check,
    demo_ids,
    expect,
)
from sinergi.organizations.models import Government
from sinergi.programmes import services
from sinergi.programmes.models import BersinarProgramme
from sinergi.regions.models import Region

SECRET_NOTE = "Catatan internal program Bersinar"
# Who reads a programme: the government-wide roles, the observer and the admin (plus the area's operator).
BERSINAR_READERS = METRO_GOVERNMENT_READERS
IRINGMULYO_BERSINAR_READERS = METRO_GOVERNMENT_READERS | {"kel.iringmulyo"}
# Who records: the secretariat, reviewers (BNN) and the admin (plus the area's operator in their area).
BERSINAR_WRITERS = METRO_MANAGERS | {"bnn"}
IRINGMULYO_WRITERS = BERSINAR_WRITERS | {"kel.iringmulyo"}
# Visible but not writable.
READ_ONLY = {"walikota": 403, "provinsi": 403}


def _bersinar_ids():
    """The shared ids plus fresh Bersinar programmes of Kelurahan Metro and Iring Mulyo (demo ones replaced)."""
    ids = demo_ids()
    metro = Government.objects.get(pk=ids["metro"])
    secretariat = User.objects.get(username="sekretariat")
    programmes = {}
    for key, code in (("bersinar_metro", "18.72.01.1001"), ("bersinar_iring", "18.72.04.1003")):
        BersinarProgramme.objects.filter(region_id=code).delete()
        programmes[key] = services.bersinar_create(
            government=metro, region=Region.objects.get(code=code), notes=SECRET_NOTE, by=secretariat
        )
    BersinarProgramme.objects.filter(region_id="18.72.04.1001").delete()  # Yosodadi, started by the POST rows
    document = services.bersinar_document_add(
        programme=programmes["bersinar_metro"],
        upload=SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n"),
        stage="penetapan_sk",
        by=secretariat,
    )
    member = services.pokja_member_add(
        programme=programmes["bersinar_metro"], by=secretariat, name="Lurah Metro", position="Ketua"
    )
    return {
        **ids,
        **{key: programme.pk for key, programme in programmes.items()},
        "doc_metro": document.public_id,
        "pokja_metro": member.pk,
    }


STEP = {"stage": "pemetaan", "done_on": "2024-03-01"}
POKJA = {"name": "Sertu Wahyudi", "position": "Babinsa"}

MATRIX = [
    # --- pages ---
    ("GET", "/bersinar/", None, expect(200, ALL)),
    ("GET", "/bersinar/{bersinar_metro}/", None, expect(200, BERSINAR_READERS)),
    ("GET", "/bersinar/{bersinar_iring}/", None, expect(200, IRINGMULYO_BERSINAR_READERS)),
    ("GET", "/bersinar/dokumen/{doc_metro}/", None, expect(200, BERSINAR_READERS)),
    ("GET", "/bersinar/baru/", None, expect(200, BERSINAR_WRITERS | {"kel.iringmulyo", "lamtim"}, otherwise=403)),
    ("GET", "/bersinar/{bersinar_metro}/tahap/", None, expect(200, BERSINAR_WRITERS, **READ_ONLY)),
    ("GET", "/bersinar/{bersinar_iring}/tahap/", None, expect(200, IRINGMULYO_WRITERS, **READ_ONLY)),
    ("GET", "/bersinar/{bersinar_metro}/tautan/", None, expect(200, BERSINAR_WRITERS, **READ_ONLY)),
    ("POST", "/bersinar/{bersinar_iring}/pokja/", POKJA, expect(302, IRINGMULYO_WRITERS, **READ_ONLY)),
    ("POST", "/bersinar/pokja/{pokja_metro}/hapus/", {}, expect(302, BERSINAR_WRITERS, **READ_ONLY)),
    ("POST", "/bersinar/dokumen/{doc_metro}/hapus/", {}, expect(302, BERSINAR_WRITERS, **READ_ONLY)),
    # --- API: reading ---
    ("GET", "/api/v1/bersinar", None, expect(200, ALL)),
    ("GET", "/api/v1/bersinar/board?government={metro}", None, expect(200, METRO_MEMBERS | {"provinsi", "admin"})),
    ("GET", "/api/v1/bersinar/{bersinar_metro}", None, expect(200, BERSINAR_READERS)),
    ("GET", "/api/v1/bersinar/{bersinar_iring}", None, expect(200, IRINGMULYO_BERSINAR_READERS)),
    ("GET", "/api/v1/bersinar/{bersinar_metro}/pokja", None, expect(200, BERSINAR_READERS)),
    ("GET", "/api/v1/bersinar/{bersinar_metro}/documents", None, expect(200, BERSINAR_READERS)),
    ("GET", "/api/v1/bersinar-documents/{doc_metro}/file", None, expect(200, BERSINAR_READERS)),
    # --- API: writing ---
    (
        "POST",
        "/api/v1/bersinar",
        {"government": "{metro}", "region": "18.72.04.1001"},
        expect(201, BERSINAR_WRITERS, otherwise=403, lamtim=404),
    ),
    ("PATCH", "/api/v1/bersinar/{bersinar_metro}", {"notes": "x"}, expect(200, BERSINAR_WRITERS, **READ_ONLY)),
    ("POST", "/api/v1/bersinar/{bersinar_iring}/steps", STEP, expect(201, IRINGMULYO_WRITERS, **READ_ONLY)),
    ("POST", "/api/v1/bersinar/{bersinar_metro}/steps", STEP, expect(201, BERSINAR_WRITERS, **READ_ONLY)),
    ("POST", "/api/v1/bersinar/{bersinar_metro}/pokja", POKJA, expect(201, BERSINAR_WRITERS, **READ_ONLY)),
    ("DELETE", "/api/v1/pokja/{pokja_metro}", None, expect(204, BERSINAR_WRITERS, **READ_ONLY)),
    ("PUT", "/api/v1/bersinar/{bersinar_metro}/links", {"events": []}, expect(200, BERSINAR_WRITERS, **READ_ONLY)),
    ("DELETE", "/api/v1/bersinar-documents/{doc_metro}", None, expect(204, BERSINAR_WRITERS, **READ_ONLY)),
]

CASES = cases(MATRIX)


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_bersinar_role_matrix(login, api, method, url, body, persona, status):
    check(login, api, method, url, body, persona, status, _bersinar_ids(), secrets=(SECRET_NOTE, "Lurah Metro"))


def test_bersinar_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
