"""Every format of the consolidated report opens in LibreOffice without repair: it converts to a non-empty PDF.

Same pattern as the documents app's test: CI sets SINERGI_REQUIRE_LIBREOFFICE so it can never be skipped there.
"""

import os
import shutil
import subprocess
import uuid

import pytest

from sinergi.reporting.consolidated import build_consolidated
from sinergi.reporting.consolidated_render import FORMATS
from sinergi.reporting.models import Period

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("soffice") is None and not os.environ.get("SINERGI_REQUIRE_LIBREOFFICE"),
        reason="LibreOffice (soffice) is not installed",
    ),
]


def test_it_converts_every_format_of_the_draft_to_pdf_in_libreoffice(tmp_path):
    period = Period.objects.get(government__region_id="18.72", year=2024, number=1)
    report = build_consolidated(period, draft=True)
    sources = []
    for fmt, document_format in FORMATS.items():
        source = tmp_path / f"laporan-{fmt}.{fmt}"
        source.write_bytes(document_format.render(report))
        sources.append(source)
    profile = f"file:///tmp/lo-profile-{uuid.uuid4().hex}"
    try:
        result = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "out"),
                *map(str, sources),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    assert "Error" not in result.stderr, result.stderr
    for source in sources:
        converted = tmp_path / "out" / f"{source.stem}.pdf"
        assert converted.is_file(), f"{source.name} did not convert: {result.stdout} {result.stderr}"
        assert converted.read_bytes().startswith(b"%PDF-") and converted.stat().st_size > 1000
