"""Every format of the consolidated report opens in LibreOffice without repair: it converts to a non-empty PDF."""

import pytest

from sinergi.core.tests.libreoffice import assert_opens_in_libreoffice, needs_libreoffice
from sinergi.documents.engine import FORMATS, render
from sinergi.reporting.consolidated import build_consolidated
from sinergi.reporting.models import Period
from sinergi.reporting.semester_report import semester_report_document

pytestmark = [pytest.mark.django_db, needs_libreoffice]


def test_it_converts_every_format_of_the_draft_to_pdf_in_libreoffice(tmp_path):
    period = Period.objects.get(government__region_id="18.72", year=2024, number=1)
    report = build_consolidated(period, draft=True)
    sources = []
    for fmt in FORMATS:
        source = tmp_path / f"laporan-{fmt}.{fmt}"
        source.write_bytes(render(semester_report_document(report), fmt))
        sources.append(source)
    assert_opens_in_libreoffice(sources, tmp_path / "out")
