from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.accounts"
    label = "accounts"

    def ready(self):
        # core's API authenticates bearer tokens through this hook, so core imports no app.
        from sinergi.accounts.services import token_authenticate
        from sinergi.core.api import BearerToken

        BearerToken.key_owner = staticmethod(token_authenticate)
