from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.regions"
    label = "regions"
