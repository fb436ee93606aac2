"""What every dashboard shares: the calendar semester, report numbers added up in memory (`Tally`), a labelled
line of a table or chart (`Line`), and the names of regions."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.utils import timezone

from sinergi.core import formatting
from sinergi.insights.areas import semester_bounds
from sinergi.insights.models import ProgrammeNumbers, ReportNumbers, semester_of
from sinergi.regions.models import Region

REPORT = ReportNumbers.REPORT_NUMBERS
PROGRAMME = ProgrammeNumbers.PROGRAMME_NUMBERS
NATION_URL_CODE = "ID"  # how the nation is written in URLs and the API (its stored code is "")
NATION_NAME = "Indonesia"
TREND_LENGTH = 10  # semesters on a trend chart
FIRST_YEAR = 2000  # no roll-up is older (RAD P4GN began with Inpres 12/2011)
SEMESTER_PATTERN = re.compile(r"^(\d{4})-([12])$")
ROMAN = {1: "I", 2: "II"}


class Semester(NamedTuple):
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return formatting.period_name(self.year, self.number)

    @property
    def short(self) -> str:
        return f"{ROMAN[self.number]}/{self.year}"

    @property
    def bounds(self) -> tuple[date, date]:
        return semester_bounds(self.year, self.number)

    def previous(self) -> "Semester":
        return Semester(self.year, 1) if self.number == 2 else Semester(self.year - 1, 2)

    @classmethod
    def of_day(cls, day: date) -> "Semester":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def of_period(cls, period) -> "Semester":
        return cls(period.year, semester_of(period))


def parse_semester(text: str | None) -> Semester | None:
    """``"2025-1"`` → Semester(2025, 1); None for an empty value; ValueError for anything else."""
    if not text:
        return None
    match = SEMESTER_PATTERN.match(text.strip())
    if match is None:
        raise ValueError(text)
    return Semester(int(match[1]), int(match[2]))


def semester_or_none(text: str | None) -> Semester | None:
    try:
        return parse_semester(text)
    except ValueError:
        return None


def semester_keys() -> dict:
    """Lookups naming every semester a roll-up can have: one region's rows of all semesters are then probes of the
    unique (year, semester, code) index, on SQLite without ANALYZE statistics and on PostgreSQL alike, instead
    of a scan of every region's rows (tens of thousands per semester at national scale)."""
    return {"year__in": list(range(FIRST_YEAR, timezone.localdate().year + 2)), "semester__in": [1, 2]}


def trend_range(last: Semester, length: int = TREND_LENGTH) -> list[Semester]:
    """The ``length`` semesters up to ``last``, oldest first, gaps included (a gap is a semester without data)."""
    semesters = [last]
    while len(semesters) < length:
        semesters.append(semesters[-1].previous())
    return semesters[::-1]


class Tally:
    """Report numbers added up in memory, with the roll-up models' own percentages (so pages show what the
    roll-ups mean, computed in one place)."""

    completeness = ReportNumbers.completeness
    timeliness = ReportNumbers.timeliness
    achievement = ReportNumbers.achievement
    approved_achievement = ReportNumbers.approved_achievement
    absorption = ReportNumbers.absorption

    def __init__(self, source=None):
        if source is None:
            self.__dict__.update(dict.fromkeys(REPORT, 0))
        elif isinstance(source, dict):
            self.__dict__.update((name, source[name] or 0) for name in REPORT)
        else:
            self.__dict__.update((name, getattr(source, name) or 0) for name in REPORT)

    def add(self, source) -> "Tally":
        for name in REPORT:
            setattr(self, name, getattr(self, name) + (_get(source, name) or 0))
        return self

    def as_dict(self) -> dict:
        return {
            **{name: getattr(self, name) for name in REPORT},
            "completeness": self.completeness,
            "timeliness": self.timeliness,
            "achievement": self.achievement,
            "approved_achievement": self.approved_achievement,
            "absorption": self.absorption,
        }


def _get(source, name):
    return source[name] if isinstance(source, dict) else getattr(source, name)


def programme_dict(row) -> dict:
    """The programme numbers of a roll-up row or a dict (zeros for none), with the villages assessed."""
    numbers = {name: (_get(row, name) if row is not None else 0) for name in PROGRAMME}
    numbers["villages_assessed"] = sum(numbers[f"villages_{s}"] for s in ("bahaya", "waspada", "siaga", "aman"))
    return numbers


@dataclass
class Line:
    """One row of a breakdown: a field, an agency, a government or a region, with its report numbers."""

    key: object
    label: str  # short, for a chart
    name: str  # full, for a table
    numbers: Tally
    code: str = ""
    extra: dict = field(default_factory=dict)


def by_achievement(lines: list[Line]) -> list[Line]:
    """Highest achievement first; lines without any yet last, by name."""
    return sorted(
        lines, key=lambda line: (line.numbers.achievement is None, -(line.numbers.achievement or 0), line.name)
    )


def trend_end(by_semester: dict, today: date) -> Semester | None:
    """The last semester of a trend axis: the newest with a row, but never after the current semester (a row of a
    future semester holds only planned events)."""
    if not by_semester:
        return None
    return min(max(by_semester), Semester.of_day(today))


def region_names(codes) -> dict[str, object]:
    return {r.code: r for r in Region.objects.filter(code__in=list(codes)).only("code", "name", "kind", "level")}
