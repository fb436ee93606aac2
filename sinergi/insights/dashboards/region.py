"""A region's dashboard (observers, administrators, area operators): the region's semester row, its children's
rows and the governments of its subtree, ranked."""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from sinergi.core.scope import subtree_q
from sinergi.insights.areas import chain, level_of
from sinergi.insights.dashboards.access import covers, readable_roots, region_readable, stored_code, url_code
from sinergi.insights.dashboards.common import (
    NATION_NAME,
    REPORT,
    Line,
    Semester,
    Tally,
    by_achievement,
    programme_dict,
    region_names,
    semester_keys,
    trend_end,
    trend_range,
)
from sinergi.insights.models import NATION, GovernmentRollup, RegionRollup
from sinergi.organizations.models import Government


@dataclass
class RegionDashboard:
    code: str
    name: str
    level: int
    region: object | None  # the Region (None for the nation)
    ancestors: list[tuple[str, str, bool]]  # (code, name, readable), from the nation down, without the region
    semesters: list[Semester]
    semester: Semester | None
    row: RegionRollup | None
    children: list[Line]
    governments: list[Line]  # the governments in the subtree with a row in the semester, by completeness
    government: dict | None  # the government located at this region, if any
    trend: list[tuple[Semester, RegionRollup | None]]

    @property
    def numbers(self) -> Tally:
        return Tally(self.row) if self.row is not None else Tally()

    @property
    def programme(self) -> dict:
        return programme_dict(self.row)

    @property
    def url_code(self) -> str:
        return url_code(self.code)

    @property
    def government_count(self) -> int:
        """Every government of the subtree when they are listed (ranked, with those that have not reported)."""
        return max(len(self.governments), self.row.governments if self.row else 0)

    @property
    def by_achievement(self) -> list[Line]:
        return by_achievement(self.governments)


def region_dashboard(
    *, user, code: str, semester: Semester | None = None, strict: bool = False, with_governments: bool = True
) -> RegionDashboard:
    """The roll-ups of one region for a semester: its row, its children's rows and the governments in its subtree.

    Six queries whatever the size of the subtree (a national view reads one nation row per semester, ~38 province
    rows and at most one row per government). 404 for a region outside the user's roots or that does not exist.
    ``strict``: a semester without data is answered as such (the API), not replaced by the latest one.
    """
    code = stored_code(code)
    if not region_readable(user, code):
        raise Http404
    lineage = chain(code)  # the region and the regions above it, up to the nation
    names = region_names(c for c in lineage if c != NATION)
    if code != NATION and code not in names:
        raise Http404
    roots = readable_roots(user)
    ancestors = [
        (c, names[c].name if c in names else NATION_NAME, any(covers(root, c) for root in roots))
        for c in reversed(lineage[1:])
    ]
    rows = list(RegionRollup.objects.filter(code=code, **semester_keys()).order_by("year", "semester"))
    by_semester = {Semester(r.year, r.semester): r for r in rows}
    options = sorted(by_semester, reverse=True)
    if semester is None or (semester not in by_semester and not strict):
        current = Semester.of_day(timezone.localdate())
        semester = next(
            (s for s in options if by_semester[s].submitted > 0),
            next((s for s in options if s <= current), options[0] if options else None),
        )
    children = _children_lines(code, semester) if semester else []
    located = Government.objects.filter(region_id__in=[code, *(c.code for c in children)]).values(
        "pk", "name", "region_id"
    )
    located = {g["region_id"]: g for g in located}
    for line in children:
        line.extra["government"] = located.get(line.code)
    governments = []
    if with_governments and semester and level_of(code) <= 2:
        governments = _governments_below(code, semester)
    last = trend_end(by_semester, timezone.localdate())
    region = names.get(code)
    return RegionDashboard(
        code=code,
        name=region.label if region else NATION_NAME,
        level=level_of(code),
        region=region,
        ancestors=ancestors,
        semesters=options,
        semester=semester,
        row=by_semester.get(semester) if semester else None,
        children=children,
        governments=governments,
        government=located.get(code),
        trend=[(s, by_semester.get(s)) for s in trend_range(last)] if last else [],
    )


def _children_lines(code: str, semester: Semester) -> list[Line]:
    """The region rows one level below ``code`` in a semester, with their names: two queries."""
    # Sorted here, not in SQL: ORDER BY code would lead SQLite without statistics to walk the (year, semester, code)
    # index through the whole semester instead of the (year, semester, parent_code) one.
    children = sorted(
        RegionRollup.objects.filter(year=semester.year, semester=semester.number, parent_code=code)
        .exclude(code=code)  # the nation's row is its own parent
        .order_by(),
        key=lambda row: row.code,
    )
    names = region_names(row.code for row in children)
    lines = []
    for row in children:
        region = names.get(row.code)
        lines.append(
            Line(
                key=row.code,
                code=row.code,
                label=region.name if region else row.code,
                name=region.label if region else row.code,
                numbers=Tally(row),
                extra={"row": row, "programme": programme_dict(row)},
            )
        )
    return lines


def _governments_below(code: str, semester: Semester) -> list[Line]:
    """The government rows of a semester in the subtree of ``code``, best reporting first: one query, a key range
    of the (year, semester, region) index."""
    rows = GovernmentRollup.objects.filter(year=semester.year, semester=semester.number)
    if code != NATION:
        rows = rows.filter(subtree_q("region_id", code))
    values = rows.order_by().values("government_id", "government__name", "region_id", *REPORT)
    lines = [
        Line(
            key=row["government_id"],
            code=row["region_id"],
            label=_short_government_name(row["government__name"]),
            name=row["government__name"],
            numbers=Tally(row),
        )
        for row in values
    ]
    # Every government of the subtree is ranked: one without a row (or without expected reports) has not reported.
    by_key = {line.key: line.numbers for line in lines}
    listed = {line.key for line in lines if line.numbers.expected}
    lines = [line for line in lines if line.key in listed] + [
        Line(
            key=g["pk"],
            code=g["region_id"],
            label=_short_government_name(g["name"]),
            name=g["name"],
            numbers=by_key.get(g["pk"]) or Tally(),
            extra={"not_reporting": True},
        )
        for g in _governments_in(code).values("pk", "name", "region_id")
        if g["pk"] not in listed
    ]

    def rank(line):
        # By the exact ratios (finer than the rounded percentages shown), without Decimal arithmetic per row.
        n = line.numbers
        completeness = n.submitted / n.expected if n.expected else None
        achievement = float(n.achievement_sum) / n.achievement_count if n.achievement_count else 0
        return (completeness is None, -(completeness or 0), -achievement, line.name)

    return sorted(lines, key=rank)


def _governments_in(code: str):
    governments = Government.objects.order_by("region_id")
    return governments if code == NATION else governments.filter(subtree_q("region_id", code))


def _short_government_name(name: str) -> str:
    """ "Pemerintah Kota Metro" → "Kota Metro": the chart label; the table keeps the full name."""
    for prefix in ("Pemerintah ", "Pemda "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
