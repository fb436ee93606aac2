"""Every format of the RAD matrix opens in LibreOffice without repair: it converts to a non-empty PDF.

LibreOffice needs its Calc, Writer and Draw parts (Draw opens PDFs); CI installs it and sets
SINERGI_REQUIRE_LIBREOFFICE so the test can never be skipped there.
"""

import os
import shutil
import subprocess
import uuid

import pytest

from sinergi.documents.rad_matrix import build_rad_matrix
from sinergi.documents.render import FORMATS
from sinergi.documents.tests import plans

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("soffice") is None and not os.environ.get("SINERGI_REQUIRE_LIBREOFFICE"),
        reason="LibreOffice (soffice) is not installed",
    ),
]


def test_it_converts_every_format_to_pdf_in_libreoffice(tmp_path):
    plans.sign_as_mayor()
    plans.give_logo()
    matrix = build_rad_matrix(plans.demo_plan())
    sources = []
    for fmt, document_format in FORMATS.items():
        source = tmp_path / f"matriks-{fmt}.{fmt}"
        source.write_bytes(document_format.render(matrix))
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
