"""An action's indicators and their targets."""

from decimal import Decimal

from ninja import Router, Schema, Status
from pydantic import Field

from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, Int, Line, Year
from sinergi.planning import rules, services
from sinergi.planning.api.common import _action, _targets
from sinergi.planning.models import Aggregation, Direction, Indicator, IndicatorSource

router = Router()


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
