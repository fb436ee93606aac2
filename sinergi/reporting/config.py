"""A government's reporting settings (webhook, due date, reminders, the agency-head step)."""

from sinergi.reporting.models import ReportingConfig


def config_for(government) -> ReportingConfig:
    """The government's settings, created with the defaults the first time they are read."""
    config, _created = ReportingConfig.objects.get_or_create(government=government)
    return config


def config_fresh(government, *, lock: bool = False) -> ReportingConfig:
    """The settings read afresh from the database (locked until the transaction ends with ``lock``)."""
    ReportingConfig.objects.get_or_create(government=government)
    queryset = ReportingConfig.objects.select_for_update() if lock else ReportingConfig.objects
    return queryset.get(government=government)
