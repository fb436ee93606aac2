"""Import of a RAD matrix from Excel into a draft plan: the template, file checks, column mapping, row validation
and the all-or-nothing commit through the planning services.

The template has one row per indicator. An action with several indicators fills its action columns (Bidang …
Kode SIPD) on its first row only; the following rows leave them empty and belong to the action above. That is
exactly what Excel leaves behind when merged action cells are unmerged.
"""

import io
import math
import re
import secrets
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core.scope import scope_for
from sinergi.organizations.models import Agency
from sinergi.planning import services
from sinergi.planning.models import (
    Action,
    Aggregation,
    BudgetSource,
    Direction,
    Field,
    Indicator,
    NationalAction,
    PeriodKind,
    PlanStatus,
    RegionalPlan,
    Target,
)
from sinergi.planning.rules import can_manage_plan, can_propose_for
from sinergi.regions.models import Region
from sinergi.regions.text import normalize_name

# --- the template's columns ----------------------------------------------------------------------------------

ACTION_COLUMNS = [
    ("field", "Bidang"),
    ("national_action", "Kode Aksi RAN"),
    ("local_justification", "Alasan aksi lokal"),
    ("title", "Aksi/Kegiatan"),
    ("description", "Uraian"),
    ("responsible_agency", "Penanggung jawab"),
    ("supporting_agencies", "Instansi terkait"),
    ("target_group", "Kelompok sasaran"),
    ("locations", "Lokasi"),
    ("months", "Waktu"),
    ("budget", "Anggaran"),
    ("budget_source", "Sumber dana"),
    ("sipd_code", "Kode SIPD"),
]
INDICATOR_COLUMNS = [
    ("indicator", "Indikator"),
    ("unit", "Satuan"),
    ("aggregation", "Agregasi"),
    ("direction", "Arah"),
    ("baseline", "Baseline"),
]
ACTION_KEYS = [key for key, _heading in ACTION_COLUMNS]
REQUIRED = ("title", "responsible_agency", "indicator", "unit")
# Other spellings of the headings seen in pemda matrices, normalised (lower case, letters and digits only).
SYNONYMS = {
    "field": ["bidangran", "bidangp4gn"],
    "national_action": ["kodeaksi", "koderan", "aksiran", "nomoraksiran", "kodeaksiinpres"],
    "local_justification": ["alasan", "justifikasi", "alasanlokal"],
    "title": ["aksi", "kegiatan", "namakegiatan", "rencanaaksi", "aksidaerah", "namaaksi"],
    "description": ["uraiankegiatan", "keterangan", "deskripsi", "rincian"],
    "responsible_agency": ["pj", "opd", "opdpenanggungjawab", "pelaksana", "instansipelaksana", "perangkatdaerah"],
    "supporting_agencies": ["opdterkait", "instansipendukung", "pendukung", "mitra", "pihakterkait"],
    "target_group": ["sasaran", "kelompoksasaran"],
    "locations": ["lokus", "wilayah", "lokasikegiatan"],
    "months": ["jadwal", "waktupelaksanaan", "jadwalpelaksanaan", "bulan", "bulanpelaksanaan"],
    "budget": ["anggaranrp", "pagu", "paguanggaran", "biaya", "alokasianggaran"],
    "budget_source": ["sumberanggaran", "sumberpendanaan", "sumberbiaya"],
    "sipd_code": ["sipd", "koderekening", "kodeprogram", "kodekegiatan", "kodesubkegiatan"],
    "indicator": ["indikatorkinerja", "indikatorkeberhasilan", "indikatoroutput", "indikatorcapaian"],
    "unit": ["sat"],
    "aggregation": ["carahitung", "caraagregasi"],
    "direction": ["polaritas", "arahindikator"],
    "baseline": ["kondisiawal", "dataawal", "capaianawal", "nilaiawal"],
}
SOURCE_WORDS = {
    BudgetSource.APBD: "APBD",
    BudgetSource.APBN: "APBN",
    BudgetSource.APBDES: "APBDes",
    BudgetSource.DANA_KELURAHAN: "Dana kelurahan",
    BudgetSource.CSR: "CSR",
    BudgetSource.OTHER: "Lainnya",
}
AGGREGATION_WORDS = {Aggregation.SUM: "jumlah", Aggregation.LATEST: "terakhir", Aggregation.MAX: "maksimum"}
DIRECTION_WORDS = {Direction.HIGHER: "naik", Direction.LOWER: "turun"}
LOCAL_WORDS = {"", "lokal", "local", "-"}
WHOLE_AREA_WORDS = {"seluruh wilayah", "semua wilayah", "semua", "seluruh"}
MONTH_WORDS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "ags", "agst", "aug"], 8),
    **dict.fromkeys(["september", "sep", "sept"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
WHOLE_YEAR_WORDS = {"sepanjang tahun", "setiap bulan", "tiap bulan", "setahun"}
FILLER_WORDS = {"bulan", "bln", "ke", "dan"}
MAX_ROWS = 5000
MAX_COLUMNS = 200
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def target_columns(plan: RegionalPlan) -> list[tuple[str, str, int, int]]:
    """(key, heading, year, period) of every target column: the year, then each of its periods."""
    letter = "S" if plan.period_kind == PeriodKind.SEMESTER else "Q"
    columns = []
    for year in plan.years:
        columns.append((f"target:{year}:0", f"Target {year}", year, 0))
        columns.extend((f"target:{year}:{p}", f"Target {year} {letter}{p}", year, p) for p in plan.periods)
    return columns


def template_columns(plan: RegionalPlan) -> list[tuple[str, str]]:
    """(key, heading) of every column of the plan's template, in order."""
    targets = [(key, heading) for key, heading, _y, _p in target_columns(plan)]
    return ACTION_COLUMNS + INDICATOR_COLUMNS + targets


def months_text(months: str) -> str:
    """The stored month list "1,2,3,7" as the template writes it: "1-3,7"."""
    values = sorted({int(m) for m in months.split(",") if m.strip().isdigit()})
    parts, start = [], None
    for index, month in enumerate(values):
        start = month if start is None else start
        if index + 1 == len(values) or values[index + 1] != month + 1:
            parts.append(str(month) if start == month else f"{start}-{month}")
            start = None
    return ",".join(parts)


def parse_months(text: str) -> str | None:
    """ "1-6", "1,2,3", "Jan–Mar, Agu", "Januari s.d. Juni" → "1,2,…"; None when it cannot be read."""
    text = text.lower().strip()
    if not text:
        return ""
    if text in WHOLE_YEAR_WORDS:
        return ",".join(str(m) for m in range(1, 13))
    for word in ("sampai dengan", "s.d.", "s/d", "s.d", "sampai", "hingga", "–", "—"):
        text = text.replace(word, "-")
    if re.sub(r"\d+|[a-z]+|-|[\s,;/.&]", "", text):
        return None
    values, pending_range = [], False
    for token in re.findall(r"\d+|[a-z]+|-", text):
        if token == "-":
            if not values or pending_range:
                return None
            pending_range = True
            continue
        if token in FILLER_WORDS:
            continue
        month = int(token) if token.isdigit() else MONTH_WORDS.get(token)
        if month is None or not 1 <= month <= 12:
            return None
        if pending_range:
            if month < values[-1]:
                return None
            values.extend(range(values[-1] + 1, month + 1))
            pending_range = False
        else:
            values.append(month)
    if pending_range or not values:
        return None
    return ",".join(str(m) for m in sorted(set(values)))


def _number(value) -> Decimal:
    """A number from a cell: Excel numbers, or text in Indonesian ("Rp 1.500.000", "12,5") or English notation."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(value)
        # Binary floats: 0.1 + 0.2 is 0.30000000000000004; six decimals are more than any column keeps.
        return Decimal(repr(round(value, 6)))
    text = re.sub(r"^rp\.?", "", str(value).strip().replace("\u00a0", "").replace(" ", ""), flags=re.I)
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(value)
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


def _text(value) -> str:
    """A cell's value as text for the text columns; whole numbers lose Excel's ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


# --- the plan as a template ----------------------------------------------------------------------------------


def _actions_for_export(plan: RegionalPlan):
    targets = Prefetch("targets", queryset=Target.objects.order_by("year", "period"))
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk").prefetch_related(targets))
    return (
        Action.objects.filter(plan=plan)
        .select_related("field", "national_action", "responsible_agency")
        .prefetch_related("supporting_agencies", "locations", indicators)
        .order_by("field__order", "order", "pk")
    )


def plan_export_template(plan: RegionalPlan, *, actions=None, empty: bool = False) -> bytes:
    """The plan's actions (or ``actions``, or none) in the import template's layout, with a "Petunjuk" sheet."""
    import xlsxwriter

    columns = template_columns(plan)
    regions = _RegionIndex(plan)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True, "valign": "top"})
    text = workbook.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    money = workbook.add_format({"num_format": "#,##0", "valign": "top"})
    number = workbook.add_format({"valign": "top"})
    sheet = workbook.add_worksheet("Matriks RAD")
    sheet.write_row(0, 0, [heading for _key, heading in columns], head)
    sheet.freeze_panes(1, 0)
    numeric = {"budget", "baseline"} | {key for key, *_rest in target_columns(plan)}
    formats = {}
    widths = {"title": 40, "description": 40, "indicator": 36, "responsible_agency": 28, "supporting_agencies": 28}
    for index, (key, _heading) in enumerate(columns):
        formats[key] = money if key == "budget" else number if key in numeric else text
        sheet.set_column(index, index, widths.get(key, 14), formats[key])
    lists = {
        "budget_source": list(SOURCE_WORDS.values()),
        "aggregation": list(AGGREGATION_WORDS.values()),
        "direction": list(DIRECTION_WORDS.values()),
    }
    for index, (key, _heading) in enumerate(columns):
        if key in lists:
            sheet.data_validation(
                1, index, 2000, index, {"validate": "list", "source": lists[key], "error_type": "warning"}
            )
    row_number = 1
    rows = [] if empty else _export_rows(_actions_for_export(plan) if actions is None else actions, regions)
    for values in rows:
        for index, (key, _heading) in enumerate(columns):
            value = values.get(key)
            if value is None or value == "":
                continue
            if key in numeric:
                sheet.write_number(row_number, index, float(value), formats[key])
            else:
                sheet.write_string(row_number, index, str(value), text)
        row_number += 1
    _write_instructions(workbook, plan, regions)
    workbook.close()
    return buffer.getvalue()


def _export_rows(actions, regions: "_RegionIndex") -> list[dict]:
    rows = []
    for action in actions:
        cells = {
            "field": action.field.code,
            "national_action": action.national_action.code if action.national_action_id else "LOKAL",
            "local_justification": action.local_justification,
            "title": action.title,
            "description": action.description,
            "responsible_agency": action.responsible_agency.name,
            "supporting_agencies": "; ".join(sorted(a.name for a in action.supporting_agencies.all())),
            "target_group": action.target_group,
            "locations": ""
            if action.whole_government
            else "; ".join(regions.written(r) for r in sorted(action.locations.all(), key=lambda r: r.code)),
            "months": months_text(action.months),
            "budget": action.budget,
            "budget_source": SOURCE_WORDS.get(action.budget_source, ""),
            "sipd_code": action.sipd_code,
        }
        indicators = list(action.indicators.all()) or [None]
        for indicator in indicators:
            row = dict(cells)
            cells = {}  # continuation rows leave the action's cells empty
            if indicator is not None:
                row.update(
                    indicator=indicator.name,
                    unit=indicator.unit,
                    aggregation=AGGREGATION_WORDS.get(indicator.aggregation, ""),
                    direction=DIRECTION_WORDS.get(indicator.direction, ""),
                    baseline=indicator.baseline,
                )
                row.update({f"target:{t.year}:{t.period}": t.value for t in indicator.targets.all()})
            rows.append(row)
    return rows


def _write_instructions(workbook, plan: RegionalPlan, regions: "_RegionIndex") -> None:
    sheet = workbook.add_worksheet("Petunjuk")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 110, wrap)
    period = "semester (S1, S2)" if plan.period_kind == PeriodKind.SEMESTER else "triwulan (Q1–Q4)"
    lines = [
        (f"Petunjuk pengisian matriks {plan.title} ({plan.period_label})", None),
        ("", None),
        ("Satu baris", "Satu baris untuk satu indikator. Sistem hanya membaca lembar pertama (Matriks RAD)."),
        (
            "Aksi dengan beberapa indikator",
            "Isi kolom aksi (Bidang sampai Kode SIPD) hanya pada baris pertama aksi. Pada baris berikutnya kolom "
            "aksi dibiarkan kosong: baris itu adalah indikator lain dari aksi di atasnya.",
        ),
        ("Sel gabungan", "Jangan menggabungkan sel (merge). Pisahkan dulu; isi aksi cukup di baris pertama."),
        ("Rumus", "Sistem tidak menghitung rumus. Salin sel lalu tempel sebagai nilai (Paste Values)."),
        ("Wajib diisi", "Aksi/Kegiatan, Penanggung jawab, Indikator dan Satuan."),
        ("Bidang", "Kode bidang RAN (lihat daftar di bawah); boleh kosong bila Kode Aksi RAN diisi."),
        ("Kode Aksi RAN", "Kode aksi pada RAN; kosong atau LOKAL untuk aksi lokal, lalu isi Alasan aksi lokal."),
        ("Penanggung jawab", "Nama atau singkatan perangkat daerah/instansi (lihat daftar di bawah)."),
        ("Instansi terkait", "Beberapa nama atau singkatan dipisah titik koma (;)."),
        (
            "Lokasi",
            "Kosong = seluruh wilayah. Selain itu nama atau kode Kemendagri kecamatan/kelurahan/desa, dipisah "
            "titik koma (;), mis. Kecamatan Metro Pusat; Kelurahan Iring Mulyo.",
        ),
        ("Waktu", "Bulan pelaksanaan: 1-6, atau 1,2,3, atau Jan-Jun, atau Januari, Maret."),
        ("Anggaran", "Rupiah, angka bulat, mis. 15000000 atau 15.000.000. Kosong bila belum ada."),
        ("Sumber dana", ", ".join(SOURCE_WORDS.values())),
        ("Agregasi", "jumlah (dijumlahkan antarperiode), terakhir (nilai terakhir), maksimum (nilai tertinggi)."),
        ("Arah", "naik (makin tinggi makin baik) atau turun (makin rendah makin baik)."),
        ("Baseline dan target", f"Angka. Target per tahun dan per {period}; kosong bila tidak ada target."),
        ("", None),
    ]
    row = 0
    for label, text in lines:
        sheet.write_string(row, 0, label, bold)
        if text:
            sheet.write_string(row, 1, text, wrap)
        row += 1
    national = NationalAction.objects.filter(field__national_plan_id=plan.national_plan_id).select_related("field")
    agencies = Agency.objects.filter(government_id=plan.government_id, valid_until__isnull=True).order_by("name")
    sections = [
        ("Bidang", [(f.code, f.name) for f in Field.objects.filter(national_plan_id=plan.national_plan_id)]),
        ("Kode Aksi RAN", [(a.code, f"{a.description} (bidang {a.field.code})") for a in national]),
        ("Penanggung jawab", [(a.acronym or "", a.name) for a in agencies]),
        ("Lokasi", [(r.code, r.label) for r in regions.regions]),
    ]
    for title, entries in sections:
        sheet.write_string(row, 0, f"Daftar: {title}", bold)
        row += 1
        for left, right in entries:
            sheet.write_string(row, 0, left)
            sheet.write_string(row, 1, right, wrap)
            row += 1
        row += 1


# --- the uploaded file ---------------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The uploaded file cannot be read as an Excel workbook; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_upload_bytes() -> int:
    return getattr(settings, "SINERGI_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def check_size(size: int) -> None:
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > max_upload_bytes():
        raise ImportFileError(
            _("The file is larger than %(limit)s. Remove what is not part of the matrix, or split it.")
            % {"limit": filesizeformat(max_upload_bytes())}
        )


def check_xlsx(content: bytes) -> None:
    """Recognise an .xlsx by its content (a ZIP holding a spreadsheet's [Content_Types].xml), not by its name."""
    check_size(len(content))
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # An OLE compound file: either an old .xls, or an .xlsx encrypted with a password to open it.
        if "EncryptedPackage".encode("utf-16-le") in content or "EncryptionInfo".encode("utf-16-le") in content:
            raise ImportFileError(
                _(
                    "This file is protected with a password. Open it in Excel, remove the password "
                    "(File › Info › Protect Workbook), save it and upload it again."
                )
            )
        raise ImportFileError(
            _("This is an old Excel .xls file. Open it in Excel, save it as .xlsx (Excel Workbook) and upload that.")
        )
    if not content.startswith(b"PK"):
        raise ImportFileError(_("This is not an Excel .xlsx file. Save the matrix from Excel as .xlsx and upload it."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(_("The file is too large once unpacked. Split the matrix into several files."))
            if "[Content_Types].xml" not in names:
                if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                    raise ImportFileError(
                        _("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx and upload that.")
                    )
                raise ImportFileError(_("This is not an Excel .xlsx file."))
            if b"spreadsheetml" not in archive.read("[Content_Types].xml") or archive.testzip() is not None:
                raise ImportFileError(_("This is not an Excel .xlsx file."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as exc:
        raise ImportFileError(
            _("The file is damaged (not a complete .xlsx). Save it again from Excel and upload the new file.")
        ) from exc


def _upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_store(content: bytes) -> str:
    """Keep an upload under a random name until it is imported or abandoned; sweep uploads older than a day."""
    folder = _upload_dir()
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < time.time() - 86400:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (folder / f"{token}.xlsx").write_bytes(content)
    return token


def upload_path(token: str) -> Path | None:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    path = _upload_dir() / f"{token}.xlsx"
    return path if path.exists() else None


def upload_delete(token: str) -> None:
    path = upload_path(token)
    if path:
        path.unlink(missing_ok=True)


def open_workbook(source):
    """The workbook with formulas as written (not evaluated), so that formulas can be reported."""
    from openpyxl import load_workbook

    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(source, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken package; the answer is the same
        raise ImportFileError(
            _("The file is damaged (not a complete .xlsx). Save it again from Excel and upload the new file.")
        ) from exc


# --- column mapping ------------------------------------------------------------------------------------------


@dataclass
class Mapping:
    """Where the template's columns are in a file: the sheet, the header row (1-based) and column indexes."""

    sheet: str
    header_row: int
    columns: dict[str, int]

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "header_row": self.header_row, "columns": self.columns}

    @classmethod
    def from_dict(cls, data: dict) -> "Mapping":
        return cls(sheet=data["sheet"], header_row=int(data["header_row"]), columns=dict(data["columns"]))


def headings(worksheet, row: int) -> list[str]:
    width = min(worksheet.max_column, MAX_COLUMNS)
    cells = next(worksheet.iter_rows(min_row=row, max_row=row, max_col=width, values_only=True), ())
    return [_text(value) for value in cells]


def sheet_sample(worksheet, rows: int = 12, columns: int = 20) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The top left corner of a sheet (column letters, numbered rows), to find the header row under a title."""
    from openpyxl.utils import get_column_letter

    width = min(worksheet.max_column, columns)
    top = worksheet.iter_rows(min_row=1, max_row=min(worksheet.max_row, rows), max_col=width, values_only=True)
    cells = [(number, [_text(v) for v in values]) for number, values in enumerate(top, start=1)]
    return [get_column_letter(i + 1) for i in range(width)], cells


def _target_of_heading(heading: str, plan: RegionalPlan) -> str | None:
    text = heading.lower()
    year = re.search(r"(?<!\d)(19|20)\d\d(?!\d)", text)
    if not year or int(year.group()) not in plan.years:
        return None
    rest = re.sub(r"target|tahun|sasaran", "", text.replace(year.group(), "")).strip(" -:/()")
    if not rest:
        return f"target:{year.group()}:0"
    roman = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
    period = re.fullmatch(r"(s|smt|semester|q|tw|triwulan|kuartal|trimester)\s*\.?\s*([1-4]|iv|iii|ii|i)", rest)
    if not period:
        return None
    number = roman.get(period.group(2)) or int(period.group(2))
    return f"target:{year.group()}:{number}" if number in plan.periods else None


def heading_score(heading: str, key: str, template_heading: str, plan: RegionalPlan) -> float:
    """How well a file's heading names a template column: 1 for the same words, less for a near spelling."""
    from difflib import SequenceMatcher

    normalised = _key(heading)
    if not normalised:
        return 0
    if key.startswith("target:"):
        return 1.0 if _target_of_heading(heading, plan) == key else 0
    names = [_key(template_heading), *SYNONYMS.get(key, [])]
    if normalised in names:
        return 1.0
    best = max(SequenceMatcher(None, normalised, name).ratio() for name in names)
    return best if best >= 0.8 else 0


def guess_columns(file_headings: list[str], plan: RegionalPlan) -> dict[str, int]:
    """The best file column for each template column, each file column used once (best matches first)."""
    scored = []
    for key, template_heading in template_columns(plan):
        for index, heading in enumerate(file_headings):
            score = heading_score(heading, key, template_heading, plan)
            if score:
                scored.append((score, -index, key, index))
    chosen, used = {}, set()
    for _score, _order, key, index in sorted(scored, reverse=True):
        if key not in chosen and index not in used:
            chosen[key] = index
            used.add(index)
    return chosen


def detect_header_row(worksheet, plan: RegionalPlan) -> int:
    """The row among the first 30 whose cells name the most template columns (title blocks sit above it)."""
    names = {_key(heading) for _column, heading in template_columns(plan)}
    names.update(name for synonyms in SYNONYMS.values() for name in synonyms)
    best_row, best = 1, 0
    for row in range(1, min(worksheet.max_row, 30) + 1):
        found = sum(1 for h in headings(worksheet, row) if _key(h) in names or _target_of_heading(h, plan))
        if found > best:
            best_row, best = row, found
    return best_row


def exact_mapping(workbook, plan: RegionalPlan) -> Mapping | None:
    """The mapping of a file in the template's own layout (every heading present on row 1), else None."""
    worksheet = workbook.worksheets[0]
    found = {_key(h): i for i, h in reversed(list(enumerate(headings(worksheet, 1)))) if h}
    columns = {}
    for key, heading in template_columns(plan):
        if _key(heading) not in found:
            return None
        columns[key] = found[_key(heading)]
    return Mapping(sheet=worksheet.title, header_row=1, columns=columns)


# --- reading and checking the rows ---------------------------------------------------------------------------


class _AgencyIndex:
    """The government's agencies by normalised name and acronym (one query)."""

    def __init__(self, plan: RegionalPlan):
        self.by_key: dict[str, list[Agency]] = {}
        for agency in Agency.objects.filter(government_id=plan.government_id).select_related("successor"):
            for key in {normalize_name(agency.name), normalize_name(agency.acronym)} - {""}:
                self.by_key.setdefault(key, []).append(agency)

    def find(self, text: str) -> tuple[Agency | None, str | None]:
        found = self.by_key.get(normalize_name(text), [])
        current = [a for a in found if a.is_active]
        if len(current) == 1:
            return current[0], None
        if current:
            return None, _("“%(name)s” matches several agencies; write the full name.") % {"name": text}
        if found and found[0].successor:
            return None, _("%(name)s has ended; it was succeeded by %(successor)s.") % {
                "name": found[0].name,
                "successor": found[0].successor.name,
            }
        if found:
            return None, _("%(name)s has ended.") % {"name": found[0].name}
        return None, _("Unknown agency: %(name)s.") % {"name": text}


class _RegionIndex:
    """The kecamatan and kelurahan/desa (and, for a province, kabupaten/kota) inside the government (one query)."""

    def __init__(self, plan: RegionalPlan):
        root = plan.government.region_id
        self.root_names = {normalize_name(plan.government.region.name)}
        self.regions = list(Region.objects.filter(code__gt=root + ".", code__lt=root + "/", is_current=True))
        self.by_code = {r.code: r for r in self.regions}
        self.by_key: dict[str, list[Region]] = {}
        for region in self.regions:
            for name in {normalize_name(region.name), normalize_name(region.label)}:
                for key in {name, name.replace(" ", "")}:
                    self.by_key.setdefault(key, []).append(region)

    @staticmethod
    def _normalise(text: str) -> str:
        key = normalize_name(text)
        for short, long in (("kec ", "kecamatan "), ("kel ", "kelurahan "), ("ds ", "desa ")):
            if key.startswith(short):
                key = long + key[len(short) :]
        return key

    def find(self, text: str) -> tuple[Region | None, str | None]:
        if text in self.by_code:
            return self.by_code[text], None
        key = self._normalise(text)
        found = self.by_key.get(key) or self.by_key.get(key.replace(" ", ""), [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _("“%(name)s” matches several places; write its Kemendagri code.") % {"name": text}
        return None, _("Unknown location: %(name)s.") % {"name": text}

    def written(self, region: Region) -> str:
        """How the template writes a location: its label, or its code where the label is ambiguous."""
        return region.label if len(self.by_key.get(normalize_name(region.label), [])) == 1 else region.code


@dataclass
class ParsedIndicator:
    name: str
    unit: str
    aggregation: str
    direction: str
    baseline: Decimal | None
    targets: dict[tuple[int, int], Decimal]


@dataclass
class ParsedAction:
    """One action read from the file, with the rows it spans."""

    row: int
    values: dict
    supporting_agencies: list
    locations: list
    indicators: list[ParsedIndicator] = field(default_factory=list)
    rows: list["ParsedRow"] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not any(row.errors for row in self.rows)


@dataclass
class ParsedRow:
    """One row of the file: what it says (as shown in the preview) and what is wrong with it."""

    number: int
    shown: dict[str, str]
    errors: list[str] = field(default_factory=list)
    continues: int | None = None
    action: ParsedAction | None = None
    # Cells holding a formula or an error value: reported once, not again as missing.
    unreadable: set[str] = field(default_factory=set)

    def require(self, key: str, value: str, heading: str) -> None:
        if not value and key not in self.unreadable:
            self.errors.append(_("Missing required cell: %(column)s.") % {"column": heading})

    @property
    def targets_shown(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.shown.items() if k.startswith("Target") and v]

    @property
    def blocked_by(self) -> list[int]:
        """Other rows of the same action whose errors keep this row out of the import."""
        if self.errors or self.action is None:
            return []
        return [row.number for row in self.action.rows if row.errors]


@dataclass
class ImportPreview:
    """The whole file checked against the plan: every row, the actions they make, and file-level problems."""

    plan: RegionalPlan
    mapping: Mapping
    rows: list[ParsedRow]
    actions: list[ParsedAction]
    problems: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[ParsedRow]:
        return [row for row in self.rows if row.errors]

    @property
    def valid_actions(self) -> list[ParsedAction]:
        return [action for action in self.actions if action.is_valid]

    @property
    def skipped_rows(self) -> int:
        return sum(len(action.rows) for action in self.actions if not action.is_valid) + sum(
            1 for row in self.rows if row.action is None
        )

    @property
    def indicator_count(self) -> int:
        return sum(len(action.indicators) for action in self.valid_actions)


class _Context:
    """What rows are checked against, loaded once: one query each for fields, national actions, agencies, regions."""

    def __init__(self, plan: RegionalPlan, user):
        self.plan, self.user = plan, user
        self.fields = list(Field.objects.filter(national_plan_id=plan.national_plan_id))
        self.national: dict[str, list[NationalAction]] = {}
        for action in NationalAction.objects.filter(field__national_plan_id=plan.national_plan_id).select_related(
            "field"
        ):
            self.national.setdefault(action.code, []).append(action)
        self.agencies = _AgencyIndex(plan)
        self.regions = _RegionIndex(plan)
        self.max_length = {
            "title": Action._meta.get_field("title").max_length,
            "target_group": Action._meta.get_field("target_group").max_length,
            "sipd_code": Action._meta.get_field("sipd_code").max_length,
            "indicator": Indicator._meta.get_field("name").max_length,
            "unit": Indicator._meta.get_field("unit").max_length,
        }

    def find_field(self, text: str) -> Field | None:
        key = normalize_name(text)
        for item in self.fields:
            if text == item.code or key in (normalize_name(item.name), normalize_name(f"{item.code} {item.name}")):
                return item
        return None


def _merged_cell_problems(worksheet, data_rows: range) -> dict[int, list[str]]:
    """Merged ranges touching data rows: the layout cannot be trusted there."""
    problems: dict[int, list[str]] = {}
    for merged in worksheet.merged_cells.ranges:
        for row in range(max(merged.min_row, data_rows.start), min(merged.max_row, data_rows.stop - 1) + 1):
            problems.setdefault(row, []).append(
                _("Merged cells %(range)s: unmerge them and fill in the rows (action cells on the first row only).")
                % {"range": merged.coord}
            )
    return problems


def import_preview(*, plan: RegionalPlan, workbook, mapping: Mapping, user) -> ImportPreview:
    """Read and check every row of the mapped sheet; nothing is written."""
    from openpyxl.utils import get_column_letter

    context = _Context(plan, user)
    worksheet = workbook[mapping.sheet] if mapping.sheet in workbook.sheetnames else workbook.worksheets[0]
    last_row = min(worksheet.max_row, mapping.header_row + MAX_ROWS)
    preview = ImportPreview(plan=plan, mapping=mapping, rows=[], actions=[])
    if worksheet.max_row > last_row:
        message = _("The sheet has more than %(count)s rows below the header. Delete empty rows, or split it.")
        preview.problems.append(message % {"count": MAX_ROWS})
    data_rows = range(mapping.header_row + 1, last_row + 1)
    merged = _merged_cell_problems(worksheet, data_rows)
    width = min(worksheet.max_column, MAX_COLUMNS)
    current: ParsedAction | None = None
    for number, cells in enumerate(
        worksheet.iter_rows(min_row=data_rows.start, max_row=last_row, max_col=width), start=data_rows.start
    ):
        raw, errors, unreadable = {}, list(merged.get(number, [])), set()
        for key, index in mapping.columns.items():
            cell = cells[index] if index < len(cells) else None
            raw[key] = None if cell is None else cell.value
            if cell is not None and cell.data_type in ("f", "e"):
                where = f"{get_column_letter(index + 1)}{number}"
                if cell.data_type == "f":
                    message = _(
                        "%(cell)s holds a formula (%(formula)s); the importer does not calculate formulas. "
                        "Copy the cells and paste them as values."
                    )
                else:
                    message = _("%(cell)s holds the Excel error %(formula)s.")
                errors.append(message % {"cell": where, "formula": str(cell.value)[:40]})
                raw[key] = None
                unreadable.add(key)
        if all(_text(value) == "" for value in raw.values()) and not errors:
            continue
        row = ParsedRow(number=number, shown={}, errors=errors, unreadable=unreadable)
        preview.rows.append(row)
        starts_action = any(_text(raw.get(key)) for key in ACTION_KEYS)
        if starts_action:
            current = _parse_action(raw, row, context)
            preview.actions.append(current)
        elif current is None:
            row.errors.append(_("This row has no action, and there is no action above it to continue."))
        else:
            row.continues = current.row
        if current is not None:
            row.action = current
            current.rows.append(row)
            indicator = _parse_indicator(raw, row, context)
            if indicator:
                current.indicators.append(indicator)
    return preview


def _parse_action(raw: dict, row: ParsedRow, context: _Context) -> ParsedAction:
    text = {key: _text(raw.get(key)) for key in ACTION_KEYS}
    for key in ("title", "responsible_agency"):
        row.require(key, text[key], dict(ACTION_COLUMNS)[key])
    for key in ("title", "target_group", "sipd_code"):
        _check_length(row, text[key], dict(ACTION_COLUMNS)[key], context.max_length[key])
    plain = ("title", "description", "local_justification", "target_group", "sipd_code")
    values = {key: text[key] for key in plain}
    row.shown.update(values)
    field_, national = _read_alignment(text, row, context)
    agency, supporting = _read_agencies(text, row, context)
    whole, locations = _read_locations(text, row, context)
    values.update(
        field=field_,
        national_action=national,
        responsible_agency=agency,
        whole_government=whole,
        months=_read_months(raw, text, row),
        budget=_read_budget(raw, text, row),
        budget_source=_read_choice(text["budget_source"], "budget_source", SOURCE_WORDS, row) or "",
    )
    return ParsedAction(row=row.number, values=values, supporting_agencies=supporting, locations=locations)


def _check_length(row: ParsedRow, value: str, heading: str, limit: int) -> None:
    if len(value) > limit:
        row.errors.append(_("%(column)s is longer than %(max)s characters.") % {"column": heading, "max": limit})


def _read_alignment(text: dict, row: ParsedRow, context: _Context) -> tuple[Field | None, NationalAction | None]:
    """The field (Bidang) and the national action (Kode Aksi RAN, or none for a local action)."""
    field_ = context.find_field(text["field"]) if text["field"] else None
    if text["field"] and field_ is None:
        row.errors.append(_("Unknown field: %(value)s.") % {"value": text["field"]})
    national, code = None, text["national_action"]
    if code.lower() not in LOCAL_WORDS:
        candidates = context.national.get(code, [])
        in_field = [a for a in candidates if field_ is None or a.field_id == field_.pk]
        if not candidates:
            row.errors.append(
                _("Unknown national action code %(code)s in %(national_plan)s.")
                % {"code": code, "national_plan": context.plan.national_plan.name}
            )
        elif not in_field and field_ is not None:
            row.errors.append(
                _("National action %(code)s belongs to field %(other)s, not to field %(field)s.")
                % {"code": code, "other": candidates[0].field.code, "field": field_.code}
            )
        elif len(in_field) > 1:
            row.require("field", "", "Bidang")
        else:
            national = in_field[0]
            field_ = field_ or national.field
    else:
        if not text["local_justification"]:
            row.errors.append(_("A local action needs its reason in “Alasan aksi lokal” (or a national action code)."))
        if not text["field"]:
            row.require("field", "", "Bidang")
    row.shown["field"] = field_.code if field_ else text["field"]
    row.shown["national_action"] = national.code if national else (code or "LOKAL")
    return field_, national


def _read_agencies(text: dict, row: ParsedRow, context: _Context) -> tuple[Agency | None, list[Agency]]:
    """The responsible agency (which the user must be allowed to propose for) and the supporting agencies."""
    agency = None
    if text["responsible_agency"]:
        agency, problem = context.agencies.find(text["responsible_agency"])
        if problem:
            row.errors.append(problem)
        elif not can_propose_for(context.user, context.plan, agency.pk):
            row.errors.append(
                _("You may import only your own agency's actions, not those of %(agency)s.") % {"agency": agency.name}
            )
    row.shown["responsible_agency"] = agency.name if agency else text["responsible_agency"]
    supporting, shown = [], []
    for name in _split(text["supporting_agencies"]):
        found, problem = context.agencies.find(name)
        if problem:
            row.errors.append(problem)
        elif found not in supporting:
            supporting.append(found)
        shown.append(found.name if found else name)
    row.shown["supporting_agencies"] = "; ".join(shown)
    return agency, supporting


def _read_locations(text: dict, row: ParsedRow, context: _Context) -> tuple[bool, list[Region]]:
    """Empty (or "seluruh wilayah", or the government's own name) is the whole area; else the places named."""
    whole = normalize_name(text["locations"]) in WHOLE_AREA_WORDS | context.regions.root_names | {""}
    locations, shown = [], []
    for name in [] if whole else _split(text["locations"]):
        found, problem = context.regions.find(name)
        if problem:
            row.errors.append(problem)
        elif found not in locations:
            locations.append(found)
        shown.append(found.label if found else name)
    row.shown["locations"] = "; ".join(shown)
    return whole, locations


def _read_months(raw: dict, text: dict, row: ParsedRow) -> str:
    months = None
    if hasattr(raw.get("months"), "year"):
        row.errors.append(
            _("Excel turned the months into a date (%(value)s). Format the Waktu column as Text and type them again.")
            % {"value": text["months"]}
        )
    else:
        months = parse_months(text["months"])
        if months is None:
            row.errors.append(
                _("Bad months: %(value)s (write e.g. 1-6, 1,2,3 or Jan-Jun).") % {"value": text["months"]}
            )
    row.shown["months"] = months_text(months) if months else text["months"]
    return months or ""


def _read_budget(raw: dict, text: dict, row: ParsedRow) -> Decimal | None:
    budget = None
    if text["budget"] not in ("", "-", "–"):
        try:
            budget = _number(raw["budget"])
        except ValueError:
            row.errors.append(_("The budget is not a number: %(value)s.") % {"value": text["budget"]})
        else:
            if budget < 0:
                row.errors.append(_("The budget cannot be negative."))
            elif budget >= 10**15:
                row.errors.append(_("The budget is too big (more than 15 digits)."))
            elif budget != budget.to_integral_value():
                row.errors.append(_("The budget is in whole rupiah: %(value)s.") % {"value": text["budget"]})
            else:
                budget = budget.quantize(Decimal(1))
                row.shown["budget"] = f"{budget:,.0f}".replace(",", ".")
                return budget
    row.shown["budget"] = text["budget"]
    return None


def _read_choice(text: str, key: str, words: dict, row: ParsedRow, default: str = "") -> str | None:
    """One of a few fixed words (Sumber dana, Agregasi, Arah), in Indonesian or as the stored value."""
    value = default if not text else next((v for v, w in words.items() if _key(text) in (_key(w), _key(v))), None)
    if value is None:
        messages = {
            "budget_source": _("Unknown budget source: %(value)s (use %(choices)s)."),
            "aggregation": _("Unknown aggregation: %(value)s (use %(choices)s)."),
            "direction": _("Unknown direction: %(value)s (use %(choices)s)."),
        }
        row.errors.append(messages[key] % {"value": text, "choices": ", ".join(words.values())})
    row.shown[key] = words.get(value, text)
    return value


def _parse_indicator(raw: dict, row: ParsedRow, context: _Context) -> ParsedIndicator | None:
    name, unit = _text(raw.get("indicator")), _text(raw.get("unit"))
    row.shown.update(indicator=name, unit=unit)
    for key, value, heading in (("indicator", name, "Indikator"), ("unit", unit, "Satuan")):
        row.require(key, value, heading)
        _check_length(row, value, heading, context.max_length[key])
    aggregation = _read_choice(_text(raw.get("aggregation")), "aggregation", AGGREGATION_WORDS, row, Aggregation.SUM)
    direction = _read_choice(_text(raw.get("direction")), "direction", DIRECTION_WORDS, row, Direction.HIGHER)
    baseline = _measure(raw.get("baseline"), "Baseline", row.errors, allow_negative=True)
    row.shown["baseline"] = _text(raw.get("baseline"))
    targets = {}
    for key, heading, year, period in target_columns(context.plan):
        value = _measure(raw.get(key), heading, row.errors, allow_negative=False)
        row.shown[heading] = _text(raw.get(key))
        if value is not None:
            targets[(year, period)] = value
    if not (name and unit and aggregation and direction):
        return None
    return ParsedIndicator(name, unit, aggregation, direction, baseline, targets)


def _measure(value, heading: str, errors: list[str], *, allow_negative: bool) -> Decimal | None:
    text = _text(value)
    if text in ("", "-", "–"):
        return None
    try:
        number = _number(value)
    except ValueError:
        errors.append(_("%(column)s is not a number: %(value)s.") % {"column": heading, "value": text})
        return None
    if number < 0 and not allow_negative:
        errors.append(_("%(column)s cannot be negative.") % {"column": heading})
    elif abs(number) >= 10**13 or number != number.quantize(Decimal("0.01")):
        errors.append(
            _("%(column)s has more than 13 digits or 2 decimals: %(value)s.") % {"column": heading, "value": text}
        )
    else:
        return number.quantize(Decimal("0.01"))
    return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


# --- permission and commit -----------------------------------------------------------------------------------


def can_import(user, plan: RegionalPlan) -> bool:
    """The secretariat imports into a draft or a plan in review; agency operators into a draft, own rows only."""
    if not plan.is_editable:
        return False
    if can_manage_plan(user, plan):
        return True
    return plan.status == PlanStatus.DRAFT and "agency_operator" in scope_for(user).roles_in(plan.government_id)


def require_import(user, plan: RegionalPlan) -> None:
    if not plan.is_editable:
        raise PermissionDenied(
            _("This plan is %(status)s and can no longer be changed; make a revision instead.")
            % {"status": plan.get_status_display().lower()}
        )
    if not can_import(user, plan):
        raise PermissionDenied(_("Your role does not allow importing actions into this plan."))


@dataclass
class ImportResult:
    actions: int
    indicators: int
    skipped_rows: int


@transaction.atomic
def plan_import(*, plan: RegionalPlan, preview: ImportPreview, by, skip_invalid: bool = False) -> ImportResult:
    """Create the previewed actions and indicators through the planning services, all or nothing."""
    # With skip_invalid, an action with an error in any of its rows is left out whole, never half-imported.
    plan = RegionalPlan.objects.select_for_update().select_related("government__region").get(pk=plan.pk)
    require_import(by, plan)
    if preview.problems:
        raise ValidationError(preview.problems)
    bad = len(preview.error_rows)
    if bad and not skip_invalid:
        raise ValidationError(
            ngettext(
                "%(count)s row has errors; fix the file or choose to skip the rows with errors.",
                "%(count)s rows have errors; fix the file or choose to skip the rows with errors.",
                bad,
            )
            % {"count": bad}
        )
    if not preview.valid_actions:
        raise ValidationError(_("There is nothing to import."))
    indicators = 0
    for parsed in preview.valid_actions:
        action = services.action_create(
            plan=plan,
            by=by,
            supporting_agencies=parsed.supporting_agencies,
            locations=parsed.locations,
            **parsed.values,
        )
        for item in parsed.indicators:
            services.indicator_create(
                action=action,
                by=by,
                name=item.name,
                unit=item.unit,
                aggregation=item.aggregation,
                direction=item.direction,
                baseline=item.baseline,
                targets=item.targets,
            )
            indicators += 1
    return ImportResult(actions=len(preview.valid_actions), indicators=indicators, skipped_rows=preview.skipped_rows)
