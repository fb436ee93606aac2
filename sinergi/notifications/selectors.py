"""Reads of the notifications app: a person's own inbox, and who should hear about a government's events."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from sinergi.notifications.models import Notification
from sinergi.organizations.models import Membership, Role


def notification_list(*, user, unread: bool = False) -> QuerySet:
    """The user's own notifications, newest first (nobody, not even an administrator, reads another's inbox)."""
    qs = Notification.objects.filter(user=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def notification_get(*, user, pk) -> Notification:
    try:
        return notification_list(user=user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def unread_count(*, user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return notification_list(user=user, unread=True).count()


@dataclass
class Recipients:
    """The active people of one government by role, read in one query."""

    by_agency: dict = field(default_factory=lambda: defaultdict(list))
    by_role: dict = field(default_factory=lambda: defaultdict(list))

    def of_agency(self, agency_id: int, role: str) -> list:
        return self.by_agency[(agency_id, role)]

    def of_government(self, *roles: str) -> list:
        return [user for role in roles for user in self.by_role[role]]


def government_recipients(*, government) -> Recipients:
    """Who holds which role in ``government``: ended agencies and deactivated accounts left out."""
    recipients = Recipients()
    memberships = Membership.objects.filter(
        government=government,
        role__in=[Role.AGENCY_OPERATOR, Role.AGENCY_HEAD, Role.REVIEWER, Role.SECRETARIAT],
        user__is_active=True,
    ).select_related("user", "agency")
    for m in memberships.order_by("pk"):
        if not m.is_active:
            continue
        recipients.by_agency[(m.agency_id, m.role)].append(m.user)
        recipients.by_role[m.role].append(m.user)
    return recipients
