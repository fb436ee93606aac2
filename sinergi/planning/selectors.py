"""Reads of the planning app: plans and actions in scope, the coverage check, and version comparison."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.scope import scope_for
from sinergi.organizations.models import Agency
from sinergi.planning.models import (
    LEVEL_OF_REGION,
    Action,
    Aggregation,
    Indicator,
    NationalAction,
    RegionalPlan,
    Target,
)
from sinergi.planning.services import OPD_KINDS


def plan_list(*, user, government_id: int | None = None) -> QuerySet:
    qs = scope_for(user).restrict(RegionalPlan.objects.select_related("government", "national_plan"))
    if government_id:
        qs = qs.filter(government_id=government_id)
    return qs.order_by("government_id", "-start_year", "-version")


def plan_get(*, user, pk) -> RegionalPlan:
    lookup = {"public_id": pk} if not str(pk).isdigit() else {"pk": pk}
    return scope_for(user).get(
        RegionalPlan.objects.select_related("government__region", "national_plan", "revision_of"), **lookup
    )


def action_queryset(*, user, plan: RegionalPlan) -> QuerySet:
    """The plan's actions this user may see, with everything a list or document shows, in a fixed number of
    queries."""
    targets = Prefetch("targets", queryset=Target.objects.order_by("year", "period"))
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk").prefetch_related(targets))
    qs = scope_for(user).restrict(Action.objects.filter(plan=plan))
    return (
        qs.select_related("field", "national_action", "responsible_agency")
        .prefetch_related("supporting_agencies", "locations", indicators)
        .order_by("field__order", "order", "pk")
    )


def action_get(*, user, pk) -> Action:
    lookup = {"public_id": pk} if not str(pk).isdigit() else {"pk": pk}
    return scope_for(user).get(
        Action.objects.select_related("plan__government", "field", "national_action", "responsible_agency"), **lookup
    )


# --- the coverage and quality check --------------------------------------------------------------------------


PROBLEMS = {
    "no_indicator": gettext_lazy("no indicator"),
    "no_target": gettext_lazy("an indicator without a yearly target"),
    "no_budget": gettext_lazy("no budget"),
    "no_location": gettext_lazy("no location"),
    "periods_do_not_add_up": gettext_lazy("period targets do not add up to the yearly target"),
}


def action_problems(action: Action, plan: RegionalPlan) -> list[str]:
    """What is missing or inconsistent in one action (uses prefetched indicators and targets)."""
    problems = []
    indicators = list(action.indicators.all())
    if not indicators:
        problems.append("no_indicator")
    for indicator in indicators:
        targets = {(t.year, t.period): t.value for t in indicator.targets.all()}
        if any((year, 0) not in targets for year in plan.years):
            problems.append("no_target")
        if indicator.aggregation == Aggregation.SUM:
            for year in plan.years:
                parts = [targets[(year, p)] for p in plan.periods if (year, p) in targets]
                if parts and (year, 0) in targets and sum(parts, Decimal(0)) != targets[(year, 0)]:
                    problems.append("periods_do_not_add_up")
    if action.budget is None:
        problems.append("no_budget")
    if not action.whole_government and not list(action.locations.all()):
        problems.append("no_location")
    return list(dict.fromkeys(problems))


@dataclass
class Coverage:
    uncovered_national_actions: list[NationalAction]
    agencies_without_action: list[Agency]
    actions_with_problems: list[tuple[Action, list[str]]]
    budget_by_field: dict[str, Decimal] = field(default_factory=dict)
    budget_by_agency: dict[str, Decimal] = field(default_factory=dict)
    budget_by_source: dict[str, Decimal] = field(default_factory=dict)
    budget_total: Decimal = Decimal(0)
    action_count: int = 0

    @property
    def problem_count(self) -> int:
        return (
            len(self.uncovered_national_actions) + len(self.agencies_without_action) + len(self.actions_with_problems)
        )


def plan_coverage(*, plan: RegionalPlan, actions: list[Action] | None = None) -> Coverage:
    """National actions no RAD action covers, agencies without actions, incomplete actions, budget totals."""
    if actions is None:
        actions = list(
            Action.objects.filter(plan=plan)
            .select_related("field", "national_action", "responsible_agency")
            .prefetch_related(
                "locations", Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets"))
            )
        )
    level = LEVEL_OF_REGION[plan.government.region.level]
    covered = {a.national_action_id for a in actions if a.national_action_id}
    applicable = [
        na
        for na in NationalAction.objects.filter(field__national_plan=plan.national_plan).select_related("field")
        if na.applies_to(level)
    ]
    with_actions = {a.responsible_agency_id for a in actions}
    agencies = Agency.objects.filter(government=plan.government, kind__in=OPD_KINDS, valid_until__isnull=True)
    coverage = Coverage(
        uncovered_national_actions=[na for na in applicable if na.pk not in covered],
        agencies_without_action=[a for a in agencies.order_by("name") if a.pk not in with_actions],
        actions_with_problems=[],
        action_count=len(actions),
    )
    source_labels = dict(Action._meta.get_field("budget_source").choices)
    for action in actions:
        problems = action_problems(action, plan)
        if problems:
            coverage.actions_with_problems.append((action, problems))
        amount = action.budget or Decimal(0)
        coverage.budget_total += amount
        for bucket, key in (
            (coverage.budget_by_field, str(action.field)),
            (coverage.budget_by_agency, action.responsible_agency.name),
            (coverage.budget_by_source, str(source_labels.get(action.budget_source, _("not stated")))),
        ):
            bucket[key] = bucket.get(key, Decimal(0)) + amount
    return coverage


# --- comparing two versions ----------------------------------------------------------------------------------


COMPARED_FIELDS = (
    "title",
    "description",
    "field_id",
    "national_action_id",
    "responsible_agency_id",
    "target_group",
    "whole_government",
    "months",
    "budget",
    "budget_source",
    "sipd_code",
)


@dataclass
class ActionChange:
    before: Action | None
    after: Action | None
    fields: list[str]
    targets: list[tuple[str, str, object, object]]  # (indicator, "year/period", before, after)

    @property
    def budget_changed(self) -> bool:
        return "budget" in self.fields


def _target_map(action: Action, first_year: int) -> dict[tuple, Decimal]:
    """Targets keyed by indicator and by year *within the plan*, so a 2023 plan compares with a 2024 one."""
    return {
        (ind.lineage, ind.name, t.year - first_year, t.period): t.value
        for ind in action.indicators.all()
        for t in ind.targets.all()
    }


def plan_compare(*, user, older: RegionalPlan, newer: RegionalPlan) -> dict[str, list[ActionChange]]:
    """Actions added, removed and changed between two versions (matched by lineage), with target changes.

    Only the actions ``user`` may read take part, so an agency role sees exactly what the object lookups show it.
    """
    scope = scope_for(user)

    def load(plan):
        return {
            a.lineage: a
            for a in scope.restrict(Action.objects.filter(plan=plan))
            .select_related("field", "responsible_agency", "national_action")
            .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets")))
        }

    old, new = load(older), load(newer)
    result = {"added": [], "removed": [], "changed": []}
    for lineage, action in new.items():
        if lineage not in old:
            result["added"].append(ActionChange(None, action, [], []))
    for lineage, action in old.items():
        if lineage not in new:
            result["removed"].append(ActionChange(action, None, [], []))
            continue
        other = new[lineage]
        fields = [name for name in COMPARED_FIELDS if getattr(action, name) != getattr(other, name)]
        before, after = _target_map(action, older.start_year), _target_map(other, newer.start_year)
        targets = []
        for key in sorted(set(before) | set(after), key=lambda k: (k[1], k[2], k[3])):
            if before.get(key) != after.get(key):
                label = f"{newer.start_year + key[2]}" + (f"/S{key[3]}" if key[3] else "")
                targets.append((key[1], label, before.get(key), after.get(key)))
        if fields or targets:
            result["changed"].append(ActionChange(action, other, fields, targets))
    return result
