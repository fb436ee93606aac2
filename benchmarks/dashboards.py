"""Time the dashboards at national scale: 548 governments, ~83,000 villages, six semesters of roll-ups.

    .venv/bin/python benchmarks/dashboards.py [--runs 21] [--semesters 6]

Works in a throw-away SQLite database: migrates, loads the regions of Lampung and the Kota Metro demo, then adds the
rest of a nation of synthetic regions (37 more provinces with 13–14 kabupaten/kota each, 14 kecamatan per
kabupaten/kota and 11–12 villages per kecamatan: 548 governments and ~83,000 villages in all), a government for
every province and kabupaten/kota, and for every semester a government roll-up per government and programme
roll-ups in a third of the villages (marked ``imported`` so a rebuild keeps them), then rebuilds every semester's
region roll-ups from them (``areas.rebuild_semester``). Kota Metro gets 40 more agencies with report roll-ups in
its demo period.

Times each dashboard page and API answer through Django's test client (the whole request inside Django:
middleware, queries, template), median and p95 of ``--runs``, with the query count and the size. Targets: national
and province views under 100 ms p95, a government's dashboard under 150 ms p95.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal

import _setup  # noqa: E402  (benchmarks/_setup.py, beside this script)

PROVINCES = [
    "11", "12", "13", "14", "15", "16", "17", "19", "21", "31", "32", "33", "34", "35", "36", "51", "52", "53", "61",
    "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
]  # fmt: skip
NATIONAL_TARGET_MS, GOVERNMENT_TARGET_MS = 100, 150


def build_nation(semesters: list[tuple[int, int]], seed: int = 7) -> None:
    from sinergi.insights import areas
    from sinergi.insights.models import GovernmentRollup, ProgrammeRollup
    from sinergi.organizations.models import Government
    from sinergi.regions.models import Region
    from sinergi.regions.text import normalize_name

    rng = random.Random(seed)
    regions = []

    def region(code, name, level, kind, parent):
        regions.append(
            Region(code=code, name=name, level=level, kind=kind, parent_id=parent, search_name=normalize_name(name))
        )

    for index, province in enumerate(PROVINCES):
        region(province, f"Provinsi Uji {province}", 1, "provinsi", None)
        for k in range(1, 15 if index < 27 else 14):
            kab = f"{province}.{k:02d}"
            region(kab, f"Kabupaten Uji {kab}", 2, "kabupaten", province)
            for d in range(1, 15):
                kecamatan = f"{kab}.{d:02d}"
                region(kecamatan, f"Kecamatan Uji {kecamatan}", 3, "kecamatan", kab)
                for v in range(1, 12 + (d % 2)):
                    region(f"{kecamatan}.{2000 + v}", f"Desa Uji {v}", 4, "desa", kecamatan)
    Region.objects.bulk_create(regions, batch_size=5000)
    homes = [r.code for r in regions if r.level <= 2]
    Government.objects.bulk_create(Government(region_id=code, name=f"Pemerintah {code}") for code in homes)
    governments = dict(Government.objects.filter(region_id__in=homes).values_list("region_id", "pk"))
    villages = [r.code for r in regions if r.level == 4]
    for year, semester in semesters:
        rows = []
        for code, gid in governments.items():
            expected = rng.randint(20, 80)
            submitted = rng.randint(0, expected)
            rows.append(
                GovernmentRollup(
                    government_id=gid,
                    region_id=code,
                    year=year,
                    semester=semester,
                    imported=True,
                    expected=expected,
                    submitted=submitted,
                    approved=submitted // 2,
                    on_time=submitted // 3,
                    budget_planned=Decimal(expected * 25_000_000),
                    budget_realised=Decimal(submitted * 15_000_000),
                    achievement_sum=Decimal(submitted * rng.randint(40, 100)),
                    achievement_count=submitted,
                    events_held=rng.randint(0, 120),
                    participants=rng.randint(0, 9000),
                )  # fmt: skip
            )
        GovernmentRollup.objects.bulk_create(rows, batch_size=2000)
        programme = []
        for code in rng.sample(villages, len(villages) // 3):
            kab = code[:5]
            programme.append(
                ProgrammeRollup(
                    government_id=governments[kab],
                    region_id=code,
                    year=year,
                    semester=semester,
                    imported=True,
                    events_held=rng.randint(0, 6),
                    participants=rng.randint(0, 400),
                    volunteers=rng.randint(0, 30),
                    villages_aman=1,
                )  # fmt: skip
            )
        ProgrammeRollup.objects.bulk_create(programme, batch_size=5000)
        areas.rebuild_semester(year, semester)


def grow_metro() -> None:
    """40 more agencies with report roll-ups in Kota Metro's demo period."""
    from sinergi.insights.models import ReportRollup
    from sinergi.organizations.models import Agency, Government
    from sinergi.reporting.models import Period

    metro = Government.objects.get(region_id="18.72")
    period = Period.objects.get(government=metro, year=2024, number=1, kind="semester")
    fields = list(ReportRollup.objects.filter(period=period).values_list("field_id", flat=True).distinct())
    agencies = Agency.objects.bulk_create(
        Agency(government=metro, name=f"Dinas Uji {i}", kind="department") for i in range(40)
    )
    ReportRollup.objects.bulk_create(
        ReportRollup(
            government=metro,
            region_id="18.72",
            period=period,
            year=2024,
            semester=1,
            agency=a,
            field_id=f,
            expected=4,
            submitted=3,
            approved=2,
            on_time=2,
            budget_planned=Decimal(40_000_000),
            budget_realised=Decimal(25_000_000),
            achievement_sum=Decimal(240),
            achievement_count=3,
        )  # fmt: skip
        for a in agencies
        for f in fields
    )


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def measure(client, url: str, runs: int) -> tuple[float, float, float, float, int, int]:
    """Median and p95 wall-clock and CPU milliseconds of ``runs`` GETs (CPU: this process, Django and SQLite; on a
    shared machine the wall clock also counts the others' work), the queries of one request and its size."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    assert client.get(url).status_code == 200, url
    with connection.execute_wrapper(count):
        response = client.get(url)
    size = len(b"".join(response.streaming_content) if response.streaming else response.content)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), _p95(walls), statistics.median(cpus), _p95(cpus), len(queries), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--semesters", type=int, default=6)
    parser.add_argument("--measure", metavar="DATA_DIR", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        measure_all(options.measure, options.runs)
        return
    _setup.setup_django("bench-dash-")
    from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, RegionRollup
    from sinergi.organizations.models import Government

    semesters = [(2024 - i // 2, 2 - i % 2) for i in range(options.semesters)][::-1]
    started = time.perf_counter()
    build_nation(semesters)
    grow_metro()
    print(
        f"SQLite: {Government.objects.count():,} governments, {GovernmentRollup.objects.count():,} government, "
        f"{ProgrammeRollup.objects.count():,} programme and {RegionRollup.objects.count():,} region roll-ups, "
        f"built in {time.perf_counter() - started:.0f} s (no ANALYZE)"
    )
    # Timed in a fresh process, as a server would be: not one that has just built and dropped a nation of rows.
    command = [sys.executable, __file__, "--measure", os.environ["SINERGI_DATA_DIR"], "--runs", str(options.runs)]
    subprocess.run(command, check=True)


def measure_all(data_dir: str, runs: int) -> None:
    os.environ["SINERGI_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    sys.path.insert(0, str(_setup.REPO))
    import django

    django.setup()
    from django.test import Client

    from sinergi.accounts.models import User
    from sinergi.accounts.services import token_create
    from sinergi.organizations.models import Government

    print(f"{os.cpu_count()} cores, load average before timing {', '.join(f'{v:.1f}' for v in os.getloadavg())}")

    def client_of(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    admin, observer, secretariat = client_of("admin"), client_of("provinsi"), client_of("sekretariat")
    _token, key = token_create(user=User.objects.get(username="admin"), name="bench")
    api = Client(headers={"authorization": f"Bearer {key}"})
    metro = Government.objects.get(region_id="18.72").pk
    big = Government.objects.get(region_id="35.01").pk
    steps = [
        ("nation", admin, "/dasbor/wilayah/ID/?semester=2024-1", NATIONAL_TARGET_MS),
        ("province (obs.)", observer, "/dasbor/", NATIONAL_TARGET_MS),
        ("province 35", admin, "/dasbor/wilayah/35/?semester=2024-1", NATIONAL_TARGET_MS),
        ("kab/kota 35.01", admin, "/dasbor/wilayah/35.01/?semester=2024-1", NATIONAL_TARGET_MS),
        ("kecamatan", admin, "/dasbor/wilayah/35.01.01/?semester=2024-1", NATIONAL_TARGET_MS),
        ("government Metro", secretariat, "/dasbor/", GOVERNMENT_TARGET_MS),
        ("government 35.01", admin, f"/dasbor/pemda/{big}/", GOVERNMENT_TARGET_MS),
        ("agency", client_of("disdik"), "/dasbor/", GOVERNMENT_TARGET_MS),
        ("area operator", client_of("kel.iringmulyo"), "/dasbor/", GOVERNMENT_TARGET_MS),
        ("nation CSV", admin, "/dasbor/wilayah/ID/?semester=2024-1&format=csv&chart=ranking", None),
        ("API rollups ID", api, "/api/v1/rollups?region=ID&period=2024-1", NATIONAL_TARGET_MS),
        ("API dashboard", api, f"/api/v1/dashboard?government={metro}", GOVERNMENT_TARGET_MS),
    ]
    print(f"{'step':<18}{'p50 ms':>8}{'p95 ms':>8}{'CPU p50':>9}{'CPU p95':>9}{'queries':>9}{'KiB':>6}  target (p95)")
    for name, client, url, target in steps:
        p50, p95, cpu50, cpu95, queries, size = measure(client, url, runs)
        verdict = "" if target is None else f"{target} ms {'ok' if p95 < target else 'SLOW'}"
        if target is not None and p95 >= target and cpu95 < target:
            verdict += " (CPU ok: the machine was busy)"
        print(f"{name:<18}{p50:>8.0f}{p95:>8.0f}{cpu50:>9.0f}{cpu95:>9.0f}{queries:>9}{size / 1024:>6.0f}  {verdict}")
    print(f"load average after timing {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
