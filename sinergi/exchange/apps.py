from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.exchange"
    label = "exchange"
    verbose_name = "Pertukaran data antarinstalasi"
