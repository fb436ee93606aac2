"""Time the national, province and government dashboards on a synthetic national dataset, next to raw SQL.

    .venv/bin/python benchmarks/national.py [--scale 0.05] [--seed 1] [--runs 50] [--reuse]
        [--postgres postgres://postgres@127.0.0.1:5432] [--semester 2025-1] [--province 18] [--government 18.71]

Builds the dataset with ``sinergi generate_national --scale`` into a fresh benchmark database — SQLite in
``$TMPDIR/sinergi-bench-national[-pg]/``, or with ``--postgres`` the database ``sinergi_bench_national`` on that
server (dropped and created again) — or, with ``--reuse``, keeps the one a previous run built there. Then times,
``--runs`` times each, p50 and p95 of the server time of:

- national: the nation's region roll-up, its provinces' rows and the ranking of every government for a semester;
- province: the province's row (``--province``), its kabupaten/kota rows and its governments ranked;
- government: one government's semester row, its report roll-ups of the period by field and by agency, and its
  trend over every semester (``--government``, a region code);

each next to the raw SQL that reads the same numbers from the raw tables (reports joined to periods, actions and
deadline extensions; events, urine tests and assessments, aggregated) — everything but the achievement, which the
reporting rules compute in Python (cumulative values, targets to date) and no single query reproduces. Before
timing, the raw numbers are checked against the roll-ups. Also times ``sinergi rollups --verify`` once. Prints the
dataset's size, the machine and a table with the ratio of each roll-up read to its raw SQL.

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


def government_rollups(c: Context) -> dict:
    from sinergi.insights.models import GovernmentRollup, ReportRollup

    own = GovernmentRollup.objects.select_related("government").get(
        government_id=c.government_id, year=c.year, semester=c.semester
    )
    by_field, by_agency = {}, {}
    for row in ReportRollup.objects.filter(period_id=c.period_id).select_related("field", "agency"):
        for groups, key in ((by_field, row.field.name), (by_agency, row.agency.name)):
            sums = groups.setdefault(key, dict.fromkeys(row.REPORT_NUMBERS, 0))
            for name in row.REPORT_NUMBERS:
                sums[name] += getattr(row, name)
    trend = GovernmentRollup.objects.filter(government_id=c.government_id).order_by("year", "semester")
    return {
        "government": own.government.name,
        "semester": _numbers(own),
        "by_field": by_field,
        "by_agency": by_agency,
        "trend": [{"year": r.year, "semester": r.semester, **_numbers(r)} for r in trend],
    }


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


def government_raw(c: Context) -> dict:
    _period, days = _semester_params(c)
    by = """
        SELECT {name} AS name, COUNT(*) AS expected,
               SUM(CASE WHEN r.status IN ('submitted', 'head_approved', 'approved') THEN 1 ELSE 0 END) AS submitted,
               SUM(CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END) AS approved,
               SUM(COALESCE(a.budget, 0)) AS budget_planned, SUM(COALESCE(r.budget_realised, 0)) AS budget_realised
        FROM reporting_report r JOIN planning_action a ON a.id = r.action_id {join}
        WHERE r.period_id = %s GROUP BY {name}
    """
    by_field = _query(by.format(name="f.name", join="JOIN planning_field f ON f.id = a.field_id"), [c.period_id])
    by_agency = _query(
        by.format(name="ag.name", join="JOIN organizations_agency ag ON ag.id = r.agency_id"), [c.period_id]
    )
    trend = _query(
        f"""
        SELECT p.year, p.number, COUNT(*) AS expected,
               SUM(CASE WHEN r.status IN ('submitted', 'head_approved', 'approved') THEN 1 ELSE 0 END) AS submitted,
               SUM(CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END) AS approved,
               SUM(CASE WHEN r.first_submitted_at < {_due_end()} THEN 1 ELSE 0 END) AS on_time,
               SUM(COALESCE(a.budget, 0)) AS budget_planned, SUM(COALESCE(r.budget_realised, 0)) AS budget_realised
        FROM reporting_report r
        JOIN reporting_period p ON p.id = r.period_id
        JOIN planning_action a ON a.id = r.action_id
        LEFT JOIN reporting_deadlineextension e ON e.period_id = p.id AND e.agency_id = r.agency_id
        WHERE p.government_id = %s
        GROUP BY p.year, p.number ORDER BY p.year, p.number
        """,
        [c.government_id],
    )
    events = _query(
        """
        SELECT SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END) AS events_held,
               SUM(CASE WHEN status = 'held' THEN participants ELSE 0 END) AS participants
        FROM programmes_event WHERE government_id = %s AND starts_on BETWEEN %s AND %s
        """,
        [c.government_id, *days],
    )
    own = next(row for row in trend if (row["year"], row["number"]) == (c.year, c.semester))
    return {"semester": {**own, **events[0]}, "by_field": by_field, "by_agency": by_agency, "trend": trend}


def check(c: Context) -> list[str]:
    """The raw SQL's numbers against the roll-ups' (the achievement aside): they must be the same numbers."""
    problems = []
    pairs = (
        ("nation", national_raw(c)["nation"], national_rollups(c)["nation"]),
        (f"province {c.province}", province_raw(c)["province"], province_rollups(c)["province"]),
        ("government", government_raw(c)["semester"], government_rollups(c)["semester"]),
    )
    for label, raw, rollup in pairs:
        for name, value in raw.items():
            if name in rollup and (value or 0) != rollup[name]:
                problems.append(f"{label}: {name} raw {value} ≠ roll-up {rollup[name]}")
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
    options = parser.parse_args()
    database = setup_django(options.postgres, options.reuse)
    from django.core.management import call_command

    from sinergi.insights import synthetic
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
