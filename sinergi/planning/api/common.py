"""What the planning API's rooms share: a plan or an action the caller may see, and targets by period."""

from sinergi.core.apitypes import Id
from sinergi.planning import selectors
from sinergi.planning.models import Action


def _plan(request, plan_id: Id):
    return selectors.plan_get(user=request.auth, pk=plan_id)


def _action(request, action_id: Id) -> Action:
    return selectors.action_get(user=request.auth, pk=action_id)


def _targets(items) -> dict:
    return {(t.year, t.period): t.value for t in items}
