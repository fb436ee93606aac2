from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.demo"
    label = "demo"
