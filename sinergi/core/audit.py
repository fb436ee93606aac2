"""Recording the audit trail. Services call ``audit_record``; nothing is recorded from signals."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sinergi.core.models import AuditEntry

# Fields never copied into the trail: secrets, and bookkeeping that changes on every save.
NEVER_AUDITED = {"password", "key_hash", "updated_at", "last_login"}
# Secrets whose presence is recorded but never their value.
MASKED = {"webhook_secret"}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict:
    """The audited values of a model instance, as JSON-ready data (foreign keys by their key)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in NEVER_AUDITED:
            continue
        value = _plain(getattr(obj, field.attname))
        data[field.name] = ("••••" if value else "") if field.name in MASKED else value
    return data


def government_of(obj: models.Model) -> int | None:
    if hasattr(obj, "audit_government_id"):
        return obj.audit_government_id()
    return getattr(obj, "government_id", None)


def audit_record(
    *,
    obj: models.Model,
    action: str,
    by,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=(actor.get_full_name() or actor.get_username()) if actor else "sistem",
        government_id=government_of(obj),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        action=action,
        before=before,
        after=after,
        reason=reason,
    )


def history_for(*, obj) -> models.QuerySet:
    """The audit trail of one object the caller has already found in scope."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor")
