"""The role matrix of the exchange between installations (pages and API).

Same rows and conventions as ``organizations/tests/test_role_matrix.py``. Each test closes Kota Metro's semester I
2024 (so it can be exported), trusts this installation's own key for Kota Bandar Lampung and imports Kota Metro's
numbers as Bandar Lampung's package, with one document: a government only the province's observer and the
administrator see. Who exports: the secretariat and the leader of the government, and administrators; who imports
and manages the trusted senders: administrators only.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PERSONAS
from sinergi.core.tests.role_matrix import ALL, assert_covers_every_persona, cases, check, expect
from sinergi.exchange import services
from sinergi.exchange.models import PackageDocument
from sinergi.exchange.tests import helpers as h
from sinergi.organizations.models import Government

EXPORTERS = {"sekretariat", "walikota", "admin"}
ADMINS = {"admin"}
PACKAGE_READERS = {"provinsi", "admin"}
# Names a refusal must not carry, except to those who know them anyway: the package is in their switcher.
SECRET_NAMES = [(name, "", PACKAGE_READERS) for name in ("Bandar Lampung", "laporan-matriks")]
SEMESTER = {"government": "{metro}", "semester": "2024-1"}
LAMTIM_SEMESTER = {"government": "{lamtim}", "semester": "2024-1"}


def _admin_only(ok: int):
    return expect(ok, ADMINS, otherwise=403)


def _exchange_ids():
    h.close_metro_semester()
    h.trust()
    document = {"documents/laporan-matriks.pdf": b"%PDF-1.7\n% matriks\n"}
    outcome = services.package_import(raw=h.build(h.retarget(h.metro_data()), document), by=h.user("admin"))
    sender = h.trust("18.07", name="Instalasi Lampung Timur")
    return {
        "metro": Government.objects.get(region_id="18.72").pk,
        "lamtim": Government.objects.get(region_id="18.07").pk,
        "package": outcome.package.pk,
        "document": PackageDocument.objects.get(package=outcome.package).pk,
        "sender": sender.pk,
        "public_key": h.key().public_key,
    }


MATRIX = [
    # --- pages ---
    ("GET", "/pertukaran/", None, expect(200, ALL)),
    (
        "POST",
        "/pertukaran/ekspor/",
        SEMESTER,
        expect(200, EXPORTERS, otherwise=403, lamtim=404),
    ),
    # Lampung Timur has no period in the semester: its exporters are sent back with the reason; outsiders 404.
    (
        "POST",
        "/pertukaran/ekspor/",
        LAMTIM_SEMESTER,
        expect(302, {"lamtim", "admin"}, otherwise=404, provinsi=403),
    ),
    ("GET", "/pertukaran/impor/", None, _admin_only(200)),
    ("POST", "/pertukaran/impor/", {}, _admin_only(200)),
    ("POST", "/pertukaran/impor/konfirmasi/", {"token": "tidak-ada"}, _admin_only(404)),
    ("GET", "/pertukaran/pengirim/", None, _admin_only(200)),
    (
        "POST",
        "/pertukaran/pengirim/",
        {"region": "18.01", "name": "Instalasi Lampung Selatan", "public_key": "{public_key}"},
        _admin_only(302),
    ),
    ("POST", "/pertukaran/pengirim/{sender}/hapus/", {}, _admin_only(302)),
    ("POST", "/pertukaran/kunci/", {}, _admin_only(302)),
    ("GET", "/pertukaran/paket/{package}/", None, expect(200, PACKAGE_READERS)),
    ("GET", "/pertukaran/paket/{package}/dokumen/{document}/", None, expect(200, PACKAGE_READERS)),
    # --- API ---
    ("GET", "/api/v1/exchange/key", None, expect(200, ALL)),
    ("GET", "/api/v1/exchange/packages", None, expect(200, ALL)),
    ("GET", "/api/v1/exchange/packages/{package}", None, expect(200, PACKAGE_READERS)),
    ("POST", "/api/v1/exchange/export", SEMESTER, expect(200, EXPORTERS, otherwise=403, lamtim=404)),
]

CASES = cases(MATRIX, body_key="government")


@pytest.fixture(autouse=True)
def _no_pdfs(monkeypatch):
    """Who may export is the question here, not the PDFs (rendered in ``test_exchange``)."""
    monkeypatch.setattr(services, "semester_documents", lambda *args: {})


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_exchange_role_matrix(login, api, method, url, body, persona, status):
    response = check(login, api, method, url, body, persona, status, _exchange_ids(), secrets=SECRET_NAMES)
    if status == 200 and (url == "/pertukaran/ekspor/" or url.endswith("/export")):
        assert response["Content-Type"] == "application/zip"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_import_through_the_api(api, persona):
    raw = h.build(h.retarget(h.metro_data()))
    response = api(persona).post("/api/v1/exchange/import", {"file": SimpleUploadedFile("p.zip", raw)})
    # An administrator gets the package's own answer: it is refused, its key is not trusted here.
    assert response.status_code == (422 if persona == "admin" else 403)
    if persona != "admin":
        assert b"Bandar Lampung" not in response.content


def test_exchange_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
