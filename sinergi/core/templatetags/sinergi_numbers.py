"""Template filters over `sinergi.core.formatting`: {{ value|angka }}, {{ value|persen }}, {{ value|rp }}."""

from django import template

from sinergi.core import formatting

register = template.Library()


@register.filter
def angka(value) -> str:
    return formatting.number(value)


@register.filter
def persen(value) -> str:
    return formatting.percent(value)


@register.filter
def rp(value) -> str:
    return formatting.rupiah(value)
