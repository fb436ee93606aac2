from ninja import Router, Schema

from sinergi.core.apitypes import Id
from sinergi.core.scope import scope_for
from sinergi.organizations.rules import require_manage_government
from sinergi.organizations.selectors import government_list
from sinergi.reporting.selectors import period_get
from sinergi.workspace import services
from sinergi.workspace.tasks import as_dicts, build_tasks

router = Router(tags=["beranda"])


class ReminderIn(Schema):
    agency: Id | None = None


@router.get("/me/tasks", response=dict, summary="My to-do list (the home page's sections)")
def my_tasks(request, government: Id | None = None):
    visible = government_list(user=request.auth)
    chosen = visible.filter(pk=government).first() if government else None
    if chosen is None:  # as on the home page: the user's first own government, else the first they may read
        chosen = visible.filter(pk__in=scope_for(request.auth).member_government_ids).first() or visible.first()
    sections = build_tasks(user=request.auth, government=chosen)
    return {"government_id": chosen.pk if chosen else None, "sections": as_dicts(sections)}


@router.post("/periods/{period_id}/reminders", response=dict, summary="Remind agencies that have not reported")
def send_reminders(request, period_id: Id, payload: ReminderIn):
    period = period_get(user=request.auth, pk=period_id)
    require_manage_government(request.auth, period.government_id)
    return services.period_reminder_send(period=period, by=request.auth, agency_id=payload.agency)
