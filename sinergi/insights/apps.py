from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.insights"
    label = "insights"
    verbose_name = "Insights (roll-up dasbor)"
