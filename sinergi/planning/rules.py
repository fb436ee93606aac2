"""Who may do what with plans and actions."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sinergi.core.scope import scope_for
from sinergi.planning.models import Action, PlanStatus, RegionalPlan, ReviewState


def can_manage_plan(user, plan: RegionalPlan) -> bool:
    return scope_for(user).can_manage(plan.government_id)


def require_manage_plan(user, plan: RegionalPlan) -> None:
    if not can_manage_plan(user, plan):
        raise PermissionDenied(_("Only the secretariat of this government may do this."))


def require_read_whole_plan(user, plan: RegionalPlan) -> None:
    """The coverage check adds up every agency's actions and budget: only for those who read them all."""
    if not scope_for(user).reads_government(plan.government):
        raise PermissionDenied(_("The coverage check covers every agency's actions; it is for the secretariat."))


def operates_agency(user, agency_id: int) -> bool:
    return scope_for(user).has_agency_role(agency_id, "agency_operator")


def can_propose_for(user, plan: RegionalPlan, agency_id: int) -> bool:
    """Operators draft their own agency's actions while the plan is a draft; the secretariat drafts anything."""
    if not plan.is_editable:
        return False
    if can_manage_plan(user, plan):
        return True
    return plan.status == PlanStatus.DRAFT and operates_agency(user, agency_id)


def can_edit_action(user, action: Action) -> bool:
    plan = action.plan
    if not plan.is_editable:
        return False
    if can_manage_plan(user, plan):
        return True
    if not operates_agency(user, action.responsible_agency_id):
        return False
    # A returned action may be corrected even while the plan is in review.
    return plan.status == PlanStatus.DRAFT or action.review_state == ReviewState.RETURNED


def can_resubmit(user, action: Action) -> bool:
    """ "Ajukan kembali": whoever may correct a returned action (its agency's operators, the secretariat)."""
    return action.review_state == ReviewState.RETURNED and can_edit_action(user, action)


def require_resubmit(user, action: Action) -> None:
    if not can_resubmit(user, action):
        raise PermissionDenied(_("Only the agency that owns a returned action may resubmit it."))


def require_edit_action(user, action: Action) -> None:
    if not action.plan.is_editable:
        raise PermissionDenied(_("This plan is adopted and can no longer be changed; make a revision instead."))
    if not can_edit_action(user, action):
        raise PermissionDenied(_("Your role does not allow changing this action."))


def can_sign_off(user, plan: RegionalPlan, agency_id: int) -> bool:
    return plan.head_signoff_required and plan.is_editable and scope_for(user).has_agency_role(agency_id, "agency_head")
