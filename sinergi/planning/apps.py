from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.planning"
    label = "planning"

    def ready(self):
        from sinergi.core.apitypes import name_schema
        from sinergi.planning.models import PeriodKind

        # Choices classes that share a short name get one of their own before any API schema refers to them.
        name_schema(PeriodKind, "PlanPeriodKind")
