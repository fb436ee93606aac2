"""The consolidated report's archive: generated at once or by the background job, kept, downloaded in scope."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.reporting import archive
from sinergi.reporting.models import GeneratedDocument, Period

pytestmark = pytest.mark.django_db


def demo_period() -> Period:
    return Period.objects.get(government__region_id="18.72", year=2024, number=1)


def secretariat() -> User:
    return User.objects.get(username="sekretariat")


def test_it_generates_a_small_period_at_once_and_keeps_every_file():
    period = demo_period()
    first = archive.document_request(period=period, fmt="xlsx", draft=False, by=secretariat())
    second = archive.document_request(period=period, fmt="xlsx", draft=False, by=secretariat())
    for document in (first, second):
        document.refresh_from_db()
        assert document.status == "done" and document.progress == 100 and document.size > 1000
        assert document.finished_at is not None
    assert first.file.name != second.file.name
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)
    assert first.filename.startswith("Laporan-RAD-P4GN-Kota-Metro-B06-2024-") and first.filename.endswith(".xlsx")


def test_a_large_period_is_queued_and_the_command_generates_it(settings):
    settings.SINERGI_SYNC_DOCUMENT_REPORTS = 0
    document = archive.document_request(period=demo_period(), fmt="pdf", draft=True, by=secretariat())
    document.refresh_from_db()
    assert document.status == "queued" and document.progress == 0 and not document.file
    call_command("generate_documents")
    document.refresh_from_db()
    assert document.status == "done" and document.progress == 100
    assert document.file.open("rb").read(5) == b"%PDF-"


def test_a_failing_build_marks_the_job_failed_and_the_next_job_still_runs(settings, monkeypatch):
    settings.SINERGI_SYNC_DOCUMENT_REPORTS = 0
    period = demo_period()
    failing = archive.document_request(period=period, fmt="docx", draft=False, by=secretariat())
    working = archive.document_request(period=period, fmt="xlsx", draft=False, by=secretariat())
    real_build = archive.build_consolidated

    def build(period, **kwargs):
        if GeneratedDocument.objects.get(pk=failing.pk).status == "running" and not hasattr(build, "failed"):
            build.failed = True
            raise RuntimeError("disk full")
        return real_build(period, **kwargs)

    monkeypatch.setattr(archive, "build_consolidated", build)
    call_command("generate_documents", "--max", "5")
    failing.refresh_from_db()
    working.refresh_from_db()
    assert failing.status == "failed" and "disk full" in failing.error and failing.finished_at
    assert working.status == "done"


def test_the_period_page_generates_and_lists_documents(login):
    period = demo_period()
    client = login("sekretariat")
    page = client.get(f"/laporan/periode/{period.pk}/").content.decode()
    assert 'id="dokumen"' in page and 'name="draft"' in page
    response = client.post(f"/laporan/periode/{period.pk}/dokumen/", {"format": "xlsx", "draft": "on"})
    assert response.status_code == 302
    document = GeneratedDocument.objects.get(period=period)
    assert document.draft and document.status == "done" and document.requested_by.username == "sekretariat"
    page = client.get(f"/laporan/periode/{period.pk}/").content.decode()
    assert f"/laporan/dokumen/{document.public_id}/" in page
    download = client.get(f"/laporan/dokumen/{document.public_id}/")
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert any(row[0] == "DRAF — BELUM FINAL" for row in book["Laporan"].iter_rows(max_row=12, values_only=True))


def test_a_queued_job_shows_its_progress_bar(login, settings):
    settings.SINERGI_SYNC_DOCUMENT_REPORTS = 0
    period = demo_period()
    client = login("bnn")
    assert client.post(f"/laporan/periode/{period.pk}/dokumen/", {"format": "pdf"}).status_code == 302
    document = GeneratedDocument.objects.get(period=period)
    page = client.get(f"/laporan/periode/{period.pk}/").content.decode()
    assert f'data-document-poll="/api/v1/documents/{document.public_id}"' in page
    status = client.get(f"/api/v1/documents/{document.public_id}").json()
    assert status["status"] == "queued" and status["progress"] == 0 and status["download_url"] is None


def test_who_may_generate_and_download(login):
    period = demo_period()
    for persona in ("sekretariat", "bnn", "walikota"):
        assert login(persona).post(f"/laporan/periode/{period.pk}/dokumen/", {"format": "xlsx"}).status_code == 302
    for persona in ("disdik", "kepala.disdik", "kel.iringmulyo", "provinsi"):
        page = login(persona).get(f"/laporan/periode/{period.pk}/").content.decode()
        assert 'id="dokumen"' not in page, persona
        response = login(persona).post(f"/laporan/periode/{period.pk}/dokumen/", {"format": "xlsx"})
        assert response.status_code in (403, 404), persona
    assert login("lamtim").post(f"/laporan/periode/{period.pk}/dokumen/", {"format": "xlsx"}).status_code == 404
    official = GeneratedDocument.objects.filter(period=period).first()
    draft = archive.document_request(period=period, fmt="xlsx", draft=True, by=secretariat())
    assert login("lamtim").get(f"/laporan/dokumen/{official.public_id}/").status_code == 404
    assert login("disdik").get(f"/laporan/dokumen/{official.public_id}/").status_code == 200
    assert login("disdik").get(f"/laporan/dokumen/{draft.public_id}/").status_code == 403
    assert login("walikota").get(f"/laporan/dokumen/{draft.public_id}/").status_code == 200


def test_the_secretariat_edits_the_introduction_with_an_audit_entry(login):
    period = demo_period()
    response = login("sekretariat").post(
        f"/laporan/periode/{period.pk}/pendahuluan/", {"introduction": "Pengantar khusus semester ini."}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.introduction == "Pengantar khusus semester ini."
    assert AuditEntry.objects.filter(object_id=str(period.pk), after__introduction=period.introduction).exists()
    assert login("bnn").post(f"/laporan/periode/{period.pk}/pendahuluan/", {"introduction": "x"}).status_code == 403


def test_the_api_returns_each_format_and_lists_the_archive(api):
    period = demo_period()
    client = api("sekretariat")
    starts = {"xlsx": b"PK", "docx": b"PK", "pdf": b"%PDF-"}
    for fmt, start in starts.items():
        response = client.get(f"/api/v1/periods/{period.pk}/document.{fmt}")
        assert response.status_code == 200, response.content[:300]
        assert response.content.startswith(start)
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
    draft = client.get(f"/api/v1/periods/{period.pk}/document.xlsx?draft=true")
    top = openpyxl.load_workbook(io.BytesIO(draft.content))["Laporan"].iter_rows(max_row=12, values_only=True)
    assert any(row[0] == "DRAF — BELUM FINAL" for row in top)
    listing = client.get(f"/api/v1/periods/{period.pk}/documents").json()
    assert listing["count"] == 4
    assert [item["draft"] for item in listing["items"]] == [True, False, False, False]
    one = client.get(f"/api/v1/documents/{listing['items'][0]['id']}").json()
    assert one["status"] == "done" and one["progress"] == 100 and one["download_url"]
    assert api("lamtim").get(f"/api/v1/periods/{period.pk}/document.pdf").status_code == 404
    assert api("lamtim").get(f"/api/v1/documents/{listing['items'][0]['id']}").status_code == 404
    assert api("disdik").get(f"/api/v1/periods/{period.pk}/document.pdf").status_code == 403
