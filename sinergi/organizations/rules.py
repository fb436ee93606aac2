"""Who may change what in governments, agencies, users and memberships."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sinergi.core.scope import scope_for


def can_manage_government(user, government_id: int | None) -> bool:
    return scope_for(user).can_manage(government_id)


def require_manage_government(user, government_id: int | None) -> None:
    if not can_manage_government(user, government_id):
        raise PermissionDenied(_("Only the secretariat of this government may do this."))


def require_admin(user) -> None:
    if not user.is_superuser:
        raise PermissionDenied(_("Only a platform administrator may do this."))
