"""The consolidated report downloaded through the API writes numbers as every other surface does (core/formatting.py)
and counts returned reports apart from submitted ones in its completeness annex."""

import io

import docx
import openpyxl
import pytest

from sinergi.reporting.models import Period, Report, ReportStatus
from sinergi.reporting.selectors import SUBMITTED_STATES, period_achievement

pytestmark = pytest.mark.django_db


def _period() -> Period:
    return Period.objects.get(government__region_id="18.72", year=2024, number=1)


def _counts(period: Period) -> dict[str, int]:
    reports = Report.objects.filter(period=period)
    return {
        "Wajib lapor": reports.count(),
        "Disampaikan": reports.filter(status__in=SUBMITTED_STATES).count(),
        "Dikembalikan": reports.filter(status=ReportStatus.RETURNED).count(),
        "Belum lapor": reports.exclude(status__in=SUBMITTED_STATES).count(),
    }


def test_the_docx_writes_percent_rupiah_and_period_name_and_counts_returned_apart(api):
    period = _period()
    counts = _counts(period)
    assert counts["Dikembalikan"] >= 1  # the demo's Semester I 2024 has returned reports
    response = api("sekretariat").get(f"/api/v1/periods/{period.pk}/document.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Laporan Pelaksanaan RAD P4GN Kota Metro Semester I 2024" in text
    cells = {}  # the summary's values under their headings (the first table holding each heading)
    for table in document.tables:
        if len(table.rows) > 1:
            for heading, value in zip(table.rows[0].cells, table.rows[1].cells, strict=True):
                cells.setdefault(heading.text, value.text)
    achievement = period_achievement(
        period=period, reports=list(Report.objects.filter(period=period)), approved_only=True
    ).government
    assert cells["Capaian pemerintah daerah"] == f"{achievement:.1f}".replace(".", ",") + " %"  # "53,3 %"
    budget = cells["Anggaran aksi (rencana)"]
    assert budget.startswith("Rp") and " " not in budget and "," not in budget  # "Rp14.500.000"
    annex = next(t for t in document.tables if "Dikembalikan" in [c.text for c in t.rows[0].cells])
    headings = [c.text for c in annex.rows[0].cells]
    total = [c.text for c in annex.rows[-1].cells]
    for heading, expected in counts.items():
        assert total[headings.index(heading)] == str(expected)


def test_the_xlsx_annex_has_a_returned_column_next_to_submitted(api):
    period = _period()
    counts = _counts(period)
    response = api("sekretariat").get(f"/api/v1/periods/{period.pk}/document.xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Lampiran A"].iter_rows(values_only=True))
    headings = next(row for row in rows if row[0] == "No")
    assert headings.index("Dikembalikan") == headings.index("Disampaikan") + 1
    total = next(row for row in rows if row[1] == "Jumlah")
    for heading, expected in counts.items():
        assert total[headings.index(heading)] == expected
