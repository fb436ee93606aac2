"""The whole run: `generate` the synthetic governments (then rebuild the roll-ups), `remove` them, `count_rows`."""

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.demo.national.content import Context
from sinergi.demo.national.government import write_government
from sinergi.demo.national.plans import (
    GOVERNMENTS,
    PREFIX,
    USERNAME,
    YEARS,
    GovernmentPlan,
    government_plan,
    places_from,
    totals,
)
from sinergi.demo.national.writer import Writer
from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, ReportRollup
from sinergi.insights.rollups import rebuild_all
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import (
    Action,
    AgencySignoff,
    Indicator,
    NationalAction,
    NationalPlan,
    PlanComment,
    RegionalPlan,
    Target,
)
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
from sinergi.regions.models import Region
from sinergi.regions.services import regions_load
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
from sinergi.reporting.services import add_working_days

COMMIT_EVERY = 8  # governments per transaction


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
    return Government.objects.filter(name__startswith=f"{PREFIX} ")


def _say(progress, message: str) -> None:
    if progress is not None:
        progress(message)


def remove(progress=None) -> int:
    """Delete every synthetic government and everything that points at it, children first; returns the number of
    governments removed. Plain DELETEs by government (no per-row ORM work); the region roll-ups are rebuilt by the
    caller. Anything else that points at a synthetic government (added by hand) makes the deletion fail."""
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
    """Write the synthetic dataset (see the package's docstring), then rebuild the roll-ups; returns what it did."""
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
                write_government(writer, plan, ctx)
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
