from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.programmes"
    label = "programmes"

    def ready(self):
        from sinergi.core.apitypes import name_schema
        from sinergi.programmes.models import Event, VolunteerGroup

        # Choices classes that share a short name get one of their own before any API schema refers to them.
        name_schema(Event.Kind, "EventKind")
        name_schema(Event.Status, "EventStatus")
        name_schema(VolunteerGroup.Kind, "VolunteerGroupKind")
