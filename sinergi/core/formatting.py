"""The one way numbers, percentages, Rupiah and period names are written: pages (template filters in
`core/templatetags/sinergi_numbers.py`), charts, documents, exports and the public page all call these.

Numbers follow the active language's separators (Indonesian by default: "3.867", "87,2"); a percentage is
"53,3 %"; an amount of money is "Rp14.500.000" (PUEBI: no space after Rp); a period is "Semester I 2024"."""

import functools
from decimal import Decimal

from django.utils.formats import get_format
from django.utils.translation import get_language

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
EMPTY = "–"


@functools.lru_cache(maxsize=16)
def _separators(language: str | None) -> tuple[str, str]:
    return str(get_format("DECIMAL_SEPARATOR", language)), str(get_format("THOUSAND_SEPARATOR", language))


def number(value, decimals: int = 0) -> str:
    """``value`` with ``decimals`` decimals and grouped thousands: "3.867", "87,2"; "–" for nothing."""
    if value is None or value == "":
        return EMPTY
    decimal, thousands = _separators(get_language())
    text = f"{Decimal(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def quantity(value, most: int = 2, *, empty: str = EMPTY) -> str:
    """A measured amount with only the decimals it has (at most ``most``): "1.250", "12,5"; ``empty`` for nothing."""
    if value is None or value == "":
        return empty
    rounded = round(Decimal(value), most).normalize()
    return number(rounded, max(0, -rounded.as_tuple().exponent))


def percent(value, decimals: int = 1, *, empty: str = EMPTY) -> str:
    """A percentage: "53,3 %"; ``empty`` for nothing."""
    return empty if value is None or value == "" else f"{number(value, decimals)} %"


def rupiah(value, *, empty: str = EMPTY) -> str:
    """An amount of money: "Rp14.500.000" (decimals only when there are any); ``empty`` for nothing."""
    if value is None or value == "":
        return empty
    amount = Decimal(value)
    return "Rp" + number(amount, 0 if amount == amount.to_integral_value() else 2)


def period_name(year: int, number_: int, kind: str = "semester") -> str:
    """ "Semester I 2024", "Triwulan III 2024"."""
    word = "Semester" if kind == "semester" else "Triwulan"
    return f"{word} {ROMAN.get(number_, number_)} {year}"


def long_date(value) -> str:
    """A date as official documents write it, in Indonesian whatever the interface language: "3 Desember 2026"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
