"""Concurrent writers on the embedded SQLite database, through the real HTTP stack.

Prepares a throw-away data directory with Lampung's regions and the Kota Metro demo (using the code under test),
starts ``sinergi runserver`` (threaded, DEBUG off) on it, then N client threads create events through
``POST /api/v1/events`` as the Iring Mulyo area operator for ``--seconds``, each request on a fresh connection.
Prints writes/s, p50/p95 latency, the share of 500 and 503 answers and of dropped requests (status 0: the connection
was reset or closed without an answer), and the listen-queue overflows the kernel counted meanwhile.
SINERGI_SQLITE_WRITE_QUEUE=false in the environment runs the server without the in-process write queue.

    .venv/bin/python benchmarks/sqlite_writers.py --writers 20 50 --seconds 20
    .venv/bin/python benchmarks/sqlite_writers.py --code /tmp/main-tree   # another checkout (e.g. "before")
    .venv/bin/python benchmarks/sqlite_writers.py --backlog 10 --keep-alive  # as first measured: runserver's queue
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PREPARE = """
import django, json
django.setup()
from django.core.management import call_command
from sinergi.regions.services import regions_load
from sinergi.demo.services import demo_load
from sinergi.accounts.models import User
from sinergi.accounts.services import token_create
from sinergi.organizations.models import Agency
call_command("migrate", verbosity=0)
regions_load(only="18")
demo_load()
agency = Agency.objects.get(government__region_id="18.72", region_id="18.72.04.1003")
_t, key = token_create(user=User.objects.get(username="kel.iringmulyo"), name="bench")
print(json.dumps({"government": agency.government_id, "agency": agency.pk, "key": key}))
"""


# runserver with a longer listen queue: Django's is 10, and 50 writers connecting at once overflow it; the kernel
# then drops or resets connections (counted in /proc/net/netstat ListenOverflows), which are not database results.
SERVE = """
import sys
from django.core.servers.basehttp import WSGIServer
WSGIServer.request_queue_size = int(sys.argv[1])
from sinergi.__main__ import main
sys.argv = ["sinergi", "runserver", "--noreload", sys.argv[2]]
main()
"""


def _listen_overflows() -> int:
    """The machine's count of connections dropped because a listen queue was full (Linux; 0 elsewhere)."""
    try:
        text = Path("/proc/net/netstat").read_text()
        names, values = [line.split() for line in text.splitlines() if line.startswith("TcpExt")]
        return int(dict(zip(names, values, strict=True))["ListenOverflows"])
    except (OSError, KeyError, ValueError):
        return 0


def _env(data_dir: str, code: Path) -> dict:
    env = dict(os.environ)
    env.update(
        SINERGI_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(code),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="ERROR",
    )
    env.pop("DATABASE_URL", None)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _body(ids: dict, n: int) -> bytes:
    return json.dumps(
        {
            "government": ids["government"],
            "agency": ids["agency"],
            "kind": "penyuluhan",
            "title": f"Penyuluhan beban {n}",
            "starts_on": "2024-08-17",
            "region": "18.72.04.1003",
            "target_group": "masyarakat_umum",
            "participants": 40,
            "male": 22,
            "female": 18,
            "age_15_24": 25,
            "age_25_44": 15,
            "age_under_15": 0,
            "age_45_plus": 0,
        }
    ).encode()


def _post(conn: http.client.HTTPConnection, ids: dict, n: int, keep_alive: bool) -> int:
    headers = {"Authorization": f"Bearer {ids['key']}", "Content-Type": "application/json"}
    if not keep_alive:
        headers["Connection"] = "close"
    conn.request("POST", "/api/v1/events", body=_body(ids, n), headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def run(port: int, ids: dict, writers: int, seconds: float, keep_alive: bool = False) -> dict:
    """Each request on a fresh connection (``Connection: close``) unless ``keep_alive``: then each writer reuses
    one connection, as the first version of this script did, and a connection the server closed counts as dropped."""
    results: list[tuple[float, int]] = []
    dropped: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    counter = iter(range(10**9))

    def writer():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop_at:
            start = time.monotonic()
            try:
                status = _post(conn, ids, next(counter), keep_alive)
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                with lock:
                    dropped[type(exc).__name__] = dropped.get(type(exc).__name__, 0) + 1
            if status == 0 or not keep_alive:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            with lock:
                results.append((time.monotonic() - start, status))
        conn.close()

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    overflows = _listen_overflows()
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    overflows = _listen_overflows() - overflows
    latencies = sorted(r[0] for r in results)
    statuses = [r[1] for r in results]
    total = len(results) or 1
    known = (0, 201, 500, 503)
    return {
        "writers": writers,
        "requests": len(results),
        "writes_per_s": sum(1 for s in statuses if s == 201) / elapsed,
        "p50_s": statistics.median(latencies) if latencies else 0,
        "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0,
        "pct_500": 100 * sum(1 for s in statuses if s == 500) / total,
        "pct_503": 100 * sum(1 for s in statuses if s == 503) / total,
        "pct_dropped": 100 * sum(1 for s in statuses if s == 0) / total,
        "pct_other": 100 * sum(1 for s in statuses if s not in known) / total,
        "other": sorted({s for s in statuses if s not in known}),
        "dropped": dropped,
        "listen_overflows": overflows,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose code to run (default: this one)")
    parser.add_argument("--keep-alive", action="store_true", help="each writer reuses one connection")
    parser.add_argument("--backlog", type=int, default=1024, help="server listen queue (runserver's own: 10)")
    args = parser.parse_args()
    code = args.code.resolve()
    data_dir = tempfile.mkdtemp(prefix="sinergi-writers-")
    server = None
    try:
        env = _env(data_dir, code)
        prepared = subprocess.run(
            [sys.executable, "-c", PREPARE], env=env, cwd=code, capture_output=True, text=True, check=True
        )
        ids = json.loads(prepared.stdout.strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(args.backlog), f"127.0.0.1:{port}"],
            env=env,
            cwd=code,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        queue = os.environ.get("SINERGI_SQLITE_WRITE_QUEUE", "default")
        print(f"code: {code}  keep-alive: {args.keep_alive}  backlog: {args.backlog}  write queue: {queue}")
        print("writers  requests  writes/s  p50 s  p95 s  %500  %503  %dropped  %other  listen-overflows")
        for writers in args.writers:
            r = run(port, ids, writers, args.seconds, args.keep_alive)
            print(
                f"{r['writers']:>7}  {r['requests']:>8}  {r['writes_per_s']:>8.1f}  {r['p50_s']:>5.2f}  "
                f"{r['p95_s']:>5.2f}  {r['pct_500']:>4.1f}  {r['pct_503']:>4.1f}  {r['pct_dropped']:>8.1f}"
                f"  {r['pct_other']:>6.1f}  {r['listen_overflows']:>16} {r['other'] or ''} {r['dropped'] or ''}"
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
