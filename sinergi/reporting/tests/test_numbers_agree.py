"""Issue #14 §4: every surface counts the same numbers for Semester I 2024 of Kota Metro (the demo)."""

import io

import openpyxl
import pytest
from docx import Document

from sinergi.reporting.models import Period, Report, ReportStatus

pytestmark = pytest.mark.django_db


def semester_one_2024() -> Period:
    return Period.objects.get(government__region_id="18.72", year=2024, number=1)


def test_completeness_counts_returned_reports_apart_not_as_submitted(api):
    period = semester_one_2024()
    reports = Report.objects.filter(period=period)
    submitted = reports.filter(
        status__in=[ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED, ReportStatus.APPROVED]
    ).count()
    returned = reports.filter(status=ReportStatus.RETURNED).count()
    assert returned > 0  # the demo has returned reports: they were first submitted but are back with the agency
    total = api("sekretariat").get(f"/api/v1/periods/{period.pk}/completeness").json()["total"]
    assert (total["submitted"], total["returned"]) == (submitted, returned)
    assert total["missing"] == total["expected"] - submitted


def test_the_evidence_annex_is_numbered_one_by_one_in_every_format(api):
    period = semester_one_2024()
    client = api("sekretariat")
    xlsx = client.get(f"/api/v1/periods/{period.pk}/document.xlsx?draft=true")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Lampiran B"]
    numbers = [row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int | float)]
    assert len(numbers) >= 3
    assert numbers == list(range(1, len(numbers) + 1))

    docx = client.get(f"/api/v1/periods/{period.pk}/document.docx?draft=true")
    document = Document(io.BytesIO(docx.content))
    annex = next(t for t in document.tables if "Nama berkas" in _text(t))
    docx_numbers = [row.cells[0].text.strip() for row in annex.rows[1:]]
    assert docx_numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _text(table) -> str:
    return " ".join(cell.text for cell in table.rows[0].cells)


def test_a_task_force_counts_its_compositions(api):
    from sinergi.coordination.models import TaskForce

    team = TaskForce.objects.filter(government__region_id="18.72").first()
    count = team.compositions.count()
    assert count >= 1
    detail = api("sekretariat").get(f"/api/v1/task-forces/{team.pk}").json()
    assert detail["composition_count"] == count


def test_the_programme_recap_api_accepts_a_semester(api):
    from sinergi.organizations.models import Government

    metro = Government.objects.get(region_id="18.72")
    response = api("sekretariat").get(f"/api/v1/programme-recap?government={metro.pk}&year=2024&semester=1")
    assert response.status_code == 200, response.content
    assert response.json()["semester"] == 1
    assert (
        api("sekretariat").get(f"/api/v1/programme-recap?government={metro.pk}&year=2024&semester=3").status_code == 422
    )
