from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.reporting"
    label = "reporting"
