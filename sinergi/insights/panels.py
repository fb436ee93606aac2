"""The charts of the dashboards: each one an SVG, the table that says the same, and its CSV download.

A `Panel` holds a chart's rows and columns once; the SVG, the table alternative and the CSV are three renderings
of them, so they cannot disagree. The views pick the panels a dashboard shows and answer
``?format=csv&chart=<name>`` with the panel's rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.insights import charts
from sinergi.insights.charts import Bar, Series, escape, format_number, format_value
from sinergi.insights.dashboards import url_code

RANKING_SHOWN = 10  # a ranking longer than twice this shows its best and its worst on the chart


@dataclass
class Col:
    """A column of a panel's table and CSV: a header, how to get the value, how to show it."""

    header: str
    get: Callable
    unit: str | None = None  # "%" a percentage, "" a count or an amount, None text
    href: Callable | None = None  # a link on the cell (drill-down)

    def cell(self, row) -> tuple[str, str, bool]:
        value = self.get(row)
        if self.unit is None:
            text = "" if value is None else str(value)
        elif value is None:
            text = "–"
        elif self.unit == "%":
            text = format_value(value, "%")
        else:
            text = format_number(value)
        return text, (self.href(row) or "") if self.href else "", self.unit is not None


@dataclass
class Panel:
    name: str
    title: str
    columns: list[Col]
    rows: list  # every row: the table and the CSV
    draw: Callable[["Panel"], str]
    note: str = ""
    table_rows: list | None = None  # when the table shows fewer rows than the CSV holds
    extra: dict = field(default_factory=dict)

    @cached_property
    def svg(self):
        return self.draw(self)

    @property
    def table(self) -> list[list[tuple[str, str, bool]]]:
        """The cells of the table alternative: (text, link, numeric)."""
        rows = self.rows if self.table_rows is None else self.table_rows
        return [[c.cell(row) for c in self.columns] for row in rows]

    @cached_property
    def table_html(self):
        """The table alternative, written here rather than in a template: a national ranking or a province's
        regions make thousands of cells, and a template loop costs ten times as much per cell."""
        numeric = ' class="num"'
        head = "".join(
            f'<th scope="col"{numeric if c.unit is not None else ""}>{escape(c.header)}</th>' for c in self.columns
        )
        body = []
        for cells in self.table:
            parts = []
            for index, (text, href, is_number) in enumerate(cells):
                content = f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)
                if index == 0:
                    parts.append(f'<th scope="row">{content}</th>')
                else:
                    parts.append(f"<td{numeric if is_number else ''}>{content}</td>")
            body.append(f"<tr>{''.join(parts)}</tr>")
        if not body:
            body.append(f'<tr><td colspan="{len(self.columns)}" class="muted">{escape(_("No data yet."))}</td></tr>')
        return mark_safe(  # noqa: S308 — every text above went through escape()
            f'<table class="list"><caption class="visually-hidden">{escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    @property
    def csv_columns(self):
        return [(c.header, c.get) for c in self.columns]


# --- columns -------------------------------------------------------------------------------------------------


def _n(name):
    return lambda line: getattr(line.numbers, name)


def report_columns(first: str, *, href=None, budget=True, follow_ups=False) -> list[Col]:
    columns = [
        Col(first, lambda line: line.name, href=href),
        Col(_("Expected reports"), _n("expected"), ""),
        Col(_("Submitted"), _n("submitted"), ""),
        Col(_("Approved"), _n("approved"), ""),
        Col(_("On time"), _n("on_time"), ""),
        Col(_("Completeness"), _n("completeness"), "%"),
        Col(_("Timeliness"), _n("timeliness"), "%"),
        Col(_("Achievement"), _n("achievement"), "%"),
    ]
    if budget:
        columns += [
            Col(_("Budget planned (Rp)"), _n("budget_planned"), ""),
            Col(_("Budget realised (Rp)"), _n("budget_realised"), ""),
            Col(_("Absorption"), _n("absorption"), "%"),
        ]
    if follow_ups:
        columns += [
            Col(_("Open follow-ups"), lambda line: line.extra.get("open_follow_ups", 0), ""),
            Col(_("Overdue follow-ups"), lambda line: line.extra.get("overdue_follow_ups", 0), ""),
        ]
    return columns


def _p(name):
    return lambda line: line.extra["programme"][name]


def programme_columns(first: str, *, href=None) -> list[Col]:
    return [
        Col(first, lambda line: line.name, href=href),
        Col(_("Events held"), _p("events_held"), ""),
        Col(_("Participants"), _p("participants"), ""),
        Col(_("Active volunteers"), _p("volunteers"), ""),
        Col(_("People tested"), _p("tested"), ""),
        Col("Bahaya", _p("villages_bahaya"), ""),
        Col("Waspada", _p("villages_waspada"), ""),
        Col("Siaga", _p("villages_siaga"), ""),
        Col("Aman", _p("villages_aman"), ""),
        Col(_("Villages named Bersinar"), _p("bersinar_named"), ""),
    ]


# --- drawings ------------------------------------------------------------------------------------------------


def _bars(getters, *, series=("",), unit="%"):
    def draw(panel: Panel):
        rows = panel.extra.get("chart_rows", panel.rows)
        bars = [Bar(line.label, [get(line) for get in getters], hint=line.name) for line in rows]
        return charts.bar_chart(name=panel.name, title=panel.title, bars=bars, series=series, unit=unit)

    return draw


# --- a government's panels -----------------------------------------------------------------------------------


def government_panels(board, *, region_href) -> dict[str, Panel]:
    """The panels of a government's dashboard (see `dashboards.government_dashboard`)."""
    period = str(board.period) if board.period else ""
    panels = [
        Panel(
            "fields",
            _("Achievement by field, %(period)s") % {"period": period},
            report_columns(_("Field")),
            board.by_field,
            _bars([lambda line: line.numbers.achievement]),
        ),
        Panel(
            "agencies",
            _("Achievement by agency, %(period)s") % {"period": period},
            report_columns(_("Agency"), follow_ups=True),
            board.by_agency,
            _bars([lambda line: line.numbers.achievement]),
        ),
        Panel(
            "reporting",
            _("Completeness and timeliness by agency, %(period)s") % {"period": period},
            report_columns(_("Agency"), budget=False),
            sorted(board.by_agency, key=lambda line: (-(line.numbers.completeness or 0), line.name)),
            _bars(
                [lambda line: line.numbers.completeness, lambda line: line.numbers.timeliness],
                series=(_("Completeness"), _("Timeliness")),
            ),
        ),
        Panel(
            "absorption",
            _("Budget absorption by agency, %(period)s") % {"period": period},
            [
                Col(_("Agency"), lambda line: line.name),
                Col(_("Budget planned (Rp)"), _n("budget_planned"), ""),
                Col(_("Budget realised (Rp)"), _n("budget_realised"), ""),
                Col(_("Absorption"), _n("absorption"), "%"),
            ],
            sorted(board.by_agency, key=lambda line: (-(line.numbers.absorption or 0), line.name)),
            _bars([lambda line: line.numbers.absorption]),
        ),
        semester_trend_panel(board.trend),
        programme_trend_panel(board.trend),
    ]
    if board.areas:
        panel = areas_panel(board.areas, board.semester, region_href=region_href)
        whole = board.programme["events_held"] - sum(line.extra["programme"]["events_held"] for line in board.areas)
        if whole > 0:
            panel.note = ngettext(
                "%(n)d event was held for the whole area, not in one kecamatan: it is counted in the total only.",
                "%(n)d events were held for the whole area, not in one kecamatan: they are counted in the total only.",
                whole,
            ) % {"n": whole}
        panels.append(panel)
    return {panel.name: panel for panel in panels}


def _semester_col():
    return Col(_("Semester"), lambda item: item[0].label)


def _row_n(name, percent=False):
    def get(item):
        row = item[1]
        if row is None:
            return None if percent else 0
        return getattr(row, name)

    return get


def semester_trend_panel(trend, *, with_governments: bool = False) -> Panel:
    columns = [
        _semester_col(),
        Col(_("Expected reports"), _row_n("expected"), ""),
        Col(_("Submitted"), _row_n("submitted"), ""),
        Col(_("Completeness"), _row_n("completeness", True), "%"),
        Col(_("Timeliness"), _row_n("timeliness", True), "%"),
        Col(_("Achievement"), _row_n("achievement", True), "%"),
        Col(_("Absorption"), _row_n("absorption", True), "%"),
    ]
    if with_governments:
        columns[1:1] = [
            Col(_("Governments"), _row_n("governments"), ""),
            Col(_("Governments reporting"), _row_n("governments_reporting"), ""),
        ]

    def draw(panel):
        names = (
            ("completeness", _("Completeness")),
            ("timeliness", _("Timeliness")),
            ("achievement", _("Achievement")),
        )
        series = [Series(label, [getattr(row, name) if row else None for _s, row in trend]) for name, label in names]
        return charts.trend_chart(
            name=panel.name, title=panel.title, categories=[s.short for s, _row in trend], series=series
        )

    return Panel("trend", _("Reporting over the semesters"), columns, trend, draw)


def programme_trend_panel(trend) -> Panel:
    columns = [
        _semester_col(),
        Col(_("Events held"), _row_n("events_held"), ""),
        Col(_("Participants"), _row_n("participants"), ""),
        Col(_("Active volunteers"), _row_n("volunteers"), ""),
        Col(_("Urine test campaigns"), _row_n("test_campaigns"), ""),
        Col(_("People tested"), _row_n("tested"), ""),
    ]

    def draw(panel):
        series = [Series(_("Events held"), [row.events_held if row else None for _s, row in trend])]
        return charts.trend_chart(
            name=panel.name,
            title=panel.title,
            categories=[s.short for s, _row in trend],
            series=series,
            kind="column",
            unit="",
        )

    return Panel("programme_trend", _("Events held over the semesters"), columns, trend, draw)


def areas_panel(lines, semester, *, region_href, first: str | None = None) -> Panel:
    return Panel(
        "areas",
        _("Events held by area, %(semester)s") % {"semester": semester.label},
        programme_columns(first or _("Area"), href=region_href),
        lines,
        _bars([lambda line: line.extra["programme"]["events_held"]], unit=""),
    )


# --- a region's panels ---------------------------------------------------------------------------------------


def _ranking_chart_rows(lines):
    if len(lines) <= 2 * RANKING_SHOWN:
        return lines
    return [*lines[:RANKING_SHOWN], *lines[-RANKING_SHOWN:]]


def _not_reporting(line) -> str:
    return _("not reported yet") if line.extra.get("not_reporting") else ""


def region_panels(board, *, region_href, government_href) -> dict[str, Panel]:
    """The panels of a region's dashboard (see `dashboards.region_dashboard`)."""
    semester = board.semester.label if board.semester else ""
    panels = []
    if len(board.governments) > 1 or (board.governments and board.level < 2):
        for name, title, rows, get in (
            (
                "ranking",
                _("Governments ranked by completeness of reporting, %(semester)s"),
                board.governments,
                lambda line: line.numbers.completeness,
            ),
            (
                "ranking_achievement",
                _("Governments ranked by achievement, %(semester)s"),
                board.by_achievement,
                lambda line: line.numbers.achievement,
            ),
        ):
            shown = _ranking_chart_rows(rows)
            note = ""
            if len(shown) < len(rows):
                note = _("The chart shows the %(n)d highest and the %(n)d lowest of %(total)d governments.") % {
                    "n": RANKING_SHOWN,
                    "total": len(rows),
                }
            ranks = {id(line): index for index, line in enumerate(rows, start=1)}
            columns = [
                Col(_("Rank"), lambda line, ranks=ranks: ranks[id(line)], ""),
                *report_columns(_("Government"), href=government_href),
            ]
            columns.insert(2, Col(_("Region code"), lambda line: line.code))
            columns.insert(
                3, Col(_("Status"), lambda line: _("not reported yet") if line.extra.get("not_reporting") else "")
            )
            panels.append(
                Panel(
                    name,
                    title % {"semester": semester},
                    columns,
                    rows,
                    _bars([get]),
                    note=note,
                    table_rows=shown,
                    extra={"chart_rows": shown},
                )
            )
    if board.children:
        if board.level <= 1:
            columns = report_columns(_("Region"), href=region_href)
            columns[1:1] = [
                Col(_("Governments"), lambda line: line.extra["row"].governments, ""),
                Col(_("Governments reporting"), lambda line: line.extra["row"].governments_reporting, ""),
            ]
            panels.append(
                Panel(
                    "children",
                    _("Completeness and achievement by region, %(semester)s") % {"semester": semester},
                    columns,
                    board.children,
                    _bars(
                        [lambda line: line.numbers.completeness, lambda line: line.numbers.achievement],
                        series=(_("Completeness"), _("Achievement")),
                    ),
                )
            )
        panels.append(areas_panel(board.children, board.semester, region_href=region_href, first=_("Region")))
    if any(row and row.expected for _s, row in board.trend):
        panels.append(semester_trend_panel(board.trend, with_governments=True))
    panels.append(programme_trend_panel(board.trend))
    return {panel.name: panel for panel in panels}


# --- an agency's panels --------------------------------------------------------------------------------------


def agency_panels(board) -> dict[str, Panel]:
    period = str(board.period) if board.period else ""
    trend = [(p, numbers) for p, numbers in board.trend]

    def draw_trend(panel):
        series = [
            Series(_("Completeness"), [n.completeness for _p, n in trend]),
            Series(_("Achievement"), [n.achievement for _p, n in trend]),
        ]
        return charts.trend_chart(
            name=panel.name, title=panel.title, categories=[f"{p.code} {p.year}" for p, _n in trend], series=series
        )

    trend_columns = [
        Col(_("Period"), lambda item: str(item[0])),
        Col(_("Expected reports"), lambda item: item[1].expected, ""),
        Col(_("Submitted"), lambda item: item[1].submitted, ""),
        Col(_("Approved"), lambda item: item[1].approved, ""),
        Col(_("Completeness"), lambda item: item[1].completeness, "%"),
        Col(_("Timeliness"), lambda item: item[1].timeliness, "%"),
        Col(_("Achievement"), lambda item: item[1].achievement, "%"),
        Col(_("Absorption"), lambda item: item[1].absorption, "%"),
    ]
    panels = [
        Panel(
            "fields",
            _("My agency's achievement by field, %(period)s") % {"period": period},
            report_columns(_("Field")),
            board.by_field,
            _bars([lambda line: line.numbers.achievement]),
        ),
        Panel("trend", _("My agency over the periods"), trend_columns, trend, draw_trend),
    ]
    return {panel.name: panel for panel in panels}


def region_url(code: str) -> str:
    return reverse("insights:region", args=[url_code(code)])
