"""The national catalogue: national plans (RAN P4GN), their fields and actions."""

from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.apitypes import Id, LimitOffset
from sinergi.planning.models import NationalPlan

router = Router()


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


@router.get("/national-plans", response=list[NationalPlanOut], summary="National plans (RAN P4GN)")
@paginate(LimitOffset)
def list_national_plans(request):
    return NationalPlan.objects.all()


@router.get("/national-plans/{plan_id}", response=NationalPlanDetail, summary="A national plan with its actions")
def get_national_plan(request, plan_id: Id):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(NationalPlan.objects.prefetch_related("fields__actions"), pk=plan_id)
