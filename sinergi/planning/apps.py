from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.planning"
    label = "planning"
