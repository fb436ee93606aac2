"""Pages of an action's indicators and their targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.pages import apply_errors
from sinergi.planning import rules, selectors, services
from sinergi.planning.forms import IndicatorForm
from sinergi.planning.models import Indicator
from sinergi.planning.views.common import _action_crumbs


def _indicator_page(request, action, indicator=None):
    rules.require_edit_action(request.user, action)
    plan = action.plan
    form = IndicatorForm(request.POST or None, instance=indicator, plan=plan, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                services.indicator_create(action=action, by=request.user, targets=form.targets(), **form.service_data())
            else:
                services.indicator_update(
                    indicator=indicator,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    targets=form.targets(),
                    **form.service_data(),
                )
        except services.ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("planning:action_detail", pk=action.pk)
    return render(
        request,
        "planning/indicator_form.html",
        {
            "form": form,
            "action": action,
            "plan": plan,
            "title": _("Edit indicator") if indicator else _("Add an indicator"),
            "active_nav": "plans",
            "breadcrumbs": _action_crumbs(action, (_("Indicator"), None)),
        },
    )


@login_required
def indicator_create(request, pk: int):
    return _indicator_page(request, selectors.action_get(user=request.user, pk=pk))


@login_required
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=pk)
    action = selectors.action_get(user=request.user, pk=indicator.action_id)
    return _indicator_page(request, action, indicator)


@login_required
@require_POST
def indicator_delete(request, pk: int):
    indicator = get_object_or_404(Indicator, pk=pk)
    action = selectors.action_get(user=request.user, pk=indicator.action_id)
    rules.require_edit_action(request.user, action)
    services.indicator_delete(indicator=indicator, by=request.user)
    messages.success(request, _("Indicator deleted."))
    return redirect("planning:action_detail", pk=action.pk)
