"""Time the programme recap page, API and downloads with 100,000 events for one government (Kota Metro).

    .venv/bin/python benchmarks/programme_recap.py [--events 100000] [--runs 21]
        [--postgres postgres://postgres@127.0.0.1:5432]

Works in a throw-away database: SQLite in a temporary data directory, or with ``--postgres`` a fresh database
``sinergi_bench_recap`` on that server (dropped and created again on every run). Migrates, loads the regions of
Lampung and the Kota Metro demo, then bulk-creates ``--events`` events over Kota Metro's 22 kelurahan, its 5
kecamatan and the whole city (about 1 in 20 each at the kecamatan level and city-wide), organised by all its
agencies over 2023 and 2024, with target groups, sexes (a fifth without the split) and statuses; 4,400 volunteers
in 220 groups, 2,000 urine-test campaigns, assessments of both years and Bersinar programmes.

Times the recap page (signed in as the secretariat, through Django's test client, so "server time" is the whole
request inside Django: middleware, queries, template) per grouping for 2024, median and p95 of ``--runs``, with the
query count; the same for the area operator of Iring Mulyo; the API; and the XLSX and PDF downloads (median of 5).
Target: the page under 300 ms.

The recap's event query is answered from the covering index ``event_recap_idx`` (migration programmes 0005).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

import _setup  # noqa: E402  (benchmarks/_setup.py, beside this script)

REPO = _setup.REPO
PAGE_TARGET_MS = 300
PG_NAME = "sinergi_bench_recap"


# The candidate index: every column the recap reads from an event, after the government and date it filters on.
def setup_django(postgres: str | None) -> str:
    """Django on a fresh database (SQLite, or PostgreSQL at ``postgres``) with Lampung's regions and the demo."""
    if not postgres:
        _setup.setup_django("bench-recap-")
        return "SQLite"
    host = postgres.split("@")[-1].split(":")[0]
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", host, "-U", "postgres", PG_NAME], check=True)
    data_dir = tempfile.mkdtemp(prefix="bench-recap-")
    os.environ["SINERGI_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ["DATABASE_URL"] = f"{postgres.rstrip('/')}/{PG_NAME}"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    from sinergi.demo.services import demo_load
    from sinergi.regions.services import regions_load

    call_command("migrate", verbosity=0)
    regions_load(only="18")
    demo_load()
    return "PostgreSQL"


def build_records(n_events: int, seed: int = 5) -> None:
    """The events, volunteers, tests, assessments and Bersinar programmes of Kota Metro (bulk inserts)."""
    from django.db import connection

    from sinergi.accounts.models import User
    from sinergi.organizations.models import Agency, Government
    from sinergi.programmes.models import (
        BersinarProgramme,
        BersinarStage,
        Event,
        TargetGroup,
        UrineTestCampaign,
        Volunteer,
        VolunteerGroup,
        VulnerabilityAssessment,
        VulnerabilityStatus,
    )
    from sinergi.regions.models import Region

    rng = random.Random(seed)
    metro = Government.objects.get(region_id="18.72")
    # Start from none of the demo's programme records, so the dataset is exactly what is generated here.
    for model in (BersinarProgramme, VulnerabilityAssessment, UrineTestCampaign, Event, Volunteer):
        model.objects.filter(government=metro).delete()
    by = User.objects.get(username="sekretariat")
    agencies = list(Agency.objects.filter(government=metro).values_list("pk", flat=True))
    villages = list(Region.objects.filter(parent__parent_id="18.72", level=4).values_list("code", flat=True))
    districts = list(Region.objects.filter(parent_id="18.72", level=3).values_list("code", flat=True))
    kinds, groups = Event.Kind.values, TargetGroup.values
    first = date(2023, 1, 1)
    events = []
    for i in range(n_events):
        place = rng.random()
        region = None if place < 0.05 else rng.choice(districts) if place < 0.10 else rng.choice(villages)
        participants = rng.randint(5, 200)
        split = rng.random() < 0.8
        male = rng.randint(0, participants) if split else None
        roll = rng.random()
        status = "held" if roll < 0.9 else "planned" if roll < 0.95 else "cancelled"
        events.append(
            Event(
                government=metro,
                agency_id=rng.choice(agencies),
                kind=rng.choice(kinds),
                title=f"Kegiatan uji {i}",
                starts_on=first + timedelta(days=rng.randrange(730)),
                region_id=region,
                target_group=rng.choice(groups),
                participants=participants,
                male=male,
                female=participants - male if split else None,
                status=status,
                created_by=by,
            )
        )
        if len(events) == 5000:
            Event.objects.bulk_create(events)
            events = []
    Event.objects.bulk_create(events)
    members = []
    for village in villages:
        for g in range(10):
            group = VolunteerGroup.objects.create(
                government=metro,
                name=f"Relawan {village} {g}",
                kind="relawan",
                region_id=village,
                agency_id=rng.choice(agencies) if g % 2 else None,
            )
            for m in range(20):
                members.append(
                    Volunteer(
                        group=group,
                        government=metro,
                        name=f"Relawan {g}-{m}",
                        sex=rng.choice("LP"),
                        birth_year=rng.randint(1960, 2005),
                        region_id=village,
                        is_active=rng.random() < 0.9,
                    )
                )
    Volunteer.objects.bulk_create(members, batch_size=2000)
    tests = []
    for _ in range(2000):
        tested = rng.randint(10, 300)
        positive = rng.randint(0, tested // 20)
        tests.append(
            UrineTestCampaign(
                government=metro,
                agency_id=rng.choice(agencies),
                host_name="Tempat kerja uji",
                held_on=first + timedelta(days=rng.randrange(730)),
                group=rng.choice(groups),
                tested=tested,
                positive=positive,
                referred=rng.randint(0, positive),
                created_by=by,
            )
        )
    UrineTestCampaign.objects.bulk_create(tests, batch_size=2000)
    VulnerabilityAssessment.objects.bulk_create(
        VulnerabilityAssessment(
            government=metro,
            region_id=village,
            year=year,
            status=rng.choice(VulnerabilityStatus.values),
            assessed_on=date(year, 11, 1),
            assessor=by,
        )
        for village in villages
        for year in (2023, 2024)
    )
    BersinarProgramme.objects.bulk_create(
        BersinarProgramme(government=metro, region_id=village, stage=rng.choice(BersinarStage.values))
        for village in villages
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, url: str, runs: int) -> tuple[float, float, float, int, int]:
    """Median and p95 wall-clock milliseconds of ``runs`` GETs, the median CPU milliseconds (this process: Django
    and, on SQLite, the database), the number of queries of one request, and its size in bytes."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    with connection.execute_wrapper(count):
        response = client.get(url)
    size = len(response.content if not response.streaming else b"".join(response.streaming_content))
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    return statistics.median(walls), p95, statistics.median(cpus), len(queries), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--postgres", help="e.g. postgres://postgres@127.0.0.1:5432 (default: SQLite)")
    options = parser.parse_args()
    database = setup_django(options.postgres)
    from django.test import Client

    from sinergi.accounts.models import User
    from sinergi.accounts.services import token_create
    from sinergi.organizations.models import Government
    from sinergi.programmes.models import Event

    started = time.perf_counter()
    build_records(options.events)
    metro = Government.objects.get(region_id="18.72")
    count = Event.objects.filter(government=metro).count()
    print(f"{database}: {count:,} events of Kota Metro built in {time.perf_counter() - started:.1f} s")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average before timing {load}")
    secretariat, area = Client(), Client()
    secretariat.force_login(User.objects.get(username="sekretariat"))
    area.force_login(User.objects.get(username="kel.iringmulyo"))
    _token, key = token_create(user=User.objects.get(username="sekretariat"), name="bench")
    api = Client(headers={"authorization": f"Bearer {key}"})
    steps = []
    for by in ("kecamatan", "kelurahan", "agency"):
        steps.append((f"page {by}", secretariat, f"/rekap-program/?by={by}&year=2024", options.runs, True))
    steps.append(
        ("page semester", secretariat, "/rekap-program/?by=kelurahan&year=2024&semester=2", options.runs, True)
    )
    steps.append(("page area op.", area, "/rekap-program/?by=kelurahan&year=2024", options.runs, True))
    steps.append(("API agency", api, f"/api/v1/programme-recap?government={metro.pk}&year=2024&by=agency", 11, True))
    steps.append(("xlsx kelurahan", secretariat, "/rekap-program/dokumen.xlsx?by=kelurahan&year=2024", 5, False))
    steps.append(("csv kelurahan", secretariat, "/rekap-program/dokumen.csv?by=kelurahan&year=2024", 5, False))
    steps.append(("pdf kelurahan", secretariat, "/rekap-program/dokumen.pdf?by=kelurahan&year=2024", 3, False))
    print(f"{'step':<16}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'queries':>9}{'KiB':>8}  target {PAGE_TARGET_MS} ms")
    for name, client, url, runs, page in steps:
        p50, p95, cpu, queries, size = measure(client, url, runs)
        verdict = ("ok" if p95 < PAGE_TARGET_MS else "SLOW") if page else ""
        print(f"{name:<16}{p50:>9.0f}{p95:>9.0f}{cpu:>9.0f}{queries:>9}{size / 1024:>8.0f}  {verdict}")
    print(f"load average after timing {', '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
