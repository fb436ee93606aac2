from django.apps import AppConfig


class Config(AppConfig):
    name = "sinergi.organizations"
    label = "organizations"

    def ready(self):
        # core's scope reads memberships and governments through this hook, so core imports no app.
        from sinergi.core.apitypes import name_schema
        from sinergi.core.scope import register_tenancy
        from sinergi.organizations.models import Agency, Membership
        from sinergi.organizations.selectors import government_list

        # Choices classes that share a short name get one of their own before any API schema refers to them.
        name_schema(Agency.Kind, "AgencyKind")

        register_tenancy(
            memberships=lambda user: Membership.objects.filter(user=user).select_related("agency", "government"),
            governments=lambda user: government_list(user=user),
        )
