"""Who may change coordination records.

Only the secretariat (and the platform administrator) manages task forces and meetings: their compositions,
agenda, attendance, minutes, decisions and follow-ups. The owner agency's operators — and the area operator
of the kelurahan/kecamatan office owning it — update a follow-up's progress: status, result, evidence.
Everything else is read-only for those who may read it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sinergi.core.scope import scope_for


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("Your role does not allow this."))


def can_manage(user, government_id: int | None) -> bool:
    return scope_for(user).can_manage(government_id)


def can_manage_meeting(user, meeting) -> bool:
    return can_manage(user, meeting.government_id)


def can_manage_task_force(user, task_force) -> bool:
    return can_manage(user, task_force.government_id)


def can_update_follow_up(user, follow_up) -> bool:
    """The secretariat, the owner agency's operators, and the area operator of an owner office in their area."""
    scope = scope_for(user)
    if scope.can_manage(follow_up.government_id):
        return True
    if scope.has_agency_role(follow_up.agency_id, "agency_operator"):
        return True
    region_code = follow_up.agency.region_id
    if region_code:
        for government_id, area in scope.areas:
            if government_id == follow_up.government_id and (region_code == area or region_code.startswith(area + ".")):
                return True
    return False
