"""Generic writes shared by every app: create and update with validation and an audit entry."""

from django.db import models, transaction

from sinergi.core.audit import audit_record, snapshot
from sinergi.core.models import AuditEntry


@transaction.atomic
def model_create(*, instance: models.Model, by, reason: str = "") -> models.Model:
    """Validate and save a new instance, and record it in the audit trail."""
    instance.full_clean()
    instance.save()
    audit_record(obj=instance, action=AuditEntry.Action.CREATE, by=by, after=snapshot(instance), reason=reason)
    return instance


@transaction.atomic
def model_update(*, instance: models.Model, data: dict, by, reason: str = "") -> list[str]:
    """Apply ``data`` to ``instance``, validate, save, and record what changed. Returns the changed fields.

    "Before" is read from the database: a bound ModelForm has already copied its values onto ``instance``.
    """
    before = snapshot(type(instance)._default_manager.get(pk=instance.pk))
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    after = snapshot(instance)
    changed = [k for k in after if before.get(k) != after.get(k)]
    if changed:
        instance.save()
        audit_record(obj=instance, action=AuditEntry.Action.UPDATE, by=by, before=before, after=after, reason=reason)
    return changed


@transaction.atomic
def model_delete(*, instance: models.Model, by, reason: str = "") -> None:
    before = snapshot(instance)
    audit_record(obj=instance, action=AuditEntry.Action.DELETE, by=by, before=before, reason=reason)
    instance.delete()
