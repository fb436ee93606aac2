from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.programmes"
    label = "programmes"

    def ready(self):
        from sinergi.core.apitypes import name_schema
        from sinergi.planning.indicator_sources import IndicatorSources, register
        from sinergi.programmes import indicators
        from sinergi.programmes.models import BersinarStage, Event, TargetGroup, VolunteerGroup, VulnerabilityStatus

        # Computed indicators count programmes' records: planning and reporting reach them through this.
        register(
            IndicatorSources(
                describe=indicators.describe,
                clean_filter=indicators.clean_source_filter,
                compute_many=indicators.compute_many,
                filter_keys=indicators.FILTER_KEYS,
                filter_choices={
                    "kinds": Event.Kind.choices,
                    "target_group": TargetGroup.choices,
                    "status": VulnerabilityStatus.choices,
                    "stage": BersinarStage.choices,
                },
            )
        )

        # Choices classes that share a short name get one of their own before any API schema refers to them.
        name_schema(Event.Kind, "EventKind")
        name_schema(Event.Status, "EventStatus")
        name_schema(VolunteerGroup.Kind, "VolunteerGroupKind")
