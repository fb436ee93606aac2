from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.core"
    label = "core"
