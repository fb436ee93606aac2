"""What the planning pages share: breadcrumbs and the agencies a user may propose actions for."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.core.scope import scope_for
from sinergi.organizations.models import Agency
from sinergi.planning import rules


def _plan_crumbs(plan, *more):
    return [
        (_("Action plans"), reverse("planning:plan_list")),
        (str(plan), reverse("planning:plan_detail", args=[plan.pk]) if more else None),
        *more,
    ]


def _action_crumbs(action, *more):
    return [
        *_plan_crumbs(
            action.plan, (action.title[:60], reverse("planning:action_detail", args=[action.pk]) if more else None)
        ),
        *more,
    ]


def _proposable_agencies(user, plan):
    """The agencies this user may put actions under in this plan."""
    agencies = Agency.objects.filter(government=plan.government, valid_until__isnull=True)
    if rules.can_manage_plan(user, plan):
        return agencies
    return agencies.filter(pk__in=[a for a in scope_for(user).agency_ids if rules.can_propose_for(user, plan, a)])
