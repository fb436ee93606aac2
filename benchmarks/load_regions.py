"""Time `sinergi load_regions` (all 91,599 regions) into a fresh database, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/load_regions.py [--runs 3] [--postgres postgres://postgres@127.0.0.1:5432]

Each run migrates a new, empty database, then times the first load and a second (no-change) load as separate
processes, the way an operator runs them. Prints the median of each.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(args, env):
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sinergi", *args], env=env, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - started


def bench(label: str, make_env, runs: int) -> None:
    first, second = [], []
    for index in range(runs):
        env = make_env(index)
        _run(["migrate", "--no-input", "-v", "0"], env)
        first.append(_run(["load_regions"], env))
        second.append(_run(["load_regions"], env))
    print(f"{label:<11} first load {statistics.median(first):5.1f} s   second load {statistics.median(second):4.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    options = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}

    def sqlite_env(_index):
        return {**base, "SINERGI_DATA_DIR": tempfile.mkdtemp(prefix="bench-sqlite-")}

    def postgres_env(index):
        name = f"sinergi_bench_{index}"
        subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        return {
            **base,
            "SINERGI_DATA_DIR": tempfile.mkdtemp(prefix="bench-pg-"),
            "DATABASE_URL": f"{options.postgres}/{name}",
        }

    print(f"load_regions, median of {options.runs} runs, {os.cpu_count()} cores")
    bench("SQLite", sqlite_env, options.runs)
    bench("PostgreSQL", postgres_env, options.runs)


if __name__ == "__main__":
    main()
