"""Template filters that write numbers and money the Indonesian way in the RAD documents."""

from django import template

from sinergi.documents.rad_matrix import format_number, format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """An amount as "Rp1.250.000"."""
    return format_rupiah(value)


@register.filter
def indonesian_number(value) -> str:
    """A number as "1.250" or "12,5"."""
    return format_number(value)
