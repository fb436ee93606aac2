"""Evidence files of field events: upload, list, scoped download and removal, on the page and through the API."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PERSONAS, metro_agency
from sinergi.programmes import services
from sinergi.programmes.models import EventEvidence
from sinergi.programmes.tests.people import (
    IRING_MULYO,
    IRINGMULYO_READERS,
    PDF,
    PNG,
    bad_file,
    docx_bytes,
    region,
    user,
)

EDITORS = {"sekretariat", "admin", "kel.iringmulyo"}


@pytest.fixture
def event(db):
    agency = metro_agency("Kesbangpol")
    return services.event_create(
        government=agency.government, by=user("sekretariat"), agency=agency, kind="sosialisasi",
        title="Sosialisasi Uji Bukti", starts_on=date(2024, 7, 1), region=region(IRING_MULYO),
        target_group="masyarakat_umum", participants=25,
    )  # fmt: skip


def _attach(event, content=PDF, name="daftar hadir.pdf", kind="daftar_hadir"):
    return services.event_evidence_add(
        event=event, upload=SimpleUploadedFile(name, content), kind=kind, by=user("sekretariat")
    )


def test_an_editor_attaches_lists_downloads_and_removes_evidence_on_the_event_page(login, event):
    client = login("kel.iringmulyo")
    response = client.post(
        f"/kegiatan/{event.pk}/", {"kind": "foto", "file": SimpleUploadedFile("foto kegiatan.png", PNG)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = EventEvidence.objects.get(event=event)
    assert (evidence.name, evidence.content_type, evidence.kind) == ("foto kegiatan.png", "image/png", "foto")
    page = client.get(f"/kegiatan/{event.pk}/").content.decode()
    assert "foto kegiatan.png" in page and f"/kegiatan/bukti/{evidence.public_id}/" in page
    download = client.get(f"/kegiatan/bukti/{evidence.public_id}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PNG
    assert client.post(f"/kegiatan/bukti/{evidence.public_id}/hapus/").status_code == 302
    assert not EventEvidence.objects.filter(event=event).exists()


@pytest.mark.parametrize("kind", ["empty", "fake_pdf", "renamed_exe", "too_big"])
def test_bad_files_are_refused_on_the_page(login, event, settings, kind):
    if kind == "too_big":
        settings.SINERGI_EVIDENCE_MAX_BYTES = 16
        upload = SimpleUploadedFile("besar.pdf", PDF)
    else:
        upload = bad_file(kind)
    response = login("sekretariat").post(f"/kegiatan/{event.pk}/", {"kind": "laporan", "file": upload})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not EventEvidence.objects.filter(event=event).exists()


def test_who_sees_and_changes_evidence_on_the_pages(login, event):
    evidence = _attach(event)
    for persona in PERSONAS:
        client = login(persona)
        download = client.get(f"/kegiatan/bukti/{evidence.public_id}/")
        upload = client.post(f"/kegiatan/{event.pk}/", {"kind": "foto", "file": SimpleUploadedFile("f.png", PNG)})
        remove = client.post(f"/kegiatan/bukti/{evidence.public_id}/hapus/")
        if persona not in IRINGMULYO_READERS:
            assert (download.status_code, upload.status_code, remove.status_code) == (404, 404, 404), persona
        elif persona in EDITORS:
            assert download.status_code == 200 and upload.status_code == 302, persona
            assert remove.status_code == 302
            evidence = _attach(event)
        else:
            assert (download.status_code, upload.status_code, remove.status_code) == (200, 403, 403), persona
    assert EventEvidence.objects.filter(event=event).count() == 1 + len(EDITORS)


def test_evidence_through_the_api(api, event):
    client = api("kel.iringmulyo")
    url = f"/api/v1/events/{event.pk}/evidence"
    created = client.post(url, {"kind": "notulen", "file": SimpleUploadedFile("notulen.docx", docx_bytes())})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "notulen.docx" and body["kind"] == "notulen"
    assert body["download_url"] == f"/api/v1/event-evidence/{body['id']}/file"
    assert [e["id"] for e in client.get(url).json()] == [body["id"]]
    for persona in PERSONAS:
        listing = api(persona).get(url)
        download = api(persona).get(body["download_url"])
        expected = 200 if persona in IRINGMULYO_READERS else 404
        assert (listing.status_code, download.status_code) == (expected, expected), persona
        if expected == 200:
            assert download["X-Content-Type-Options"] == "nosniff"
            assert download["Content-Disposition"].startswith("attachment")
    assert api("bnn").delete(f"/api/v1/event-evidence/{body['id']}").status_code == 403
    assert api("disdik").delete(f"/api/v1/event-evidence/{body['id']}").status_code == 404
    assert api("bnn").post(url, {"kind": "foto", "file": SimpleUploadedFile("f.png", PNG)}).status_code == 403
    assert api("lamtim").post(url, {"kind": "foto", "file": SimpleUploadedFile("f.png", PNG)}).status_code == 404
    assert client.delete(f"/api/v1/event-evidence/{body['id']}").status_code == 204
    assert api("sekretariat").get(body["download_url"]).status_code == 404
    assert api("sekretariat").get("/api/v1/event-evidence/not-a-uuid/file").status_code in (404, 422)


@pytest.mark.parametrize("kind", ["empty", "fake_pdf", "renamed_exe", "too_big", "unknown_kind"])
def test_bad_files_are_refused_by_the_api(api, event, settings, kind):
    evidence_kind = "foto"
    if kind == "too_big":
        settings.SINERGI_EVIDENCE_MAX_BYTES = 16
        upload = SimpleUploadedFile("besar.pdf", PDF)
    elif kind == "unknown_kind":
        upload, evidence_kind = SimpleUploadedFile("a.pdf", PDF), "virus"
    else:
        upload = bad_file(kind)
    response = api("sekretariat").post(f"/api/v1/events/{event.pk}/evidence", {"kind": evidence_kind, "file": upload})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) & {"file", "kind"}
    assert not EventEvidence.objects.filter(event=event).exists()
