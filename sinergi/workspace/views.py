from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sinergi.core.scope import scope_for
from sinergi.organizations.rules import require_manage_government
from sinergi.reporting.models import PeriodStatus
from sinergi.reporting.selectors import period_get, period_list
from sinergi.workspace import services
from sinergi.workspace.tasks import build_tasks


@login_required
def home(request):
    """Each role's to-do list: what this person must do now, each item linking to where it is done."""
    government = request.government or None
    scope = scope_for(request.user)
    context = {
        "government": government,
        "scope": scope,
        "sections": build_tasks(user=request.user, government=government),
        "memberships": [
            m
            for m in request.user.memberships.select_related("agency")
            if government and m.government_id == government.pk
        ],
    }
    return render(request, "workspace/home.html", context)


@login_required
@require_POST
def remind(request):
    """The secretariat's "send a reminder": to one agency of a period, or to every agency behind in every open
    period of the government."""
    if request.POST.get("period"):
        periods = [period_get(user=request.user, pk=request.POST["period"])]
    else:
        government = request.government or None
        require_manage_government(request.user, government.pk if government else None)
        periods = list(period_list(user=request.user, government_id=government.pk).filter(status=PeriodStatus.OPEN))
    agency = request.POST.get("agency", "")
    result = {"notified": 0}
    for period in periods:
        require_manage_government(request.user, period.government_id)
        sent = services.period_reminder_send(
            period=period, by=request.user, agency_id=int(agency) if agency.isdigit() else None
        )
        result["notified"] += sent["notified"]
    messages.success(
        request,
        ngettext("Reminder sent to %(n)s person.", "Reminder sent to %(n)s people.", result["notified"])
        % {"n": result["notified"]}
        if result["notified"]
        else _("Nobody new to remind today: the reminder was already sent."),
    )
    return redirect("core:home")
