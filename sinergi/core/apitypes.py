"""Bounded types for the API edge: every id, number, year, text and page the API takes is checked here, so a
value the database cannot hold (``offset=2**64``, ``year=-109``, a text with ``\\x01``) answers 422 naming the field
instead of reaching the database or a document writer.

Ids are ``BigAutoField`` keys: 1 … 2**63-1 fits both SQLite and PostgreSQL's ``bigint``. Other whole numbers are
bounded to PostgreSQL's ``integer`` (what ``IntegerField`` stores).
"""

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_ID = 2**63 - 1
MAX_INT = 2**31 - 1
MAX_PAGE = 1000

# Control characters (C0 and DEL) never belong in text; multi-line text keeps tab, line feed and carriage return.
LINE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
CONTROL_CHARACTERS = {*range(0x00, 0x20), 0x7F}

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Int = Annotated[int, Field(ge=-MAX_INT - 1, le=MAX_INT)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Line = Annotated[str, Field(pattern=LINE_PATTERN)]  # one line: no control characters at all
Text = Annotated[str, Field(pattern=TEXT_PATTERN)]  # multi-line: tab and line breaks allowed


def strip_control(value: str, *, multiline: bool = True) -> str:
    """``value`` without control characters (the data migration's and the forms' cleaning rule)."""
    keep = "\t\n\r" if multiline else ""
    return "".join(c for c in value if c in keep or ord(c) not in CONTROL_CHARACTERS)


def has_control(value: str, *, multiline: bool = True) -> bool:
    return strip_control(value, multiline=multiline) != value


class LimitOffset(LimitOffsetPagination):
    """Limit/offset paging with both bounded (an offset beyond any table is refused, not an OverflowError)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_INT)


def name_schema(enum_cls, name: str) -> None:
    """Give a choices class a name of its own in the OpenAPI components (``Meeting.Kind`` → ``MeetingKind``):
    several models have a ``Kind`` or ``Status``, and components are keyed by the short class name. The class stays
    reachable (and picklable) under the new name in its module."""
    import sys

    enum_cls.__name__ = enum_cls.__qualname__ = name
    setattr(sys.modules[enum_cls.__module__], name, enum_cls)
