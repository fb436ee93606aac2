"""Reads of the programmes app, always through the user's scope."""

from django.db.models import Q, QuerySet

from sinergi.core.scope import scope_for, subtree_q
from sinergi.programmes.models import (
    Event,
    EventEvidence,
    TrainingRecord,
    UrineTestCampaign,
    Volunteer,
    VolunteerGroup,
    VulnerabilityAssessment,
)


def event_list(
    *,
    user,
    government_id=None,
    q: str = "",
    kind: str | list = "",
    status: str = "",
    within: str = "",
    year=None,
    agency_id=None,
    date_from=None,
    date_to=None,
    target_group: str = "",
):
    """Events in scope; ``agency_id`` keeps those the agency organised or partnered (as computed indicators count)."""
    qs = scope_for(user).restrict(Event.objects.select_related("agency", "region", "action"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(address__icontains=q))
    if kind:
        qs = qs.filter(kind__in=kind) if isinstance(kind, list) else qs.filter(kind=kind)
    if agency_id:
        qs = qs.filter(Q(agency_id=agency_id) | Q(partner_agencies=agency_id)).distinct()
    if date_from:
        qs = qs.filter(starts_on__gte=date_from)
    if date_to:
        qs = qs.filter(starts_on__lte=date_to)
    if target_group:
        qs = qs.filter(target_group=target_group)
    if status:
        qs = qs.filter(status=status)
    if within:
        qs = qs.filter(subtree_q("region", within))
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs.prefetch_related("partner_agencies").order_by("-starts_on", "-pk")


def event_get(*, user, pk) -> Event:
    lookup = {"public_id": pk} if not str(pk).isdigit() else {"pk": pk}
    return scope_for(user).get(Event.objects.select_related("agency", "region", "government"), **lookup)


def urine_test_list(*, user, government_id=None, year=None, agency_id=None, q: str = "") -> QuerySet:
    qs = scope_for(user).restrict(UrineTestCampaign.objects.select_related("agency", "host_agency"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if year:
        qs = qs.filter(held_on__year=year)
    if agency_id:
        qs = qs.filter(Q(agency_id=agency_id) | Q(host_agency_id=agency_id))
    if q:
        qs = qs.filter(Q(host_name__icontains=q) | Q(host_agency__name__icontains=q) | Q(agency__name__icontains=q))
    return qs.order_by("-held_on", "-pk")


def urine_test_totals(campaigns: QuerySet) -> list[dict]:
    """Campaigns, people tested, positive and referred per testing agency, for the campaigns given (one query)."""
    from django.db.models import Count, Sum

    return list(
        campaigns.order_by()
        .values("agency__name")
        .annotate(campaigns=Count("pk"), tested=Sum("tested"), positive=Sum("positive"), referred=Sum("referred"))
        .order_by("agency__name")
    )


def urine_test_agencies(*, user, government_id) -> list[tuple[int, str]]:
    """The testing agencies of the campaigns the user may see (id, name), for the list's filter."""
    rows = urine_test_list(user=user, government_id=government_id).order_by("agency__name")
    return list(rows.values_list("agency_id", "agency__name").distinct())


def urine_test_years(*, user, government_id) -> list[int]:
    dates = urine_test_list(user=user, government_id=government_id).dates("held_on", "year", order="DESC")
    return [d.year for d in dates]


def urine_test_get(*, user, pk) -> UrineTestCampaign:
    return scope_for(user).get(UrineTestCampaign.objects.select_related("agency", "host_agency", "government"), pk=pk)


def volunteer_group_list(*, user, government_id=None) -> QuerySet:
    qs = scope_for(user).restrict(VolunteerGroup.objects.select_related("region", "agency"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    return qs.order_by("name", "pk")


def volunteer_group_get(*, user, pk):
    return scope_for(user).get(VolunteerGroup.objects.select_related("government", "region", "agency"), pk=pk)


def volunteer_list(*, user, government_id=None, group_id=None, q: str = "", active: str = "") -> QuerySet:
    qs = scope_for(user).restrict(Volunteer.objects.select_related("group", "region"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if group_id:
        qs = qs.filter(group_id=group_id)
    if q:
        qs = qs.filter(name__icontains=q)
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("name", "pk")


def assessment_list(
    *, user, government_id=None, year=None, within: str = "", q: str = "", status: str = ""
) -> QuerySet:
    qs = scope_for(user).restrict(VulnerabilityAssessment.objects.select_related("region"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if year:
        qs = qs.filter(year=year)
    if within:
        qs = qs.filter(subtree_q("region", within))
    if q:
        qs = qs.filter(region__name__icontains=q)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("region_id", "-year")


def previous_statuses(assessments) -> dict:
    """{(region code, year): the status of the year before}, in one query, for the change from year to year."""
    rows = list(assessments)
    keys = {(a.region_id, a.year - 1) for a in rows}
    earlier = VulnerabilityAssessment.objects.filter(
        region_id__in={r for r, _y in keys}, year__in={y for _r, y in keys}
    ).values_list("region_id", "year", "status")
    known = {(r, y): s for r, y, s in earlier}
    return {(a.region_id, a.year): known.get((a.region_id, a.year - 1)) for a in rows}


# --- Kelurahan Bersinar ---------------------------------------------------------------------------------------

# Imported here so that this section stays self-contained.
from dataclasses import dataclass, field  # noqa: E402
from datetime import date  # noqa: E402

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db.models import Count, OuterRef, Prefetch, Subquery  # noqa: E402
from django.http import Http404  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from sinergi.core.models import AuditEntry  # noqa: E402
from sinergi.organizations.selectors import history_for  # noqa: E402
from sinergi.programmes.models import (  # noqa: E402
    BersinarDocument,
    BersinarProgramme,
    BersinarStage,
    BersinarStep,
    PokjaMember,
    VulnerabilityStatus,
)
from sinergi.regions.models import Region  # noqa: E402
from sinergi.regions.text import normalize_name  # noqa: E402

NOT_STARTED = "none"


def bersinar_list(*, user, government_id=None, stage: str = "", q: str = "", within: str = "") -> QuerySet:
    qs = scope_for(user).restrict(BersinarProgramme.objects.select_related("region", "region__parent"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if stage:
        qs = qs.filter(stage="" if stage == NOT_STARTED else stage)
    if q:
        qs = qs.filter(region__search_name__contains=normalize_name(q))
    if within:
        qs = qs.filter(subtree_q("region", within))
    return qs.prefetch_related(
        "steps",
        Prefetch("volunteer_groups", queryset=VolunteerGroup.objects.only("pk")),
        Prefetch("events", queryset=Event.objects.only("pk")),
    ).order_by("region_id")


def bersinar_get(*, user, pk) -> BersinarProgramme:
    return scope_for(user).get(
        BersinarProgramme.objects.select_related("government", "government__region", "region", "region__parent"),
        pk=pk,
    )


def bersinar_document_get(*, user, pk) -> BersinarDocument:
    """A document is found through its programme, so only those who may see the programme can download it."""
    document = BersinarDocument.objects.filter(public_id=pk).first() if pk else None
    if document is None:
        raise Http404
    document.programme = bersinar_get(user=user, pk=document.programme_id)
    return document


def pokja_member_get(*, user, pk) -> PokjaMember:
    member = PokjaMember.objects.filter(pk=pk).select_related("agency").first()
    if member is None:
        raise Http404
    member.programme = bersinar_get(user=user, pk=member.programme_id)
    return member


def bersinar_history(programme) -> QuerySet:
    """The programme's trail with its stages, documents and Pokja members (also those removed since)."""
    parts = ContentType.objects.get_for_models(BersinarStep, BersinarDocument, PokjaMember).values()
    return (
        AuditEntry.objects.filter(
            Q(pk__in=history_for(obj=programme).values("pk"))
            | Q(content_type__in=parts) & (Q(after__programme=programme.pk) | Q(before__programme=programme.pk))
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )


def bersinar_villages(*, user, government) -> QuerySet:
    """The kelurahan/desa of a regency or city government whose Bersinar records this user may read."""
    villages = Region.objects.filter(level=Region.Level.VILLAGE, is_current=True).filter(
        subtree_q("code", government.region_id)
    )
    if government.region.level != Region.Level.REGENCY:
        return villages.none()
    scope = scope_for(user)
    root = government.region_id
    if (
        scope.is_admin
        or government.pk in scope.read_government_ids
        or any(root == code or root.startswith(code + ".") for code in scope.observed_regions)
    ):
        return villages
    areas = [code for government_id, code in scope.areas if government_id == government.pk]
    if not areas:
        return villages.none()
    condition = subtree_q("code", areas[0])
    for area in areas[1:]:
        condition |= subtree_q("code", area)
    return villages.filter(condition)


@dataclass
class BoardRow:
    region: Region
    programme_id: int | None = None
    stage: str = ""
    named_on: date | None = None
    volunteers: int = 0
    events: int = 0
    vulnerability: str = ""
    vulnerability_year: int | None = None

    @property
    def stage_order(self) -> int:
        return BersinarStage.order(self.stage)

    @property
    def stage_label(self) -> str:
        return BersinarStage(self.stage).label if self.stage else ""

    @property
    def progress(self) -> list[tuple[str, bool]]:
        """(stage label, reached) for the six stages, for the progress bar."""
        return [(label, index < self.stage_order) for index, label in enumerate(BersinarStage.labels)]

    @property
    def vulnerability_label(self) -> str:
        return VulnerabilityStatus(self.vulnerability).label if self.vulnerability else ""


@dataclass
class Board:
    government: object
    year: int
    rows: list[BoardRow] = field(default_factory=list)  # after the filters
    total: int = 0
    summary: list[tuple[str, str, int]] = field(default_factory=list)  # (stage, label, villages at that stage)

    @property
    def districts(self) -> list[tuple[Region, list[BoardRow]]]:
        groups: dict[str, tuple[Region, list[BoardRow]]] = {}
        for row in self.rows:
            groups.setdefault(row.region.parent_id, (row.region.parent, []))[1].append(row)
        return list(groups.values())


def bersinar_board(*, user, government, year: int | None = None, stage: str = "", q: str = "") -> Board:
    """Every kelurahan/desa of the government in the user's scope with its Bersinar stage, active volunteers in
    its linked groups, events held there (or linked) this year and latest vulnerability status.

    Six queries whatever the number of villages: villages, programmes, volunteers, events placed in the villages,
    linked events, latest assessments; all grouped in Python.
    """
    year = year or timezone.localdate().year
    villages = list(bersinar_villages(user=user, government=government).select_related("parent").order_by("code"))
    board = Board(government=government, year=year, total=len(villages))
    if not villages:
        board.summary = _board_summary([])
        return board
    programmes = {
        p["region_id"]: p
        for p in BersinarProgramme.objects.filter(government=government).values("pk", "region_id", "stage", "named_on")
    }
    volunteers = dict(
        Volunteer.objects.filter(is_active=True, group__bersinarprogramme__government=government)
        .values("group__bersinarprogramme__region_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("group__bersinarprogramme__region_id", "n")
    )
    events: dict[str, set[int]] = {}
    held = {"status": Event.Status.HELD, "starts_on__year": year}
    for pk, code in Event.objects.filter(government=government, region__level=Region.Level.VILLAGE, **held).values_list(
        "pk", "region_id"
    ):
        events.setdefault(code, set()).add(pk)
    links = BersinarProgramme.events.through.objects.filter(
        bersinarprogramme__government=government, **{f"event__{k}": v for k, v in held.items()}
    )
    for pk, code in links.values_list("event_id", "bersinarprogramme__region_id"):
        events.setdefault(code, set()).add(pk)
    latest_year = VulnerabilityAssessment.objects.filter(region=OuterRef("region")).order_by("-year").values("year")[:1]
    assessments = {
        code: (status, assessed_year)
        for code, status, assessed_year in VulnerabilityAssessment.objects.filter(
            government=government, year=Subquery(latest_year)
        ).values_list("region_id", "status", "year")
    }
    rows = []
    for village in villages:
        programme = programmes.get(village.code)
        status, assessed_year = assessments.get(village.code, ("", None))
        rows.append(
            BoardRow(
                region=village,
                programme_id=programme["pk"] if programme else None,
                stage=programme["stage"] if programme else "",
                named_on=programme["named_on"] if programme else None,
                volunteers=volunteers.get(village.code, 0),
                events=len(events.get(village.code, ())),
                vulnerability=status,
                vulnerability_year=assessed_year,
            )
        )
    board.summary = _board_summary(rows)
    if stage == NOT_STARTED:
        rows = [r for r in rows if r.programme_id is None]
    elif stage == "started":
        rows = [r for r in rows if r.programme_id is not None and not r.stage]
    elif stage:
        rows = [r for r in rows if r.stage == stage]
    if q:
        wanted = normalize_name(q)
        rows = [r for r in rows if wanted in r.region.search_name or wanted in r.region.parent.search_name]
    board.rows = rows
    return board


def _board_summary(rows: list[BoardRow]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        key = NOT_STARTED if row.programme_id is None else (row.stage or "started")
        counts[key] = counts.get(key, 0) + 1
    return [
        (NOT_STARTED, _("Not started"), counts.get(NOT_STARTED, 0)),
        ("started", _("Started, no stage yet"), counts.get("started", 0)),
        *[(value, label, counts.get(value, 0)) for value, label in BersinarStage.choices],
    ]


# --- volunteers ----------------------------------------------------------------------------------------------


def volunteer_groups(
    *, user, government_id=None, q: str = "", kind: str = "", region: str = "", active: str = ""
) -> QuerySet:
    """Volunteer groups in scope with the number of active members, filtered as the list page asks."""
    from django.db.models import Count

    qs = volunteer_group_list(user=user, government_id=government_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(sk_number__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(subtree_q("region", region))
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.annotate(active_members=Count("members", filter=Q(members__is_active=True)))


def volunteer_get(*, user, pk):
    return scope_for(user).get(
        Volunteer.objects.select_related("government", "group", "group__agency", "region"), pk=pk
    )


def trainings_of(volunteer) -> QuerySet:
    return TrainingRecord.objects.filter(volunteer=volunteer).select_related("event")


def training_get(*, user, pk):
    """A training record, found through its volunteer: 404 for anyone who may not see the volunteer."""
    from django.http import Http404

    training = TrainingRecord.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if training is None:
        raise Http404
    training.volunteer = volunteer_get(user=user, pk=training.volunteer_id)
    return training


# --- event evidence ------------------------------------------------------------------------------------------


def event_evidence_get(*, user, pk):
    """Event evidence is found through its event, so only those who may see the event can download it."""
    from django.http import Http404

    evidence = EventEvidence.objects.filter(public_id=pk).first()
    if evidence is None:
        raise Http404
    evidence.event = event_get(user=user, pk=evidence.event_id)
    return evidence


# --- assessments ---------------------------------------------------------------------------------------------


def assessment_get(*, user, pk):
    return scope_for(user).get(
        VulnerabilityAssessment.objects.select_related("government", "region", "assessor"), pk=pk
    )


def can_read_area(*, user, government, code: str) -> bool:
    """Whether the user reads the data located at ``code`` (a kelurahan of ``government``)."""
    scope = scope_for(user)
    if scope.is_admin or government.pk in scope.read_government_ids:
        return True
    if any(government.region_id == r or government.region_id.startswith(r + ".") for r in scope.observed_regions):
        return True
    return any(g == government.pk and (code == a or code.startswith(a + ".")) for g, a in scope.areas)
