"""The RAD matrix: one plain data structure for the official RAD P4GN document, whatever format renders it.

``build_rad_matrix`` reads a plan and its actions in a fixed number of queries and turns them into text and
numbers; the renderers (``render.py``) only lay them out. The document is an official Indonesian form, so its
words are Indonesian here rather than going through the interface's translation catalogue.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db.models import Prefetch, QuerySet

from sinergi.core import formatting
from sinergi.documents.engine import ascii_slug
from sinergi.planning.models import Action, Indicator, LegalBasisKind, PeriodKind, PlanStatus, RegionalPlan, Target

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
PERIOD_LABELS = {
    PeriodKind.SEMESTER: ("Smt I", "Smt II"),
    PeriodKind.QUARTER: ("TW I", "TW II", "TW III", "TW IV"),
}
STATUS_TEXT = {
    PlanStatus.DRAFT: "Rancangan",
    PlanStatus.IN_REVIEW: "Rancangan dalam pembahasan",
    PlanStatus.ADOPTED: "Ditetapkan",
    PlanStatus.SUPERSEDED: "Tidak berlaku lagi, diganti versi yang lebih baru",
}
BUDGET_SOURCE_TEXT = {
    "apbd": "APBD",
    "apbn": "APBN",
    "apbdes": "APBDes",
    "dana_kelurahan": "Dana Kelurahan",
    "csr": "CSR",
    "other": "Lainnya",
}
LOCAL_ACTION = "Lokal"
# Column headings of the matrix, in order; the target columns sit between "Satuan" and "Anggaran".
HEADINGS_BEFORE_TARGETS = ("No", "Aksi RAN", "Aksi/Kegiatan RAD", "Indikator", "Satuan")
HEADINGS_AFTER_TARGETS = (
    "Anggaran",
    "Sumber dana",
    "Penanggung jawab",
    "Instansi terkait",
    "Lokasi",
    "Waktu",
)


@dataclass(frozen=True)
class Letterhead:
    """The kop surat of the government that issues the document."""

    name: str
    address: str
    phone: str
    email: str
    website: str
    logo_path: Path | None

    @property
    def contacts(self) -> str:
        """Phone, e-mail and website on one line, as under the letterhead's address."""
        parts = [
            ("Telp. " + self.phone) if self.phone else "",
            ("Surel: " + self.email) if self.email else "",
            ("Laman: " + self.website) if self.website else "",
        ]
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class TargetColumn:
    """One target column of the matrix: a year as a whole (period 0) or one reporting period of it."""

    year: int
    period: int
    label: str


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of an action, with its target per target column (None where no target is set)."""

    name: str
    unit: str
    targets: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ActionEntry:
    """One action (aksi/kegiatan) of the matrix with its indicators; spans one line per indicator."""

    number: int
    national_code: str
    title: str
    indicators: tuple[IndicatorLine, ...]
    budget: int | None
    budget_source: str
    responsible: str
    supporting: str
    location: str
    schedule: str

    @property
    def lines(self) -> tuple[IndicatorLine, ...]:
        """The indicator lines, or one empty line so an action without indicators still shows."""
        return self.indicators or (IndicatorLine(name="", unit="", targets=()),)


@dataclass(frozen=True)
class FieldGroup:
    """The actions of one field (bidang) of the national plan, with their budget subtotal."""

    code: str
    name: str
    actions: tuple[ActionEntry, ...]

    @property
    def heading(self) -> str:
        """The field's row heading, e.g. "Bidang 1. Pencegahan"."""
        return f"Bidang {self.code}. {self.name}"

    @property
    def subtotal(self) -> int:
        """The field's budget: each action's budget once."""
        return sum(action.budget or 0 for action in self.actions)


@dataclass(frozen=True)
class Signatory:
    """Who signs the document for the government, with the place and date line above the signature."""

    place_and_date: str
    position: str
    name: str
    nip: str


@dataclass(frozen=True)
class RadMatrix:
    """The RAD P4GN matrix of one plan version: letterhead, headings, actions grouped by field, totals, signature."""

    letterhead: Letterhead
    title: str
    subtitle: str
    national_plan: str
    scope_note: str
    region_name: str
    period_label: str
    version: int
    target_years: tuple[int, ...]
    target_columns: tuple[TargetColumn, ...]
    fields: tuple[FieldGroup, ...]
    signatory: Signatory
    generated_on: date = field(default_factory=date.today)

    @property
    def total(self) -> int:
        """The budget of every action in the document."""
        return sum(group.subtotal for group in self.fields)

    @property
    def action_count(self) -> int:
        """How many actions the document holds."""
        return sum(len(group.actions) for group in self.fields)

    def columns_of_year(self, year: int) -> tuple[TargetColumn, ...]:
        """The target columns of one year: the year itself, then its reporting periods."""
        return tuple(column for column in self.target_columns if column.year == year)

    @property
    def headings(self) -> tuple[str, ...]:
        """Every column heading in order, with the target columns named "Target <year> <period>"."""
        targets = tuple(f"Target {c.year} {c.label}" for c in self.target_columns)
        return HEADINGS_BEFORE_TARGETS + targets + HEADINGS_AFTER_TARGETS

    @property
    def filename_stem(self) -> str:
        """E.g. "RAD-P4GN-Kota-Metro-2024-v1": ASCII only, safe in a Content-Disposition header."""
        region = ascii_slug(self.region_name)
        years = self.period_label.replace("–", "-")
        return f"RAD-P4GN-{region}-{years}-v{self.version}"


# --- formatting shared by every renderer ---------------------------------------------------------------------


format_date = formatting.long_date


def format_months(months: list[int]) -> str:
    """The months an action runs, with consecutive months as a range: "Jan–Jun", "Mar, Agu–Okt", "Jan–Des"."""
    ordered = sorted({m for m in months if 1 <= m <= 12})
    runs: list[list[int]] = []
    for month in ordered:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(
        MONTHS_SHORT[run[0] - 1] if len(run) == 1 else f"{MONTHS_SHORT[run[0] - 1]}–{MONTHS_SHORT[run[-1] - 1]}"
        for run in runs
    )


# --- building the matrix -------------------------------------------------------------------------------------


def plan_actions(plan: RegionalPlan) -> QuerySet:
    """Every action of the plan, loaded the way the document needs it (a fixed number of queries)."""
    targets = Prefetch("targets", queryset=Target.objects.order_by("year", "period"))
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk").prefetch_related(targets))
    return (
        Action.objects.filter(plan=plan)
        .select_related("field", "national_action", "responsible_agency")
        .prefetch_related("supporting_agencies", "locations", indicators)
        .order_by("field__order", "order", "pk")
    )


def region_parts(region) -> tuple[str, str, str]:
    """(the region's full name, its short name, its head's title): ("Kota Metro", "Metro", "Wali Kota")."""
    if region.kind == "provinsi":
        short = region.name.removeprefix("Provinsi ").strip()
        return f"Provinsi {short}", short, "Gubernur"
    if region.kind == "kota":
        return region.name, region.name.removeprefix("Kota ").strip(), "Wali Kota"
    return region.name, region.name.removeprefix("Kabupaten ").strip(), "Bupati"


def _legal_basis_text(plan: RegionalPlan, short_name: str, head: str) -> str:
    """ "Ditetapkan dengan Peraturan Wali Kota Metro Nomor … tanggal …"."""
    kind = {
        LegalBasisKind.PERWALI: f"Peraturan {head} {short_name}",
        LegalBasisKind.KEPUTUSAN: f"Keputusan {head} {short_name}",
        LegalBasisKind.SK: "Surat Keputusan",
    }.get(plan.legal_basis_kind, "")
    text = f"Ditetapkan dengan {kind} Nomor {plan.legal_basis_number}".replace("  ", " ")
    if plan.legal_basis_date:
        text += f" tanggal {format_date(plan.legal_basis_date)}"
    return text


def _subtitle(plan: RegionalPlan, short_name: str, head: str) -> str:
    """The legal basis of an adopted (or superseded) plan, else its status; with the version."""
    version = f"Versi {plan.version}"
    if plan.status == PlanStatus.ADOPTED and plan.legal_basis_number:
        return f"{_legal_basis_text(plan, short_name, head)} · {version}"
    if plan.status == PlanStatus.SUPERSEDED and plan.legal_basis_number:
        return f"{_legal_basis_text(plan, short_name, head)} · {version} · {STATUS_TEXT[plan.status]}"
    return f"{STATUS_TEXT.get(plan.status, plan.status)} · {version}"


def _target_columns(plan: RegionalPlan) -> tuple[TargetColumn, ...]:
    """For each year of the plan: the whole year, then each reporting period."""
    labels = PERIOD_LABELS[plan.period_kind]
    columns = []
    for year in plan.years:
        columns.append(TargetColumn(year=year, period=0, label="Tahun"))
        columns.extend(TargetColumn(year=year, period=p, label=labels[p - 1]) for p in plan.periods)
    return tuple(columns)


def _action_entry(action: Action, number: int, columns, whole_area: str) -> ActionEntry:
    """One action's row of the matrix, from the action with its prefetched relations."""
    lines = []
    for indicator in action.indicators.all():
        values = {(t.year, t.period): t.value for t in indicator.targets.all()}
        lines.append(
            IndicatorLine(
                name=indicator.name,
                unit=indicator.unit,
                targets=tuple(values.get((c.year, c.period)) for c in columns),
            )
        )
    if action.whole_government:
        location = whole_area
    else:
        location = ", ".join(region.label for region in sorted(action.locations.all(), key=lambda r: r.code))
    return ActionEntry(
        number=number,
        national_code=action.national_action.code if action.national_action_id else LOCAL_ACTION,
        title=action.title,
        indicators=tuple(lines),
        budget=int(action.budget) if action.budget is not None else None,
        budget_source=BUDGET_SOURCE_TEXT.get(action.budget_source, action.budget_source),
        responsible=action.responsible_agency.name,
        supporting="; ".join(sorted(agency.name for agency in action.supporting_agencies.all())),
        location=location,
        schedule=format_months(action.month_list),
    )


def letterhead_of(government) -> Letterhead:
    """The government's kop surat, with its logo file when the storage holds one locally."""
    logo_path = None
    if government.logo:
        try:
            path = Path(government.logo.path)
        except NotImplementedError:  # a storage without local files
            path = None
        logo_path = path if path is not None and path.is_file() else None
    return Letterhead(
        name=government.name,
        address=government.address,
        phone=government.phone,
        email=government.email,
        website=government.website,
        logo_path=logo_path,
    )


def signatory_of(government, place_and_date: str) -> Signatory:
    """Who signs for the government: its configured signatory, else the head of the region by title."""
    _full, short_name, head = region_parts(government.region)
    return Signatory(
        place_and_date=place_and_date,
        position=government.signatory_title or f"{head} {short_name}",
        name=government.signatory_name,
        nip=government.signatory_nip,
    )


def build_rad_matrix(plan: RegionalPlan, actions: QuerySet | None = None) -> RadMatrix:
    """The matrix of ``plan``; with ``actions`` (e.g. ``action_queryset(user=..., plan=...)``) only those rows.

    Actions are numbered 1, 2, 3, … through the whole document (not restarting per field), so a number names
    one action. Budget totals count each action once, however many indicators it has.
    """
    government = plan.government
    full_name, short_name, head = region_parts(government.region)
    scope_note = ""
    if actions is None:
        actions = plan_actions(plan)
    else:
        total = Action.objects.filter(plan=plan).count()
        actions = list(actions)
        if len(actions) < total:
            scope_note = f"Memuat {len(actions)} dari {total} aksi rencana ini, sesuai hak akses pengunduh."
    columns = _target_columns(plan)
    whole_area = f"Seluruh wilayah {full_name}"
    by_field: dict[int, tuple] = {}
    for action in actions:
        by_field.setdefault(action.field_id, (action.field, []))[1].append(action)
    fields, number = [], 0
    for field_, field_actions in sorted(by_field.values(), key=lambda item: (item[0].order, item[0].code)):
        entries = []
        for action in field_actions:
            number += 1
            entries.append(_action_entry(action, number, columns, whole_area))
        fields.append(FieldGroup(code=field_.code, name=field_.name, actions=tuple(entries)))
    national = plan.national_plan
    place = short_name
    when = format_date(plan.legal_basis_date) if plan.legal_basis_date else "……………………………"
    return RadMatrix(
        letterhead=letterhead_of(government),
        title=f"Rencana Aksi Daerah P4GN {full_name} Tahun {plan.period_label}",
        subtitle=_subtitle(plan, short_name, head),
        national_plan=f"Selaras dengan {national.name}"
        + (f" ({national.legal_basis})" if national.legal_basis else ""),
        scope_note=scope_note,
        region_name=full_name,
        period_label=plan.period_label,
        version=plan.version,
        target_years=tuple(plan.years),
        target_columns=columns,
        fields=tuple(fields),
        signatory=signatory_of(government, f"{place}, {when}"),
    )
