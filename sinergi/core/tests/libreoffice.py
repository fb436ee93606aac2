"""The check every generated document gets: headless LibreOffice opens it and converts it to a non-empty PDF
(which it only does for a file it can read without repair).

CI installs LibreOffice (Calc, Writer, Draw) and sets SINERGI_REQUIRE_LIBREOFFICE, so these tests never skip there.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("SINERGI_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice (soffice) is not installed",
)


def assert_opens_in_libreoffice(sources: list[Path], out_dir: Path) -> None:
    profile = f"file:///tmp/lo-profile-{uuid.uuid4().hex}"
    try:
        result = subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
             str(out_dir), *map(str, sources)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    assert "Error" not in result.stderr, result.stderr
    for source in sources:
        converted = out_dir / f"{source.stem}.pdf"
        assert converted.is_file(), f"{source.name} did not convert: {result.stdout} {result.stderr}"
        assert converted.read_bytes().startswith(b"%PDF-") and converted.stat().st_size > 1000
