"""What reporting tells the apps above it (``sinergi.core.events``)."""

from dataclasses import dataclass

from sinergi.core.events import Event
from sinergi.reporting.models import Period


@dataclass(frozen=True)
class ReportsChanged(Event):
    """A write changed what the reports of ``period`` say (published inside the write's transaction)."""

    period: Period
