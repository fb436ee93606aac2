"""Regional plans (RAD): their workflow from draft to adoption and revision, sign-off, coverage, comparison."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.apitypes import Id, LimitOffset, Line, Text
from sinergi.organizations import selectors as org_selectors
from sinergi.organizations.models import Agency
from sinergi.organizations.rules import require_manage_government
from sinergi.planning import rules, selectors, services
from sinergi.planning.api.common import _plan
from sinergi.planning.api.national import NationalActionOut
from sinergi.planning.models import LegalBasisKind, NationalPlan, PeriodKind

router = Router()


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
