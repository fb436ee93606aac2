"""Indicators fed by programme records: the value a RAD indicator's source computes for one report.

An indicator whose ``source`` is not ``manual`` is counted from the records of the report's government
(``report.government``, always) for the report's agency (``report.agency``, the action's responsible agency) and
period (``report.period.starts_on`` to ``report.period.ends_on``, both days included):

- ``event_count``: events with status *held* organised by the agency or with the agency as a partner, whose date
  (``starts_on``) lies in the period; ``source_filter["kinds"]`` keeps only those kinds, ``target_group`` only
  that target group.
- ``participants``: the sum of the participants of those same events (same filters).
- ``people_tested``: the sum of ``tested`` of the urine test campaigns carried out by the agency in the period
  (``target_group`` keeps only that group tested).
- ``active_volunteers``: active members of active volunteer groups, created on or before the period's last day.
  Whose groups: the agency's own; for an area agency (kecamatan/kelurahan office) also the groups located in its
  area; for the coordinating agency (the one whose people hold the secretariat role, usually Kesbangpol) every group
  of the government. Approximation: we do not keep activation history, so a member or group deactivated after the
  period is not counted for it (and one reactivated later is).
- ``villages_status``: kelurahan/desa of the government whose latest assessment of the period's year or an earlier
  year has ``source_filter["status"]``.
- ``villages_bersinar``: Bersinar programmes of the government with a step of ``source_filter["stage"]`` or a later
  stage done on or before the period's last day.

``compute_many`` answers many (indicator, report) pairs in at most one query per source family (events, urine
tests, volunteers with one more for the coordinating agencies, assessments, Bersinar steps), whatever their number,
so the report form and the consolidated report stay fast.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.organizations.models import Agency, Membership, Role
from sinergi.planning.models import IndicatorSource
from sinergi.programmes.models import (
    BersinarStage,
    BersinarStep,
    Event,
    TargetGroup,
    UrineTestCampaign,
    Volunteer,
    VulnerabilityAssessment,
    VulnerabilityStatus,
)

EVENT_SOURCES = {IndicatorSource.EVENT_COUNT, IndicatorSource.PARTICIPANTS}
# The filter keys each source understands; any other key is refused.
FILTER_KEYS = {
    IndicatorSource.MANUAL: set(),
    IndicatorSource.EVENT_COUNT: {"kinds", "target_group"},
    IndicatorSource.PARTICIPANTS: {"kinds", "target_group"},
    IndicatorSource.PEOPLE_TESTED: {"target_group"},
    IndicatorSource.ACTIVE_VOLUNTEERS: set(),
    IndicatorSource.VILLAGES_STATUS: {"status"},
    IndicatorSource.VILLAGES_BERSINAR: {"stage"},
}
REQUIRED_KEYS = {IndicatorSource.VILLAGES_STATUS: "status", IndicatorSource.VILLAGES_BERSINAR: "stage"}
RECORDS_SHOWN = 10


def is_computed(source: str) -> bool:
    return bool(source) and source != IndicatorSource.MANUAL


def clean_source_filter(source: str, source_filter) -> dict:
    """The filter, normalised (empty keys dropped, kinds sorted), or a ValidationError on ``source_filter``."""
    if source not in IndicatorSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    if source_filter in (None, ""):
        source_filter = {}
    if not isinstance(source_filter, dict):
        raise ValidationError({"source_filter": _("The filter is a JSON object.")})
    cleaned = {k: v for k, v in source_filter.items() if v not in (None, "", [])}
    errors = []
    unknown = sorted(set(cleaned) - FILTER_KEYS[source])
    if unknown:
        errors.append(_("Not used by this source: %(keys)s.") % {"keys": ", ".join(unknown)})
    if "kinds" in cleaned:
        kinds = cleaned["kinds"]
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, list) or any(k not in Event.Kind.values for k in kinds):
            errors.append(_("Unknown event kind; use %(choices)s.") % {"choices": ", ".join(Event.Kind.values)})
        else:
            cleaned["kinds"] = sorted(set(kinds))
    checks = (("target_group", TargetGroup), ("status", VulnerabilityStatus), ("stage", BersinarStage))
    for key, choices in checks:
        if key in cleaned and cleaned[key] not in choices.values:
            errors.append(_("Unknown %(key)s; use %(choices)s.") % {"key": key, "choices": ", ".join(choices.values)})
    required = REQUIRED_KEYS.get(source)
    if required and required not in cleaned:
        errors.append(_("Choose the %(key)s to count.") % {"key": required})
    if errors:
        raise ValidationError({"source_filter": errors})
    return cleaned


def describe(source: str, source_filter: dict) -> str:
    """What is counted, in words, for the plan and report pages."""
    if not is_computed(source):
        return ""
    parts = [IndicatorSource(source).label]
    source_filter = source_filter or {}
    if source_filter.get("kinds"):
        labels = dict(Event.Kind.choices)
        parts.append(", ".join(str(labels.get(k, k)) for k in source_filter["kinds"]))
    if source_filter.get("target_group"):
        parts.append(str(dict(TargetGroup.choices).get(source_filter["target_group"], source_filter["target_group"])))
    if source_filter.get("status"):
        parts.append(str(dict(VulnerabilityStatus.choices).get(source_filter["status"], source_filter["status"])))
    if source_filter.get("stage"):
        parts.append(str(dict(BersinarStage.choices).get(source_filter["stage"], source_filter["stage"])))
    return " — ".join(str(p) for p in parts)


@dataclass
class Record:
    """One record behind a computed value, as shown beside it."""

    on: date | None
    title: str
    amount: int | None = None
    url: str | None = None


@dataclass
class Computed:
    value: Decimal | None
    count: int = 0  # how many records were counted
    records: list[Record] = field(default_factory=list)  # the first RECORDS_SHOWN of them, newest first
    url: str | None = None  # a list of all of them, when there is one
    description: str = ""

    @property
    def more(self) -> int:
        return max(self.count - len(self.records), 0)


def compute(indicator, report) -> Computed:
    """The value ``indicator``'s source gives for ``report`` (``value`` None for a manual indicator)."""
    return compute_many([(indicator, report)])[(indicator.pk, report.pk)]


def compute_many(pairs) -> dict[tuple[int, int], Computed]:
    """Values for many (indicator, report) pairs, keyed by (indicator id, report id), in constant queries.

    Each report needs its ``period`` and may have ``agency`` loaded; nothing else is read per pair.
    """
    pairs = list(pairs)
    result: dict[tuple[int, int], Computed] = {}
    by_family = defaultdict(list)
    for indicator, report in pairs:
        if not is_computed(indicator.source):
            result[(indicator.pk, report.pk)] = Computed(value=None)
            continue
        family = "events" if indicator.source in EVENT_SOURCES else indicator.source
        by_family[family].append((indicator, report))
    handlers = {
        "events": _events,
        IndicatorSource.PEOPLE_TESTED: _urine_tests,
        IndicatorSource.ACTIVE_VOLUNTEERS: _volunteers,
        IndicatorSource.VILLAGES_STATUS: _villages_status,
        IndicatorSource.VILLAGES_BERSINAR: _villages_bersinar,
    }
    for family, items in by_family.items():
        for indicator, report, computed in handlers[family](items):
            computed.description = describe(indicator.source, indicator.source_filter)
            result[(indicator.pk, report.pk)] = computed
    return result


def _span(items):
    periods = [report.period for _i, report in items]
    return min(p.starts_on for p in periods), max(p.ends_on for p in periods)


def _finish(rows: list[tuple], value: Decimal, url: str | None = None) -> Computed:
    rows = sorted(rows, key=lambda r: r[0] or date.min, reverse=True)
    return Computed(value=value, count=len(rows), records=[Record(*r) for r in rows[:RECORDS_SHOWN]], url=url)


# --- events and participants ---------------------------------------------------------------------------------


def _events(items):
    agencies = {report.agency_id for _i, report in items}
    governments = {report.government_id for _i, report in items}
    start, end = _span(items)
    rows = (
        Event.objects.filter(status=Event.Status.HELD, government_id__in=governments, starts_on__range=(start, end))
        .filter(Q(agency_id__in=agencies) | Q(partner_agencies__in=agencies))
        .values_list(
            "pk", "government_id", "agency_id", "partner_agencies", "kind", "target_group", "participants", "starts_on",
            "title",
        )
    )  # fmt: skip
    events, agencies_of = {}, defaultdict(set)
    for pk, government_id, agency_id, partner_id, kind, group, participants, starts_on, title in rows:
        events[pk] = (government_id, kind, group, participants, starts_on, title)
        agencies_of[pk].add(agency_id)
        if partner_id:
            agencies_of[pk].add(partner_id)
    for indicator, report in items:
        period, flt = report.period, indicator.source_filter or {}
        kinds, group = set(flt.get("kinds") or []), flt.get("target_group")
        chosen = [
            (pk, e)
            for pk, e in events.items()
            if e[0] == report.government_id
            and report.agency_id in agencies_of[pk]
            and period.starts_on <= e[4] <= period.ends_on
            and (not kinds or e[1] in kinds)
            and (not group or e[2] == group)
        ]
        if indicator.source == IndicatorSource.PARTICIPANTS:
            value = sum(e[3] for _pk, e in chosen)
        else:
            value = len(chosen)
        query = {"status": Event.Status.HELD, "agency": report.agency_id, "dari": period.starts_on.isoformat()}
        query["sampai"] = period.ends_on.isoformat()
        if group:
            query["target_group"] = group
        url = (
            reverse("programmes:event_list") + "?" + urlencode([*query.items(), *(("kind", k) for k in sorted(kinds))])
        )
        records = [(e[4], e[5], e[3], reverse("programmes:event_detail", args=[pk])) for pk, e in chosen]
        yield indicator, report, _finish(records, Decimal(value), url)


# --- urine tests ---------------------------------------------------------------------------------------------


def _urine_tests(items):
    agencies = {report.agency_id for _i, report in items}
    start, end = _span(items)
    campaigns = list(
        UrineTestCampaign.objects.filter(agency_id__in=agencies, held_on__range=(start, end))
        .select_related("host_agency")
        .only("government_id", "agency_id", "held_on", "group", "tested", "host_name", "host_agency__name")
    )
    for indicator, report in items:
        period, group = report.period, (indicator.source_filter or {}).get("target_group")
        chosen = [
            c
            for c in campaigns
            if c.government_id == report.government_id
            and c.agency_id == report.agency_id
            and period.starts_on <= c.held_on <= period.ends_on
            and (not group or c.group == group)
        ]
        records = [(c.held_on, c.host, c.tested, None) for c in chosen]
        url = reverse("programmes:urine_test_list")
        yield indicator, report, _finish(records, Decimal(sum(c.tested for c in chosen)), url)


# --- volunteers ----------------------------------------------------------------------------------------------


def _end_of(day: date) -> datetime:
    """The first instant after ``day`` in the current time zone, for comparing with creation times."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _volunteers(items):
    governments = {report.government_id for _i, report in items}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in={r.agency_id for _i, r in items})}
    coordinators = set(
        Membership.objects.filter(government_id__in=governments, role=Role.SECRETARIAT).values_list(
            "agency_id", flat=True
        )
    )
    latest_end = max(report.period.ends_on for _i, report in items)
    members = list(
        Volunteer.objects.filter(
            government_id__in=governments,
            is_active=True,
            group__is_active=True,
            created_at__lt=_end_of(latest_end),
            group__created_at__lt=_end_of(latest_end),
        ).values_list(
            "government_id", "group__agency_id", "group__region_id", "group__name", "name", "created_at",
            "group__created_at",
        )
    )  # fmt: skip
    for indicator, report in items:
        agency = agencies[report.agency_id]
        whole = agency.pk in coordinators
        area = agency.region_id if agency.kind in agency.AREA_KINDS and agency.region_id else None
        limit = _end_of(report.period.ends_on)

        def belongs(group_agency, group_region, agency=agency, whole=whole, area=area):
            if whole or group_agency == agency.pk:
                return True
            return bool(area and group_region and (group_region == area or group_region.startswith(area + ".")))

        chosen = [
            m for m in members if m[0] == report.government_id and m[5] < limit and m[6] < limit and belongs(m[1], m[2])
        ]
        records = [(timezone.localtime(m[5]).date(), f"{m[4]} ({m[3]})", None, None) for m in chosen]
        yield indicator, report, _finish(records, Decimal(len(chosen)))


# --- villages ------------------------------------------------------------------------------------------------


def _villages_status(items):
    governments = {report.government_id for _i, report in items}
    latest_year = max(report.period.year for _i, report in items)
    assessments = list(
        VulnerabilityAssessment.objects.filter(government_id__in=governments, year__lte=latest_year)
        .order_by("region_id", "year")
        .values_list("government_id", "region_id", "region__name", "year", "status", "assessed_on")
    )
    for indicator, report in items:
        year, wanted = report.period.year, (indicator.source_filter or {}).get("status")
        latest = {}
        for row in assessments:  # ordered by region and year: the last one kept is the latest
            if row[0] == report.government_id and row[3] <= year:
                latest[row[1]] = row
        chosen = [row for row in latest.values() if row[4] == wanted]
        records = [(row[5], f"{row[2]} ({row[3]})", None, None) for row in chosen]
        yield indicator, report, _finish(records, Decimal(len(chosen)))


def _villages_bersinar(items):
    governments = {report.government_id for _i, report in items}
    latest_end = max(report.period.ends_on for _i, report in items)
    steps = list(
        BersinarStep.objects.filter(programme__government_id__in=governments, done_on__lte=latest_end).values_list(
            "programme__government_id", "programme_id", "programme__region__name", "stage", "done_on"
        )
    )
    for indicator, report in items:
        wanted = BersinarStage.order((indicator.source_filter or {}).get("stage", ""))
        reached: dict[int, tuple] = {}
        for government_id, programme_id, name, stage, done_on in steps:
            if government_id != report.government_id or done_on > report.period.ends_on:
                continue
            if BersinarStage.order(stage) >= wanted:
                first = reached.get(programme_id)
                if first is None or done_on < first[0]:
                    reached[programme_id] = (done_on, name)
        records = [(on, name, None, None) for on, name in reached.values()]
        yield indicator, report, _finish(records, Decimal(len(reached)))
