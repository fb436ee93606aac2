"""CPU seconds of the official documents per format, on this tree and (``--old-ref``) on an older commit.

    .venv/bin/python benchmarks/documents.py [--cases rad,report,invitation,signin,minutes,recap] [--runs 3]
        [--old-ref bc17b84] [--out DIR]

Each tree is measured in its own process on a throw-away SQLite data directory (migrate, Lampung's regions, the
demo) with the same generated data: the RAD matrix of a plan of 200 actions × 3 indicators (``rad_documents.py``'s
plan) and the consolidated semester report of a government of 60 agencies (``reporting.py``'s data). With
``--old-ref`` a temporary ``git worktree`` of that commit is measured through its own entry points and the table
shows old and new side by side. A figure is the median of ``--runs`` of building and rendering the document, in CPU
seconds of the process and its children (``os.times``), so other load on the machine hardly moves it.

It also measures the demo Rakor's invitation, sign-in sheet and minutes (PDF and DOCX, as served) and the demo's
programme recap by kelurahan (XLSX and PDF, as served). Cases whose entry point the tree lacks are left out ("–").
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FORMATS = ("pdf", "docx", "xlsx")
TARGETS_S = {("rad", "pdf"): 1.0, ("report", "pdf"): 2.0}
MARKER = "BENCHMARK-JSON "


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(function, runs: int) -> tuple[float, bytes]:
    """Median CPU seconds of ``runs`` calls, and the last result."""
    cpus, result = [], b""
    for _ in range(runs):
        started = cpu_seconds()
        result = function()
        cpus.append(cpu_seconds() - started)
    return statistics.median(cpus), result


def setup_django(repo: Path) -> None:
    """Django from ``repo`` on a fresh SQLite database with Lampung's regions and the demo."""
    import atexit
    import shutil

    data_dir = tempfile.mkdtemp(prefix="bench-docs-")
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    os.environ["SINERGI_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(repo))
    import django

    django.setup()
    from django.core.management import call_command

    from sinergi.demo.services import demo_load
    from sinergi.regions.services import regions_load

    call_command("migrate", verbosity=0)
    regions_load(only="18")
    demo_load()


# --- cases: each returns {fmt: renderer()} for the tree on sys.path, or {} when the tree lacks the entry point ----


def rad_case(actions: int) -> dict:
    import rad_documents  # beside this script: the plan of the RAD benchmark

    from sinergi.documents.rad_matrix import build_rad_matrix
    from sinergi.planning.models import RegionalPlan

    plan = rad_documents.build_plan(actions)
    plan = RegionalPlan.objects.select_related("government__region", "national_plan").get(pk=plan.pk)
    try:
        from sinergi.documents.builders.rad_matrix import rad_matrix_document
        from sinergi.documents.engine import render
    except ImportError:  # before the document engine
        from sinergi.documents.render import FORMATS as OLD

        return {fmt: (lambda f=fmt: OLD[f].render(build_rad_matrix(plan))) for fmt in FORMATS}
    return {fmt: (lambda f=fmt: render(rad_matrix_document(build_rad_matrix(plan)), f)) for fmt in FORMATS}


def report_case(agencies: int, actions: int) -> dict:
    import reporting  # beside this script: the government of the reporting benchmark

    from sinergi.reporting.models import Period

    _user, periods = reporting.build_government(agencies, actions)
    period = Period.objects.select_related("government__region", "plan").get(pk=periods[1].pk)
    from sinergi.reporting.consolidated import build_consolidated

    try:
        from sinergi.documents.engine import render
        from sinergi.reporting.semester_report import semester_report_document
    except ImportError:  # before the document engine
        try:
            from sinergi.reporting.consolidated_render import FORMATS as OLD
        except ImportError:
            return {}
        return {fmt: (lambda f=fmt: OLD[f].render(build_consolidated(period))) for fmt in FORMATS if fmt in OLD}
    return {fmt: (lambda f=fmt: render(semester_report_document(build_consolidated(period)), f)) for fmt in FORMATS}


def _rakor():
    from sinergi.coordination.models import Meeting

    return Meeting.objects.get(government__region_id="18.72", place="Ruang Rapat OR Setda Kota Metro")


def meeting_case(document: str) -> dict:
    """One of the demo Rakor's documents (invitation, sign_in_sheet, minutes) in PDF and DOCX, the formats served."""
    meeting = _rakor()
    try:
        from sinergi.coordination.documents import builders, selectors
        from sinergi.documents.engine import render
    except ImportError:  # before the document engine: WeasyPrint and python-docx by hand
        try:
            from sinergi.coordination import documents as old_selectors
            from sinergi.coordination import render_docx, render_pdf
        except ImportError:
            return {}
        build = getattr(old_selectors, f"build_{document}")
        return {
            "pdf": lambda: getattr(render_pdf, f"{document}_pdf")(build(meeting)),
            "docx": lambda: getattr(render_docx, f"{document}_docx")(build(meeting)),
        }
    build = getattr(selectors, f"build_{document}")
    layout = getattr(builders, f"{document}_document")
    return {fmt: (lambda f=fmt: render(layout(build(meeting)), f)) for fmt in ("pdf", "docx")}


def recap_case() -> dict:
    """The demo's programme recap of Kota Metro by kelurahan (the longest grouping), in XLSX and PDF as served."""
    from sinergi.accounts.models import User
    from sinergi.organizations.models import Government
    from sinergi.programmes.models import Event
    from sinergi.programmes.recaps import BY_KELURAHAN, build_recap

    government = Government.objects.get(region_id="18.72")
    events = Event.objects.filter(government=government).order_by("-starts_on")
    year = events.values_list("starts_on__year", flat=True)[0]
    user = User.objects.get(username="sekretariat")

    def recap(fmt):
        return build_recap(user=user, government=government, year=year, by=BY_KELURAHAN, with_kinds=fmt == "xlsx")

    try:
        from sinergi.documents.engine import render
        from sinergi.programmes.recap_document import recap_document
    except ImportError:  # before the document engine
        try:
            from sinergi.programmes.recap_render import FORMATS as OLD
        except ImportError:
            return {}
        return {fmt: (lambda f=fmt: OLD[f][1](recap(f))) for fmt in ("xlsx", "pdf")}
    return {fmt: (lambda f=fmt: render(recap_document(recap(f)), f)) for fmt in ("xlsx", "pdf")}


CASES = {
    "rad": ("RAD matrix, 200 actions", lambda o: rad_case(o.actions)),
    "report": ("Semester report, 60 agencies", lambda o: report_case(o.agencies, o.actions)),
    "invitation": ("Meeting invitation (demo Rakor)", lambda o: meeting_case("invitation")),
    "signin": ("Meeting sign-in sheet (demo Rakor)", lambda o: meeting_case("sign_in_sheet")),
    "minutes": ("Meeting minutes (demo Rakor)", lambda o: meeting_case("minutes")),
    "recap": ("Programme recap by kelurahan (demo)", lambda o: recap_case()),
}


def child(options) -> None:
    """Measure the tree at ``options.repo``; print the results as one JSON line."""
    setup_django(Path(options.repo))
    sys.path.insert(1, str(HERE))
    results = {}
    for case in options.cases.split(","):
        renderers = CASES[case][1](options)
        for fmt, function in renderers.items():
            function()  # warm up: imports, fonts
            cpu, content = timed(function, options.runs)
            results[f"{case}/{fmt}"] = cpu
            if options.out:
                Path(options.out).mkdir(parents=True, exist_ok=True)
                (Path(options.out) / f"{case}-{options.label}.{fmt}").write_bytes(content)
    print(MARKER + json.dumps(results), flush=True)


def measure(repo: Path, options, label: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--repo", str(repo), "--label", label]
    command += ["--cases", options.cases, "--runs", str(options.runs), "--actions", str(options.actions)]
    command += ["--agencies", str(options.agencies)]
    if options.out:
        command += ["--out", str(options.out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=repo)
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if done.returncode or not lines:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"measuring {label} failed")
    return json.loads(lines[-1][len(MARKER) :])


def table(new: dict, old: dict | None, old_ref: str) -> str:
    head = "| document | format | new CPU s |" + (f" old ({old_ref}) CPU s | new/old |" if old is not None else "")
    rule = "|---|---|---:|" + ("---:|---:|" if old is not None else "")
    rows = [head, rule]
    for case in CASES:
        for fmt in FORMATS:
            key = f"{case}/{fmt}"
            if key not in new and (old is None or key not in old):
                continue
            n = new.get(key)
            cell = f"{n:.2f}" if n is not None else "–"
            target = TARGETS_S.get((case, fmt))
            if target and n is not None:
                cell += " ✓" if n <= target else f" (target ≤ {target:g})"
            row = f"| {CASES[case][0]} | {fmt} | {cell} |"
            if old is not None:
                o = old.get(key)
                ratio = f"{n / o:.2f}" if n is not None and o else "–"
                row += f" {o:.2f} | {ratio} |" if o is not None else f" – | {ratio} |"
            rows.append(row)
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--old-ref")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repo", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="new", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options)
        return
    new = measure(REPO, options, "new")
    old = None
    if options.old_ref:
        worktree = Path(tempfile.mkdtemp(prefix="bench-old-")) / "tree"
        add = ["git", "-C", str(REPO), "worktree", "add", "--detach", str(worktree), options.old_ref]
        subprocess.run(add, check=True, capture_output=True)
        try:
            old = measure(worktree, options, "old")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(worktree)], check=False)
    print(f"Documents, median of {options.runs} runs, CPU seconds (process and children), {os.cpu_count()} cores")
    print(table(new, old, options.old_ref or ""))


if __name__ == "__main__":
    main()
