"""The consolidated semester report: one plain data structure for "Laporan Pelaksanaan RAD P4GN", whatever format
renders it (``semester_report`` lays it out for the document engine).

``build_consolidated`` reads the period's reports in a fixed number of queries and computes achievement through
``selectors.period_achievement``, so the document's numbers are the board's and the API's. The official document
counts APPROVED reports only: every other action still has its table (plan budget and targets are the adopted
plan's), marked "Belum disetujui", without realisation, texts or evidence. A draft counts every report's current
values and says so on every page. The document is an official Indonesian report, so its words are Indonesian
here rather than going through the interface's translation catalogue.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from sinergi.documents.engine import ascii_slug
from sinergi.documents.rad_matrix import (
    Letterhead,
    Signatory,
    format_date,
    letterhead_of,
    region_parts,
    signatory_of,
)
from sinergi.reporting import selectors
from sinergi.reporting.models import Evidence, Period, Report, ReportStatus, ReportValue

# The coordination chapter (meetings, attendance, decisions) is coordination's: it registers its reader from its
# AppConfig.ready, ``read(government, starts_on, ends_on, *, today)``, so reporting imports no app above it.
_chapters: dict[str, Callable] = {}


def register_chapter(name: str, read: Callable) -> None:
    _chapters[name] = read


# The coordination chapter's tables.
MEETING_HEADINGS = ("No", "Tanggal", "Jenis", "Judul rapat", "Jumlah hadir")
ATTENDANCE_RATE_HEADINGS = ("No", "Perangkat daerah/instansi", "Diundang", "Hadir", "Tingkat kehadiran (%)")
DECISION_HEADINGS = ("No", "Rapat", "Keputusan", "Tindak lanjut selesai", "Terlambat")
WATERMARK = "DRAF — BELUM FINAL"
NOT_APPROVED = "Belum disetujui"
STATUS_TEXT = {
    ReportStatus.DRAFT: "Draf",
    ReportStatus.SUBMITTED: "Diajukan",
    ReportStatus.HEAD_APPROVED: "Disetujui kepala perangkat daerah",
    ReportStatus.RETURNED: "Dikembalikan untuk perbaikan",
    ReportStatus.APPROVED: "Disetujui",
}
EVIDENCE_TEXT = {
    "foto": "Foto",
    "daftar_hadir": "Daftar hadir",
    "notulen": "Notulen",
    "sk": "Surat keputusan",
    "surat": "Surat",
    "laporan": "Laporan",
    "lainnya": "Lainnya",
}
INDICATOR_HEADINGS = ("No", "Indikator", "Satuan", "Target s.d. periode", "Realisasi s.d. periode", "Capaian (%)")
COMPLETENESS_HEADINGS = (
    "No",
    "Perangkat daerah",
    "Batas waktu",
    "Wajib lapor",
    "Disampaikan",
    "Dikembalikan",
    "Disetujui",
    "Tepat waktu",
    "Terlambat",
    "Belum lapor",
)
EVIDENCE_HEADINGS = ("No", "Aksi/Kegiatan", "Nama berkas", "Jenis", "Tanggal unggah")


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of an action: its target and realisation to the end of the period, and the achievement."""

    name: str
    unit: str
    target: Decimal | None
    realised: Decimal | None
    percent: Decimal | None


@dataclass(frozen=True)
class ActionSection:
    """One action's table: its indicators, budgets, what was done, obstacles, follow-up and the report's status."""

    number: int
    title: str
    agency: str
    status: str
    counted: bool
    indicators: tuple[IndicatorRow, ...]
    percent: Decimal | None
    budget: int | None
    budget_realised: int | None
    narrative: str
    obstacles: str
    follow_up: str

    @property
    def heading(self) -> str:
        """E.g. "3. Sosialisasi bahaya narkoba (Dinas Pendidikan)"."""
        return f"{self.number}. {self.title} ({self.agency})"


@dataclass(frozen=True)
class FieldSection:
    """The actions of one field (bidang) with the field's achievement."""

    code: str
    name: str
    percent: Decimal | None
    actions: tuple[ActionSection, ...]

    @property
    def heading(self) -> str:
        """E.g. "Bidang 1. Pencegahan"."""
        return f"Bidang {self.code}. {self.name}"


@dataclass(frozen=True)
class Summary:
    """The government's achievement and how many reports were expected, submitted, approved, on time and late."""

    achievement: Decimal | None
    expected: int
    submitted: int
    approved: int
    on_time: int
    late: int
    budget: int
    budget_realised: int


@dataclass(frozen=True)
class CompletenessRow:
    """Annex A: one agency's (or the total's) completeness and timeliness."""

    number: int | None
    agency: str
    due_on: date | None
    expected: int
    submitted: int
    returned: int
    approved: int
    on_time: int
    late: int
    missing: int

    @property
    def counts(self) -> tuple[int, ...]:
        """The numbers under the headings from "Wajib lapor" on, in order; a returned report is not submitted."""
        return (self.expected, self.submitted, self.returned, self.approved, self.on_time, self.late, self.missing)


@dataclass(frozen=True)
class EvidenceRow:
    """Annex B: one evidence file of a counted report."""

    number: int
    action: str
    name: str
    kind: str
    uploaded_on: date


@dataclass(frozen=True)
class ConsolidatedReport:
    """The consolidated report of one period: letterhead, introduction, summary, fields, annexes, signature."""

    letterhead: Letterhead
    title: str
    subtitle: str
    introduction: tuple[str, ...]
    draft: bool
    note: str
    summary: Summary
    fields: tuple[FieldSection, ...]
    completeness: tuple[CompletenessRow, ...]
    completeness_total: CompletenessRow
    evidence: tuple[EvidenceRow, ...]
    coordination: object  # coordination.chapter.CoordinationChapter, read through the registered chapter
    signatory: Signatory
    filename_stem: str
    generated_on: date = field(default_factory=date.today)

    @property
    def watermark(self) -> str:
        """The text every page of a draft carries; empty for the official document."""
        return WATERMARK if self.draft else ""

    @property
    def action_count(self) -> int:
        """How many action tables the document holds."""
        return sum(len(f.actions) for f in self.fields)


def format_period_dates(starts_on: date, ends_on: date) -> str:
    """ "1 Januari – 30 Juni 2024": the year once when both dates fall in it."""
    if starts_on.year == ends_on.year:
        return f"{format_date(starts_on).rsplit(' ', 1)[0]} – {format_date(ends_on)}"
    return f"{format_date(starts_on)} – {format_date(ends_on)}"


def default_introduction(period: Period, full_name: str, reports: int, agencies: int) -> str:
    """The introduction used while the secretariat has not written one, from the plan and the period."""
    return (
        f"Laporan ini menyajikan pelaksanaan Rencana Aksi Daerah Pencegahan dan Pemberantasan Penyalahgunaan dan "
        f"Peredaran Gelap Narkotika dan Prekursor Narkotika (RAD P4GN) {full_name} {period.label} Tahun "
        f"{period.year}, periode {format_period_dates(period.starts_on, period.ends_on)}, sebagaimana direncanakan "
        f"dalam {period.plan.title}.\n\n"
        f"Laporan disusun dari {reports} laporan realisasi aksi yang disampaikan oleh {agencies} perangkat daerah "
        f"dan memuat capaian per bidang, pelaksanaan setiap aksi beserta kendala dan tindak lanjutnya, rapat "
        f"koordinasi Tim Terpadu P4GN beserta tindak lanjut keputusannya, kelengkapan dan ketepatan waktu pelaporan "
        f"(Lampiran A), serta daftar bukti dukung (Lampiran B)."
    )


def period_reports(period: Period) -> list[Report]:
    """Every report of the period with what the document needs, in a fixed number of queries."""
    values = Prefetch(
        "values", queryset=ReportValue.objects.select_related("indicator").order_by("indicator__order", "indicator_id")
    )
    evidence = Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
    reports = list(
        Report.objects.filter(period=period)
        .select_related("action__field", "agency")
        .prefetch_related(values, evidence)
        .order_by("action__field__order", "action__field__code", "action__order", "pk")
    )
    for report in reports:
        report.period = period
    return reports


def _money(value) -> int | None:
    return int(value) if value is not None else None


def build_consolidated(
    period: Period, *, draft: bool = False, progress: Callable[[int], None] | None = None
) -> ConsolidatedReport:
    """The consolidated report of ``period``: approved reports only, or with ``draft`` every report's values.

    ``progress`` (if given) is called with 0–100 as the fields are built, for a background job to show.
    """
    government = period.government
    full_name, short_name, _head = region_parts(government.region)
    reports = period_reports(period)
    result = selectors.period_achievement(period=period, reports=reports, approved_only=not draft)
    rows, total = selectors.period_completeness(period=period, reports=reports)
    by_field: dict[int, tuple] = {}
    for action_result in result.actions:
        field_ = action_result.report.action.field
        by_field.setdefault(field_.pk, (field_, []))[1].append(action_result)
    fields, evidence, number = [], [], 0
    budget = budget_realised = 0
    for index, (field_, field_results) in enumerate(by_field.values()):
        sections = []
        for action_result in field_results:
            number += 1
            report = action_result.report
            counted = draft or report.status == ReportStatus.APPROVED
            action = report.action
            indicators = tuple(
                IndicatorRow(
                    name=indicator.name,
                    unit=indicator.unit,
                    target=ach.target,
                    realised=ach.realised if counted else None,
                    percent=ach.percent if counted else None,
                )
                for indicator, ach in action_result.indicators
            )
            budget += action.budget or 0
            budget_realised += (report.budget_realised or 0) if counted else 0
            sections.append(
                ActionSection(
                    number=number,
                    title=action.title,
                    agency=report.agency.name,
                    status=STATUS_TEXT.get(report.status, report.status) if counted else NOT_APPROVED,
                    counted=counted,
                    indicators=indicators,
                    percent=action_result.percent if counted else None,
                    budget=_money(action.budget),
                    budget_realised=_money(report.budget_realised) if counted else None,
                    narrative=report.narrative if counted else "",
                    obstacles=report.obstacles if counted else "",
                    follow_up=report.follow_up if counted else "",
                )
            )
            if counted:
                first = len(evidence) + 1  # read once: extend() grows the list while the generator runs
                evidence.extend(
                    EvidenceRow(
                        number=first + i,
                        action=f"{number}. {action.title}",
                        name=item.name,
                        kind=EVIDENCE_TEXT.get(item.kind, item.kind),
                        uploaded_on=timezone.localtime(item.uploaded_at).date(),
                    )
                    for i, item in enumerate(report.evidence.all())
                )
        fields.append(
            FieldSection(
                code=field_.code, name=field_.name, percent=result.by_field.get(field_), actions=tuple(sections)
            )
        )
        if progress:
            progress(round(100 * (index + 1) / len(by_field)))
    completeness = tuple(
        CompletenessRow(
            number=i,
            agency=row.agency.name,
            due_on=row.due_on,
            expected=row.expected,
            submitted=row.submitted,
            returned=row.returned,
            approved=row.approved,
            on_time=row.on_time,
            late=row.late,
            missing=row.missing,
        )
        for i, row in enumerate(sorted(rows, key=lambda r: r.agency.name), start=1)
    )
    not_counted = sum(1 for f in fields for a in f.actions if not a.counted)
    if draft:
        note = "Draf: memuat data semua laporan, termasuk yang belum disetujui. Bukan dokumen resmi."
    elif not_counted:
        note = (
            f"Hanya laporan yang telah disetujui yang dihitung; {not_counted} aksi yang laporannya belum disetujui "
            f"ditampilkan tanpa realisasi."
        )
    else:
        note = ""
    today = timezone.localdate()
    suffix = "-DRAF" if draft else ""
    return ConsolidatedReport(
        letterhead=letterhead_of(government),
        title=f"Laporan Pelaksanaan RAD P4GN {full_name} {period}",
        subtitle=f"Periode {period.code}: {format_period_dates(period.starts_on, period.ends_on)}",
        introduction=tuple(
            paragraph.strip()
            for paragraph in (
                period.introduction.strip()
                or default_introduction(period, full_name, len(reports), len({r.agency_id for r in reports}))
            ).split("\n\n")
            if paragraph.strip()
        ),
        draft=draft,
        note=note,
        summary=Summary(
            achievement=result.government,
            expected=total.expected,
            submitted=total.submitted,
            approved=total.approved,
            on_time=total.on_time,
            late=total.late,
            budget=budget,
            budget_realised=budget_realised,
        ),
        fields=tuple(fields),
        completeness=completeness,
        completeness_total=CompletenessRow(
            number=None,
            agency="Jumlah",
            due_on=None,
            expected=total.expected,
            submitted=total.submitted,
            returned=total.returned,
            approved=total.approved,
            on_time=total.on_time,
            late=total.late,
            missing=total.missing,
        ),
        evidence=tuple(evidence),
        coordination=_chapters["coordination"](government, period.starts_on, period.ends_on, today=today),
        signatory=signatory_of(government, f"{short_name}, {format_date(today)}"),
        filename_stem=f"Laporan-RAD-P4GN-{ascii_slug(full_name)}-{period.code}-{period.year}{suffix}",
        generated_on=today,
    )
