"""Reads of the coordination app, always through the user's scope.

Task forces and follow-ups use ``Scope.restrict`` with their ``scope_paths``. Meetings cannot: an agency reads
a meeting because it was *invited* (a many-to-many), attended it or owns one of its follow-ups, which
``ScopePaths`` (one agency path, joined) cannot express without duplicating rows; ``meeting_queryset`` writes
that rule out explicitly with ``IN (subquery)`` conditions, so a list stays one query and has no duplicates.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sinergi.coordination.models import (
    AgendaItem,
    Attendance,
    Composition,
    Decision,
    FollowUp,
    FollowUpEvidence,
    Meeting,
    Member,
    TaskForce,
)
from sinergi.core.models import AuditEntry
from sinergi.core.scope import scope_for, subtree_q

OPEN_STATUSES = (FollowUp.Status.OPEN, FollowUp.Status.IN_PROGRESS)
# A meeting without an end time is taken to last this long when looking for overlaps.
ASSUMED_DURATION = timedelta(hours=2)


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- task forces ---------------------------------------------------------------------------------------------


def task_force_list(*, user, government_id=None) -> QuerySet:
    qs = scope_for(user).restrict(TaskForce.objects.select_related("government", "region"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    return qs.annotate(composition_count=Count("compositions")).order_by("government_id", "region_id", "pk")


def task_force_get(*, user, pk) -> TaskForce:
    qs = TaskForce.objects.select_related("government", "region").annotate(composition_count=Count("compositions"))
    return scope_for(user).get(qs, pk=pk)


def _visible_task_forces(user):
    return scope_for(user).restrict(TaskForce.objects.all())


def compositions_of(task_force) -> QuerySet:
    return task_force.compositions.annotate(member_count=Count("members")).order_by("-valid_from", "-pk")


def current_composition(task_force, *, today=None):
    """The composition in force today (the latest started one not yet ended), or else the latest one."""
    today = today or timezone.localdate()
    compositions = task_force.compositions.order_by("-valid_from", "-pk")
    in_force = compositions.filter(valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return in_force.first() or compositions.first()


def composition_get(*, user, pk) -> Composition:
    qs = Composition.objects.filter(task_force__in=_visible_task_forces(user)).select_related(
        "task_force__government", "task_force__region"
    )
    return _get(qs, pk=pk)


def members_of(composition) -> QuerySet:
    return composition.members.select_related("agency").order_by("order", "pk")


def member_get(*, user, pk) -> Member:
    qs = Member.objects.filter(composition__task_force__in=_visible_task_forces(user)).select_related(
        "agency", "composition__task_force"
    )
    return _get(qs, pk=pk)


# --- meetings ------------------------------------------------------------------------------------------------


def _own_agency_ids(scope) -> set[int]:
    """Agencies whose meetings and follow-ups concern this user: their agency roles' and their area office's."""
    return {
        agency_id
        for agency_id, roles in scope.roles_by_agency.items()
        if roles & {"agency_operator", "agency_head", "area_operator"}
    }


def meeting_queryset(*, user) -> QuerySet:
    """Meetings the user may read.

    Government-wide roles read all meetings of their government, observers all meetings in their region subtree;
    agency roles (and area operators for their own office) read meetings their agency was invited to, attended
    or owns a follow-up of; area operators also read the meetings held for their kecamatan/kelurahan subtree.
    """
    scope = scope_for(user)
    qs = Meeting.objects.all()
    if scope.is_admin:
        return qs
    q = Q(government__in=scope.read_government_ids)
    for code in scope.observed_regions:
        q |= subtree_q("government__region", code)
    for government_id, code in scope.areas:
        q |= Q(government_id=government_id) & subtree_q("region", code)
    agencies = _own_agency_ids(scope)
    if agencies:
        invited = Meeting.invited_agencies.through.objects.filter(agency_id__in=agencies).values("meeting_id")
        attended = Attendance.objects.filter(agency_id__in=agencies).values("meeting_id")
        owning = FollowUp.objects.filter(agency_id__in=agencies).values("decision__meeting_id")
        q |= Q(pk__in=invited) | Q(pk__in=attended) | Q(pk__in=owning)
    return qs.filter(q)


def meeting_list(*, user, government_id=None, q: str = "", kind: str = "", status: str = "", year=None) -> QuerySet:
    qs = meeting_queryset(user=user).select_related("government", "region")
    if government_id:
        qs = qs.filter(government_id=government_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(letter_number__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(starts_at__year=year)
    return qs.annotate(
        headcount=Count("attendance", distinct=True), decision_count=Count("decisions", distinct=True)
    ).order_by("-starts_at", "-pk")


def meeting_get(*, user, pk) -> Meeting:
    qs = meeting_queryset(user=user).select_related("government__region", "region", "task_force", "created_by")
    lookup = {"pk": pk} if str(pk).isdigit() else {"public_id": pk}
    return _get(qs, **lookup)


def meeting_years(*, user, government_id) -> list[int]:
    dates = meeting_queryset(user=user).filter(government_id=government_id).dates("starts_at", "year", order="DESC")
    return [d.year for d in dates]


def meeting_overlaps(*, government_id, place: str, starts_at, ends_at=None, exclude_pk=None) -> list[Meeting]:
    """Other meetings of the same government in the same place (case and outer spaces ignored) at the same time."""
    place = (place or "").strip()
    if not place or starts_at is None:
        return []
    ends_at = ends_at or starts_at + ASSUMED_DURATION
    qs = (
        Meeting.objects.filter(government_id=government_id, place__iexact=place, starts_at__lt=ends_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(
            Q(ends_at__isnull=False, ends_at__gt=starts_at)
            | Q(ends_at__isnull=True, starts_at__gt=starts_at - ASSUMED_DURATION)
        )
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.order_by("starts_at", "pk"))


def overlap_warnings(meeting) -> list[str]:
    from django.utils.translation import gettext as _

    others = meeting_overlaps(
        government_id=meeting.government_id,
        place=meeting.place,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        exclude_pk=meeting.pk,
    )
    return [
        _("%(title)s is also in %(place)s at %(when)s.")
        % {
            "title": other.title,
            "place": other.place,
            "when": timezone.localtime(other.starts_at).strftime("%d-%m-%Y %H:%M"),
        }
        for other in others
    ]


def agenda_of(meeting) -> QuerySet:
    return meeting.agenda.order_by("order", "pk")


def attendance_of(meeting) -> QuerySet:
    return meeting.attendance.select_related("agency").order_by("pk")


def decisions_of(*, user, meeting) -> QuerySet:
    """The meeting's decisions, each with the follow-ups of it this user may read (one query for all)."""
    follow_ups = scope_for(user).restrict(FollowUp.objects.select_related("agency")).order_by("due_on", "pk")
    return (
        meeting.decisions.select_related("agenda_item")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups, to_attr="visible_follow_ups"))
        .order_by("order", "pk")
    )


def previous_follow_ups(*, user, meeting) -> QuerySet:
    """Follow-ups of the same government still open or in progress from meetings that started before this one."""
    return (
        follow_up_queryset(user=user)
        .filter(
            government_id=meeting.government_id,
            status__in=OPEN_STATUSES,
            decision__meeting__starts_at__lt=meeting.starts_at,
        )
        .exclude(decision__meeting=meeting)
        .order_by("due_on", "pk")
    )


def agenda_item_get(*, user, pk) -> AgendaItem:
    return _get(AgendaItem.objects.filter(meeting__in=meeting_queryset(user=user)).select_related("meeting"), pk=pk)


def attendance_get(*, user, pk) -> Attendance:
    return _get(Attendance.objects.filter(meeting__in=meeting_queryset(user=user)).select_related("meeting"), pk=pk)


def decision_get(*, user, pk) -> Decision:
    return _get(Decision.objects.filter(meeting__in=meeting_queryset(user=user)).select_related("meeting"), pk=pk)


def meeting_history(*, meeting) -> QuerySet:
    """The trail of the meeting and of its agenda items, attendance and decisions (as they are now)."""
    q = Q(content_type=ContentType.objects.get_for_model(Meeting), object_id=str(meeting.pk))
    for model, ids in (
        (AgendaItem, meeting.agenda.values_list("pk", flat=True)),
        (Attendance, meeting.attendance.values_list("pk", flat=True)),
        (Decision, meeting.decisions.values_list("pk", flat=True)),
    ):
        q |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in ids])
    return AuditEntry.objects.filter(q).select_related("actor", "content_type").order_by("-at", "-pk")


# --- follow-ups ----------------------------------------------------------------------------------------------


def follow_up_queryset(*, user) -> QuerySet:
    return scope_for(user).restrict(FollowUp.objects.select_related("agency", "decision__meeting"))


def follow_up_list(
    *,
    user,
    government_id=None,
    q: str = "",
    status: str = "",
    agency_id=None,
    overdue: bool = False,
    meeting_id=None,
    today=None,
) -> QuerySet:
    qs = follow_up_queryset(user=user)
    if government_id:
        qs = qs.filter(government_id=government_id)
    if q:
        qs = qs.filter(Q(description__icontains=q) | Q(decision__text__icontains=q))
    if status == "open_all":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today or timezone.localdate())
    if meeting_id:
        qs = qs.filter(decision__meeting_id=meeting_id)
    return qs.order_by("due_on", "pk")


def follow_up_get(*, user, pk) -> FollowUp:
    return _get(
        follow_up_queryset(user=user).select_related("government", "decision__meeting", "agency__region"), pk=pk
    )


def evidence_get(*, user, pk) -> FollowUpEvidence:
    qs = FollowUpEvidence.objects.filter(follow_up__in=follow_up_queryset(user=user)).select_related("follow_up")
    return _get(qs, public_id=pk)


def my_follow_ups(*, user, government_id, limit: int = 10) -> list[FollowUp]:
    """The open follow-ups of the agencies this user works for (their agency roles or their area office)."""
    agencies = _own_agency_ids(scope_for(user))
    if not agencies:
        return []
    qs = follow_up_list(user=user, government_id=government_id, status="open_all").filter(agency_id__in=agencies)
    return list(qs[:limit])
