from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.programmes"
    label = "programmes"
