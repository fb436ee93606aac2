"""The national catalogue: its starting content, and export/import as CSV or XLSX.

The 2020–2024 content is a *starting catalogue*: the regional actions that pemda report under Inpres 2/2020
(the "aksi generik" and the facilitation scope of Permendagri 12/2019, see domain-research §1.2 and §3). The
platform administrator checks and edits it against the annex of the Inpres.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core import spreadsheets
from sinergi.core.services import model_update
from sinergi.planning.models import Level, NationalAction
from sinergi.planning.services import field_create, national_action_create

ALL = "province,regency,district,village"
KABKOTA = "province,regency"

STARTING_NOTE = (
    "Katalog awal: aksi daerah yang dilaporkan pemda di bawah Inpres 2/2020 (aksi generik, Pemprov Lampung 2022) "
    "dan ruang lingkup fasilitasi Permendagri 12/2019. Periksa dan sunting terhadap lampiran Inpres 2/2020."
)

RAN_2020_2024 = {
    "name": "RAN P4GN 2020–2024",
    "legal_basis": "Inpres Nomor 2 Tahun 2020",
    "start_year": 2020,
    "end_year": 2024,
    "notes": STARTING_NOTE,
    "fields": [
        (
            "1",
            "Pencegahan",
            [
                (
                    "1.1",
                    "Tes urine deteksi dini bagi ASN di lingkungan perangkat daerah",
                    "Jumlah ASN yang dites urine",
                    "orang",
                    KABKOTA,
                    True,
                ),
                (
                    "1.2",
                    "Sosialisasi dan diseminasi informasi P4GN di lingkungan instansi dan masyarakat",
                    "Jumlah peserta sosialisasi",
                    "orang",
                    ALL,
                    True,
                ),
                ("1.3", "Pembentukan Satgas/Relawan Anti Narkoba", "Jumlah anggota Satgas/Relawan", "orang", ALL, True),
                (
                    "1.4",
                    "Penyusunan regulasi dan kebijakan P4GN (Perda, Perkada, Surat Edaran)",
                    "Jumlah regulasi/kebijakan yang ditetapkan",
                    "dokumen",
                    KABKOTA,
                    True,
                ),
                (
                    "1.5",
                    "Penyusunan Rencana Aksi Daerah (RAD) P4GN",
                    "Dokumen RAD P4GN ditetapkan",
                    "dokumen",
                    KABKOTA,
                    False,
                ),
                (
                    "1.6",
                    "Penyusunan dan penerapan modul/kurikulum P4GN di satuan pendidikan",
                    "Jumlah sekolah yang menerapkan modul P4GN",
                    "sekolah",
                    KABKOTA,
                    False,
                ),
                (
                    "1.7",
                    "Pelatihan kader dan penggiat anti narkoba",
                    "Jumlah kader/penggiat terlatih",
                    "orang",
                    ALL,
                    False,
                ),
                (
                    "1.8",
                    "Kampanye bahaya narkoba melalui media dan kegiatan publik",
                    "Jumlah kegiatan/konten kampanye",
                    "kegiatan",
                    ALL,
                    False,
                ),
                (
                    "1.9",
                    "Pengembangan Desa/Kelurahan Bersinar (Bersih Narkoba)",
                    "Jumlah kelurahan/desa Bersinar",
                    "kelurahan/desa",
                    "regency,district,village",
                    False,
                ),
            ],
        ),
        (
            "2",
            "Pemberantasan",
            [
                (
                    "2.1",
                    "Pemetaan kawasan rawan dan rentan narkoba",
                    "Jumlah kelurahan/desa yang dipetakan",
                    "kelurahan/desa",
                    "regency,district",
                    False,
                ),
                (
                    "2.2",
                    "Pengawasan tempat hiburan, rumah kos dan kawasan rawan bersama aparat",
                    "Jumlah kegiatan pengawasan",
                    "kegiatan",
                    "regency,district",
                    False,
                ),
                (
                    "2.3",
                    "Pemberdayaan alternatif masyarakat di kawasan rawan narkoba",
                    "Jumlah kegiatan pemberdayaan alternatif",
                    "kegiatan",
                    ALL,
                    False,
                ),
            ],
        ),
        (
            "3",
            "Rehabilitasi",
            [
                (
                    "3.1",
                    "Rujukan rehabilitasi melalui Institusi Penerima Wajib Lapor (IPWL)",
                    "Jumlah orang yang dirujuk ke IPWL",
                    "orang",
                    KABKOTA,
                    False,
                ),
                (
                    "3.2",
                    "Peningkatan layanan rehabilitasi medis di fasilitas kesehatan daerah",
                    "Jumlah fasilitas kesehatan dengan layanan rehabilitasi",
                    "fasilitas",
                    KABKOTA,
                    False,
                ),
                (
                    "3.3",
                    "Rehabilitasi sosial dan pendampingan pascarehabilitasi",
                    "Jumlah orang yang didampingi",
                    "orang",
                    KABKOTA,
                    False,
                ),
            ],
        ),
        (
            "4",
            "Penelitian, Pengembangan dan Informasi",
            [
                (
                    "4.1",
                    "Penyediaan data dan informasi P4GN serta pelaporan melalui PIC",
                    "Jumlah laporan semester yang disampaikan tepat waktu",
                    "laporan",
                    KABKOTA,
                    False,
                ),
                (
                    "4.2",
                    "Integrasi data dan sistem pelaporan P4GN daerah",
                    "Sistem pelaporan terintegrasi",
                    "sistem",
                    KABKOTA,
                    False,
                ),
            ],
        ),
    ],
}

RAN_2025_2029 = {
    "name": "RAN P4GN 2025–2029",
    "legal_basis": "",
    "start_year": 2025,
    "end_year": 2029,
    "notes": "Kosong: isi bidang dan aksi setelah instrumen RAN P4GN 2025–2029 terbit.",
    "fields": [],
}

COLUMNS = ["field_code", "field_name", "code", "description", "success_indicator", "unit", "levels", "generic", "order"]


def seed(NationalPlan, Field, NationalAction) -> None:  # noqa: N803 (historical models from a migration)
    """Create the starting catalogues if they are missing (used by a data migration)."""
    for data in (RAN_2020_2024, RAN_2025_2029):
        if NationalPlan.objects.filter(start_year=data["start_year"], end_year=data["end_year"]).exists():
            continue
        plan = NationalPlan.objects.create(
            name=data["name"],
            legal_basis=data["legal_basis"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            notes=data["notes"],
        )
        for field_order, (code, name, actions) in enumerate(data["fields"], start=1):
            field = Field.objects.create(national_plan=plan, code=code, name=name, order=field_order)
            for order, (a_code, description, indicator, unit, levels, generic) in enumerate(actions, start=1):
                NationalAction.objects.create(
                    field=field,
                    code=a_code,
                    description=description,
                    success_indicator=indicator,
                    unit=unit,
                    levels=levels,
                    is_generic=generic,
                    order=order,
                )


def catalogue_rows(national_plan) -> list[list]:
    actions = NationalAction.objects.filter(field__national_plan=national_plan).select_related("field")
    rows = [
        [
            a.field.code,
            a.field.name,
            a.code,
            a.description,
            a.success_indicator,
            a.unit,
            a.levels,
            "ya" if a.is_generic else "tidak",
            a.order,
        ]
        for a in actions.order_by("field__order", "order", "code")
    ]
    # A field without actions still travels, as a row with no action code.
    empty_fields = national_plan.fields.filter(actions__isnull=True)
    rows.extend([f.code, f.name, "", "", "", "", "", "", ""] for f in empty_fields)
    return rows


def catalogue_export(national_plan, fmt: str) -> bytes:
    rows = catalogue_rows(national_plan)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        workbook = spreadsheets.workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet("RAN")
        sheet.write_row(0, 0, COLUMNS, workbook.add_format({"bold": True}))
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, [str(v) for v in row[:-1]] + [row[-1]])
        workbook.close()
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheets.csv_text(value) for value in row] for row in rows)
    return text.getvalue().encode("utf-8")


def _read_rows(content: bytes, fmt: str) -> list[dict]:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:
            raise ValidationError({"file": _("This is not a readable Excel (.xlsx) file.")}) from exc
        values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            values = [
                [spreadsheets.csv_unescape(cell) for cell in row]
                for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))
            ]
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _("The CSV file is not UTF-8 text.")}) from exc
    if not values or [v.strip() for v in values[0][: len(COLUMNS)]] != COLUMNS:
        raise ValidationError(
            {"file": _("The first row must be the columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)}}
        )
    return [
        dict(zip(COLUMNS, row + [""] * len(COLUMNS), strict=False)) for row in values[1:] if any(c.strip() for c in row)
    ]


@transaction.atomic
def catalogue_import(*, national_plan, content: bytes, fmt: str, by) -> dict:
    """Create or update the fields and actions of a national plan from a file; all or nothing."""
    rows = _read_rows(content, fmt)
    errors = []
    counts = {"fields": 0, "actions_created": 0, "actions_updated": 0}
    fields = {f.code: f for f in national_plan.fields.all()}
    for number, row in enumerate(rows, start=2):
        field_code, field_name = row["field_code"].strip(), row["field_name"].strip()
        if not field_code or not field_name:
            errors.append(_("Row %(row)s: field code and name are required.") % {"row": number})
            continue
        field = fields.get(field_code)
        if field is None:
            field = field_create(
                national_plan=national_plan, code=field_code, name=field_name, order=len(fields) + 1, by=by
            )
            fields[field_code] = field
            counts["fields"] += 1
        elif field.name != field_name:
            model_update(instance=field, data={"name": field_name}, by=by)
        code = row["code"].strip()
        if not code:
            continue
        levels = ",".join(level.strip() for level in row["levels"].split(",") if level.strip())
        if set(levels.split(",")) - set(Level.values) - {""}:
            errors.append(_("Row %(row)s: unknown level in %(levels)s.") % {"row": number, "levels": levels})
            continue
        try:
            order = int(float(row["order"] or 0))
        except ValueError:
            errors.append(_("Row %(row)s: the order must be a number.") % {"row": number})
            continue
        data = {
            "description": row["description"].strip(),
            "success_indicator": row["success_indicator"].strip(),
            "unit": row["unit"].strip(),
            "levels": levels,
            "is_generic": row["generic"].strip().lower() in ("ya", "yes", "true", "1"),
            "order": order,
        }
        if not data["description"]:
            errors.append(_("Row %(row)s: the action's description is required.") % {"row": number})
            continue
        existing = NationalAction.objects.filter(field__national_plan=national_plan, code=code).first()
        if existing:
            data["field"] = field
            if model_update(instance=existing, data=data, by=by):
                counts["actions_updated"] += 1
        else:
            national_action_create(field=field, code=code, by=by, **data)
            counts["actions_created"] += 1
    if errors:
        raise ValidationError({"file": errors})
    return counts
