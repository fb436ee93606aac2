"""Reads of the programmes app, always through the user's scope."""

from django.db.models import Q, QuerySet

from sinergi.core.scope import scope_for, subtree_q
from sinergi.programmes.models import Event, UrineTestCampaign


def event_list(*, user, government_id=None, q: str = "", kind: str = "", status: str = "", within: str = "", year=None):
    qs = scope_for(user).restrict(Event.objects.select_related("agency", "region", "action"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(address__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
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


def volunteer_list(*, user, government_id=None, group_id=None, q: str = "", active: str = "") -> QuerySet:
    from sinergi.programmes.models import Volunteer

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
    from sinergi.programmes.models import VulnerabilityAssessment

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
    from sinergi.programmes.models import VulnerabilityAssessment

    rows = list(assessments)
    keys = {(a.region_id, a.year - 1) for a in rows}
    earlier = VulnerabilityAssessment.objects.filter(
        region_id__in={r for r, _y in keys}, year__in={y for _r, y in keys}
    ).values_list("region_id", "year", "status")
    known = {(r, y): s for r, y, s in earlier}
    return {(a.region_id, a.year): known.get((a.region_id, a.year - 1)) for a in rows}


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
    from sinergi.programmes.models import Volunteer

    return scope_for(user).get(
        Volunteer.objects.select_related("government", "group", "group__agency", "region"), pk=pk
    )


def trainings_of(volunteer) -> QuerySet:
    from sinergi.programmes.models import TrainingRecord

    return TrainingRecord.objects.filter(volunteer=volunteer).select_related("event")


def training_get(*, user, pk):
    """A training record, found through its volunteer: 404 for anyone who may not see the volunteer."""
    from django.http import Http404

    from sinergi.programmes.models import TrainingRecord

    training = TrainingRecord.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if training is None:
        raise Http404
    training.volunteer = volunteer_get(user=user, pk=training.volunteer_id)
    return training


# --- event evidence ------------------------------------------------------------------------------------------


def event_evidence_get(*, user, pk):
    """Event evidence is found through its event, so only those who may see the event can download it."""
    from django.http import Http404

    from sinergi.programmes.models import EventEvidence

    evidence = EventEvidence.objects.filter(public_id=pk).first()
    if evidence is None:
        raise Http404
    evidence.event = event_get(user=user, pk=evidence.event_id)
    return evidence


# --- assessments ---------------------------------------------------------------------------------------------


def assessment_get(*, user, pk):
    from sinergi.programmes.models import VulnerabilityAssessment

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
