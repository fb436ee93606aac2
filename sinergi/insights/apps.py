from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.insights"
    label = "insights"
    verbose_name = "Insights (roll-up dasbor)"

    def ready(self):
        # The roll-ups follow every change the lower apps publish, inside the change's transaction.
        from sinergi.core.events import subscribe
        from sinergi.insights import rollups
        from sinergi.insights.public.models import PublicPage
        from sinergi.insights.public.services import public_page_save
        from sinergi.organizations.government_settings import register_settings_store
        from sinergi.programmes.events import ProgrammeHistoryRewritten, ProgrammeRecordsChanged, ProgrammeYearChanged
        from sinergi.reporting.events import ReportsChanged

        subscribe(ReportsChanged, lambda event: rollups.refresh_after_change(event.period))
        subscribe(
            ProgrammeRecordsChanged,
            lambda event: rollups.refresh_programme(event.government_id, *event.days, onward=event.onward),
        )
        subscribe(ProgrammeYearChanged, lambda event: rollups.refresh_year(event.government_id, event.year))
        subscribe(ProgrammeHistoryRewritten, lambda event: rollups.rebuild_all())

        # The public page's switch is on the government's settings page.
        register_settings_store(
            public_page=lambda government: PublicPage.objects.filter(government=government).first(),
            public_page_save=public_page_save,
        )
