"""Charts drawn on the server as inline SVG: no JavaScript, no web fonts, nothing fetched from elsewhere.

Two shapes cover the dashboards: a horizontal bar chart (achievement or completeness by field, agency or region;
rankings) and a trend chart over semesters (lines for percentages, columns for counts). Each SVG is an image to
assistive technology (``role="img"`` with a ``<title>`` and a ``<desc>``); every bar and point also carries its own
``<title>`` (a tooltip). The page puts the same numbers in a table next to the chart and offers them as CSV.

Every text that reaches the SVG is escaped here; presentation attributes (not ``style``) keep the strict
Content-Security-Policy happy.
"""

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sinergi.core import formatting

COLORS = ("#0b5d4b", "#c2410c", "#1d4ed8", "#7c3aed")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
INK, MUTED, GRID = "#1d2733", "#5b6775", "#d8dee6"
FONT = 'font-family="Noto Sans, DejaVu Sans, system-ui, sans-serif"'
WIDTH = 560
LABEL_CHARS = 22

Number = Decimal | int | float | None


def escape(text) -> str:
    """``text`` escaped for HTML and XML (& < > " '), as Django's ``escape`` does, without its lazy-string wrapper:
    a national dashboard escapes thousands of labels and numbers."""
    return html.escape(str(text), quote=True)


@dataclass
class Bar:
    """One row of a bar chart: a label and one value per series (None: no value yet)."""

    label: str
    values: Sequence[Number]
    hint: str = ""  # the full label, when the shown one is shortened


@dataclass
class Series:
    """One line (or one colour of columns) of a trend chart: a value per category."""

    name: str
    values: Sequence[Number]


def format_number(value, decimals: int = 0) -> str:
    """``value`` with ``decimals`` decimals and grouped thousands (`core.formatting.number`)."""
    return formatting.number(value, decimals)


def format_value(value: Number, unit: str = "%") -> str:
    """A number as the page shows it, in the active language's format: "87,2 %" or "3.867"."""
    if value is None:
        return "–"
    if unit == "%":
        return formatting.percent(value)
    text = format_number(value)
    return f"{text} {unit}" if unit else text


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", name.lower()) or "chart"


def _short(label: str, chars: int = LABEL_CHARS) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _nice_step(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value``: a tick step."""
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _axis(values, unit: str) -> tuple[float, list[float]]:
    """The end of the value axis and its ticks: 0–100 % for percentages (a larger value, such as a budget
    absorption above 100 %, fills its bar and keeps its number); whole steps up from the largest count."""
    if unit == "%":
        return 100.0, [0, 25, 50, 75, 100]
    largest = max((float(v) for v in values if v is not None), default=0)
    if largest <= 0:
        return 1.0, [0, 1]
    step = max(_nice_step(largest / 5), 1)
    top = math.ceil(largest / step) * step
    return float(top), [step * i for i in range(int(round(top / step)) + 1)]


def _tick_label(value: float, unit: str) -> str:
    if unit == "%":
        return f"{int(value)} %"
    return format_number(int(value))


def _svg_open(slug: str, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{slug}-title {slug}-desc" {FONT}>',
        f'<title id="{slug}-title">{escape(title)}</title>',
        f'<desc id="{slug}-desc">{escape(description)}</desc>',
    ]


def _legend(names: Sequence[str], y: int, x: int = 8, *, lines: bool = False) -> list[str]:
    parts = []
    for index, name in enumerate(names):
        color = COLORS[index % len(COLORS)]
        if lines:
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<line x1="{x}" y1="{y + 6}" x2="{x + 22}" y2="{y + 6}" stroke="{color}" stroke-width="3"{dash_attr}/>'
            )
            x += 28
        else:
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" rx="2" fill="{color}"/>')
            x += 17
        parts.append(f'<text x="{x}" y="{y + 10}" font-size="12" fill="{INK}">{escape(name)}</text>')
        x += 14 + int(len(name) * 6.8)
    return parts


def bar_chart(
    *,
    name: str,
    title: str,
    bars: Sequence[Bar],
    series: Sequence[str] = ("",),
    unit: str = "%",
    description: str = "",
) -> SafeString:
    """Horizontal bars, one group per label, one bar per series; values written at the end of each bar.

    Percentages run on a 0–100 axis (a value above 100, such as budget absorption, fills the bar and keeps its
    number); counts on an axis rounded up from the largest value."""
    slug = f"chart-{_slug(name)}"
    n_series = max(len(series), 1)
    legend_h = 22 if n_series > 1 else 0
    bar_h, bar_gap, group_gap, axis_h = 16, 3, 11, 24
    group_h = n_series * bar_h + (n_series - 1) * bar_gap
    label_w, value_w = 160, 62
    x0 = label_w + 10
    plot_w = WIDTH - x0 - value_w
    top = 6 + legend_h
    height = top + max(len(bars), 1) * (group_h + group_gap) + axis_h
    scale, ticks = _axis([v for bar in bars for v in bar.values], unit)
    if not description:
        description = _("%(n)d rows; the same numbers are in the table below the chart.") % {"n": len(bars)}
    parts = _svg_open(slug, WIDTH, height, title, description)
    if n_series > 1:
        parts += _legend(series, 4, x0)
    bottom = top + len(bars) * (group_h + group_gap)
    for tick in ticks:
        x = x0 + plot_w * tick / scale
        parts.append(f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" stroke-width="1"/>')
        label = _tick_label(tick, unit)
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 15}" font-size="11" fill="{MUTED}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    if not bars:
        parts.append(
            f'<text x="{x0 + 6}" y="{top + 14}" font-size="13" fill="{MUTED}">{escape(_("No data yet."))}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * (group_h + group_gap)
        values = list(bar.values) + [None] * (n_series - len(bar.values))
        full = bar.hint or bar.label
        summary = "; ".join(
            f"{s}: {format_value(v, unit)}" if s else format_value(v, unit)
            for s, v in zip(series, values, strict=False)
        )
        parts.append(f"<g><title>{escape(full)} — {escape(summary)}</title>")
        parts.append(
            f'<text x="{label_w}" y="{y + group_h / 2:.1f}" font-size="12" fill="{INK}" text-anchor="end" '
            f'dominant-baseline="central">{escape(_short(bar.label))}</text>'
        )
        for s_index, value in enumerate(values[:n_series]):
            by = y + s_index * (bar_h + bar_gap)
            color = COLORS[s_index % len(COLORS)]
            if value is None:
                parts.append(
                    f'<text x="{x0 + 4}" y="{by + bar_h / 2:.1f}" font-size="12" fill="{MUTED}" '
                    f'dominant-baseline="central">{escape(_("no data"))}</text>'
                )
                continue
            width = plot_w * min(float(value), scale) / scale
            parts.append(
                f'<rect x="{x0}" y="{by}" width="{max(width, 1.5):.1f}" height="{bar_h}" rx="2" fill="{color}"/>'
            )
            parts.append(
                f'<text x="{x0 + width + 5:.1f}" y="{by + bar_h / 2:.1f}" font-size="12" fill="{INK}" '
                f'dominant-baseline="central">{escape(format_value(value, unit))}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above went through escape()


def trend_chart(
    *,
    name: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    kind: str = "line",
    unit: str = "%",
    description: str = "",
) -> SafeString:
    """Values over semesters: lines (percentages; a gap where a semester has no value) or grouped columns
    (counts). Lines carry the latest value of each series as a label, columns every value; every point has a
    tooltip."""
    slug = f"chart-{_slug(name)}"
    height = 260
    left, right, bottom_h = 44, 56 if kind == "line" else 12, 34
    legend_h = 24
    top = 10 + legend_h
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom_h
    n = max(len(categories), 1)
    band = plot_w / n
    scale, ticks = _axis([v for s in series for v in s.values], unit)
    if not description:
        description = _("%(n)d semesters; the same numbers are in the table below the chart.") % {"n": len(categories)}
    parts = _svg_open(slug, WIDTH, height, title, description)
    parts += _legend([s.name for s in series], 6, left, lines=kind == "line")

    def y_of(value) -> float:
        return top + plot_h - plot_h * min(float(value), scale) / scale

    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        label = _tick_label(tick, unit)
        parts.append(
            f'<text x="{left - 6}" y="{y:.1f}" font-size="11" fill="{MUTED}" text-anchor="end" '
            f'dominant-baseline="central">{escape(label)}</text>'
        )
    for index, category in enumerate(categories):
        x = left + band * (index + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" font-size="11" fill="{INK}" text-anchor="middle">'
            f"{escape(_short(category, 14))}</text>"
        )
    if kind == "column":
        n_series = max(len(series), 1)
        width = min(30.0, band * 0.8 / n_series)
        for s_index, each in enumerate(series):
            color = COLORS[s_index % len(COLORS)]
            for index, value in enumerate(each.values):
                if value is None:
                    continue
                x = left + band * index + (band - width * n_series) / 2 + width * s_index
                y = y_of(value)
                tip = f"{each.name}, {categories[index]}: {format_value(value, unit)}"
                parts.append(
                    f'<g><title>{escape(tip)}</title><rect x="{x:.1f}" y="{y:.1f}" width="{width - 2:.1f}" '
                    f'height="{top + plot_h - y:.1f}" rx="2" fill="{color}"/>'
                    f'<text x="{x + (width - 2) / 2:.1f}" y="{y - 4:.1f}" font-size="11" fill="{INK}" '
                    f'text-anchor="middle">{escape(format_value(value, "" if unit != "%" else unit))}</text></g>'
                )
    else:
        for s_index, each in enumerate(series):
            color = COLORS[s_index % len(COLORS)]
            dash = DASHES[s_index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            points = [(left + band * (i + 0.5), y_of(v), v, i) for i, v in enumerate(each.values) if v is not None]
            # A line only joins neighbouring semesters; a semester without a value leaves a gap.
            runs, run = [], []
            for point in points:
                if run and point[3] != run[-1][3] + 1:
                    runs.append(run)
                    run = []
                run.append(point)
            if run:
                runs.append(run)
            for segment in runs:
                if len(segment) > 1:
                    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v, _i in segment)
                    parts.append(
                        f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"{dash_attr}/>'
                    )
            for x, y, value, index in points:
                tip = f"{each.name}, {categories[index]}: {format_value(value, unit)}"
                parts.append(
                    f'<g><title>{escape(tip)}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}"/></g>'
                )
            if points:
                x, y, value, _index = points[-1]
                parts.append(
                    f'<text x="{x + 8:.1f}" y="{y + 4 + 12 * (s_index - (len(series) - 1) / 2):.1f}" font-size="12" '
                    f'fill="{color}" font-weight="600">{escape(format_value(value, unit))}</text>'
                )
    if not any(v is not None for s in series for v in s.values):
        parts.append(
            f'<text x="{left + 10}" y="{top + plot_h / 2:.1f}" font-size="13" fill="{MUTED}">'
            f"{escape(_('No data yet.'))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above went through escape()
