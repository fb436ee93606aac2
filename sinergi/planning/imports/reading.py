"""Reading and checking the rows of a mapped sheet into a preview; nothing is written."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from sinergi.organizations.models import Agency
from sinergi.planning.imports.indexes import _AgencyIndex, _RegionIndex
from sinergi.planning.imports.mapping import Mapping
from sinergi.planning.imports.template import (
    ACTION_COLUMNS,
    ACTION_KEYS,
    AGGREGATION_WORDS,
    DIRECTION_WORDS,
    LOCAL_WORDS,
    MAX_COLUMNS,
    MAX_ROWS,
    SOURCE_WORDS,
    WHOLE_AREA_WORDS,
    _key,
    _number,
    _text,
    months_text,
    parse_months,
    target_columns,
)
from sinergi.planning.models import (
    Action,
    Aggregation,
    Direction,
    Field,
    Indicator,
    NationalAction,
    RegionalPlan,
)
from sinergi.planning.rules import can_propose_for
from sinergi.regions.models import Region
from sinergi.regions.text import normalize_name

# --- reading and checking the rows ---------------------------------------------------------------------------


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
