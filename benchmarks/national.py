"""Time the national, province and government dashboards on a synthetic national dataset, next to raw SQL.

    .venv/bin/python benchmarks/national.py [--scale 0.05] [--seed 1] [--runs 50] [--reuse]
        [--postgres postgres://postgres@127.0.0.1:5432] [--semester 2025-1] [--province 18] [--government 18.71]
        [--no-verify] [--only government]

Builds the dataset with ``sinergi generate_national --scale`` into a fresh benchmark database — SQLite in
``$TMPDIR/sinergi-bench-national[-pg]/``, or with ``--postgres`` the database ``sinergi_bench_national`` on that
server (dropped and created again) — or, with ``--reuse``, keeps the one a previous run built there. Then times,
``--runs`` times each, p50 and p95 of the server time of:

- national: the nation's region roll-up, its provinces' rows and the ranking of every government for a semester;
- province: the province's row (``--province``), its kabupaten/kota rows and its governments ranked;
- government (``--government``, a region code): everything its dashboard shows — the period by field and by agency
  with each agency's open and overdue follow-ups, the semester's reports and programme records, the trend of both
  over the semesters, and its own programme records per kecamatan;

each next to the raw SQL that reads the same numbers from the raw tables (reports joined to periods, actions and
deadline extensions; events, urine tests, volunteers, assessments, Bersinar programmes and follow-ups, aggregated).
The achievement is computed by the reporting rules in Python (cumulative values, targets to date), which no query
reproduces: the national and province raw SQL leave it out, and the government's reads the rows it is computed
from (every value the government reported, with its indicator's rules and targets) without computing it, so the
raw side is never charged for Python work. Before timing, the raw numbers are checked against the roll-ups (for the
government, every number of its dashboard as the dashboard's own selector reads it). Also times
``sinergi rollups --verify`` once. Prints the dataset's size, the machine and a table with the ratio of each
roll-up read to its raw SQL.

Targets (2 cores): national and province < 100 ms p95, government < 150 ms p95, each within 1.5× of its raw SQL.

The measured callables are the table ``STEPS`` just below: the dashboards' API answers and HTML pages through
Django's test client (signed in as an administrator), and the bare roll-up reads underneath them.
"""

import argparse
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_NAME = "sinergi_bench_national"
RATIO_TARGET = 1.5

# What is timed: (name, target p95 in ms, the dashboard's read, the same numbers from the raw tables). The first
# three are the dashboards' own answers through Django's test client as an administrator (middleware, session,
# queries, JSON or HTML); the last three the bare roll-up reads underneath them, for reference.
STEPS = [
    ("national API", 100, lambda c: c.get(f"/api/v1/rollups?region=&period={c.year}-{c.semester}"), None),
    ("province API", 100, lambda c: c.get(f"/api/v1/rollups?region={c.province}&period={c.year}-{c.semester}"), None),
    (
        "government API",
        150,
        lambda c: c.get(f"/api/v1/dashboard?government={c.government_id}&period={c.period_id}"),
        None,
    ),
    ("national page", 100, lambda c: c.get(f"/dasbor/wilayah/ID/?semester={c.year}-{c.semester}"), None),
    ("province page", 100, lambda c: c.get(f"/dasbor/wilayah/{c.province}/?semester={c.year}-{c.semester}"), None),
    ("government page", 150, lambda c: c.get(f"/dasbor/pemda/{c.government_id}/?period={c.period_id}"), None),
    ("national read", 100, lambda c: national_rollups(c), lambda c: national_raw(c)),
    ("province read", 100, lambda c: province_rollups(c), lambda c: province_raw(c)),
    ("government read", 150, lambda c: government_rollups(c), lambda c: government_raw(c)),
]
# The raw SQL each answer is compared with: the one of the same view.
RAW = {"national": "national read", "province": "province read", "government": "government read"}


@dataclass
class Context:
    year: int
    semester: int
    province: str
    government_id: int
    period_id: int
    client: object = None

    def get(self, url: str):
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response


# --- the dashboards' reads: roll-up tables only ----------------------------------------------------------------


def _numbers(row, extra=()) -> dict:
    from sinergi.insights.models import ProgrammeNumbers, ReportNumbers

    names = [*ReportNumbers.REPORT_NUMBERS, *ProgrammeNumbers.PROGRAMME_NUMBERS, *extra]
    data = {name: getattr(row, name) for name in names if hasattr(row, name)}
    for name in ("completeness", "timeliness", "achievement", "absorption"):
        data[name] = getattr(row, name, None)
    return data


def _ranking(rows) -> list[dict]:
    ranked = [{"government": row.government_name, "region": row.region_id, **_numbers(row)} for row in rows]
    ranked.sort(key=lambda r: (-(r["completeness"] or -1), -(r["achievement"] or -1), r["government"]))
    return ranked


def _region(row) -> dict:
    return {"code": row.code, "level": row.level, **_numbers(row, ("governments", "governments_reporting"))}


def national_rollups(c: Context) -> dict:
    from django.db.models import F

    from sinergi.insights.models import GovernmentRollup, RegionRollup

    semester = {"year": c.year, "semester": c.semester}
    return {
        "nation": _region(RegionRollup.objects.get(code="", **semester)),
        "provinces": [_region(r) for r in RegionRollup.objects.filter(parent_code="", level=1, **semester)],
        "ranking": _ranking(
            GovernmentRollup.objects.filter(**semester).annotate(government_name=F("government__name"))
        ),
    }


def province_rollups(c: Context) -> dict:
    from django.db.models import F, Q

    from sinergi.insights.models import GovernmentRollup, RegionRollup

    semester = {"year": c.year, "semester": c.semester}
    inside = Q(region_id=c.province) | Q(region__code__startswith=c.province + ".")
    return {
        "province": _region(RegionRollup.objects.get(code=c.province, **semester)),
        "children": [_region(r) for r in RegionRollup.objects.filter(parent_code=c.province, **semester)],
        "ranking": _ranking(
            GovernmentRollup.objects.filter(inside, **semester).annotate(government_name=F("government__name"))
        ),
    }


def government_rollups(c: Context):
    """The government dashboard's own selector (`dashboards.government_dashboard`): the period by field and agency,
    the follow-ups, the semester, the trend and the kecamatan, from the roll-ups."""
    from sinergi.insights import dashboards
    from sinergi.organizations.models import Government

    government = Government.objects.select_related("region").get(pk=c.government_id)
    return dashboards.government_dashboard(government=government, period_id=c.period_id)


# --- the same numbers from the raw tables ---------------------------------------------------------------------

REPORTS_SQL = """
SELECT {group} AS place,
       COUNT(*) AS expected,
       SUM(CASE WHEN r.status IN ('submitted', 'head_approved', 'approved') THEN 1 ELSE 0 END) AS submitted,
       SUM(CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END) AS approved,
       SUM(CASE WHEN r.first_submitted_at < {due_end} THEN 1 ELSE 0 END) AS on_time,
       SUM(COALESCE(a.budget, 0)) AS budget_planned,
       SUM(COALESCE(r.budget_realised, 0)) AS budget_realised
FROM reporting_report r
JOIN reporting_period p ON p.id = r.period_id
JOIN planning_action a ON a.id = r.action_id
JOIN organizations_government g ON g.id = p.government_id
LEFT JOIN reporting_deadlineextension e ON e.period_id = p.id AND e.agency_id = r.agency_id
{join}
WHERE p.year = %s AND ((p.kind = 'semester' AND p.number = %s) OR (p.kind = 'quarter' AND p.number IN (%s, %s)))
  AND {where}
GROUP BY {group}
"""
EVENTS_SQL = """
SELECT {group} AS place,
       SUM(CASE WHEN ev.status = 'held' THEN 1 ELSE 0 END) AS events_held,
       SUM(CASE WHEN ev.status = 'planned' THEN 1 ELSE 0 END) AS events_planned,
       SUM(CASE WHEN ev.status = 'held' THEN ev.participants ELSE 0 END) AS participants
FROM programmes_event ev
JOIN organizations_government g ON g.id = ev.government_id
WHERE ev.starts_on BETWEEN %s AND %s AND {where}
GROUP BY {group}
"""
TESTS_SQL = """
SELECT {group} AS place, COUNT(*) AS test_campaigns, SUM(t.tested) AS tested, SUM(t.positive) AS positive
FROM programmes_urinetestcampaign t
JOIN organizations_government g ON g.id = t.government_id
WHERE t.held_on BETWEEN %s AND %s AND {where}
GROUP BY {group}
"""
ASSESSMENTS_SQL = """
SELECT {group} AS place,
       SUM(CASE WHEN va.status = 'bahaya' THEN 1 ELSE 0 END) AS villages_bahaya,
       SUM(CASE WHEN va.status = 'aman' THEN 1 ELSE 0 END) AS villages_aman
FROM programmes_vulnerabilityassessment va
JOIN organizations_government g ON g.id = va.government_id
WHERE va.year = %s AND {where}
GROUP BY {group}
"""


def _due_end() -> str:
    """The end of a report's due date (its agency's extension or the period's) in the project's time zone, in SQL:
    submitted before it is on time, as `reporting.services.due_date_for` and the roll-ups count it."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"((COALESCE(e.due_on, p.due_on) + 1)::timestamp AT TIME ZONE '{settings.TIME_ZONE}')"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    hours = datetime(2025, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE)).utcoffset().total_seconds() / 3600
    return f"datetime(COALESCE(e.due_on, p.due_on), '+1 day', '{-hours:+.0f} hours')"


def _query(sql: str, params) -> list[dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _semester_params(c: Context):
    starts = date(c.year, 1, 1) if c.semester == 1 else date(c.year, 7, 1)
    ends = date(c.year, 6, 30) if c.semester == 1 else date(c.year, 12, 31)
    return [c.year, c.semester, 2 * c.semester - 1, 2 * c.semester], [starts, ends]


def _places(group: str, where: str, c: Context, join: str = "", where_params=()) -> dict[str, dict]:
    """Report and programme numbers per ``group`` (an SQL expression) of the semester, from the raw tables."""
    period, days = _semester_params(c)
    where_params = list(where_params)
    found: dict[str, dict] = {}
    for sql, params in (
        (REPORTS_SQL.format(group=group, where=where, join=join, due_end=_due_end()), period + where_params),
        (EVENTS_SQL.format(group=group.replace("g.region_id", "COALESCE(ev.region_id, g.region_id)"), where=where),
         days + where_params),
        (TESTS_SQL.format(group=group, where=where), days + where_params),
        (ASSESSMENTS_SQL.format(group=group.replace("g.region_id", "va.region_id"), where=where),
         [c.year, *where_params]),
    ):  # fmt: skip
        for row in _query(sql, params):
            found.setdefault(row.pop("place"), {}).update(row)
    return found


def _total(places: dict[str, dict]) -> dict:
    total: dict = {}
    for numbers in places.values():
        for name, value in numbers.items():
            total[name] = total.get(name, 0) + (value or 0)
    return total


def national_raw(c: Context) -> dict:
    provinces = _places("SUBSTR(g.region_id, 1, 2)", "1 = 1", c)
    ranking = _places("g.name", "1 = 1", c)
    return {"nation": _total(provinces), "provinces": provinces, "ranking": ranking}


def province_raw(c: Context) -> dict:
    inside = "(g.region_id = %s OR g.region_id LIKE %s)"
    params = [c.province, c.province + ".%"]
    children = _places("SUBSTR(g.region_id, 1, 5)", inside, c, where_params=params)
    ranking = _places("g.name", inside, c, where_params=params)
    return {"province": _total(children), "children": children, "ranking": ranking}


def _semester_key(column: str) -> str:
    """SQL for the semester of a date column as YEAR * 10 + SEMESTER (20251 for Semester I 2025)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return (
            f"(EXTRACT(YEAR FROM {column})::int * 10 + CASE WHEN EXTRACT(MONTH FROM {column}) <= 6 THEN 1 ELSE 2 END)"
        )
    return (
        f"(CAST(strftime('%%Y', {column}) AS INTEGER) * 10"  # %% : the query takes parameters
        f" + CASE WHEN CAST(strftime('%%m', {column}) AS INTEGER) <= 6 THEN 1 ELSE 2 END)"
    )


def _end_of_day(day: date):
    """The first instant after ``day`` in the project's time zone, as the database compares timestamps."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db import connection

    instant = datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return connection.ops.adapt_datetimefield_value(instant)


def _by_semester(rows: list[dict], key: str = "sem") -> dict[tuple[int, int], dict]:
    return {divmod(row.pop(key), 10): row for row in rows}


def government_raw(c: Context) -> dict:
    """Every number of the government dashboard (API and page) from the raw tables: the period by field and agency,
    the follow-ups per agency, each semester's reports and programme records (the trend), the semester's programme
    records per kecamatan, and — for the achievement, which is computed by the reporting rules rather than by any
    query — the rows it is computed from (values, indicator rules, targets), read but not computed."""
    from django.db import connection
    from django.utils import timezone

    from sinergi.coordination.selectors import OPEN_STATUSES
    from sinergi.insights.dashboards import Semester, trend_range

    region = _query("SELECT region_id FROM organizations_government WHERE id = %s", [c.government_id])[0]["region_id"]
    gid = [c.government_id]
    period_rows = _query(
        f"""
        SELECT f.name AS field, ag.name AS agency, COUNT(*) AS expected,
               SUM(CASE WHEN r.status IN ('submitted', 'head_approved', 'approved') THEN 1 ELSE 0 END) AS submitted,
               SUM(CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END) AS approved,
               SUM(CASE WHEN r.first_submitted_at < {_due_end()} THEN 1 ELSE 0 END) AS on_time,
               SUM(COALESCE(a.budget, 0)) AS budget_planned, SUM(COALESCE(r.budget_realised, 0)) AS budget_realised
        FROM reporting_report r
        JOIN reporting_period p ON p.id = r.period_id
        JOIN planning_action a ON a.id = r.action_id
        JOIN planning_field f ON f.id = a.field_id
        JOIN organizations_agency ag ON ag.id = r.agency_id
        LEFT JOIN reporting_deadlineextension e ON e.period_id = p.id AND e.agency_id = r.agency_id
        WHERE r.period_id = %s GROUP BY f.name, ag.name
        """,
        [c.period_id],
    )
    by_field, by_agency = {}, {}
    for row in period_rows:
        for groups, key in ((by_field, row.pop("field")), (by_agency, row.pop("agency"))):
            sums = groups.setdefault(key, dict.fromkeys(row, 0))
            for name, value in row.items():
                sums[name] += value or 0
    follow_ups = _query(
        """
        SELECT agency_id, COUNT(*) AS open, SUM(CASE WHEN due_on < %s THEN 1 ELSE 0 END) AS overdue
        FROM coordination_followup WHERE government_id = %s AND status IN (%s, %s) GROUP BY agency_id
        """,
        [timezone.localdate(), c.government_id, *OPEN_STATUSES],
    )
    reports = _query(
        f"""
        SELECT p.year * 10 + CASE WHEN p.kind = 'semester' THEN p.number WHEN p.number <= 2 THEN 1 ELSE 2 END AS sem,
               COUNT(*) AS expected,
               SUM(CASE WHEN r.status IN ('submitted', 'head_approved', 'approved') THEN 1 ELSE 0 END) AS submitted,
               SUM(CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END) AS approved,
               SUM(CASE WHEN r.first_submitted_at < {_due_end()} THEN 1 ELSE 0 END) AS on_time,
               SUM(COALESCE(a.budget, 0)) AS budget_planned, SUM(COALESCE(r.budget_realised, 0)) AS budget_realised
        FROM reporting_report r
        JOIN reporting_period p ON p.id = r.period_id
        JOIN planning_action a ON a.id = r.action_id
        LEFT JOIN reporting_deadlineextension e ON e.period_id = p.id AND e.agency_id = r.agency_id
        WHERE p.government_id = %s
        GROUP BY 1
        """,
        gid,
    )
    events = _query(
        f"""
        SELECT {_semester_key("starts_on")} AS sem,
               SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END) AS events_held,
               SUM(CASE WHEN status = 'planned' THEN 1 ELSE 0 END) AS events_planned,
               SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS events_cancelled,
               SUM(CASE WHEN status = 'held' THEN participants ELSE 0 END) AS participants,
               SUM(CASE WHEN status = 'held' THEN male ELSE 0 END) AS participants_male,
               SUM(CASE WHEN status = 'held' THEN female ELSE 0 END) AS participants_female
        FROM programmes_event WHERE government_id = %s GROUP BY 1
        """,
        gid,
    )
    tests = _query(
        f"""
        SELECT {_semester_key("held_on")} AS sem, COUNT(*) AS test_campaigns, SUM(tested) AS tested,
               SUM(positive) AS positive, SUM(referred) AS referred
        FROM programmes_urinetestcampaign WHERE government_id = %s GROUP BY 1
        """,
        gid,
    )
    assessments = _query(
        """
        SELECT year, SUM(CASE WHEN status = 'bahaya' THEN 1 ELSE 0 END) AS villages_bahaya,
               SUM(CASE WHEN status = 'waspada' THEN 1 ELSE 0 END) AS villages_waspada,
               SUM(CASE WHEN status = 'siaga' THEN 1 ELSE 0 END) AS villages_siaga,
               SUM(CASE WHEN status = 'aman' THEN 1 ELSE 0 END) AS villages_aman
        FROM programmes_vulnerabilityassessment WHERE government_id = %s GROUP BY year
        """,
        gid,
    )
    semester = {}
    for source in (_by_semester(reports), _by_semester(events), _by_semester(tests)):
        for key, numbers in source.items():
            semester.setdefault(key, {}).update(numbers)
    by_year = {row.pop("year"): row for row in assessments}
    for (year, _number), numbers in semester.items():
        numbers.update(by_year.get(year, {}))
    # What accumulates (active volunteers, Bersinar villages and namings) is counted as of each semester's end.
    semesters = trend_range(Semester(*max(semester))) if semester else []
    ends = [s.bounds[1] for s in semesters]
    cumulative = _query(
        f"""
        SELECT {", ".join(f"SUM(CASE WHEN v.created_at < %s THEN 1 ELSE 0 END) AS v{i}" for i in range(len(ends)))}
        FROM programmes_volunteer v JOIN programmes_volunteergroup vg ON vg.id = v.group_id
        WHERE v.government_id = %s AND v.is_active AND vg.is_active
        """,
        [*(_end_of_day(end) for end in ends), c.government_id],
    )[0]
    bersinar = _query(
        f"""
        SELECT {", ".join(f"SUM(CASE WHEN first_step <= %s THEN 1 ELSE 0 END) AS b{i}" for i in range(len(ends)))}
        FROM (SELECT p.region_id, MIN(s.done_on) AS first_step
              FROM programmes_bersinarstep s JOIN programmes_bersinarprogramme p ON p.id = s.programme_id
              WHERE p.government_id = %s GROUP BY p.region_id) staged
        """,
        [*ends, c.government_id],
    )[0]
    named = _query(
        f"""
        SELECT {", ".join(f"SUM(CASE WHEN named_on <= %s THEN 1 ELSE 0 END) AS n{i}" for i in range(len(ends)))}
        FROM programmes_bersinarprogramme WHERE government_id = %s
        """,
        [*ends, c.government_id],
    )[0]
    for i, each in enumerate(semesters):
        if each in semester:
            semester[each].update(
                volunteers=cumulative[f"v{i}"] or 0,
                bersinar_villages=bersinar[f"b{i}"] or 0,
                bersinar_named=named[f"n{i}"] or 0,
            )

    # The semester's programme records per kecamatan (a kabupaten/kota's areas panel).
    semester_bounds = Semester(c.year, c.semester).bounds
    ends_on = semester_bounds[1]
    kecamatan = "SUBSTR({0}, 1, 8)"
    inside = "LENGTH({0}) >= 8"
    areas: dict[str, dict] = {}
    for sql, params in (
        (f"""SELECT {kecamatan.format("region_id")} AS place,
                    SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END) AS events_held,
                    SUM(CASE WHEN status = 'held' THEN participants ELSE 0 END) AS participants
             FROM programmes_event WHERE government_id = %s AND starts_on BETWEEN %s AND %s
               AND {inside.format("region_id")} GROUP BY 1""", [c.government_id, *semester_bounds]),
        (f"""SELECT {kecamatan.format("v.region_id")} AS place, COUNT(*) AS volunteers
             FROM programmes_volunteer v JOIN programmes_volunteergroup vg ON vg.id = v.group_id
             WHERE v.government_id = %s AND v.is_active AND vg.is_active AND v.created_at < %s
               AND {inside.format("v.region_id")} GROUP BY 1""", [c.government_id, _end_of_day(ends_on)]),
        (f"""SELECT {kecamatan.format("region_id")} AS place,
                    SUM(CASE WHEN status = 'bahaya' THEN 1 ELSE 0 END) AS villages_bahaya,
                    SUM(CASE WHEN status = 'waspada' THEN 1 ELSE 0 END) AS villages_waspada,
                    SUM(CASE WHEN status = 'siaga' THEN 1 ELSE 0 END) AS villages_siaga,
                    SUM(CASE WHEN status = 'aman' THEN 1 ELSE 0 END) AS villages_aman
             FROM programmes_vulnerabilityassessment WHERE government_id = %s AND year = %s
               AND {inside.format("region_id")} GROUP BY 1""", [c.government_id, c.year]),
        (f"""SELECT {kecamatan.format("region_id")} AS place, COUNT(*) AS bersinar_named
             FROM programmes_bersinarprogramme WHERE government_id = %s AND named_on <= %s
               AND {inside.format("region_id")} GROUP BY 1""", [c.government_id, ends_on]),
    ):  # fmt: skip
        for row in _query(sql, params):
            areas.setdefault(row.pop("place"), {}).update(row)
    # The achievement's inputs: every value reported by the government with its indicator's rules and targets (the
    # page shows achievement per field, per agency and per semester). Read, not computed: no query reproduces the
    # reporting rules, so the raw side is timed without that Python work.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT r.period_id, r.agency_id, a.field_id, r.status, v.indicator_id, v.value,
                   i.aggregation, i.direction, i.baseline, t.period, t.value
            FROM reporting_reportvalue v
            JOIN reporting_report r ON r.id = v.report_id
            JOIN reporting_period p ON p.id = r.period_id
            JOIN planning_action a ON a.id = r.action_id
            JOIN planning_indicator i ON i.id = v.indicator_id
            LEFT JOIN planning_target t
              ON t.indicator_id = v.indicator_id AND t.year = p.year AND t.period IN (0, p.number)
            WHERE p.government_id = %s
            """,
            gid,
        )
        achievement_inputs = len(cursor.fetchall())
    own = semester.get((c.year, c.semester), {})
    return {
        "achievement_inputs": achievement_inputs,
        "region": region,
        "semester": own,
        "by_field": by_field,
        "by_agency": by_agency,
        "follow_ups": follow_ups,
        "trend": semester,
        "areas": areas,
    }


def check(c: Context) -> list[str]:
    """The raw SQL's numbers against the roll-ups' (the achievement aside): they must be the same numbers. For the
    government, every number its dashboard shows, as the dashboard's own selector reads them."""

    problems = []

    def compare(label, raw, rollup):
        for name, value in raw.items():
            if name in rollup and (value or 0) != (rollup[name] or 0):
                problems.append(f"{label}: {name} raw {value} ≠ roll-up {rollup[name]}")

    compare("nation", national_raw(c)["nation"], national_rollups(c)["nation"])
    compare(f"province {c.province}", province_raw(c)["province"], province_rollups(c)["province"])
    raw = government_raw(c)
    board = government_rollups(c)
    for label, lines, raw_lines in (
        ("field", board.by_field, raw["by_field"]),
        ("agency", board.by_agency, raw["by_agency"]),
    ):
        if len(lines) != len(raw_lines):
            problems.append(f"{len(lines)} {label} lines, raw {len(raw_lines)}")
        for line in lines:
            compare(
                f"{label} {line.label}",
                raw_lines.get(line.label if label == "field" else line.name, {}),
                vars(line.numbers),
            )
    follow_ups = {row["agency_id"]: row for row in raw["follow_ups"]}
    for agency_id, counts in board.follow_ups["by_agency"].items():
        compare(f"follow-ups of agency {agency_id}", follow_ups.get(agency_id, {}), counts)
    for semester, row in board.trend:
        if row is not None:
            compare(f"semester {semester.key}", raw["trend"].get(tuple(semester), {}), vars(row))
    for line in board.areas:
        compare(f"area {line.code}", raw["areas"].get(line.code, {}), line.extra["programme"])
    if not board.areas and raw["areas"]:
        problems.append("areas in the raw rows but none on the dashboard")
    return problems


# --- the run --------------------------------------------------------------------------------------------------


def admin_client():
    """A test client signed in as a platform administrator (who reads every region), made once."""
    from django.test import Client

    from sinergi.accounts.models import User

    user, _created = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    client = Client()
    client.force_login(user)
    return client


def setup_django(postgres: str | None, reuse: bool) -> str:
    data_dir = Path(tempfile.gettempdir()) / ("sinergi-bench-national" + ("-pg" if postgres else ""))
    if not reuse:
        shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(exist_ok=True)
    os.environ["SINERGI_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.pop("DATABASE_URL", None)
    if postgres:
        host = postgres.split("@")[-1].split(":")[0]
        exists = subprocess.run(
            ["psql", "-h", host, "-U", "postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{PG_NAME}'"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not (reuse and exists):
            for command in (["dropdb", "--if-exists"], ["createdb"]):
                subprocess.run([*command, "-h", host, "-U", "postgres", PG_NAME], check=True)
        os.environ["DATABASE_URL"] = f"{postgres.rstrip('/')}/{PG_NAME}"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return "PostgreSQL" if postgres else "SQLite"


def measure(function, c: Context, runs: int) -> tuple[float, float, int]:
    """p50 and p95 wall-clock milliseconds of ``runs`` calls, and the queries of one call."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    function(c)
    with connection.execute_wrapper(count):
        function(c)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(c)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], len(queries)


def dataset(database: str) -> list[str]:
    from django.db import connection

    from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, RegionRollup, ReportRollup
    from sinergi.organizations.models import Government
    from sinergi.programmes.models import Event, UrineTestCampaign, Volunteer, VulnerabilityAssessment
    from sinergi.regions.models import Region
    from sinergi.reporting.models import Report, ReportValue

    counts = [
        ("governments", Government.objects.count()),
        ("villages", Region.objects.filter(level=4).count()),
        ("reports", Report.objects.count()),
        ("report values", ReportValue.objects.count()),
        ("events", Event.objects.count()),
        ("urine tests", UrineTestCampaign.objects.count()),
        ("volunteers", Volunteer.objects.count()),
        ("assessments", VulnerabilityAssessment.objects.count()),
        ("roll-up rows", sum(m.objects.count() for m in (ReportRollup, GovernmentRollup, ProgrammeRollup))),
        ("region roll-up rows", RegionRollup.objects.count()),
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database()), version()")
            size, version = cursor.fetchone()
        version = version.split(" on ")[0]
    else:
        import sqlite3

        path = Path(connection.settings_dict["NAME"])
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        version = f"SQLite {sqlite3.sqlite_version}"
    lines = [f"{database}: {version}, {size / 2**30:.2f} GiB"]
    lines.append(", ".join(f"{n:,} {label}" for label, n in counts))
    return lines


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({model}){memory}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep the dataset a previous run built")
    parser.add_argument("--postgres", help="e.g. postgres://postgres@127.0.0.1:5432 (default: SQLite)")
    parser.add_argument("--semester", default=f"{date.today().year - 1}-1", help="year-semester, e.g. 2025-1")
    parser.add_argument("--province", default="18")
    parser.add_argument("--government", default="18.71", help="the region code of the government")
    parser.add_argument("--no-verify", action="store_true", help="skip timing rollups --verify")
    parser.add_argument("--only", help="time only the views whose name starts with this, e.g. government")
    options = parser.parse_args()
    database = setup_django(options.postgres, options.reuse)
    from django.core.management import call_command

    from sinergi.demo import national as synthetic
    from sinergi.organizations.models import Government
    from sinergi.reporting.models import Period

    if synthetic.synthetic_governments().exists() and options.reuse:
        print(f"{database}: reusing the dataset in the benchmark database")
    else:
        started = time.perf_counter()
        call_command("generate_national", "--scale", str(options.scale), "--seed", str(options.seed), "--replace")
        print(f"generate_national --scale {options.scale:g}: {time.perf_counter() - started:.1f} s")
    year, semester = (int(part) for part in options.semester.split("-"))
    government = Government.objects.get(region_id=options.government)
    period = Period.objects.get(government=government, year=year, kind="semester", number=semester)
    c = Context(year, semester, options.province, government.pk, period.pk)
    problems = check(c)
    for problem in problems:
        print("MISMATCH", problem)
    print(("raw SQL and roll-ups agree" if not problems else f"{len(problems)} mismatches") + " (achievement aside)")

    if not options.no_verify:
        started = time.perf_counter()
        out = io.StringIO()
        call_command("rollups", "--verify", stdout=out)
        print(f"rollups --verify: {time.perf_counter() - started:.1f} s — {out.getvalue().strip().splitlines()[-1]}")
    for line in dataset(database):
        print(line)
    print(machine())
    print(f"load average before timing {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"semester {year}-{semester}, province {options.province}, government {government.name}; {options.runs} runs")
    header = f"{'view':<17}{'p50 ms':>8}{'p95 ms':>8}{'queries':>8}  {'raw p50':>8}{'raw p95':>8}{'queries':>8}"
    print(f"{header}{'p95 ratio':>10}  {'target':>7}")
    c.client = admin_client()
    steps = {name: raw for name, _target, _read, raw in STEPS}
    raws = {}
    for name, target, rollup, raw in STEPS:
        if options.only and not name.startswith(options.only):
            continue
        raw = raw or steps[RAW[name.split()[0]]]
        p50, p95, queries = measure(rollup, c, options.runs)
        if raw not in raws:
            raws[raw] = measure(raw, c, options.runs)
        raw50, raw95, raw_queries = raws[raw]
        ratio = p95 / raw95
        verdict = "ok" if p95 < target and ratio <= RATIO_TARGET else "SLOW" if p95 >= target else "ratio"
        print(
            f"{name:<17}{p50:>8.1f}{p95:>8.1f}{queries:>8}  {raw50:>8.1f}{raw95:>8.1f}{raw_queries:>8}"
            f"{ratio:>9.2f}×  {target:>4} ms  {verdict}"
        )
    print(f"load average after timing {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
