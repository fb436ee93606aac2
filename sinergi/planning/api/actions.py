"""A plan's actions: proposing, changing, reviewing (return, accept, resubmit) and their history."""

from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, Int, LimitOffset, Line, Text
from sinergi.core.scope import all_of, one_of
from sinergi.organizations import selectors as org_selectors
from sinergi.organizations.models import Agency
from sinergi.planning import rules, selectors, services
from sinergi.planning.api.common import _action, _plan, _targets
from sinergi.planning.api.indicators import IndicatorIn, IndicatorOut
from sinergi.planning.api.plans import PlanReasonIn
from sinergi.planning.models import BudgetSource, NationalAction
from sinergi.planning.models import Field as PlanField
from sinergi.regions.models import Region

router = Router()


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
