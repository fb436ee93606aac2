"""What programmes tells the apps above it (``sinergi.core.events``)."""

from dataclasses import dataclass
from datetime import date

from sinergi.core.events import Event


@dataclass(frozen=True)
class ProgrammeRecordsChanged(Event):
    """A write changed a government's programme records dated ``days`` (inside the write's transaction).

    ``onward``: the record counts in every later semester too (a volunteer, a Bersinar stage)."""

    government_id: int
    days: tuple[date | None, ...]
    onward: bool = False


@dataclass(frozen=True)
class ProgrammeYearChanged(Event):
    """A write changed a record that counts in the whole ``year`` (a vulnerability assessment)."""

    government_id: int
    year: int


@dataclass(frozen=True)
class ProgrammeHistoryRewritten(Event):
    """Programme records of every government were rewritten at once (a data migration)."""
