from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.organizations"
    label = "organizations"
