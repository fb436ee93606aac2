"""The one scoping mechanism: what a user may see, applied to every list and object lookup in pages and API.

A user's memberships decide their scope:

- secretariat, reviewer and leader read everything of their government (the secretariat also manages it);
- agency_operator and agency_head read their own agency's data;
- area_operator reads the data located in their kecamatan/kelurahan subtree of their government;
- observer reads, never writes, every government whose region lies in their region subtree;
- every member sees the government they belong to; platform administrators see everything.

Models that hold tenant data declare where these facts live with ``scope_paths``; ``Scope.restrict`` turns
that into one ``WHERE`` clause, so an out-of-scope object is simply not found (404), never shown.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

GOVERNMENT_WIDE_ROLES = frozenset({"secretariat", "reviewer", "leader"})
MANAGING_ROLES = frozenset({"secretariat"})
AGENCY_ROLES = frozenset({"agency_operator", "agency_head"})
AREA_ROLES = frozenset({"area_operator"})
OBSERVER_ROLES = frozenset({"observer"})


@dataclass(frozen=True)
class ScopePaths:
    """Where a model keeps its government, agency and region, as ORM paths."""

    government: str = "government"
    government_region: str = "government__region"
    agency: str | None = None
    region: str | None = None
    # Rows every member of the government may read (the government itself, its agency directory).
    members_see_all: bool = False


def subtree_q(path: str, code: str) -> Q:
    """Rows whose region at ``path`` is ``code`` or lies below it.

    Kemendagri codes are dotted with fixed-width parts, so a subtree is a key range ("18.72" .. "18.72/"), which
    both SQLite and PostgreSQL answer from the primary-key index; LIKE 'x%' would not use it on SQLite.
    """
    return Q(**{path: code}) | Q(**{f"{path}__gt": code + ".", f"{path}__lt": code + "/"})


@dataclass
class Scope:
    """What one user may see and manage, computed once per request from their memberships."""

    user_id: int | None = None
    is_admin: bool = False
    read_government_ids: set[int] = field(default_factory=set)
    managed_government_ids: set[int] = field(default_factory=set)
    member_government_ids: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)
    areas: list[tuple[int, str]] = field(default_factory=list)
    observed_regions: list[str] = field(default_factory=list)
    roles_by_government: dict[int, set[str]] = field(default_factory=dict)
    roles_by_agency: dict[int, set[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.is_admin or self.member_government_ids or self.observed_regions)

    def roles_in(self, government_id: int | None) -> set[str]:
        return self.roles_by_government.get(government_id, set())

    def has_agency_role(self, agency_id: int | None, role: str) -> bool:
        return role in self.roles_by_agency.get(agency_id, set())

    def can_manage(self, government_id: int | None) -> bool:
        return self.is_admin or government_id in self.managed_government_ids

    def reads_government(self, government) -> bool:
        """Whether this user reads *everything* of ``government`` (government-wide roles, observers of its region,
        administrators): aggregate views over all its agencies are for them alone."""
        if self.is_admin or government.pk in self.read_government_ids:
            return True
        code = government.region_id
        return any(code == root or code.startswith(root + ".") for root in self.observed_regions)

    def restrict(self, queryset: QuerySet, *, manage: bool = False) -> QuerySet:
        """Only the rows of ``queryset`` this user may read (or, with ``manage``, change)."""
        if self.is_admin:
            return queryset
        paths: ScopePaths = queryset.model.scope_paths
        if manage:
            return queryset.filter(**{f"{paths.government}__in": self.managed_government_ids})
        q = Q(**{f"{paths.government}__in": self.read_government_ids})
        if paths.members_see_all:
            q |= Q(**{f"{paths.government}__in": self.member_government_ids})
        if paths.agency and self.agency_ids:
            q |= Q(**{f"{paths.agency}__in": self.agency_ids})
        if paths.region:
            for government_id, code in self.areas:
                q |= Q(**{paths.government: government_id}) & subtree_q(paths.region, code)
        for code in self.observed_regions:
            q |= subtree_q(paths.government_region, code)
        return queryset.filter(q)

    def get(self, queryset: QuerySet, *, manage: bool = False, **lookup):
        """One object in scope, or 404 (the same answer as for an object that does not exist)."""
        try:
            return self.restrict(queryset, manage=manage).get(**lookup)
        except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc


def scope_for(user) -> Scope:
    """The scope of ``user``, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_sinergi_scope", None)
    if cached is not None:
        return cached
    scope = Scope(user_id=user.pk, is_admin=user.is_superuser)
    for m in _tenancy["memberships"](user):
        if not m.is_active:
            continue
        scope.member_government_ids.add(m.government_id)
        scope.roles_by_government.setdefault(m.government_id, set()).add(m.role)
        scope.roles_by_agency.setdefault(m.agency_id, set()).add(m.role)
        if m.role in GOVERNMENT_WIDE_ROLES:
            scope.read_government_ids.add(m.government_id)
        if m.role in MANAGING_ROLES:
            scope.managed_government_ids.add(m.government_id)
        if m.role in AGENCY_ROLES:
            scope.agency_ids.add(m.agency_id)
        if m.role in AREA_ROLES:
            scope.areas.append((m.government_id, m.scope_region_id))
        if m.role in OBSERVER_ROLES:
            scope.observed_regions.append(m.scope_region_id)
    user._sinergi_scope = scope
    return scope


# --- ids and codes named in a write's body ---------------------------------------------------------------------


def one_of(queryset: QuerySet, pk, *, field: str, errors: dict, message: str = ""):
    """The object ``pk`` among ``queryset`` (what this write may name: usually the government's rows), or None with
    a field error in ``errors``. Every write that carries another object's id resolves it here, so another
    government's id is a 422 naming the field, never a silent link, a 404 or a 500."""
    if pk is None:
        return None
    try:
        found = queryset.filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        found = None
    if found is None:
        errors.setdefault(field, []).append(message or f"{pk} tidak dikenal di pemerintah daerah ini.")
    return found


def all_of(queryset: QuerySet, pks, *, field: str, errors: dict, message: str = "") -> list:
    """Every object of ``pks`` among ``queryset``; one field error if any is not."""
    wanted = set(pks or [])
    try:
        found = list(queryset.filter(pk__in=wanted)) if wanted else []
    except (ValueError, TypeError, OverflowError):
        found = []
    if len(found) != len(wanted):
        errors.setdefault(field, []).append(message or "Ada yang tidak dikenal di pemerintah daerah ini.")
    return found


def in_region(code: str | None, root: str) -> bool:
    """Whether the region ``code`` is ``root`` or lies below it."""
    return bool(code) and (code == root or code.startswith(root + "."))


# --- the tenancy, plugged in by organizations ------------------------------------------------------------------
# core knows no app: organizations, which owns governments and memberships, registers how to read them from its
# AppConfig.ready, before any request or command runs.
_tenancy: dict[str, Callable] = {}


def register_tenancy(*, memberships: Callable[[object], Iterable], governments: Callable[[object], QuerySet]) -> None:
    """``memberships(user)``: the user's memberships (with ``government_id``, ``agency_id``, ``role``,
    ``scope_region_id``, ``is_active``); ``governments(user)``: the governments in the user's scope."""
    _tenancy["memberships"] = memberships
    _tenancy["governments"] = governments


def governments_in_scope(user) -> QuerySet:
    """The governments ``user`` may see (the switcher's choices), ordered by region."""
    return _tenancy["governments"](user)
