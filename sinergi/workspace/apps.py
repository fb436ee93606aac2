from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "sinergi.workspace"
    verbose_name = "Beranda"
