from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.reporting"
    label = "reporting"

    def ready(self):
        from sinergi.core.apitypes import name_schema
        from sinergi.notifications.services import register_reminders, register_webhook_config
        from sinergi.organizations.government_settings import register_settings_store
        from sinergi.reporting.config import config_for, config_fresh
        from sinergi.reporting.models import PeriodKind
        from sinergi.reporting.reminders import reminders_send

        # Webhooks are configured in reporting's settings; its reminders run in the daily send_reminders.
        register_webhook_config(config_for)
        register_reminders(reminders_send)
        register_settings_store(reporting_config=config_fresh)  # on the government's settings page

        # Choices classes that share a short name get one of their own before any API schema refers to them.
        name_schema(PeriodKind, "ReportPeriodKind")
