"""Pivot-ready exports of the roll-ups for any region subtree and range of semesters (issue 7 §6).

One row per fact in long ("tidy") form, with the names and codes of every level above it in their own columns, so
a spreadsheet's pivot table or a statistics package can group by province, kab/kota, kecamatan, year, semester,
field or agency without lookups. Sums and counts are exported next to every mean, so means can be re-weighted.

Read from the roll-up tables only; the rows stream (CSV) or are written in constant memory (XLSX).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.scope import scope_for, subtree_q
from sinergi.insights.models import NATION, ProgrammeRollup, ReportRollup
from sinergi.organizations.models import Government
from sinergi.regions.models import Region

SEMESTER = re.compile(r"^(\d{4})-([12])$")
ACHIEVEMENT, PROGRAMME = "capaian", "program"
DATASETS = {
    ACHIEVEMENT: gettext_lazy("Achievement of the RAD (per government, semester, field and agency)"),
    PROGRAMME: gettext_lazy("Programmes (per government, place and semester)"),
}
LEVELS = ("provinsi", "kabkota", "kecamatan", "kelurahan")


@dataclass(frozen=True)
class Request:
    """What to export: a dataset, a region subtree ("" for the nation) and an inclusive range of semesters."""

    dataset: str
    region: str
    first: tuple[int, int] | None
    last: tuple[int, int] | None

    @property
    def filename(self) -> str:
        region = self.region.replace(".", "") or "nasional"
        first = f"{self.first[0]}s{self.first[1]}" if self.first else "awal"
        last = f"{self.last[0]}s{self.last[1]}" if self.last else "akhir"
        return f"analitik-{self.dataset}-{region}-{first}-{last}"


def parse_semester(text: str, field: str) -> tuple[int, int] | None:
    text = (text or "").strip()
    if not text:
        return None
    match = SEMESTER.match(text)
    if not match:
        raise ValidationError({field: _("Write a semester as year-semester, e.g. 2025-1.")})
    return int(match[1]), int(match[2])


def allowed_roots(user) -> list[str]:
    """The region subtrees ``user`` may export: everything for the administrator, the observed regions, and the
    region of every government they read as a whole (secretariat, reviewer, leader)."""
    scope = scope_for(user)
    if scope.is_admin:
        return [NATION]
    roots = list(scope.observed_regions)
    roots += Government.objects.filter(pk__in=scope.read_government_ids).values_list("region_id", flat=True)
    return roots


def _within(code: str, root: str) -> bool:
    return root == NATION or code == root or code.startswith(root + ".")


def build_request(user, data) -> Request:
    """Check what a user asks for; PermissionDenied outside their subtrees, ValidationError for bad input."""
    roots = allowed_roots(user)
    if not roots:
        raise PermissionDenied(_("Exports of roll-ups are for the secretariat, leaders and observers."))
    dataset = (data.get("dataset") or ACHIEVEMENT).strip()
    if dataset not in DATASETS:
        raise ValidationError({"dataset": _("Choose the data to export.")})
    region = (data.get("region") or "").strip().upper()
    if region in ("", "ID", "NASIONAL"):
        region = NATION if NATION in roots else (roots[0] if len(roots) == 1 else "")
    if not any(_within(region, root) for root in roots):
        raise PermissionDenied(_("The region %(code)s is outside what you may read.") % {"code": region or "ID"})
    if region and not Region.objects.filter(code=region).exists():
        raise ValidationError({"region": _("There is no region with code %(code)s.") % {"code": region}})
    first = parse_semester(data.get("from", ""), "from")
    last = parse_semester(data.get("to", ""), "to")
    if first and last and first > last:
        raise ValidationError({"to": _("The last semester comes before the first.")})
    return Request(dataset=dataset, region=region, first=first, last=last)


def _semester_q(request: Request) -> Q:
    q = Q()
    if request.first:
        year, semester = request.first
        q &= Q(year__gt=year) | Q(year=year, semester__gte=semester)
    if request.last:
        year, semester = request.last
        q &= Q(year__lt=year) | Q(year=year, semester__lte=semester)
    return q


def _names(region: str) -> dict[str, str]:
    """Code → name of every region in the subtree and above it (one query; ~84,000 rows for the nation)."""
    regions = Region.objects.all() if region == NATION else Region.objects.filter(subtree_q("code", region))
    names = dict(regions.values_list("code", "name").iterator(chunk_size=5000))
    if region:
        names.update(Region.objects.filter(code__in=Region(code=region).ancestor_codes()).values_list("code", "name"))
    return names


def _places(code: str, names: dict[str, str]) -> list[str]:
    """Code and name of the province, kab/kota, kecamatan and kelurahan of ``code`` (empty below its level)."""
    parts = code.split(".")
    cells = []
    for depth in range(1, 5):
        prefix = ".".join(parts[:depth]) if depth <= len(parts) else ""
        cells += [prefix, names.get(prefix, "") if prefix else ""]
    return cells


def _place_headers() -> list[str]:
    headers = []
    for level in LEVELS:
        headers += [f"kode_{level}", level]
    return headers


ACHIEVEMENT_HEADERS = [
    "pemerintah_daerah",
    "tahun",
    "semester",
    "periode",
    "kode_bidang",
    "bidang",
    "perangkat_daerah",
    "laporan_diharapkan",
    "laporan_masuk",
    "laporan_disetujui",
    "laporan_tepat_waktu",
    "anggaran_rencana",
    "anggaran_realisasi",
    "capaian_jumlah",
    "capaian_jumlah_aksi",
    "capaian_rata_rata",
    "capaian_disetujui_jumlah",
    "capaian_disetujui_jumlah_aksi",
]
PROGRAMME_HEADERS = ["pemerintah_daerah", "tahun", "semester", *ProgrammeRollup.PROGRAMME_NUMBERS]


def headers(request: Request) -> list[str]:
    data = ACHIEVEMENT_HEADERS if request.dataset == ACHIEVEMENT else PROGRAMME_HEADERS
    return [*_place_headers(), *data]


def rows(request: Request):
    """The export's rows (lists of cells), streamed from the database in chunks."""
    names = _names(request.region)
    if request.dataset == ACHIEVEMENT:
        queryset = ReportRollup.objects.filter(_semester_q(request))
        if request.region:
            queryset = queryset.filter(subtree_q("region__code", request.region))
        values = queryset.order_by(
            "region_id", "year", "semester", "period_id", "field__code", "agency__name"
        ).values_list(
            "region_id",
            "government__name",
            "year",
            "semester",
            "period__kind",
            "period__number",
            "field__code",
            "field__name",
            "agency__name",
            *ReportRollup.REPORT_NUMBERS,
        )
        for region_id, government, year, semester, kind, number, field_code, field, agency, *numbers in values.iterator(
            chunk_size=2000
        ):
            expected, submitted, approved, on_time, planned, realised, a_sum, a_count, ap_sum, ap_count = numbers
            period = f"B{6 * number:02d}" if kind == "semester" else f"T{number}"
            mean = round(a_sum / a_count, 1) if a_count else None
            yield [
                *_places(region_id, names),
                government,
                year,
                semester,
                period,
                field_code,
                field,
                agency,
                expected,
                submitted,
                approved,
                on_time,
                planned,
                realised,
                a_sum,
                a_count,
                mean,
                ap_sum,
                ap_count,
            ]
        return
    queryset = ProgrammeRollup.objects.filter(_semester_q(request))
    if request.region:
        queryset = queryset.filter(subtree_q("region__code", request.region))
    values = queryset.order_by("region_id", "year", "semester", "government_id").values_list(
        "region_id", "government__name", "year", "semester", *ProgrammeRollup.PROGRAMME_NUMBERS
    )
    for region_id, government, year, semester, *numbers in values.iterator(chunk_size=2000):
        yield [*_places(region_id, names), government, year, semester, *numbers]
