"""Time the RAD matrix documents (XLSX, PDF, DOCX) of a large plan: 200 actions × 3 indicators by default.

    .venv/bin/python benchmarks/rad_documents.py [--actions 200] [--runs 3] [--out DIR]

Works in a throw-away SQLite data directory: migrates, loads the regions of Lampung and the Kota Metro demo,
builds the plan through the planning services, then times building the matrix and each renderer (median of
``--runs``), printing wall-clock and CPU seconds with the core count and load average, since other processes on
the machine slow the wall-clock figures. ``--out`` also writes the three files there, to look at them.
"""

import argparse
import os
import statistics
import time
from decimal import Decimal
from pathlib import Path

import _setup  # noqa: E402  (benchmarks/_setup.py, beside this script)

REPO = _setup.REPO
TARGETS_S = {"xlsx": 1.0, "pdf": 5.0, "docx": 2.0}


def setup_django() -> None:
    """Django on a fresh SQLite database with Lampung's regions and the Kota Metro demo."""
    _setup.setup_django("bench-documents-")


def build_plan(n_actions: int):
    """A Kota Metro plan for 2024 with ``n_actions`` actions of three indicators each, spread over the fields."""
    from sinergi.accounts.models import User
    from sinergi.organizations.models import Agency, Government
    from sinergi.planning.models import NationalAction, NationalPlan
    from sinergi.planning.services import action_create, indicator_create, plan_create
    from sinergi.regions.models import Region

    by = User.objects.get(username="sekretariat")
    metro = Government.objects.get(region_id="18.72")
    metro.signatory_name = "Drs. H. Wahdi, M.H."
    metro.signatory_title = "Wali Kota Metro"
    metro.phone = "(0725) 41098"
    metro.email = "pemkot@metrokota.go.id"
    metro.save()
    national = NationalPlan.objects.get(start_year=2020)
    plan = plan_create(
        government=metro, national_plan=national, title="RAD P4GN 2024", start_year=2024, end_year=2024, by=by
    )
    agencies = list(Agency.objects.filter(government=metro, kind__in=("department", "board", "unit")).order_by("pk"))
    national_actions = list(NationalAction.objects.filter(field__national_plan=national).select_related("field"))
    villages = list(Region.objects.filter(code__startswith="18.72.", level=4).order_by("code"))
    sources = ["apbd", "apbd", "apbn", "dana_kelurahan", "csr", ""]
    for i in range(n_actions):
        na = national_actions[i % len(national_actions)]
        local = i % 9 == 8
        action = action_create(
            plan=plan,
            by=by,
            field=na.field,
            national_action=None if local else na,
            local_justification="Kebutuhan daerah" if local else "",
            title=f"{na.description} di lingkungan {agencies[i % len(agencies)].name} (kegiatan {i + 1})",
            responsible_agency=agencies[i % len(agencies)],
            supporting_agencies=[agencies[(i + 3) % len(agencies)], agencies[(i + 5) % len(agencies)]][: i % 3],
            whole_government=i % 4 != 0,
            locations=villages[i % len(villages) : i % len(villages) + 2] if i % 4 == 0 else [],
            months=",".join(str(m) for m in ([1, 2, 3, 4, 5, 6], [3, 8, 9, 10], list(range(1, 13)))[i % 3]),
            budget=Decimal(5_000_000 + 1_250_000 * (i % 40)) if i % 7 else None,
            budget_source=sources[i % len(sources)],
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
    return plan


def timed(function, runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of ``runs`` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    """Build the plan, time each step, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    setup_django()
    from sinergi.documents.builders.rad_matrix import rad_matrix_document
    from sinergi.documents.engine import FORMATS, render
    from sinergi.documents.rad_matrix import build_rad_matrix
    from sinergi.planning.models import RegionalPlan

    started = time.perf_counter()
    plan = build_plan(options.actions)
    print(f"(plan of {options.actions} actions × 3 indicators built in {time.perf_counter() - started:.1f} s)")
    plan = RegionalPlan.objects.select_related("government__region", "national_plan").get(pk=plan.pk)
    wall, cpu, matrix = timed(lambda: build_rad_matrix(plan), options.runs)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"RAD matrix documents, {options.actions} actions × 3 indicators, median of {options.runs} runs")
    print(f"{os.cpu_count()} cores, load average before timing {load}")
    print(f"{'step':<14}{'wall s':>8}{'CPU s':>8}{'target':>8}  size")
    print(f"{'build matrix':<14}{wall:>8.2f}{cpu:>8.2f}")
    for fmt in FORMATS:
        wall, cpu, content = timed(lambda f=fmt: render(rad_matrix_document(matrix), f), options.runs)
        status = "ok" if wall < TARGETS_S[fmt] else "SLOW"
        size = f"{len(content) / 1024:,.0f} KiB"
        print(f"{fmt:<14}{wall:>8.2f}{cpu:>8.2f}{TARGETS_S[fmt]:>7.0f}s  {size:>8}  {status}")
        if options.out:
            options.out.mkdir(parents=True, exist_ok=True)
            (options.out / f"{matrix.filename_stem}.{fmt}").write_bytes(content)
    print(f"load average after timing {', '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
