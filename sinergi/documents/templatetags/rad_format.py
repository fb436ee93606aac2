"""Template filters for the RAD documents over `sinergi.core.formatting`; an empty cell stays empty."""

from django import template

from sinergi.core import formatting

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """An amount as "Rp1.250.000"."""
    return formatting.rupiah(value, empty="")


@register.filter
def indonesian_number(value) -> str:
    """A number as "1.250" or "12,5"."""
    return formatting.quantity(value, empty="")


@register.filter
def percent(value) -> str:
    """A percentage as "53,3 %"; "–" for none."""
    return formatting.percent(value)
