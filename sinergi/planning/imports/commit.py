"""Who may import into a plan, and the all-or-nothing commit of a preview through the planning services."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core.scope import scope_for
from sinergi.planning import services
from sinergi.planning.imports.reading import ImportPreview
from sinergi.planning.models import PlanStatus, RegionalPlan
from sinergi.planning.rules import can_manage_plan

# --- permission and commit -----------------------------------------------------------------------------------


def can_import(user, plan: RegionalPlan) -> bool:
    """The secretariat imports into a draft or a plan in review; agency operators into a draft, own rows only."""
    if not plan.is_editable:
        return False
    if can_manage_plan(user, plan):
        return True
    return plan.status == PlanStatus.DRAFT and "agency_operator" in scope_for(user).roles_in(plan.government_id)


def require_import(user, plan: RegionalPlan) -> None:
    if not plan.is_editable:
        raise PermissionDenied(
            _("This plan is %(status)s and can no longer be changed; make a revision instead.")
            % {"status": plan.get_status_display().lower()}
        )
    if not can_import(user, plan):
        raise PermissionDenied(_("Your role does not allow importing actions into this plan."))


@dataclass
class ImportResult:
    actions: int
    indicators: int
    skipped_rows: int


@transaction.atomic
def plan_import(*, plan: RegionalPlan, preview: ImportPreview, by, skip_invalid: bool = False) -> ImportResult:
    """Create the previewed actions and indicators through the planning services, all or nothing."""
    # With skip_invalid, an action with an error in any of its rows is left out whole, never half-imported.
    plan = RegionalPlan.objects.select_for_update().select_related("government__region").get(pk=plan.pk)
    require_import(by, plan)
    if preview.problems:
        raise ValidationError(preview.problems)
    bad = len(preview.error_rows)
    if bad and not skip_invalid:
        raise ValidationError(
            ngettext(
                "%(count)s row has errors; fix the file or choose to skip the rows with errors.",
                "%(count)s rows have errors; fix the file or choose to skip the rows with errors.",
                bad,
            )
            % {"count": bad}
        )
    if not preview.valid_actions:
        raise ValidationError(_("There is nothing to import."))
    indicators = 0
    for parsed in preview.valid_actions:
        action = services.action_create(
            plan=plan,
            by=by,
            supporting_agencies=parsed.supporting_agencies,
            locations=parsed.locations,
            **parsed.values,
        )
        for item in parsed.indicators:
            services.indicator_create(
                action=action,
                by=by,
                name=item.name,
                unit=item.unit,
                aggregation=item.aggregation,
                direction=item.direction,
                baseline=item.baseline,
                targets=item.targets,
            )
            indicators += 1
    return ImportResult(actions=len(preview.valid_actions), indicators=indicators, skipped_rows=preview.skipped_rows)
