"""Where the template's columns are in a file: the header row, the headings and the guessed column mapping."""

import re
from dataclasses import dataclass

from sinergi.planning.imports.template import MAX_COLUMNS, SYNONYMS, _key, _text, template_columns
from sinergi.planning.models import RegionalPlan

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
