"""Writes about people and their credentials: users, API tokens."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import ApiToken, User
from sinergi.core.audit import audit_record
from sinergi.core.models import AuditEntry
from sinergi.core.services import model_create, model_update

USER_FIELDS = ("username", "full_name", "email", "position", "nip", "phone")


def token_authenticate(*, key: str) -> User | None:
    """The active user owning this unexpired, unrevoked API token, or None. Records the last use at most once a
    minute (a write on every call would make every API read a write)."""
    if not key or not key.startswith("sp_"):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at=None, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the plain key, which is never stored."""
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=(name or "API").strip()[:100], prefix=key[:11], key_hash=ApiToken.hash_key(key))
    model_create(instance=token, by=user)
    return token, key


def token_revoke(*, token: ApiToken, by: User) -> None:
    if token.revoked_at is None:
        model_update(instance=token, data={"revoked_at": timezone.now()}, by=by)


@transaction.atomic
def user_create(*, by: User | None, password: str | None, government=None, **fields) -> User:
    user = User(government=government, **{k: v for k, v in fields.items() if k in USER_FIELDS})
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return model_create(instance=user, by=by)


def user_update(*, user: User, by: User, **fields) -> list[str]:
    return model_update(
        instance=user, data={k: v for k, v in fields.items() if k in (*USER_FIELDS, "is_active")}, by=by
    )


@transaction.atomic
def user_set_password(*, user: User, password: str, by: User | None, reason: str = "") -> None:
    """Set a password (validated by the caller) and record that it changed, never the password itself."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        obj=user,
        action=AuditEntry.Action.UPDATE,
        by=by,
        before={"password": "••••"},
        after={"password": "•••• (diganti)"},
        reason=reason,
    )
