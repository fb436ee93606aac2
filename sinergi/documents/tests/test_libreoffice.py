"""Every format of the RAD matrix opens in LibreOffice without repair: it converts to a non-empty PDF."""

import pytest

from sinergi.core.tests.libreoffice import assert_opens_in_libreoffice, needs_libreoffice
from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.engine import FORMATS, render
from sinergi.documents.rad_matrix import build_rad_matrix
from sinergi.documents.tests import plans

pytestmark = [pytest.mark.django_db, needs_libreoffice]


def test_it_converts_every_format_to_pdf_in_libreoffice(tmp_path):
    plans.sign_as_mayor()
    plans.give_logo()
    matrix = build_rad_matrix(plans.demo_plan())
    sources = []
    for fmt in FORMATS:
        source = tmp_path / f"matriks-{fmt}.{fmt}"
        source.write_bytes(render(rad_matrix_document(matrix), fmt))
        sources.append(source)
    assert_opens_in_libreoffice(sources, tmp_path / "out")
