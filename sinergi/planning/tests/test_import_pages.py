"""The import pages: upload and file checks, column mapping, preview, import, permissions and query counts."""

import io
import zipfile
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from sinergi.planning import imports, services
from sinergi.planning.models import PeriodKind
from sinergi.planning.tests.test_import import GOOD, check, metro_plan, user, workbook_bytes


@pytest.fixture
def plan(db):
    return metro_plan()


@pytest.fixture
def client_for(login):
    """A signed-in client that reads the pages in English (the messages are checked word for word)."""

    def make(username: str = "sekretariat"):
        client = login(username)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def upload(client, plan, content: bytes, name: str = "rad.xlsx"):
    return client.post(f"/rencana/{plan.pk}/impor/", {"file": SimpleUploadedFile(name, content)})


def token_of(response) -> str:
    return response["Location"].split("/impor/")[1].split("/")[0]


def test_it_uploads_checks_and_imports_a_file_in_the_template_layout(client_for, plan):
    client = client_for()
    assert client.get(f"/rencana/{plan.pk}/impor/").status_code == 200
    response = upload(client, plan, workbook_bytes(plan, [GOOD, {**GOOD, "Aksi/Kegiatan": "Tes urine ASN"}]))
    assert response.status_code == 302
    token = token_of(response)
    assert response["Location"] == f"/rencana/{plan.pk}/impor/{token}/"
    page = client.get(response["Location"]).content.decode()
    assert "Sosialisasi P4GN di sekolah" in page and "Dinas Pendidikan dan Kebudayaan" in page
    assert "2 actions with 2 indicators" in page
    response = client.post(f"/rencana/{plan.pk}/impor/{token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/rencana/{plan.pk}/impor/selesai/"
    assert plan.actions.count() == 2
    done = client.get(response["Location"]).content.decode()
    assert "Actions created" in done and "rad.xlsx" in done
    # The stored upload is gone once imported.
    assert imports.upload_path(token) is None
    assert client.get(f"/rencana/{plan.pk}/impor/{token}/").status_code == 404


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _cfb(*streams: str) -> bytes:
    """The start of an OLE compound file (old .xls, or an encrypted .xlsx) with its stream names."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"".join(s.encode("utf-16-le") for s in streams)


BAD_FILES = [
    ("empty", b"", "The file is empty."),
    ("pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "This is not an Excel .xlsx file."),
    ("text", b"Bidang;Aksi\n1;Sosialisasi\n", "This is not an Excel .xlsx file."),
    ("xls", _cfb("Workbook", "SummaryInformation"), "This is an old Excel .xls file."),
    ("encrypted", _cfb("EncryptionInfo", "EncryptedPackage"), "This file is protected with a password."),
    ("docx", _zip({"[Content_Types].xml": b"<Types>wordprocessingml</Types>"}), "This is not an Excel .xlsx file."),
    ("ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "OpenDocument spreadsheet"),
]


@pytest.mark.parametrize(("kind", "content", "message"), BAD_FILES, ids=[kind for kind, *_rest in BAD_FILES])
def test_it_recognises_what_is_not_an_xlsx_by_its_content(client_for, plan, kind, content, message):
    response = upload(client_for(), plan, content)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_it_says_when_the_zip_is_damaged(client_for, plan):
    content = workbook_bytes(plan, [GOOD])
    response = upload(client_for(), plan, content[: len(content) // 2])
    assert "The file is damaged" in response.content.decode()


def test_it_refuses_a_file_over_the_size_limit(client_for, plan, settings):
    settings.SINERGI_IMPORT_MAX_BYTES = 2048
    stored = set((django_settings.DATA_DIR / "imports").glob("*.xlsx"))
    response = upload(client_for(), plan, workbook_bytes(plan, [GOOD] * 20))
    assert response.status_code == 200
    assert "The file is larger than 2.0" in response.content.decode()
    assert set((django_settings.DATA_DIR / "imports").glob("*.xlsx")) == stored


TITLE_BLOCK = [
    ["MATRIKS RENCANA AKSI DAERAH P4GN"],
    ["PEMERINTAH KOTA METRO TAHUN 2024"],
    [],
]
OWN_HEADINGS = [
    "No",
    "Bidang",
    "Kode RAN",
    "Nama Kegiatan",
    "OPD Pelaksana",
    "Waktu Pelaksanaan",
    "Pagu Anggaran",
    "Indikator Kinerja",
    "Sat",
    "Target Tahun 2024",
    "Target 2024 Semester I",
    "Target 2024 Semester II",
]


def _own_layout(plan) -> bytes:
    rows = [
        {
            "No": n,
            "Bidang": "1",
            "Kode RAN": "1.2",
            "Nama Kegiatan": f"Sosialisasi P4GN angkatan {n}",
            "OPD Pelaksana": "Disdikbud",
            "Waktu Pelaksanaan": "Maret",
            "Pagu Anggaran": "Rp 5.000.000",
            "Indikator Kinerja": "Jumlah peserta",
            "Sat": "orang",
            "Target Tahun 2024": 100,
            "Target 2024 Semester I": 40,
            "Target 2024 Semester II": 60,
        }
        for n in (1, 2)
    ]
    return workbook_bytes(plan, rows, above=TITLE_BLOCK, headings=OWN_HEADINGS)


def test_another_layout_goes_through_the_column_mapping(client_for, plan):
    client = client_for()
    response = upload(client, plan, _own_layout(plan))
    token = token_of(response)
    assert response["Location"] == f"/rencana/{plan.pk}/impor/{token}/kolom/"
    # The preview waits for the mapping.
    assert client.get(f"/rencana/{plan.pk}/impor/{token}/")["Location"] == response["Location"]
    page = client.get(response["Location"])
    form = page.context["columns_form"]
    assert page.context["header_form"].initial["header_row"] == 4
    guessed = {name: value for name, value in form.initial.items()}
    assert guessed == {
        "col_field": 1,
        "col_national_action": 2,
        "col_title": 3,
        "col_responsible_agency": 4,
        "col_months": 5,
        "col_budget": 6,
        "col_indicator": 7,
        "col_unit": 8,
        "col_target_2024_0": 9,
        "col_target_2024_1": 10,
        "col_target_2024_2": 11,
    }
    response = client.post(response["Location"], {"sheet": "RAD", "header_row": 4, **guessed})
    assert response["Location"] == f"/rencana/{plan.pk}/impor/{token}/"
    preview = client.get(response["Location"]).context["preview"]
    assert preview.error_rows == []
    assert [row.number for row in preview.rows] == [5, 6]
    client.post(response["Location"])
    assert list(plan.actions.values_list("budget", flat=True)) == [5_000_000, 5_000_000]


def test_the_mapping_needs_the_required_columns_and_can_read_another_row(client_for, plan):
    client = client_for()
    url = upload(client, plan, _own_layout(plan))["Location"]
    response = client.post(url, {"sheet": "RAD", "header_row": 4, "col_title": 3})
    assert response.status_code == 200
    assert "Choose the column that holds Penanggung jawab." in response.content.decode()
    response = client.post(url, {"sheet": "RAD", "header_row": 1, "reread": "1"})
    assert response.status_code == 200
    assert response.context["columns_form"].initial == {}
    response = client.post(url, {"sheet": "RAD", "header_row": 99, "reread": "1"})
    assert "The sheet has only 6 rows." in response.content.decode()


def test_rows_with_errors_block_the_import_unless_skipped(client_for, plan):
    client = client_for()
    bad = {**GOOD, "Aksi/Kegiatan": "Tes urine", "Target 2024": "banyak"}
    url = upload(client, plan, workbook_bytes(plan, [GOOD, bad]))["Location"]
    page = client.get(url).content.decode()
    assert "Target 2024 is not a number: banyak" in page
    response = client.post(url)
    assert response["Location"] == url
    assert "1 row has errors; fix the file or choose to skip the rows with errors." in client.get(url).content.decode()
    assert plan.actions.count() == 0
    response = client.post(url, {"skip_invalid": "on"})
    assert plan.actions.count() == 1
    done = client.get(response["Location"])
    assert done.context["result"]["skipped_rows"] == 1


def test_an_operator_imports_only_their_own_agency(client_for, plan):
    client = client_for("disdik")
    url = upload(client, plan, workbook_bytes(plan, [GOOD, {**GOOD, "Penanggung jawab": "Dinkes"}]))["Location"]
    page = client.get(url).content.decode()
    assert "You may import only your own agency&#x27;s actions, not those of Dinas Kesehatan." in page
    client.post(url, {"skip_invalid": "on"})
    assert list(plan.actions.values_list("responsible_agency__acronym", flat=True)) == ["Disdikbud"]


def test_who_may_open_the_import(client_for, plan):
    url = f"/rencana/{plan.pk}/impor/"
    assert client_for("lamtim").get(url).status_code == 404
    assert client_for("walikota").get(url).status_code == 403
    assert client_for("provinsi").get(url).status_code == 403
    assert client_for("bnn").get(url).status_code == 403
    assert client_for("disdik").get(url).status_code == 200
    imports.plan_import(plan=plan, preview=check(plan, [GOOD]), by=user())
    services.plan_submit_for_review(plan=plan, by=user())
    assert client_for("disdik").get(url).status_code == 403  # operators draft only while the plan is a draft
    assert client_for("sekretariat").get(url).status_code == 200
    services.actions_accept(plan=plan, by=user())
    services.plan_adopt(plan=plan, by=user(), kind="perwali", number="12/2024", on=date(2024, 2, 1))
    response = client_for("sekretariat").post(url, {"file": SimpleUploadedFile("rad.xlsx", b"x")})
    assert response.status_code == 403
    assert "This plan is adopted and can no longer be changed" in response.content.decode()


def test_an_upload_belongs_to_the_session_that_sent_it(client_for, plan):
    url = upload(client_for(), plan, workbook_bytes(plan, [GOOD]))["Location"]
    assert client_for().get(url).status_code == 404
    assert client_for().get(f"/rencana/{plan.pk}/impor/../../etc/").status_code == 404


def test_a_discarded_upload_is_deleted(client_for, plan):
    client = client_for()
    url = upload(client, plan, workbook_bytes(plan, [GOOD]))["Location"]
    token = url.split("/impor/")[1].strip("/")
    assert imports.upload_path(token) is not None
    response = client.post(f"{url}batal/")
    assert response["Location"] == f"/rencana/{plan.pk}/impor/"
    assert imports.upload_path(token) is None


def test_the_template_download_matches_the_plan(client_for, db):
    plan = metro_plan(start_year=2023, end_year=2024, period_kind=PeriodKind.QUARTER)
    response = client_for("walikota").get(f"/rencana/{plan.pk}/impor/templat/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Matriks RAD", "Petunjuk"]
    headings = [cell.value for cell in workbook["Matriks RAD"][1]]
    assert headings == [heading for _key, heading in imports.template_columns(plan)]
    assert "Target 2024 Q4" in headings
    assert "baris pertama" in " ".join(str(c.value) for c in workbook["Petunjuk"]["B"] if c.value)
    assert client_for("lamtim").get(f"/rencana/{plan.pk}/impor/templat/").status_code == 404


def test_an_operator_exports_only_the_actions_they_see(client_for, plan):
    client = client_for()
    url = upload(client, plan, workbook_bytes(plan, [GOOD, {**GOOD, "Penanggung jawab": "Dinkes"}]))["Location"]
    client.post(url)
    content = client_for("disdik").get(f"/rencana/{plan.pk}/impor/templat/?aksi=1").content
    rows = list(load_workbook(io.BytesIO(content))["Matriks RAD"].iter_rows(min_row=2, values_only=True))
    assert [row[5] for row in rows] == ["Dinas Pendidikan dan Kebudayaan"]


def test_the_preview_runs_a_fixed_number_of_queries(client_for, plan, django_assert_num_queries):
    client = client_for()
    few = upload(client, plan, workbook_bytes(plan, [GOOD] * 2))["Location"]
    rows = [
        {
            **GOOD,
            "Penanggung jawab": acronym,
            "Instansi terkait": "Dinkes; BNN Kota Metro",
            "Lokasi": "Kecamatan Metro Pusat; Kelurahan Iring Mulyo",
        }
        for acronym in ["Disdikbud", "Dinkes", "Dinsos", "RSUD", "Satpol PP"] * 8
    ]
    many = upload(client, plan, workbook_bytes(plan, rows))["Location"]
    client.get(few)
    with django_assert_num_queries(10):
        assert client.get(few).status_code == 200
    with django_assert_num_queries(10):
        response = client.get(many)
    assert len(response.context["preview"].rows) == 40
