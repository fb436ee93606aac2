"""Semester roll-ups of governments and region subtrees (issue 7), computed from the raw rows.

Three tables, from the bottom up:

- `ProgrammeRollup` — a government's programme records placed at one region (village, kecamatan, or the
  government's own region for records of the whole area and for urine tests) in a semester;
- `GovernmentRollup` — a government's semester: its report roll-ups (`ReportRollup`, all agencies and fields of the
  periods in the semester) plus its programme rows;
- `RegionRollup` — a region's subtree (nation "", province, kab/kota, kecamatan, village): the rows at the region
  itself plus its children's rows.

A government has rows for a semester when it was active in it: a reporting period, an event, a test campaign, an
assessment of the year, a Bersinar stage done or a naming in the semester. What accumulates (active volunteers
registered by the semester's end, Bersinar stages done before it) is counted in the semesters that exist and never
makes one on its own: so the stored rows do not change when time passes.

The services call `refresh_government` inside the transaction of every change (see `refresh_programme_change`,
`refresh_after_change` in `rollups.py`); `rebuild_semester` and `expected_semester` compute a whole semester for
every government at once in a fixed number of queries, for `sinergi rollups --rebuild/--verify`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from sinergi.insights.models import (
    NATION,
    GovernmentRollup,
    ProgrammeNumbers,
    ProgrammeRollup,
    RegionRollup,
    ReportNumbers,
    ReportRollup,
)
from sinergi.organizations.models import Government
from sinergi.programmes.models import (
    BersinarProgramme,
    BersinarStep,
    Event,
    UrineTestCampaign,
    Volunteer,
    VulnerabilityAssessment,
)

REPORT = ReportNumbers.REPORT_NUMBERS
PROGRAMME = ProgrammeNumbers.PROGRAMME_NUMBERS
STATUS_FIELD = {
    "bahaya": "villages_bahaya",
    "waspada": "villages_waspada",
    "siaga": "villages_siaga",
    "aman": "villages_aman",
}


def semester_bounds(year: int, semester: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if semester == 1 else (date(year, 7, 1), date(year, 12, 31))


def semester_of_day(day: date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def parent_of(code: str) -> str:
    return code.rpartition(".")[0] if "." in code else NATION


def level_of(code: str) -> int:
    return 0 if code == NATION else code.count(".") + 1


def chain(code: str) -> list[str]:
    """The region and every region above it, up to the nation."""
    codes = [code]
    while code != NATION:
        code = parent_of(code)
        codes.append(code)
    return codes


@dataclass
class Computed:
    """One semester's government and programme rows computed from the raw rows, unsaved."""

    governments: dict[int, GovernmentRollup] = field(default_factory=dict)
    programme: dict[tuple[int, str], ProgrammeRollup] = field(default_factory=dict)


def new_row(model, **values):
    """An unsaved roll-up row: the model built from positional values, every field given or its default. The same
    row as ``model(**values)``, built several times faster (rebuilds make hundreds of thousands)."""
    if model not in _FIELDS:
        fields = [(f.attname, f.get_default()) for f in model._meta.concrete_fields]
        _FIELDS[model] = fields, {name for name, _default in fields}
    fields, names = _FIELDS[model]
    if not values.keys() <= names:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(values.keys() - names))}")
    return model(*[values.get(name, default) for name, default in fields])


_FIELDS: dict = {}


def _programme_row(rows, government_id, region_id, year, semester) -> ProgrammeRollup:
    key = (government_id, region_id)
    row = rows.get(key)
    if row is None:
        row = rows[key] = new_row(
            ProgrammeRollup,
            government_id=government_id,
            region_id=region_id,
            year=year,
            semester=semester,
            **dict.fromkeys(PROGRAMME, 0),
        )
    return row


def compute(year: int, semester: int, government_ids: list[int] | None = None) -> Computed:
    """The government and programme rows of a semester from the raw rows, for some governments or all of them.

    Eight queries whatever the number of records: governments' regions, report roll-ups, events, volunteers,
    test campaigns, assessments, Bersinar steps and namings.
    """
    starts_on, ends_on = semester_bounds(year, semester)

    def only(queryset, name="government_id"):
        queryset = queryset.order_by()
        return queryset if government_ids is None else queryset.filter(**{f"{name}__in": government_ids})

    home = dict(only(Government.objects.all(), "pk").values_list("pk", "region_id"))
    rows: dict[tuple[int, str], ProgrammeRollup] = {}
    # Governments with something done in the semester itself: only they get rows (see the module's docstring).
    active: set[int] = set()
    held = Q(status=Event.Status.HELD)
    events = (
        only(Event.objects.filter(starts_on__gte=starts_on, starts_on__lte=ends_on))
        .values("government_id", "region_id")
        .annotate(
            n_held=Count("pk", filter=held),
            n_planned=Count("pk", filter=Q(status=Event.Status.PLANNED)),
            n_cancelled=Count("pk", filter=Q(status=Event.Status.CANCELLED)),
            s_participants=Sum("participants", filter=held),
            s_male=Sum("male", filter=held),
            s_female=Sum("female", filter=held),
        )
    )
    for data in events:
        gid = data["government_id"]
        active.add(gid)
        row = _programme_row(rows, gid, data["region_id"] or home[gid], year, semester)
        row.events_held += data["n_held"]
        row.events_planned += data["n_planned"]
        row.events_cancelled += data["n_cancelled"]
        row.participants += data["s_participants"] or 0
        row.participants_male += data["s_male"] or 0
        row.participants_female += data["s_female"] or 0
    tests = (
        only(UrineTestCampaign.objects.filter(held_on__gte=starts_on, held_on__lte=ends_on))
        .values("government_id")
        .annotate(n=Count("pk"), s_tested=Sum("tested"), s_positive=Sum("positive"), s_referred=Sum("referred"))
    )
    for data in tests:
        gid = data["government_id"]
        active.add(gid)
        row = _programme_row(rows, gid, home[gid], year, semester)
        row.test_campaigns += data["n"]
        row.tested += data["s_tested"] or 0
        row.positive += data["s_positive"] or 0
        row.referred += data["s_referred"] or 0
    assessments = only(VulnerabilityAssessment.objects.filter(year=year)).values_list(
        "government_id", "region_id", "status"
    )
    for gid, region_id, status in assessments:
        active.add(gid)
        if status in STATUS_FIELD:
            row = _programme_row(rows, gid, region_id, year, semester)
            setattr(row, STATUS_FIELD[status], getattr(row, STATUS_FIELD[status]) + 1)
    steps = only(BersinarStep.objects.filter(done_on__lte=ends_on), "programme__government_id").values_list(
        "programme__government_id", "programme__region_id", "done_on"
    )
    staged: dict[tuple[int, str], date] = {}
    for gid, region_id, done_on in steps:
        staged[gid, region_id] = max(done_on, staged.get((gid, region_id), done_on))
    for (gid, region_id), done_on in staged.items():
        _programme_row(rows, gid, region_id, year, semester).bersinar_villages += 1
        if done_on >= starts_on:
            active.add(gid)
    named = only(BersinarProgramme.objects.filter(named_on__lte=ends_on)).values_list(
        "government_id", "region_id", "named_on"
    )
    for gid, region_id, named_on in named:
        _programme_row(rows, gid, region_id, year, semester).bersinar_named += 1
        if named_on >= starts_on:
            active.add(gid)

    reports = (
        only(ReportRollup.objects.filter(year=year, semester=semester))
        .values("government_id", "region_id")
        .annotate(**{name: Sum(name) for name in REPORT})
    )
    governments: dict[int, GovernmentRollup] = {}
    for data in reports:
        gid = data["government_id"]
        governments[gid] = new_row(
            GovernmentRollup,
            government_id=gid,
            region_id=data["region_id"],
            year=year,
            semester=semester,
            **{name: data[name] or 0 for name in REPORT},
            **dict.fromkeys(PROGRAMME, 0),
        )
    for gid in active - set(governments):
        governments[gid] = new_row(
            GovernmentRollup,
            government_id=gid,
            region_id=home[gid],
            year=year,
            semester=semester,
            **dict.fromkeys(REPORT, 0),
            **dict.fromkeys(PROGRAMME, 0),
        )

    # Volunteers are counted where the government is active; their own rows only then.
    volunteers = (
        Volunteer.objects.filter(Volunteer.active_between(starts_on, ends_on), government_id__in=list(governments))
        .order_by()
        .values("government_id", "region_id")
        .annotate(n=Count("pk"))
    )
    for data in volunteers:
        row = _programme_row(rows, data["government_id"], data["region_id"], year, semester)
        row.volunteers += data["n"]
    result = Computed(governments=governments)
    for key, row in rows.items():
        government = governments.get(row.government_id)
        if government is None:
            continue
        result.programme[key] = row
        for name in PROGRAMME:
            setattr(government, name, getattr(government, name) + getattr(row, name))
    return result


def _empty_region(code: str, year: int, semester: int) -> RegionRollup:
    return new_row(
        RegionRollup,
        code=code,
        level=level_of(code),
        parent_code=parent_of(code) if code != NATION else "",
        year=year,
        semester=semester,
        governments=0,
        governments_reporting=0,
        **dict.fromkeys(REPORT, 0),
        **dict.fromkeys(PROGRAMME, 0),
    )


def _add_own(region: RegionRollup, governments, programme) -> None:
    """Add the rows placed exactly at the region: its government's reports, and programme records."""
    for row in governments:
        for name in REPORT:
            setattr(region, name, getattr(region, name) + getattr(row, name))
        region.governments += 1
        region.governments_reporting += row.submitted > 0
    for row in programme:
        for name in PROGRAMME:
            setattr(region, name, getattr(region, name) + getattr(row, name))


def _add_child(region: RegionRollup, child: RegionRollup) -> None:
    for name in (*REPORT, *PROGRAMME, "governments", "governments_reporting"):
        setattr(region, name, getattr(region, name) + getattr(child, name))


def _has_numbers(region: RegionRollup) -> bool:
    return region.governments > 0 or any(getattr(region, name) for name in (*REPORT, *PROGRAMME))


def regions_from(year: int, semester: int, governments, programme) -> dict[str, RegionRollup]:
    """Every region row of a semester from all its government and programme rows, in memory.

    Each region's numbers are its own rows' plus its children's, added level by level from the villages up: every
    number is added once per region, not once per ancestor."""
    names = (*REPORT, *PROGRAMME, "governments", "governments_reporting")
    report_at = range(len(REPORT))
    programme_at = range(len(REPORT), len(REPORT) + len(PROGRAMME))
    count_at = len(REPORT) + len(PROGRAMME)
    sums: dict[str, list] = {}

    def numbers_of(code: str) -> list:
        numbers = sums.get(code)
        if numbers is None:
            numbers = sums[code] = [0] * len(names)
        return numbers

    for row in governments:
        numbers = numbers_of(row.region_id)
        for index, name in zip(report_at, REPORT, strict=True):
            numbers[index] += getattr(row, name)
        numbers[count_at] += 1
        numbers[count_at + 1] += row.submitted > 0
    for row in programme:
        numbers = numbers_of(row.region_id)
        for index, name in zip(programme_at, PROGRAMME, strict=True):
            numbers[index] += getattr(row, name)
    for code in [code for code in sums if code != NATION]:
        for ancestor in chain(code)[1:]:
            numbers_of(ancestor)
    for level in range(max(map(level_of, sums), default=0), 0, -1):
        for code in [code for code in sums if level_of(code) == level]:
            parent = sums[parent_of(code)]
            for index, value in enumerate(sums[code]):
                if value:
                    parent[index] += value
    regions = {}
    for code, numbers in sums.items():
        if numbers[count_at] > 0 or any(numbers[:count_at]):  # what `_has_numbers` keeps
            regions[code] = new_row(
                RegionRollup,
                code=code,
                level=level_of(code),
                parent_code=parent_of(code) if code != NATION else "",
                year=year,
                semester=semester,
                **dict(zip(names, numbers, strict=True)),
            )
    return regions


def insert_rows(model, rows, batch_size: int = 5000) -> int:
    """Insert many unsaved roll-up rows: `bulk_create` without its per-value work (the rebuild writes hundreds of
    thousands of rows of plain numbers and codes), ``COPY`` on PostgreSQL. Returns the number of rows."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    names = [f.attname for f in fields]
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([getattr(row, name) for name in names])
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch = []
        for row in rows:
            batch.append([getattr(row, name) for name in names])
            if len(batch) == batch_size:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def lock_semester(year: int, semester: int) -> None:
    """Refreshes of the same semester run one after another (PostgreSQL); SQLite serialises writes anyway.

    Two governments changing at once both rewrite the rows of their province and the nation: each must read the
    other's committed rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7407, year * 10 + semester])


@transaction.atomic
def refresh_government(government_id: int, year: int, semester: int) -> None:
    """Recompute one government's rows of a semester from the raw rows, then the region rows above them.

    About thirty queries whatever the size of the data: the government's eight, the replacement of its rows, and
    three reads per level of the region tree. Rows received in an exchange package are left as they are.
    """
    lock_semester(year, semester)
    if GovernmentRollup.objects.filter(government_id=government_id, year=year, semester=semester, imported=True):
        return
    computed = compute(year, semester, [government_id])
    old = set(
        ProgrammeRollup.objects.filter(government_id=government_id, year=year, semester=semester).values_list(
            "region_id", flat=True
        )
    )
    old_home = GovernmentRollup.objects.filter(government_id=government_id, year=year, semester=semester)
    touched = old | set(old_home.values_list("region_id", flat=True))
    ProgrammeRollup.objects.filter(government_id=government_id, year=year, semester=semester).delete()
    old_home.delete()
    ProgrammeRollup.objects.bulk_create(computed.programme.values())
    GovernmentRollup.objects.bulk_create(computed.governments.values())
    touched |= {row.region_id for row in computed.programme.values()}
    touched |= {row.region_id for row in computed.governments.values()}
    refresh_regions(touched, year, semester)


def refresh_regions(codes, year: int, semester: int) -> None:
    """Recompute the region rows of ``codes`` and of every region above them, deepest first, from the stored
    government and programme rows and the children's region rows: three reads per level."""
    affected: dict[int, set[str]] = defaultdict(set)
    for code in codes:
        for target in chain(code):
            affected[level_of(target)].add(target)
    fresh: dict[str, RegionRollup] = {}
    for level in sorted(affected, reverse=True):
        targets = affected[level]
        governments, programme = defaultdict(list), defaultdict(list)
        for row in GovernmentRollup.objects.filter(year=year, semester=semester, region_id__in=targets):
            governments[row.region_id].append(row)
        for row in ProgrammeRollup.objects.filter(year=year, semester=semester, region_id__in=targets):
            programme[row.region_id].append(row)
        children = defaultdict(list)
        stored = RegionRollup.objects.filter(year=year, semester=semester, parent_code__in=targets).exclude(
            code__in=[c for c in fresh if level_of(c) == level + 1]
        )
        if level == 0:
            stored = stored.exclude(code=NATION)
        for row in stored:
            children[row.parent_code].append(row)
        for code, row in fresh.items():
            if level_of(code) == level + 1:
                children[row.parent_code].append(row)
        for code in targets:
            region = _empty_region(code, year, semester)
            _add_own(region, governments.get(code, ()), programme.get(code, ()))
            for child in children.get(code, ()):
                _add_child(region, child)
            fresh[code] = region
    RegionRollup.objects.filter(year=year, semester=semester, code__in=list(fresh)).delete()
    RegionRollup.objects.bulk_create(row for row in fresh.values() if _has_numbers(row))


def semesters_with_data() -> list[tuple[int, int]]:
    """Every semester in which some government was active, from the raw rows (six queries)."""
    found: set[tuple[int, int]] = set(ReportRollup.objects.values_list("year", "semester").distinct())
    found |= set(GovernmentRollup.objects.filter(imported=True).values_list("year", "semester").distinct())

    def add_days(days):
        for day in days:
            if day is not None:
                found.add(semester_of_day(day))

    add_days(Event.objects.order_by().values_list("starts_on", flat=True).distinct())
    add_days(UrineTestCampaign.objects.order_by().values_list("held_on", flat=True).distinct())
    for year in VulnerabilityAssessment.objects.order_by().values_list("year", flat=True).distinct():
        found |= {(year, 1), (year, 2)}
    # A Bersinar stage counts in its semester and every later one in which the government is otherwise active:
    # the earliest one is enough to start from, the later semesters come from the other records.
    add_days(BersinarStep.objects.order_by().values_list("done_on", flat=True).distinct())
    add_days(BersinarProgramme.objects.order_by().values_list("named_on", flat=True).distinct())
    return sorted(found)


def rebuild_semester(year: int, semester: int) -> int:
    """Replace every local government, programme and region row of a semester; returns the rows stored."""
    computed = compute(year, semester)
    imported_governments = list(GovernmentRollup.objects.filter(year=year, semester=semester, imported=True))
    imported = {row.government_id for row in imported_governments}
    GovernmentRollup.objects.filter(year=year, semester=semester, imported=False).delete()
    ProgrammeRollup.objects.filter(year=year, semester=semester, imported=False).delete()
    governments = [row for gid, row in computed.governments.items() if gid not in imported]
    programme = [row for (gid, _code), row in computed.programme.items() if gid not in imported]
    insert_rows(GovernmentRollup, governments)
    insert_rows(ProgrammeRollup, programme)
    # The rows now stored: the new ones and those received in exchange packages.
    all_governments = governments + imported_governments
    all_programme = programme + list(ProgrammeRollup.objects.filter(year=year, semester=semester, imported=True))
    regions = regions_from(year, semester, all_governments, all_programme)
    RegionRollup.objects.filter(year=year, semester=semester).delete()
    insert_rows(RegionRollup, regions.values())
    return len(governments) + len(programme) + len(regions)


def expected_semester(year: int, semester: int):
    """What the stored rows of a semester should be: (government rows, programme rows, region rows), keyed."""
    computed = compute(year, semester)
    imported_governments = {
        row.government_id: row for row in GovernmentRollup.objects.filter(year=year, semester=semester, imported=True)
    }
    imported_programme = {
        (row.government_id, row.region_id): row
        for row in ProgrammeRollup.objects.filter(year=year, semester=semester, imported=True)
    }
    governments = {gid: row for gid, row in computed.governments.items() if gid not in imported_governments}
    programme = {key: row for key, row in computed.programme.items() if key[0] not in imported_governments}
    governments.update(imported_governments)
    programme.update(imported_programme)
    regions = regions_from(year, semester, governments.values(), programme.values())
    return governments, programme, regions
