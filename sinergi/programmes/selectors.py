"""Reads of the programmes app, always through the user's scope."""

from django.db.models import Q, QuerySet

from sinergi.core.scope import scope_for, subtree_q
from sinergi.programmes.models import Event, UrineTestCampaign


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


def urine_test_list(*, user, government_id=None, year=None) -> QuerySet:
    qs = scope_for(user).restrict(UrineTestCampaign.objects.select_related("agency", "host_agency"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.order_by("-held_on", "-pk")


def urine_test_get(*, user, pk) -> UrineTestCampaign:
    return scope_for(user).get(UrineTestCampaign.objects.select_related("agency", "host_agency"), pk=pk)


def volunteer_group_list(*, user, government_id=None) -> QuerySet:
    from sinergi.programmes.models import VolunteerGroup

    qs = scope_for(user).restrict(VolunteerGroup.objects.select_related("region", "agency"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    return qs.order_by("name", "pk")


def volunteer_group_get(*, user, pk):
    from sinergi.programmes.models import VolunteerGroup

    return scope_for(user).get(VolunteerGroup.objects.select_related("government", "region", "agency"), pk=pk)


def volunteer_list(*, user, government_id=None, group_id=None, q: str = "") -> QuerySet:
    from sinergi.programmes.models import Volunteer

    qs = scope_for(user).restrict(Volunteer.objects.select_related("group", "region"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if group_id:
        qs = qs.filter(group_id=group_id)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("name", "pk")


def assessment_list(*, user, government_id=None, year=None, within: str = "") -> QuerySet:
    from sinergi.programmes.models import VulnerabilityAssessment

    qs = scope_for(user).restrict(VulnerabilityAssessment.objects.select_related("region"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if year:
        qs = qs.filter(year=year)
    if within:
        qs = qs.filter(subtree_q("region", within))
    return qs.order_by("region_id", "-year")


def previous_statuses(assessments) -> dict:
    """{(region code, year): the status of the year before}, in one query, for the change from year to year."""
    from sinergi.programmes.models import VulnerabilityAssessment

    rows = list(assessments)
    keys = {(a.region_id, a.year - 1) for a in rows}
    earlier = VulnerabilityAssessment.objects.filter(
        region_id__in={r for r, _y in keys}, year__in={y for _r, y in keys}
    ).values_list("region_id", "year", "status")
    known = {(r, y): s for r, y, s in earlier}
    return {(a.region_id, a.year): known.get((a.region_id, a.year - 1)) for a in rows}
