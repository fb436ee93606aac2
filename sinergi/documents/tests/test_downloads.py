"""Downloading the RAD matrix from the page and the API: formats, file names, and who sees which rows."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from sinergi.documents.tests import plans

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TITLES = {
    "Tes urine ASN Dinas Kesehatan",
    "Sosialisasi P4GN di sekolah menengah",
    '=HYPERLINK("http://example.invalid") razia gabungan tempat hiburan',
}


def _titles(content: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return {cell.value for row in sheet.iter_rows() for cell in row if cell.value in TITLES}


@pytest.mark.parametrize("fmt", CONTENT_TYPES)
def test_the_secretariat_downloads_each_format_as_an_attachment(login, fmt):
    plan = plans.demo_plan()
    response = login("sekretariat").get(f"/rencana/{plan.pk}/dokumen.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="RAD-P4GN-Kota-Metro-2024-v{plan.version}.{fmt}"'
    assert len(response.content) > 1000


def test_the_plan_can_be_named_by_its_public_code(login):
    plan = plans.demo_plan()
    response = login("bnn").get(f"/rencana/{plan.public_id}/dokumen.docx")
    assert response.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "Rencana Aksi Daerah P4GN Kota Metro Tahun 2024" in paragraphs


def test_an_unknown_format_is_not_found(login):
    plan = plans.demo_plan()
    assert login("sekretariat").get(f"/rencana/{plan.pk}/dokumen.odt").status_code == 404


def test_signing_in_is_required(client):
    plan = plans.demo_plan()
    response = client.get(f"/rencana/{plan.pk}/dokumen.pdf")
    assert response.status_code == 302
    assert "/akun/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize(
    ("username", "titles"),
    [
        ("sekretariat", TITLES),
        ("walikota", TITLES),
        ("provinsi", TITLES),
        ("disdik", {"Sosialisasi P4GN di sekolah menengah"}),
        ("kepala.disdik", {"Sosialisasi P4GN di sekolah menengah"}),
        ("dinkes", {"Tes urine ASN Dinas Kesehatan"}),
        ("kel.iringmulyo", set()),  # no action of an Iring Mulyo office: headings, empty table, totals
        ("admin", TITLES),
    ],
)
def test_each_role_gets_the_rows_it_may_see(login, username, titles):
    plan = plans.demo_plan()
    response = login(username).get(f"/rencana/{plan.pk}/dokumen.xlsx")
    assert response.status_code == 200
    assert _titles(response.content) == titles


def test_another_governments_secretariat_gets_not_found(login):
    plan = plans.demo_plan()
    assert login("lamtim").get(f"/rencana/{plan.pk}/dokumen.xlsx").status_code == 404
    assert login("lamtim").get(f"/rencana/{plan.public_id}/dokumen.pdf").status_code == 404


@pytest.mark.parametrize("fmt", CONTENT_TYPES)
def test_the_api_returns_each_format(api, fmt):
    plan = plans.demo_plan()
    response = api("sekretariat").get(f"/api/v1/plans/{plan.pk}/document.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="RAD-P4GN-Kota-Metro-2024-v{plan.version}.{fmt}"'


def test_the_api_scopes_rows_like_the_page(api):
    plan = plans.demo_plan()
    response = api("disdik").get(f"/api/v1/plans/{plan.public_id}/document.xlsx")
    assert _titles(response.content) == {"Sosialisasi P4GN di sekolah menengah"}


def test_the_api_answers_not_found_in_its_error_shape(api):
    plan = plans.demo_plan()
    for url in (f"/api/v1/plans/{plan.pk}/document.pdf", "/api/v1/plans/not-a-plan/document.pdf"):
        response = api("lamtim").get(url)
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": "Tidak ditemukan.", "fields": {}}}


def test_the_api_needs_a_token(client):
    plan = plans.demo_plan()
    response = client.get(f"/api/v1/plans/{plan.pk}/document.xlsx")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_the_openapi_document_lists_the_downloads(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for fmt, content_type in CONTENT_TYPES.items():
        answer = paths[f"/api/v1/plans/{{plan_id}}/document.{fmt}"]["get"]["responses"]["200"]
        assert content_type in answer["content"]


def test_a_download_runs_the_same_number_of_queries_for_a_small_and_a_large_plan(login, django_assert_num_queries):
    small, large = plans.plan_with_actions(3), plans.plan_with_actions(30)
    client = login("sekretariat")
    client.get(f"/rencana/{small.pk}/dokumen.xlsx")  # settle the session
    counts = []
    for plan in (small, large):
        # session, user, memberships, plan, the plan's action count, actions, supporting agencies, locations,
        # indicators, targets
        with django_assert_num_queries(10) as captured:
            assert client.get(f"/rencana/{plan.pk}/dokumen.xlsx").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
