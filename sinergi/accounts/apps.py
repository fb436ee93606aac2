from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.accounts"
    label = "accounts"
