from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.coordination"
    label = "coordination"
    verbose_name = "Koordinasi (Tim Terpadu dan rakor)"

    def ready(self):
        from sinergi.coordination.models import FollowUp, Meeting
        from sinergi.core.apitypes import name_schema

        # Choices classes that share a short name get one of their own before any API schema refers to them.
        name_schema(Meeting.Kind, "MeetingKind")
        name_schema(Meeting.Status, "MeetingStatus")
        name_schema(FollowUp.Status, "FollowUpStatus")
