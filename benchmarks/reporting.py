"""Time the reporting pages, the reports API and the consolidated report of a large government.

    .venv/bin/python benchmarks/reporting.py [--agencies 60] [--actions 200] [--runs 3] [--out DIR]

Works in a throw-away SQLite data directory: migrates, loads the regions of Lampung and the Kota Metro demo, then
gives Lampung Timur ``--agencies`` agencies and an adopted plan of ``--actions`` actions × 3 indicators, with both
2024 semesters open and every report filled in and approved. Times (signed in as Lampung Timur's secretariat,
through Django's test client) the period board with its review queue and the reports API list (p50 of 9 calls),
then building and rendering the consolidated report of semester II in each format (median of ``--runs``).
``--out`` also writes the three files there, to look at them.
"""

import argparse
import os
import statistics
import time
from datetime import datetime
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

import _setup  # noqa: E402  (benchmarks/_setup.py, beside this script)

REPO = _setup.REPO
TARGETS_S = {"board page": 1.0, "reports API": 1.0, "xlsx": 2.0, "pdf": 10.0, "docx": 3.0}
PAGE_RUNS = 9


def setup_django() -> None:
    """Django on a fresh SQLite database with Lampung's regions and the Kota Metro demo."""
    _setup.setup_django("bench-reporting-")


def build_government(n_agencies: int, n_actions: int):
    """Lampung Timur with its agencies, an adopted 2024 plan and both semesters filled in and approved."""
    from django.utils import timezone

    from sinergi.accounts.models import User
    from sinergi.organizations.models import Agency
    from sinergi.planning.models import NationalAction, NationalPlan, PlanStatus, RegionalPlan
    from sinergi.planning.services import action_create, indicator_create, plan_create
    from sinergi.reporting.models import Report, ReportStatus, ReportValue
    from sinergi.reporting.services import period_open

    by = User.objects.get(username="lamtim")
    government = by.memberships.select_related("government").first().government
    government.signatory_name = "Nama Bupati (contoh)"
    government.signatory_title = "Bupati Lampung Timur"
    government.save()
    agencies = [
        Agency.objects.create(
            government=government, name=f"Dinas Uji Coba {i + 1}", acronym=f"D{i + 1}", kind="department"
        )
        for i in range(n_agencies)
    ]
    national = NationalPlan.objects.get(start_year=2020)
    plan = plan_create(
        government=government, national_plan=national, title="RAD P4GN 2024", start_year=2024, end_year=2024, by=by
    )
    national_actions = list(NationalAction.objects.filter(field__national_plan=national).select_related("field"))
    for i in range(n_actions):
        na = national_actions[i % len(national_actions)]
        action = action_create(
            plan=plan,
            by=by,
            field=na.field,
            national_action=na,
            title=f"{na.description} (kegiatan {i + 1})",
            responsible_agency=agencies[i % len(agencies)],
            whole_government=True,
            months="1,2,3,4,5,6,7,8,9,10,11,12",
            budget=Decimal(5_000_000 + 1_250_000 * (i % 40)),
            budget_source="apbd",
        )
        for j in range(3):
            yearly = Decimal(20 * (j + 1) + i % 50)
            first = (yearly / 2).quantize(Decimal("1"))
            indicator_create(
                action=action,
                by=by,
                name=f"{na.success_indicator or 'Jumlah kegiatan'} ({['sasaran', 'peserta', 'dokumen'][j]})",
                unit=["orang", "kegiatan", "dokumen"][j],
                targets={(2024, 0): yearly, (2024, 1): first, (2024, 2): yearly - first},
            )
    RegionalPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED, legal_basis_number="1/2024")
    plan.refresh_from_db()
    periods = [period_open(plan=plan, year=2024, number=n, by=by) for n in (1, 2)]
    for period in periods:
        submitted = timezone.make_aware(datetime.combine(period.ends_on, clock(10)))
        reports = list(Report.objects.filter(period=period))
        for i, report in enumerate(reports):
            report.status = ReportStatus.APPROVED
            report.budget_realised = Decimal(2_000_000 + 100_000 * (i % 30))
            report.narrative = "Kegiatan dilaksanakan di seluruh kecamatan bersama tokoh masyarakat dan sekolah."
            report.obstacles = "Keterbatasan anggaran transportasi." if i % 3 == 0 else ""
            report.follow_up = "Diusulkan penambahan anggaran tahun berikutnya." if i % 3 == 0 else ""
            report.first_submitted_at = report.submitted_at = report.approved_at = submitted
        Report.objects.bulk_update(
            reports,
            ["status", "budget_realised", "narrative", "obstacles", "follow_up", "first_submitted_at", "submitted_at",
             "approved_at"],
            batch_size=500,
        )  # fmt: skip
        values = list(ReportValue.objects.filter(report__period=period))
        for i, value in enumerate(values):
            value.value = Decimal(8 + i % 25)
        ReportValue.objects.bulk_update(values, ["value"], batch_size=500)
    return by, periods


def timed(function, runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of ``runs`` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def line(step: str, wall: float, cpu: float, note: str = "") -> None:
    status = "ok" if wall < TARGETS_S[step] else "SLOW"
    print(f"{step:<14}{wall:>8.2f}{cpu:>8.2f}{TARGETS_S[step]:>7.0f}s  {note:>10}  {status}")


def main() -> None:
    """Build the government, time each step, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    setup_django()
    from django.test import Client

    from sinergi.documents.engine import FORMATS, render
    from sinergi.reporting.consolidated import build_consolidated
    from sinergi.reporting.models import Period
    from sinergi.reporting.semester_report import semester_report_document

    started = time.perf_counter()
    user, periods = build_government(options.agencies, options.actions)
    print(f"({options.agencies} agencies, {options.actions} actions × 3 indicators, 2 approved semesters built in "
          f"{time.perf_counter() - started:.1f} s)")  # fmt: skip
    client = Client()
    client.force_login(user)
    period = Period.objects.select_related("government__region", "plan").get(pk=periods[1].pk)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average before timing {load}")
    print(f"{'step':<14}{'wall s':>8}{'CPU s':>8}{'target':>8}  {'size':>10}")
    for step, url in (
        ("board page", f"/laporan/periode/{period.pk}/"),
        ("reports API", f"/api/v1/reports?period={period.pk}&limit=100"),
    ):
        assert client.get(url).status_code == 200, url
        wall, cpu, response = timed(lambda u=url: client.get(u), PAGE_RUNS)
        line(step, wall, cpu, f"p50 of {PAGE_RUNS}")
    for fmt in FORMATS:

        def build_and_render(f=fmt):
            return render(semester_report_document(build_consolidated(period)), f)

        wall, cpu, content = timed(build_and_render, options.runs)
        line(fmt, wall, cpu, f"{len(content) / 1024:,.0f} KiB")
        if options.out:
            options.out.mkdir(parents=True, exist_ok=True)
            (options.out / f"laporan-pelaksanaan.{fmt}").write_bytes(content)
    print(f"load average after timing {', '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
