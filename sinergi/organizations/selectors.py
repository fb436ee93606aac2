"""Reads of governments, agencies, users and memberships, always through the user's scope."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.core.audit import history_for as audit_history_for
from sinergi.core.models import AuditEntry
from sinergi.core.scope import scope_for
from sinergi.organizations.models import Agency, Government, Membership


def government_list(*, user) -> QuerySet:
    return scope_for(user).restrict(Government.objects.select_related("region")).order_by("region_id")


def government_get(*, user, pk) -> Government:
    return scope_for(user).get(Government.objects.select_related("region"), pk=pk)


def agency_list(
    *,
    user,
    government_id: int | None = None,
    q: str = "",
    kind: str = "",
    status: str = "current",
) -> QuerySet:
    qs = scope_for(user).restrict(Agency.objects.select_related("government", "region", "successor"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    today = timezone.localdate()
    if status == "current":
        qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    elif status == "ended":
        qs = qs.filter(valid_until__lt=today)
    return qs.order_by("government_id", "name", "pk")


def agency_get(*, user, pk) -> Agency:
    return scope_for(user).get(Agency.objects.select_related("government__region", "region", "successor"), pk=pk)


def _visible_users(user) -> QuerySet:
    scope = scope_for(user)
    if scope.is_admin:
        return User.objects.all()
    managed = scope.managed_government_ids
    return User.objects.filter(
        Q(pk=user.pk)
        | Q(government_id__in=managed)
        | Q(pk__in=Membership.objects.filter(government_id__in=managed).values("user_id"))
    )


def user_list(*, user, government_id: int | None = None, q: str = "", role: str = "", agency_id=None) -> QuerySet:
    qs = _visible_users(user)
    memberships = Membership.objects.select_related("agency", "government")
    if government_id:
        qs = qs.filter(
            Q(government_id=government_id)
            | Q(pk__in=Membership.objects.filter(government_id=government_id).values("user_id"))
        )
        memberships = memberships.filter(government_id=government_id)
    if role:
        qs = qs.filter(pk__in=Membership.objects.filter(role=role).values("user_id"))
    if agency_id:
        qs = qs.filter(pk__in=Membership.objects.filter(agency_id=agency_id).values("user_id"))
    if q:
        qs = qs.filter(
            Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q) | Q(nip__icontains=q)
        )
    return qs.prefetch_related(Prefetch("memberships", queryset=memberships)).order_by("full_name", "username", "pk")


def user_get(*, user, pk) -> User:
    try:
        return _visible_users(user).get(pk=pk)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def membership_list(*, user, government_id: int | None = None, user_id: int | None = None) -> QuerySet:
    """Memberships visible to ``user``: all of a managed government's, or one's own."""
    scope = scope_for(user)
    qs = Membership.objects.select_related("user", "agency", "government", "region")
    if not scope.is_admin:
        qs = qs.filter(Q(user=user) | Q(government_id__in=scope.managed_government_ids))
    if government_id:
        qs = qs.filter(government_id=government_id)
    if user_id:
        qs = qs.filter(user_id=user_id)
    return qs.order_by("government_id", "agency__name", "role", "pk")


def membership_get(*, user, pk) -> Membership:
    try:
        return membership_list(user=user).get(pk=pk)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# The audit trail of one object the caller has already found in scope (kept here too: views read it as a selector).
history_for = audit_history_for


def government_summary(*, government: Government) -> dict:
    counts = Agency.objects.filter(government=government).aggregate(
        current=Count("pk", filter=Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())),
        vertical=Count("pk", filter=Q(kind__in=Agency.VERTICAL_KINDS)),
    )
    regions = government.region.children.filter(is_current=True).aggregate(
        districts=Count("pk", distinct=True), villages=Count("children", filter=Q(children__is_current=True))
    )
    people = Membership.objects.filter(government=government).values("user_id").distinct().count()
    return {**counts, **regions, "people": people}


def person_history(*, person) -> QuerySet:
    """A person's trail: changes to their account and to their roles (kept after a role is removed)."""
    user_type = ContentType.objects.get_for_model(User)
    membership_type = ContentType.objects.get_for_model(Membership)
    return AuditEntry.objects.filter(
        Q(content_type=user_type, object_id=str(person.pk))
        | Q(content_type=membership_type) & (Q(after__user=person.pk) | Q(before__user=person.pk))
    ).select_related("actor", "content_type")
