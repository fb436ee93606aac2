"""Fuzz the whole JSON API with schemathesis, as several demo personas, and count what fails.

    .venv/bin/python benchmarks/fuzz_api.py [--examples 20] [--seed 13] [--phases coverage,fuzzing]
        [--roles sekretariat,disdik,lamtim,provinsi] [--all-checks] [--only /meetings] [--show 30]

Works in a throw-away SQLite data directory with Lampung's regions and the Kota Metro demo (as the other
benchmarks). Runs every operation of ``/api/v1/openapi.json`` in-process (WSGI) with the chosen phases and
``--examples`` fuzzing examples per operation, deterministic for a given ``--seed``; checks server errors and
response-schema conformance (``--all-checks`` adds undocumented status codes). Prints operations, requests,
failures by kind and the first example of each (kind, operation).
"""

import argparse
import time

import _setup  # noqa: E402  (benchmarks/_setup.py, beside this script)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--phases", default="coverage,fuzzing")
    parser.add_argument("--roles", default="sekretariat,disdik,lamtim,provinsi")
    parser.add_argument("--all-checks", action="store_true")
    parser.add_argument("--only", default="", help="only operations whose label contains this")
    parser.add_argument("--show", type=int, default=30, help="how many failure examples to print")
    args = parser.parse_args()
    _setup.setup_django("sinergi-fuzz-")

    from django.core.wsgi import get_wsgi_application

    from sinergi.accounts.models import User
    from sinergi.accounts.services import token_create
    from sinergi.core.tests import fuzzing

    app = get_wsgi_application()
    checks = fuzzing.ALL_CHECKS if args.all_checks else fuzzing.STRICT_CHECKS
    phases = tuple(args.phases.split(","))
    total = fuzzing.FuzzResult()
    started = time.perf_counter()
    for role in args.roles.split(","):
        _token, key = token_create(user=User.objects.get(username=role), name="fuzz")
        before = (total.requests, sum(total.failures.values()))
        role_started = time.perf_counter()
        fuzzing.run(app=app, headers={"Authorization": f"Bearer {key}"}, examples=args.examples, seed=args.seed,
                    phases=phases, checks=checks, result=total, only=args.only)  # fmt: skip
        print(f"{role:12} requests {total.requests - before[0]:6}  failures "
              f"{sum(total.failures.values()) - before[1]:5}  {time.perf_counter() - role_started:6.1f} s")  # fmt: skip
    per_role = total.operations // len(args.roles.split(","))
    elapsed = time.perf_counter() - started
    print(f"\noperations (per role) {per_role}, requests {total.requests}, {elapsed:.1f} s, "
          f"phases {args.phases}, examples {args.examples}, seed {args.seed}")  # fmt: skip
    print("failures by kind:", dict(total.failures) or "none")
    print("operations with failures:", len({op for _kind, op in total.examples}))
    for (kind, operation), message in list(total.examples.items())[: args.show]:
        print(f"- {kind} {operation}: {message.splitlines()[0][:300]}")


if __name__ == "__main__":
    main()
