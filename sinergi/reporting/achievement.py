"""Achievement: realised against target, following each indicator's aggregation and direction (design.md §3).

One module computes it, so pages, documents and the API show the same numbers. Percentages are capped at 100 for
roll-ups (action, field, agency, government) and shown uncapped, with a flag, per indicator.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sinergi.planning.models import Aggregation, Direction

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IndicatorAchievement:
    indicator_id: int
    target: Decimal | None
    realised: Decimal | None
    percent: Decimal | None  # uncapped
    capped: Decimal | None  # at most 100, for roll-ups

    @property
    def exceeded(self) -> bool:
        return self.percent is not None and self.percent > HUNDRED


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def cumulative(aggregation: str, values: list[Decimal | None]) -> Decimal | None:
    """The realised value up to a period from the values of the periods so far (oldest first)."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    if aggregation == Aggregation.SUM:
        return sum(known, Decimal(0))
    if aggregation == Aggregation.MAX:
        return max(known)
    return known[-1]  # latest


def percent(target: Decimal | None, realised: Decimal | None, direction: str) -> Decimal | None:
    if target is None or realised is None:
        return None
    if direction == Direction.LOWER:
        if realised == 0:
            return HUNDRED
        return _round(target / realised * HUNDRED)
    if target == 0:
        return HUNDRED
    return _round(realised / target * HUNDRED)


def indicator_achievement(indicator, *, target: Decimal | None, values: list[Decimal | None]) -> IndicatorAchievement:
    """Achievement of one indicator given its target for the span and the values of the periods in the span."""
    realised = cumulative(indicator.aggregation, values)
    uncapped = percent(target, realised, indicator.direction)
    capped = None if uncapped is None else min(uncapped, HUNDRED)
    return IndicatorAchievement(indicator.pk, target, realised, uncapped, capped)


def mean(percents) -> Decimal | None:
    known = [p for p in percents if p is not None]
    if not known:
        return None
    return _round(sum(known, Decimal(0)) / len(known))
