"""The domain-event registry: handlers run at once, in order, only for their own event type, each once."""

from dataclasses import dataclass

from sinergi.core import events
from sinergi.programmes.events import ProgrammeHistoryRewritten, ProgrammeRecordsChanged, ProgrammeYearChanged
from sinergi.reporting.events import ReportsChanged


@dataclass(frozen=True)
class Happened(events.Event):
    n: int


@dataclass(frozen=True)
class Other(events.Event):
    pass


def test_handlers_run_in_order_for_their_own_type_only(monkeypatch):
    monkeypatch.setattr(events, "_handlers", {})
    seen = []

    def first(event):
        seen.append(("first", event.n))

    events.subscribe(Happened, first)
    events.subscribe(Happened, lambda event: seen.append(("second", event.n)))
    events.subscribe(Happened, first)  # subscribing twice still runs it once
    events.publish(Happened(n=1))
    events.publish(Other())  # nobody listens: nothing happens
    assert seen == [("first", 1), ("second", 1)]


def test_the_apps_subscribe_the_roll_up_refreshes():
    for event_type in (ReportsChanged, ProgrammeRecordsChanged, ProgrammeYearChanged, ProgrammeHistoryRewritten):
        assert len(events._handlers.get(event_type, [])) == 1
