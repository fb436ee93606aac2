"""Domain events: how a lower app tells the apps above it that something changed, without importing them.

An app defines its events as frozen dataclasses (e.g. ``sinergi.reporting.events``) and ``publish``es them from
its services; an app higher up ``subscribe``s a handler to an event type in its ``AppConfig.ready``. Handlers run
at once, in the publisher's thread and transaction, in the order they subscribed: a handler's writes commit or
roll back with the change that published the event, and its exceptions propagate to the publisher.
These are not Django model signals: only what a service publishes on purpose is an event.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """Base of every domain event."""


_handlers: dict[type[Event], list[Callable[[Event], None]]] = {}


def subscribe[E: Event](event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call ``handler(event)`` for every published event of exactly ``event_type`` (once, however often called)."""
    handlers = _handlers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def publish(event: Event) -> None:
    """Run the handlers subscribed to the event's type, in order; nothing happens when there are none."""
    for handler in _handlers.get(type(event), ()):
        handler(event)
