"""Programme recaps (rekap program): per kecamatan, kelurahan or agency, what the programme records add up to.

``build_recap`` reads a government's events, active volunteers, urine tests, vulnerability assessments and
Kelurahan Bersinar programmes of a year (or semester, or date range) in a fixed number of queries, whatever the
number of records: every count and sum is computed by the database (``GROUP BY`` with conditional aggregates),
grouped by region or agency, and Python only places those few grouped rows into the recap's rows.

Everything goes through ``Scope.restrict``: a recap holds only what its reader may see. Rows are kept for every
kecamatan/kelurahan (or agency) the reader may see, even when nothing happened there; events recorded at the
kecamatan level or for the whole area get their own rows, "(tingkat kecamatan)" and "(seluruh kota)", so the total
is always the sum of the events. Urine tests belong to the agency that ran them, not to a place: the agency
grouping shows them per row, the area groupings only as a total. Only aggregates exist here (the campaigns
themselves hold only counts); nothing about a person can reach a recap.

Words that end up in the official documents (XLSX, PDF) are Indonesian here, like the other documents; the page
translates its own headings.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum

from sinergi.core import formatting
from sinergi.core.scope import AGENCY_ROLES, scope_for, subtree_q
from sinergi.documents.rad_matrix import format_date
from sinergi.organizations.models import Agency
from sinergi.programmes.models import (
    BersinarProgramme,
    BersinarStage,
    Event,
    TargetGroup,
    UrineTestCampaign,
    Volunteer,
    VulnerabilityAssessment,
    VulnerabilityStatus,
)
from sinergi.regions.models import Region

BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY = "kecamatan", "kelurahan", "agency"
GROUPINGS = (BY_KECAMATAN, BY_KELURAHAN, BY_AGENCY)

# Row kinds: a region or agency of its own, and the rows that keep records which have no such place.
ROW_REGION, ROW_DISTRICT_LEVEL, ROW_WHOLE_AREA, ROW_SUBTOTAL = "region", "district_level", "whole_area", "subtotal"
ROW_AGENCY, ROW_NO_AGENCY, ROW_HEADING, ROW_TOTAL = "agency", "no_agency", "heading", "total"
# Rows that only repeat numbers of other rows (or none): left out when the total is added up.
NOT_COUNTED = frozenset({ROW_SUBTOTAL, ROW_HEADING})

GROUP_TEXT = {
    TargetGroup.PELAJAR: "Pelajar",
    TargetGroup.MAHASISWA: "Mahasiswa",
    TargetGroup.ASN: "ASN",
    TargetGroup.PEKERJA: "Pekerja",
    TargetGroup.KELUARGA: "Keluarga",
    TargetGroup.MASYARAKAT: "Masyarakat umum",
    TargetGroup.TOKOH: "Tokoh masyarakat",
    TargetGroup.LAINNYA: "Lainnya",
}
KIND_TEXT = {
    Event.Kind.SOSIALISASI: "Sosialisasi",
    Event.Kind.PENYULUHAN: "Penyuluhan",
    Event.Kind.KAMPANYE: "Kampanye/media",
    Event.Kind.PELATIHAN_KADER: "Pelatihan kader",
    Event.Kind.SATGAS: "Pembentukan satgas/relawan",
    Event.Kind.TES_URINE: "Tes urine",
    Event.Kind.RAKOR: "Rakor kelurahan",
    Event.Kind.PEMBERDAYAAN: "Pemberdayaan alternatif",
    Event.Kind.RUJUKAN: "Rujukan rehabilitasi",
    Event.Kind.LAINNYA: "Lainnya",
}
STATUS_TEXT = {s.value: s.label for s in VulnerabilityStatus}
STAGE_TEXT = {
    BersinarStage.PEMETAAN: "Pemetaan",
    BersinarStage.PENETAPAN_SK: "Penetapan SK",
    BersinarStage.POKJA: "Pokja terbentuk",
    BersinarStage.RELAWAN: "Relawan terbentuk",
    BersinarStage.INTERVENSI: "Intervensi",
    BersinarStage.MONEV: "Monev",
}
NOT_ASSESSED = "belum"
SEMESTER_MONTHS = {1: (1, 6), 2: (7, 12)}


@dataclass
class Tests:
    """Urine-test campaigns as counts: how many campaigns, people tested, positive and referred."""

    campaigns: int = 0
    tested: int = 0
    positive: int = 0
    referred: int = 0

    def add(self, other: "Tests") -> None:
        self.campaigns += other.campaigns
        self.tested += other.tested
        self.positive += other.positive
        self.referred += other.referred


@dataclass
class RecapRow:
    """One row of a recap: a kecamatan, kelurahan, agency, or a row keeping records without such a place."""

    key: str
    label: str
    kind: str = ROW_REGION
    level: int = 0  # indentation: kelurahan rows under their kecamatan
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Event.Kind.values, 0))
    participants: int = 0
    by_group: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TargetGroup.values, 0))
    male: int = 0
    female: int = 0
    volunteers: int = 0
    volunteers_male: int = 0
    volunteers_female: int = 0
    tests: Tests | None = None
    # A kelurahan's status this year ("" when not assessed); other rows count their kelurahan by status.
    vulnerability: str = ""
    vulnerability_counts: dict[str, int] = field(default_factory=dict)
    bersinar_stage: str = ""
    bersinar: int = 0

    @property
    def events(self) -> int:
        return self.held + self.planned + self.cancelled

    @property
    def unknown_sex(self) -> int:
        """Participants whose sex was not recorded."""
        return self.participants - self.male - self.female

    @property
    def volunteers_unknown(self) -> int:
        return self.volunteers - self.volunteers_male - self.volunteers_female

    @property
    def is_kelurahan(self) -> bool:
        return self.kind == ROW_REGION and self.level == 1

    @property
    def vulnerability_text(self) -> str:
        """The status of a kelurahan, or "Bahaya 1 · Aman 3" for rows that add kelurahan up."""
        if self.is_kelurahan:
            return STATUS_TEXT.get(self.vulnerability, "Belum dinilai")
        parts = [f"{STATUS_TEXT[s]} {n}" for s, n in self.vulnerability_counts.items() if n and s in STATUS_TEXT]
        if self.vulnerability_counts.get(NOT_ASSESSED):
            parts.append(f"Belum dinilai {self.vulnerability_counts[NOT_ASSESSED]}")
        return " · ".join(parts)

    @property
    def bersinar_text(self) -> str:
        if self.is_kelurahan:
            return STAGE_TEXT.get(self.bersinar_stage, "—")
        return f"{self.bersinar} kelurahan" if self.bersinar else ""

    def add(self, other: "RecapRow") -> None:
        """Add ``other``'s numbers to this row (subtotals and the total)."""
        for name in ("held", "planned", "cancelled", "participants", "male", "female"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("volunteers", "volunteers_male", "volunteers_female", "bersinar"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, n in other.by_kind.items():
            self.by_kind[k] += n
        for g, n in other.by_group.items():
            self.by_group[g] += n
        if other.tests is not None:
            if self.tests is None:
                self.tests = Tests()
            self.tests.add(other.tests)
        counts = dict(other.vulnerability_counts)
        if other.is_kelurahan:
            counts = {other.vulnerability or NOT_ASSESSED: 1}
            if other.bersinar_stage:
                self.bersinar += 1
        for status, n in counts.items():
            self.vulnerability_counts[status] = self.vulnerability_counts.get(status, 0) + n

    def as_dict(self, *, with_kinds: bool = False) -> dict:
        """The row for the API."""
        data = {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "level": self.level,
            "events": {
                "total": self.events,
                "held": self.held,
                "planned": self.planned,
                "cancelled": self.cancelled,
                "held_by_kind": dict(self.by_kind) if with_kinds else None,
            },
            "participants": {
                "total": self.participants,
                "by_group": dict(self.by_group),
                "male": self.male,
                "female": self.female,
                "unknown": self.unknown_sex,
            },
            "volunteers": {"active": self.volunteers, "male": self.volunteers_male, "female": self.volunteers_female},
            "urine_tests": None if self.tests is None else vars(self.tests).copy(),
            "vulnerability": None,
            "bersinar": None,
        }
        if self.vulnerability_counts or self.is_kelurahan:
            data["vulnerability"] = {
                "status": self.vulnerability if self.is_kelurahan else None,
                "counts": {} if self.is_kelurahan else dict(self.vulnerability_counts),
            }
            data["bersinar"] = {
                "stage": (self.bersinar_stage or None) if self.is_kelurahan else None,
                "count": None if self.is_kelurahan else self.bersinar,
            }
        return data


@dataclass
class Recap:
    """A government's programme recap for a period, grouped one way, as the reader may see it."""

    government: object
    by: str
    year: int
    semester: int | None
    starts_on: date
    ends_on: date
    rows: list[RecapRow]
    total: RecapRow
    tests_total: Tests
    whole_government: bool
    with_kinds: bool = False

    @property
    def shows_areas(self) -> bool:
        return self.by != BY_AGENCY

    @property
    def shows_tests_per_row(self) -> bool:
        return self.by == BY_AGENCY

    @property
    def counted_rows(self) -> list[RecapRow]:
        """The rows whose numbers make the total (not the kecamatan subtotals)."""
        return [row for row in self.rows if row.kind not in NOT_COUNTED]

    @property
    def period_text(self) -> str:
        """ "Tahun 2024", "Semester I 2024" or "1 Maret 2024 – 31 Mei 2024"."""
        if self.semester:
            return formatting.period_name(self.year, self.semester)
        if self.starts_on == date(self.year, 1, 1) and self.ends_on == date(self.year, 12, 31):
            return f"Tahun {self.year}"
        return f"{format_date(self.starts_on)} – {format_date(self.ends_on)}"

    @property
    def grouping_text(self) -> str:
        return {BY_KECAMATAN: "per kecamatan", BY_KELURAHAN: "per kelurahan", BY_AGENCY: "per perangkat daerah"}[
            self.by
        ]

    @property
    def title(self) -> str:
        return (
            "Rekapitulasi Program P4GN "
            + {BY_KECAMATAN: "per Kecamatan", BY_KELURAHAN: "per Kelurahan", BY_AGENCY: "per Perangkat Daerah"}[self.by]
        )

    @property
    def filename_stem(self) -> str:
        region = self.government.region.name.lower().replace(" ", "-")
        period = f"{self.year}-s{self.semester}" if self.semester else f"{self.starts_on}_{self.ends_on}"
        if not self.semester and self.starts_on == date(self.year, 1, 1) and self.ends_on == date(self.year, 12, 31):
            period = str(self.year)
        return f"rekap-program-{self.by}-{region}-{period}"

    def as_dict(self) -> dict:
        return {
            "government": self.government.pk,
            "by": self.by,
            "year": self.year,
            "semester": self.semester,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "whole_government": self.whole_government,
            "rows": [row.as_dict(with_kinds=self.with_kinds) for row in self.rows],
            "total": self.total.as_dict(with_kinds=self.with_kinds),
            "urine_tests_total": vars(self.tests_total).copy(),
        }


def period_bounds(year: int, semester: int | None = None) -> tuple[date, date]:
    """The first and last day of a year or of one of its semesters."""
    if semester:
        first, last = SEMESTER_MONTHS[semester]
        end = date(year, 6, 30) if last == 6 else date(year, 12, 31)
        return date(year, first, 1), end
    return date(year, 1, 1), date(year, 12, 31)


def whole_area_label(government) -> str:
    kind = getattr(government.region, "kind", "")
    return {"kota": "(seluruh kota)", "kabupaten": "(seluruh kabupaten)", "provinsi": "(seluruh provinsi)"}.get(
        kind, "(seluruh wilayah)"
    )


def _sees_whole_government(scope, government) -> bool:
    if scope.is_admin or government.pk in scope.read_government_ids:
        return True
    code = government.region_id
    return any(code == o or code.startswith(o + ".") for o in scope.observed_regions)


def _event_aggregates(with_kinds: bool) -> dict:
    held = Q(status=Event.Status.HELD)
    aggregates = {
        "n_held": Count("pk", filter=held),
        "n_planned": Count("pk", filter=Q(status=Event.Status.PLANNED)),
        "n_cancelled": Count("pk", filter=Q(status=Event.Status.CANCELLED)),
        "s_participants": Sum("participants", filter=held),
        # SUM skips NULL: events without a split by sex count as "unknown".
        "s_male": Sum("male", filter=held),
        "s_female": Sum("female", filter=held),
    }
    for group in TargetGroup.values:
        aggregates[f"g_{group}"] = Sum("participants", filter=held & Q(target_group=group))
    if with_kinds:
        for kind in Event.Kind.values:
            aggregates[f"k_{kind}"] = Count("pk", filter=held & Q(kind=kind))
    return aggregates


def _fill_events(row: RecapRow, data: dict) -> None:
    row.held += data["n_held"]
    row.planned += data["n_planned"]
    row.cancelled += data["n_cancelled"]
    row.participants += data["s_participants"] or 0
    row.male += data["s_male"] or 0
    row.female += data["s_female"] or 0
    for group in TargetGroup.values:
        row.by_group[group] += data[f"g_{group}"] or 0
    for kind in Event.Kind.values:
        row.by_kind[kind] += data.get(f"k_{kind}", 0)


def build_recap(
    *,
    user,
    government,
    year: int,
    by: str = BY_KECAMATAN,
    semester: int | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    with_kinds: bool = False,
) -> Recap:
    """The recap of ``government`` for ``year`` (or a semester of it, or ``starts_on``–``ends_on``) as ``user``
    may see it, grouped ``by`` kecamatan, kelurahan or agency. Seven queries, whatever the number of records.

    ``with_kinds`` also counts held events by kind (ten more aggregates over every event, so only on request)."""
    if by not in GROUPINGS:
        raise ValueError(f"Unknown grouping {by!r}")
    default_start, default_end = period_bounds(year, semester)
    starts_on, ends_on = starts_on or default_start, ends_on or default_end
    scope = scope_for(user)
    whole = _sees_whole_government(scope, government)
    key = "agency_id" if by == BY_AGENCY else "region_id"

    events = (
        scope.restrict(Event.objects.all())
        .filter(government=government, starts_on__gte=starts_on, starts_on__lte=ends_on)
        .order_by()
        .values(key)
        .annotate(**_event_aggregates(with_kinds))
    )
    volunteer_key = "group__agency_id" if by == BY_AGENCY else "region_id"
    volunteers = (
        scope.restrict(Volunteer.objects.all())
        .filter(Volunteer.active_between(starts_on, ends_on), government=government)
        .order_by()
        .values(volunteer_key)
        .annotate(
            n=Count("pk"),
            n_male=Count("pk", filter=Q(sex=Volunteer.Sex.MALE)),
            n_female=Count("pk", filter=Q(sex=Volunteer.Sex.FEMALE)),
        )
    )
    tests = (
        scope.restrict(UrineTestCampaign.objects.all())
        .filter(government=government, held_on__gte=starts_on, held_on__lte=ends_on)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"), s_tested=Sum("tested"), s_positive=Sum("positive"), s_referred=Sum("referred"))
    )
    event_rows = {r[key]: r for r in events}
    volunteer_rows = {r[volunteer_key]: r for r in volunteers}
    test_rows = {
        r["agency_id"]: Tests(r["n"], r["s_tested"] or 0, r["s_positive"] or 0, r["s_referred"] or 0) for r in tests
    }
    tests_total = Tests()
    for t in test_rows.values():
        tests_total.add(t)

    if by == BY_AGENCY:
        rows = _agency_rows(scope, government, starts_on, ends_on, event_rows, volunteer_rows, test_rows)
    else:
        rows = _area_rows(scope, government, year, by, whole, event_rows, volunteer_rows)
    total = RecapRow(key="total", label="Jumlah", kind=ROW_TOTAL)
    if by == BY_AGENCY:
        total.tests = Tests()
    for row in rows:
        if row.kind not in NOT_COUNTED:
            total.add(row)
    return Recap(
        government=government,
        by=by,
        year=year,
        semester=semester,
        starts_on=starts_on,
        ends_on=ends_on,
        rows=rows,
        total=total,
        tests_total=tests_total,
        whole_government=whole,
        with_kinds=with_kinds,
    )


def _fill_volunteers(row: RecapRow, data: dict | None) -> None:
    if data:
        row.volunteers += data["n"]
        row.volunteers_male += data["n_male"]
        row.volunteers_female += data["n_female"]


def _agency_rows(scope, government, starts_on, ends_on, event_rows, volunteer_rows, test_rows) -> list[RecapRow]:
    """One row per agency the reader may see that was in effect during the period, and per agency with records."""
    in_effect = (Q(valid_until__isnull=True) | Q(valid_until__gte=starts_on)) & (
        Q(valid_from__isnull=True) | Q(valid_from__lte=ends_on)
    )
    visible = scope.restrict(Agency.objects.filter(government=government)).filter(in_effect).values("pk")
    with_records = {pk for pk in (*event_rows, *volunteer_rows, *test_rows) if pk is not None}
    agencies = (
        Agency.objects.filter(government=government)
        .filter(Q(pk__in=visible) | Q(pk__in=with_records))
        .values_list("pk", "name", "kind", "region_id")
    )
    ordered = sorted(agencies, key=lambda a: (a[2] in Agency.AREA_KINDS, a[2] == "village", a[3] or "", a[1]))
    rows = []
    for pk, name, _kind, _region in ordered:
        row = RecapRow(key=str(pk), label=name, kind=ROW_AGENCY, tests=test_rows.get(pk) or Tests())
        if pk in event_rows:
            _fill_events(row, event_rows[pk])
        _fill_volunteers(row, volunteer_rows.get(pk))
        rows.append(row)
    if volunteer_rows.get(None):
        row = RecapRow(key="no_agency", label="(kelompok relawan kelurahan)", kind=ROW_NO_AGENCY, tests=Tests())
        _fill_volunteers(row, volunteer_rows[None])
        rows.append(row)
    return rows


def _parts_prefix(code: str, n: int) -> str:
    return ".".join(code.split(".")[:n])


def _area_rows(scope, government, year, by, whole, event_rows, volunteer_rows) -> list[RecapRow]:
    """Rows per kecamatan (or kelurahan within kecamatan), the kecamatan-level and whole-area rows."""
    root = government.region_id
    depth = root.count(".") + 1
    root_level = government.region.level
    areas = [code for gid, code in scope.areas if gid == government.pk]
    # Someone who reads only their kecamatan/kelurahan gets the rows of that area (and the kecamatan above it).
    limit_rows = bool(areas) and not whole and not (scope.roles_in(government.pk) & AGENCY_ROLES)
    data_codes = {c for c in (*event_rows, *volunteer_rows) if c}
    regions = Region.objects.filter(
        (subtree_q("code", root) & Q(level__in=[root_level + 1, root_level + 2], is_current=True))
        | Q(code__in=data_codes)
    ).values_list("code", "name", "level")
    district_of = {}
    districts, villages = {}, {}
    for code, name, level in sorted(regions):
        if not code.startswith(root + "."):
            continue
        if level == root_level + 1:
            districts[code] = name
        elif level == root_level + 2:
            villages[code] = name
    for code in villages:
        district_of[code] = _parts_prefix(code, depth + 1)

    def visible(code: str) -> bool:
        if not limit_rows:
            return True
        return any(code == a or code.startswith(a + ".") or a.startswith(code + ".") for a in areas)

    assessments = dict(
        scope.restrict(VulnerabilityAssessment.objects.all())
        .filter(government=government, year=year)
        .values_list("region_id", "status")
    )
    stages = dict(
        scope.restrict(BersinarProgramme.objects.all()).filter(government=government).values_list("region_id", "stage")
    )

    district_rows: dict[str, RecapRow] = {}
    district_level_rows: dict[str, RecapRow] = {}
    village_rows: dict[str, RecapRow] = {}
    for code, name in districts.items():
        district_rows[code] = RecapRow(key=code, label=name, kind=ROW_REGION)
        district_level_rows[code] = RecapRow(
            key=f"{code}:kecamatan", label=f"(tingkat kecamatan) {name}", kind=ROW_DISTRICT_LEVEL, level=1
        )
    for code, name in villages.items():
        row = RecapRow(key=code, label=name, kind=ROW_REGION, level=1)
        row.vulnerability = assessments.get(code, "")
        row.bersinar_stage = stages.get(code, "") or ""
        village_rows[code] = row
    whole_row = RecapRow(key="whole", label=whole_area_label(government), kind=ROW_WHOLE_AREA)

    def place(code: str | None) -> RecapRow:
        if code in village_rows:
            return village_rows[code]
        if code in district_level_rows:
            return district_level_rows[code]
        if code and code.startswith(root + "."):
            # A place below a kelurahan, or a kelurahan missing from the dataset: its kecamatan keeps it.
            village = _parts_prefix(code, depth + 2)
            if village in village_rows:
                return village_rows[village]
            district = _parts_prefix(code, depth + 1)
            if district in district_level_rows:
                return district_level_rows[district]
        return whole_row

    for code, data in event_rows.items():
        _fill_events(place(code), data)
    for code, data in volunteer_rows.items():
        _fill_volunteers(place(code), data)

    rows: list[RecapRow] = []
    for district, name in districts.items():
        members = [village_rows[c] for c in village_rows if district_of[c] == district]
        level_row = district_level_rows[district]
        parts = [row for row in members if visible(row.key)]
        if level_row.events or level_row.volunteers:
            parts.append(level_row)
        if not visible(district):
            continue
        if by == BY_KECAMATAN:
            row = district_rows[district]
            for part in parts:
                row.add(part)
            rows.append(row)
        else:
            subtotal = RecapRow(key=f"{district}:jumlah", label=f"Jumlah Kecamatan {name}", kind=ROW_SUBTOTAL)
            for part in parts:
                subtotal.add(part)
            rows.append(RecapRow(key=district, label=f"Kecamatan {name}", kind=ROW_HEADING))
            rows.extend(parts)
            rows.append(subtotal)
    if whole_row.events or whole_row.volunteers:
        rows.append(whole_row)
    return rows
