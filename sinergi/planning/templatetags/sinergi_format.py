"""Indonesian number formats for templates: Rupiah and plain numbers with dot thousands."""

from decimal import Decimal

from django import template

from sinergi.core import formatting

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1250000 → "Rp1.250.000"."""
    return formatting.rupiah(value, empty="—")


@register.filter
def angka(value) -> str:
    """1250.5 → "1.250,5"."""
    return formatting.quantity(value, empty="—")


@register.filter
def months_label(value: str) -> str:
    """ "1,2,3,7" → "Jan–Mar, Jul"."""
    names = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    months = sorted({int(m) for m in str(value or "").split(",") if m.strip().isdigit()})
    if not months:
        return "—"
    runs, start, previous = [], months[0], months[0]
    for month in [*months[1:], None]:
        if month is not None and month == previous + 1:
            previous = month
            continue
        runs.append(names[start - 1] if start == previous else f"{names[start - 1]}–{names[previous - 1]}")
        if month is not None:
            start = previous = month
    return ", ".join(runs)


@register.filter
def get_item(mapping, key):
    """A dictionary value by key in a template: {{ totals|get_item:agency.pk }}."""
    return mapping.get(key) if mapping else None


@register.filter
def input_number(value) -> str:
    """A number as an <input type=number> wants it: a dot for decimals, no trailing zeros ("200", "87.5")."""
    if value in (None, ""):
        return ""
    return format(Decimal(value).normalize(), "f")
