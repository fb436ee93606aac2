from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.coordination"
    label = "coordination"
    verbose_name = "Koordinasi (Tim Terpadu dan rakor)"
