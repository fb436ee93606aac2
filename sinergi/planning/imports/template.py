"""The import template: its columns, the words and limits it uses, reading numbers, text and months from cells,
and a plan written out in the template's layout."""

import io
import math
import re
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch

from sinergi.core import spreadsheets
from sinergi.organizations.models import Agency
from sinergi.planning.imports.indexes import _RegionIndex
from sinergi.planning.models import (
    Action,
    Aggregation,
    BudgetSource,
    Direction,
    Field,
    Indicator,
    NationalAction,
    PeriodKind,
    RegionalPlan,
    Target,
)

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
MAX_ROWS = 5000  # per sheet; settings.SINERGI_IMPORT_MAX_ROWS bounds the whole file before it is read
MAX_COLUMNS = 200


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

    columns = template_columns(plan)
    regions = _RegionIndex(plan)
    buffer = io.BytesIO()
    workbook = spreadsheets.workbook(buffer, {"in_memory": True})
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
