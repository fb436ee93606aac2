"""Where computed indicators get their values. An indicator's ``source`` (``IndicatorSource``) names records that
programmes owns (events, urine tests, volunteers, assessments, Bersinar); programmes registers how to describe,
check and count them from its AppConfig.ready, so planning and reporting read them without importing programmes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class IndicatorSources:
    # (source, filter) -> the source and its filter in words
    describe: Callable[[str, dict], str]
    # (source, filter) -> the filter checked and cleaned (ValidationError when it is not valid)
    clean_filter: Callable[[str, object], dict]
    # [(indicator, report)] -> {(indicator id, report id): Computed}
    compute_many: Callable[[list], dict]
    # source -> the filter keys it understands
    filter_keys: dict
    # filter key (kinds, target_group, status, stage) -> its choices
    filter_choices: dict


_registered: list[IndicatorSources] = []


def register(sources: IndicatorSources) -> None:
    _registered[:] = [sources]


def indicator_sources() -> IndicatorSources:
    if not _registered:
        raise ImproperlyConfigured("No indicator sources registered (programmes registers them in its ready()).")
    return _registered[0]
