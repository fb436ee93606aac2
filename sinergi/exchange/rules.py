"""Who may export, import and decide which installations are trusted."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sinergi.core.scope import scope_for

EXPORTING_ROLES = frozenset({"secretariat", "leader"})


def can_export(user, government_id: int | None) -> bool:
    """The secretariat and the leaders of a government send its semester upward (and the administrators)."""
    scope = scope_for(user)
    return scope.is_admin or bool(EXPORTING_ROLES & scope.roles_in(government_id))


def can_import(user) -> bool:
    """Importing writes roll-ups of governments this installation does not run: its administrators only."""
    return bool(user and user.is_authenticated and user.is_superuser)


def can_manage_trust(user) -> bool:
    return can_import(user)


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("Your role does not allow this."))
