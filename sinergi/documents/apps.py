from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.documents"
    label = "documents"
