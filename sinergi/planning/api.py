from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, Int, LimitOffset, Line, Text, Year
from sinergi.core.scope import all_of, one_of
from sinergi.organizations import selectors as org_selectors
from sinergi.organizations.models import Agency
from sinergi.organizations.rules import require_manage_government
from sinergi.planning import rules, selectors, services
from sinergi.planning.models import (
    Action,
    Aggregation,
    BudgetSource,
    Direction,
    Indicator,
    IndicatorSource,
    LegalBasisKind,
    NationalAction,
    NationalPlan,
    PeriodKind,
)
from sinergi.planning.models import (
    Field as PlanField,
)
from sinergi.regions.models import Region

router = Router(tags=["perencanaan"])


# --- schemas -------------------------------------------------------------------------------------------------


class NationalActionOut(Schema):
    id: int
    code: str
    description: str
    success_indicator: str
    unit: str
    levels: list[str] = Field(alias="level_list")
    is_generic: bool


class FieldOut(Schema):
    id: int
    code: str
    name: str
    actions: list[NationalActionOut] = Field(alias="actions.all")


class NationalPlanOut(Schema):
    id: int
    name: str
    legal_basis: str
    start_year: int
    end_year: int
    notes: str


class NationalPlanDetail(NationalPlanOut):
    fields: list[FieldOut] = Field(alias="fields.all")


class PlanOut(Schema):
    id: int
    public_id: UUID
    government_id: int
    national_plan_id: int
    title: str
    start_year: int
    end_year: int
    period_kind: str
    status: str
    version: int
    revision_of_id: int | None
    head_signoff_required: bool
    legal_basis_kind: str
    legal_basis_number: str
    legal_basis_date: date | None
    adopted_at: datetime | None


class PlanIn(Schema):
    government: Id
    national_plan: Id
    title: Line = Field(min_length=3, max_length=250)
    start_year: int = Field(ge=2000, le=2100)
    end_year: int = Field(ge=2000, le=2100)
    period_kind: PeriodKind = PeriodKind.SEMESTER
    head_signoff_required: bool = False
    carry_forward_from: Id | None = Field(None, description="Copy the actions of this earlier plan.")


class PlanPatch(Schema):
    title: Line | None = Field(None, min_length=3, max_length=250)
    period_kind: PeriodKind | None = None
    head_signoff_required: bool | None = None


class PlanReasonIn(Schema):
    reason: Text = Field(min_length=1, max_length=2000)


class AdoptIn(Schema):
    kind: LegalBasisKind
    number: Line = Field(min_length=1, max_length=100)
    date: date
    confirm_reason: Text = Field("", max_length=2000)


class AcceptActionsIn(Schema):
    actions: list[Id] | None = Field(None, max_length=1000)


class SignoffIn(Schema):
    agency: Id


class TargetOut(Schema):
    year: int
    period: int
    value: Decimal


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    aggregation: str
    direction: str
    baseline: Decimal | None
    source: str
    source_filter: dict
    source_description: str
    targets: list[TargetOut] = Field(alias="targets.all")


class ActionOut(Schema):
    id: int
    public_id: UUID
    plan_id: int
    field_id: int
    national_action_id: int | None
    national_action_code: str | None = Field(None, alias="national_action.code")
    local_justification: str
    title: str
    description: str
    responsible_agency_id: int
    responsible_agency: str = Field(alias="responsible_agency.name")
    supporting_agency_ids: list[int]
    target_group: str
    whole_government: bool
    location_codes: list[str]
    months: list[int] = Field(alias="month_list")
    budget: Decimal | None
    budget_source: str
    sipd_code: str
    review_state: str
    return_reason: str
    changed_since_return: bool
    version: int
    indicators: list[IndicatorOut] = Field(alias="indicators.all")

    @staticmethod
    def resolve_supporting_agency_ids(obj):
        return [a.pk for a in obj.supporting_agencies.all()]

    @staticmethod
    def resolve_location_codes(obj):
        return [r.code for r in obj.locations.all()]


class TargetIn(Schema):
    year: Year
    period: int = Field(0, ge=0, le=4)
    value: Decimal | None = Field(None, ge=0, max_digits=15, decimal_places=2)


class IndicatorIn(Schema):
    name: Line = Field(min_length=2, max_length=300)
    unit: Line = Field(min_length=1, max_length=50)
    aggregation: Aggregation = Aggregation.SUM
    direction: Direction = Direction.HIGHER
    baseline: Decimal | None = Field(None, max_digits=15, decimal_places=2)
    source: IndicatorSource = IndicatorSource.MANUAL
    source_filter: dict = Field(
        {},
        description='What a computed source counts: {"kinds": [event kinds], "target_group": "...", '
        '"status": "<vulnerability status>", "stage": "<Bersinar stage>"}, only the keys its source uses.',
    )
    targets: list[TargetIn] = []


class IndicatorPatch(Schema):
    name: Line | None = Field(None, min_length=2, max_length=300)
    unit: Line | None = Field(None, min_length=1, max_length=50)
    aggregation: Aggregation | None = None
    direction: Direction | None = None
    baseline: Decimal | None = Field(None, max_digits=15, decimal_places=2)
    source: IndicatorSource | None = None
    source_filter: dict | None = Field(None, description="Replaces the filter; a new source alone clears it.")
    targets: list[TargetIn] | None = None
    version: Int | None = Field(None, description="The action's version you read; a newer one answers 409.")


class ActionIn(Schema):
    field: Id | None = Field(None, description="Defaults to the national action's field.")
    national_action: Id | None = None
    local_justification: Text = Field("", max_length=2000)
    title: Line = Field(min_length=3, max_length=300)
    description: Text = Field("", max_length=5000)
    responsible_agency: Id
    supporting_agencies: list[Id] = []
    target_group: Line = Field("", max_length=200)
    locations: list[str] = Field([], description="Kemendagri codes inside the government; empty = whole area.")
    months: list[Int] = []
    budget: Decimal | None = Field(None, ge=0, max_digits=15, decimal_places=0)
    budget_source: BudgetSource | None = None
    sipd_code: Line = Field("", max_length=60)
    indicators: list[IndicatorIn] = []


class ActionPatch(Schema):
    field: Id | None = None
    national_action: Id | None = None
    local_justification: Text | None = Field(None, max_length=2000)
    title: Line | None = Field(None, min_length=3, max_length=300)
    description: Text | None = Field(None, max_length=5000)
    responsible_agency: Id | None = None
    supporting_agencies: list[Id] | None = None
    target_group: Line | None = Field(None, max_length=200)
    locations: list[str] | None = None
    months: list[Int] | None = None
    budget: Decimal | None = Field(None, ge=0, max_digits=15, decimal_places=0)
    budget_source: BudgetSource | None = None
    sipd_code: Line | None = Field(None, max_length=60)
    version: Int | None = Field(None, description="The version you read; a newer one answers 409.")


class ActionFilters(Schema):
    agency: Id | None = None
    field: Id | None = None
    review_state: str | None = Field(None, pattern="^(proposed|returned|accepted)$")
    problems: bool | None = Field(None, description="Only actions with (true) or without (false) problems.")


class ProblemOut(Schema):
    action_id: int
    title: str
    agency: str
    problems: list[str]


class CoverageOut(Schema):
    action_count: int
    uncovered_national_actions: list[NationalActionOut]
    agencies_without_action: list[dict]
    actions_with_problems: list[ProblemOut]
    budget_total: Decimal
    budget_by_field: dict[str, Decimal]
    budget_by_agency: dict[str, Decimal]
    budget_by_source: dict[str, Decimal]


class ChangeOut(Schema):
    lineage: str
    title: str
    before_id: int | None
    after_id: int | None
    fields: list[str]
    targets: list[dict]


class CompareOut(Schema):
    older_id: int
    newer_id: int
    added: list[ChangeOut]
    removed: list[ChangeOut]
    changed: list[ChangeOut]


# --- helpers -------------------------------------------------------------------------------------------------


def _plan(request, plan_id: Id):
    return selectors.plan_get(user=request.auth, pk=plan_id)


def _action(request, action_id: Id) -> Action:
    return selectors.action_get(user=request.auth, pk=action_id)


def _resolve_action_data(plan, data: dict, errors: dict) -> dict:
    """Turn ids and codes in a payload into objects of the plan's government and national plan."""
    resolved = {}
    if data.get("national_action") is not None:
        national = (
            NationalAction.objects.filter(pk=data["national_action"], field__national_plan=plan.national_plan)
            .select_related("field")
            .first()
        )
        if national is None:
            errors["national_action"] = ["Aksi RAN tidak dikenal untuk rencana ini."]
        else:
            resolved["national_action"] = national
            resolved.setdefault("field", national.field)
    elif "national_action" in data:
        resolved["national_action"] = None
    if data.get("field") is not None:
        field = PlanField.objects.filter(pk=data["field"], national_plan=plan.national_plan).first()
        if field is None:
            errors["field"] = ["Bidang tidak dikenal untuk rencana ini."]
        else:
            resolved["field"] = field
    agencies = Agency.objects.filter(government=plan.government)
    if data.get("responsible_agency") is not None:
        message = "Perangkat daerah tidak dikenal di pemerintah daerah ini."
        resolved["responsible_agency"] = one_of(
            agencies, data["responsible_agency"], field="responsible_agency", errors=errors, message=message
        )
    if data.get("supporting_agencies") is not None:
        message = "Ada instansi terkait yang tidak dikenal."
        resolved["supporting_agencies"] = all_of(
            agencies, data["supporting_agencies"], field="supporting_agencies", errors=errors, message=message
        )
    if data.get("locations") is not None:
        codes = set(data["locations"])
        root = plan.government.region_id
        found = [r for r in Region.objects.filter(code__in=codes) if r.code.startswith(root + ".")]
        if len(found) != len(codes):
            errors["locations"] = ["Lokasi harus berupa kode wilayah di dalam pemerintah daerah ini."]
        resolved["locations"] = found
        resolved["whole_government"] = not found
    if data.get("months") is not None:
        if any(not 1 <= m <= 12 for m in data["months"]):
            errors["months"] = ["Bulan berupa angka 1 sampai 12."]
        resolved["months"] = ",".join(str(m) for m in sorted(set(data["months"])))
    for name in ("local_justification", "title", "description", "target_group", "sipd_code"):
        if data.get(name) is not None:
            resolved[name] = data[name]
    if "budget" in data:
        resolved["budget"] = data["budget"]
    if "budget_source" in data:
        resolved["budget_source"] = data["budget_source"] or ""
    return resolved


def _targets(items) -> dict:
    return {(t.year, t.period): t.value for t in items}


# --- national catalogue --------------------------------------------------------------------------------------


@router.get("/national-plans", response=list[NationalPlanOut], summary="National plans (RAN P4GN)")
@paginate(LimitOffset)
def list_national_plans(request):
    return NationalPlan.objects.all()


@router.get("/national-plans/{plan_id}", response=NationalPlanDetail, summary="A national plan with its actions")
def get_national_plan(request, plan_id: Id):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(NationalPlan.objects.prefetch_related("fields__actions"), pk=plan_id)


# --- regional plans ------------------------------------------------------------------------------------------


@router.get("/plans", response=list[PlanOut], summary="Regional plans (RAD) I may see")
@paginate(LimitOffset)
def list_plans(request, government: Id | None = None):
    return selectors.plan_list(user=request.auth, government_id=government)


@router.post("/plans", response={201: PlanOut}, summary="Start a regional plan")
def create_plan(request, payload: PlanIn):
    government = org_selectors.government_get(user=request.auth, pk=payload.government)
    require_manage_government(request.auth, government.pk)
    national = NationalPlan.objects.filter(pk=payload.national_plan).first()
    if national is None:
        raise ValidationError({"national_plan": ["RAN tidak dikenal."]})
    if payload.carry_forward_from:
        source = selectors.plan_get(user=request.auth, pk=payload.carry_forward_from)
        if source.government_id != government.pk:
            raise ValidationError({"carry_forward_from": ["Rencana sumber milik pemerintah daerah lain."]})
        plan = services.plan_carry_forward(
            plan=source,
            start_year=payload.start_year,
            end_year=payload.end_year,
            title=payload.title,
            by=request.auth,
        )
    else:
        plan = services.plan_create(
            government=government,
            national_plan=national,
            title=payload.title,
            start_year=payload.start_year,
            end_year=payload.end_year,
            period_kind=payload.period_kind,
            head_signoff_required=payload.head_signoff_required,
            by=request.auth,
        )
    return Status(201, plan)


@router.get("/plans/{plan_id}", response=PlanOut, summary="One regional plan")
def get_plan(request, plan_id: Id):
    return _plan(request, plan_id)


@router.patch("/plans/{plan_id}", response=PlanOut, summary="Change a plan's title or settings")
def patch_plan(request, plan_id: Id, payload: PlanPatch):
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    services.plan_update(plan=plan, by=request.auth, **payload.dict(exclude_unset=True, exclude_none=True))
    return plan


@router.delete("/plans/{plan_id}", response={204: None}, summary="Delete a draft plan")
def delete_plan(request, plan_id: Id):
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    services.plan_delete(plan=plan, by=request.auth)
    return Status(204, None)


@router.post("/plans/{plan_id}/submit", response=PlanOut, summary="Send a draft for review")
def submit_plan(request, plan_id: Id):
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    services.plan_submit_for_review(plan=plan, by=request.auth)
    return plan


@router.post("/plans/{plan_id}/reopen", response=PlanOut, summary="Send a plan in review back to draft")
def reopen_plan(request, plan_id: Id, payload: PlanReasonIn):
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    services.plan_reopen_draft(plan=plan, by=request.auth, reason=payload.reason)
    return plan


@router.post("/plans/{plan_id}/adopt", response=PlanOut, summary="Adopt a plan with its legal basis")
def adopt_plan(request, plan_id: Id, payload: AdoptIn):
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    services.plan_adopt(
        plan=plan, by=request.auth, kind=payload.kind, number=payload.number, on=payload.date,
        confirm_reason=payload.confirm_reason,
    )  # fmt: skip
    return selectors.plan_get(user=request.auth, pk=plan.pk)


@router.post("/plans/{plan_id}/accept-actions", response=dict, summary="Accept many actions of a plan in review")
def accept_actions(request, plan_id: Id, payload: AcceptActionsIn):
    """Accepts every action not yet accepted, or only those listed in ``actions``."""
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    accepted = services.actions_accept(plan=plan, by=request.auth, action_ids=payload.actions)
    return {"accepted": accepted, **services.open_review_counts(plan)}


@router.post("/plans/{plan_id}/revise", response={201: PlanOut}, summary="Start a revision of an adopted plan")
def revise_plan(request, plan_id: Id):
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    return Status(201, services.plan_revise(plan=plan, by=request.auth))


@router.post("/plans/{plan_id}/generic-actions", response=dict, summary="Add the generic actions to every agency")
def add_generic_actions(request, plan_id: Id):
    plan = _plan(request, plan_id)
    rules.require_manage_plan(request.auth, plan)
    return {"added": services.plan_add_generic_actions(plan=plan, by=request.auth)}


@router.post("/plans/{plan_id}/signoff", response={201: dict}, summary="An agency head signs off their part")
def sign_off(request, plan_id: Id, payload: SignoffIn):
    plan = _plan(request, plan_id)
    if not rules.can_sign_off(request.auth, plan, payload.agency):
        raise PermissionDenied("Hanya kepala perangkat daerah yang bersangkutan yang dapat menyetujui.")
    agency = Agency.objects.get(pk=payload.agency)
    signoff = services.agency_signoff(plan=plan, agency=agency, by=request.auth)
    return Status(201, {"agency": agency.pk, "signed_at": signoff.signed_at.isoformat()})


@router.get("/plans/{plan_id}/coverage", response=CoverageOut, summary="Coverage and quality check")
def plan_coverage(request, plan_id: Id):
    plan = _plan(request, plan_id)
    rules.require_read_whole_plan(request.auth, plan)
    coverage = selectors.plan_coverage(plan=plan)
    return {
        "action_count": coverage.action_count,
        "uncovered_national_actions": coverage.uncovered_national_actions,
        "agencies_without_action": [{"id": a.pk, "name": a.name} for a in coverage.agencies_without_action],
        "actions_with_problems": [
            {"action_id": a.pk, "title": a.title, "agency": a.responsible_agency.name, "problems": problems}
            for a, problems in coverage.actions_with_problems
        ],
        "budget_total": coverage.budget_total,
        "budget_by_field": coverage.budget_by_field,
        "budget_by_agency": coverage.budget_by_agency,
        "budget_by_source": coverage.budget_by_source,
    }


@router.get("/plans/{plan_id}/compare/{other_id}", response=CompareOut, summary="Compare two plans")
def compare_plans(request, plan_id: Id, other_id: Id):
    older, newer = _plan(request, other_id), _plan(request, plan_id)
    result = selectors.plan_compare(user=request.auth, older=older, newer=newer)

    def out(change):
        either = change.after or change.before
        return {
            "lineage": str(either.lineage),
            "title": either.title,
            "before_id": change.before.pk if change.before else None,
            "after_id": change.after.pk if change.after else None,
            "fields": change.fields,
            "targets": [{"indicator": n, "period": p, "before": b, "after": a} for n, p, b, a in change.targets],
        }

    return {"older_id": older.pk, "newer_id": newer.pk, **{k: [out(c) for c in v] for k, v in result.items()}}


# --- actions -------------------------------------------------------------------------------------------------


@router.get("/plans/{plan_id}/actions", response=list[ActionOut], summary="A plan's actions I may see")
@paginate(LimitOffset)
def list_actions(request, plan_id: Id, filters: Query[ActionFilters]):
    plan = _plan(request, plan_id)
    qs = selectors.action_queryset(user=request.auth, plan=plan)
    if filters.agency:
        qs = qs.filter(responsible_agency_id=filters.agency)
    if filters.field:
        qs = qs.filter(field_id=filters.field)
    if filters.review_state:
        qs = qs.filter(review_state=filters.review_state)
    if filters.problems is not None:
        actions = list(qs)
        return [a for a in actions if bool(selectors.action_problems(a, plan)) == filters.problems]
    return qs


@router.post("/plans/{plan_id}/actions", response={201: ActionOut}, summary="Add an action")
@transaction.atomic
def create_action(request, plan_id: Id, payload: ActionIn):
    plan = _plan(request, plan_id)
    if not rules.can_propose_for(request.auth, plan, payload.responsible_agency):
        raise PermissionDenied("Peran Anda tidak dapat menambah aksi untuk perangkat daerah ini pada rencana ini.")
    errors: dict = {}
    data = _resolve_action_data(plan, payload.dict(), errors)
    if "field" not in data and "national_action" not in errors:
        errors["field"] = ["Pilih bidang atau aksi RAN."]
    if errors:
        raise ValidationError(errors)
    action = services.action_create(plan=plan, by=request.auth, **data)
    for indicator in payload.indicators:
        services.indicator_create(
            action=action,
            by=request.auth,
            targets=_targets(indicator.targets),
            **indicator.dict(exclude={"targets"}),
        )
    return Status(201, selectors.action_queryset(user=request.auth, plan=plan).get(pk=action.pk))


@router.get("/actions/{action_id}", response=ActionOut, summary="One action")
def get_action(request, action_id: Id):
    action = _action(request, action_id)
    return selectors.action_queryset(user=request.auth, plan=action.plan).get(pk=action.pk)


@router.patch("/actions/{action_id}", response={200: ActionOut, 409: dict}, summary="Change an action")
def patch_action(request, action_id: Id, payload: ActionPatch):
    action = _action(request, action_id)
    rules.require_edit_action(request.auth, action)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    errors: dict = {}
    data = _resolve_action_data(action.plan, changes, errors)
    if "responsible_agency" in data and not rules.can_propose_for(
        request.auth, action.plan, data["responsible_agency"].pk if data["responsible_agency"] else 0
    ):
        raise PermissionDenied("Peran Anda tidak dapat memindahkan aksi ke perangkat daerah lain.")
    if errors:
        raise ValidationError(errors)
    try:
        services.action_update(action=action, by=request.auth, expected_version=version, **data)
    except services.ConflictError as exc:
        return error_response(request, 409, "conflict", exc.message)
    return selectors.action_queryset(user=request.auth, plan=action.plan).get(pk=action.pk)


@router.delete("/actions/{action_id}", response={204: None}, summary="Delete an action")
def delete_action(request, action_id: Id):
    action = _action(request, action_id)
    rules.require_edit_action(request.auth, action)
    services.action_delete(action=action, by=request.auth)
    return Status(204, None)


@router.post("/actions/{action_id}/return", response=ActionOut, summary="Send an action back with a reason")
def return_action(request, action_id: Id, payload: PlanReasonIn):
    action = _action(request, action_id)
    rules.require_manage_plan(request.auth, action.plan)
    services.action_return(action=action, by=request.auth, reason=payload.reason)
    return selectors.action_queryset(user=request.auth, plan=action.plan).get(pk=action.pk)


@router.post("/actions/{action_id}/accept", response=ActionOut, summary="Accept an action")
def accept_action(request, action_id: Id):
    action = _action(request, action_id)
    rules.require_manage_plan(request.auth, action.plan)
    services.action_accept(action=action, by=request.auth)
    return selectors.action_queryset(user=request.auth, plan=action.plan).get(pk=action.pk)


class ResubmitIn(Schema):
    note: Text = Field("", max_length=2000)


@router.post("/actions/{action_id}/resubmit", response=ActionOut, summary="Resubmit a returned action (Ajukan kembali)")
def resubmit_action(request, action_id: Id, payload: ResubmitIn):
    action = _action(request, action_id)
    rules.require_resubmit(request.auth, action)
    services.action_resubmit(action=action, by=request.auth, note=payload.note)
    return selectors.action_queryset(user=request.auth, plan=action.plan).get(pk=action.pk)


@router.get("/actions/{action_id}/history", response=list[dict], summary="An action's audit trail")
@paginate(LimitOffset)
def action_history(request, action_id: Id):
    action = _action(request, action_id)
    return [
        {
            "at": e.at.isoformat(),
            "actor": e.actor_label,
            "action": e.action,
            "before": e.before,
            "after": e.after,
            "reason": e.reason,
        }
        for e in org_selectors.history_for(obj=action)
    ]


# --- indicators and targets ----------------------------------------------------------------------------------


def _indicator(request, indicator_id: Id) -> Indicator:
    from django.http import Http404

    indicator = Indicator.objects.select_related("action").filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404
    _action(request, indicator.action_id)  # 404 when the action is out of scope
    return indicator


@router.post("/actions/{action_id}/indicators", response={201: IndicatorOut}, summary="Add an indicator")
def create_indicator(request, action_id: Id, payload: IndicatorIn):
    action = _action(request, action_id)
    rules.require_edit_action(request.auth, action)
    indicator = services.indicator_create(
        action=action, by=request.auth, targets=_targets(payload.targets), **payload.dict(exclude={"targets"})
    )
    return Status(201, indicator)


@router.patch("/indicators/{indicator_id}", response={200: IndicatorOut, 409: dict}, summary="Change an indicator")
def patch_indicator(request, indicator_id: Id, payload: IndicatorPatch):
    indicator = _indicator(request, indicator_id)
    rules.require_edit_action(request.auth, indicator.action)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    targets = data.pop("targets", None)
    try:
        services.indicator_update(
            indicator=indicator,
            by=request.auth,
            expected_version=version,
            targets=_targets(payload.targets) if targets is not None else None,
            **data,
        )
    except services.ConflictError as exc:
        return error_response(request, 409, "conflict", exc.message)
    return Indicator.objects.prefetch_related("targets").get(pk=indicator.pk)


@router.delete("/indicators/{indicator_id}", response={204: None}, summary="Delete an indicator")
def delete_indicator(request, indicator_id: Id):
    indicator = _indicator(request, indicator_id)
    rules.require_edit_action(request.auth, indicator.action)
    services.indicator_delete(indicator=indicator, by=request.auth)
    return Status(204, None)
