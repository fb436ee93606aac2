from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.notifications"
    label = "notifications"
