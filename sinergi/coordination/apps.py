from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.coordination"
    label = "coordination"
    verbose_name = "Koordinasi (Tim Terpadu dan rakor)"

    def ready(self):
        from sinergi.coordination.chapter import coordination_chapter
        from sinergi.coordination.models import FollowUp, Meeting
        from sinergi.coordination.reminders import follow_up_reminders_send
        from sinergi.core.apitypes import name_schema
        from sinergi.notifications.services import register_reminders
        from sinergi.reporting.consolidated import register_chapter

        register_chapter("coordination", coordination_chapter)  # in the semester report

        register_reminders(follow_up_reminders_send)  # in the daily send_reminders, after reporting's

        # Choices classes that share a short name get one of their own before any API schema refers to them.
        name_schema(Meeting.Kind, "MeetingKind")
        name_schema(Meeting.Status, "MeetingStatus")
        name_schema(FollowUp.Status, "FollowUpStatus")
