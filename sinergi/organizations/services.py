"""Writes about governments, agencies and memberships. Every write validates, is atomic and is audited."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.accounts.services import user_create
from sinergi.core.audit import audit_record, snapshot
from sinergi.core.models import AuditEntry
from sinergi.core.services import model_create, model_delete, model_update
from sinergi.organizations.models import Agency, Government, Membership, default_time_zone
from sinergi.regions.models import Region

GOVERNMENT_FIELDS = (
    "name",
    "address",
    "phone",
    "email",
    "website",
    "logo",
    "time_zone",
    "signatory_name",
    "signatory_nip",
    "signatory_title",
)
AGENCY_FIELDS = ("name", "acronym", "kind", "region", "region_id", "address", "head_name", "head_title", "valid_from")


def government_create(*, region: Region, name: str = "", by: User | None, **fields) -> Government:
    government = Government(
        region=region,
        name=name or f"Pemerintah {region.name if region.level == 2 else 'Provinsi ' + region.name}",
        time_zone=fields.pop("time_zone", None) or default_time_zone(region.code),
        **{k: v for k, v in fields.items() if k in GOVERNMENT_FIELDS},
    )
    return model_create(instance=government, by=by)


def government_update(*, government: Government, by: User, **fields) -> list[str]:
    return model_update(instance=government, data={k: v for k, v in fields.items() if k in GOVERNMENT_FIELDS}, by=by)


def agency_create(*, government: Government, by: User | None, **fields) -> Agency:
    agency = Agency(government=government, **{k: v for k, v in fields.items() if k in AGENCY_FIELDS})
    return model_create(instance=agency, by=by)


def agency_update(*, agency: Agency, by: User, **fields) -> list[str]:
    allowed = (*AGENCY_FIELDS, "valid_until")
    return model_update(instance=agency, data={k: v for k, v in fields.items() if k in allowed}, by=by)


@transaction.atomic
def agency_succeed(*, agencies: list[Agency], on: date, by: User, reason: str, **fields) -> Agency:
    """Rename or merge agencies: a new agency takes over from ``on``; the old ones end the day before.

    The old agencies stay, with all that was recorded under them, and point to their successor; current
    memberships move to the successor so nobody loses access.
    """
    if not agencies:
        raise ValidationError({"agencies": _("Choose the agency or agencies being replaced.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the legal basis or reason for the change.")})
    government = agencies[0].government
    for old in agencies:
        if old.government_id != government.pk:
            raise ValidationError({"agencies": _("All agencies must belong to the same government.")})
        if old.successor_id or not old.is_active:
            raise ValidationError({"agencies": _("%(agency)s has already ended.") % {"agency": old}})
        if old.valid_from and old.valid_from >= on:
            raise ValidationError({"valid_from": _("The change must come after %(agency)s began.") % {"agency": old}})
    # End the old ones first so the new one may reuse a name (a rename that only changes the nomenclature).
    for old in agencies:
        model_update(instance=old, data={"valid_until": on - timedelta(days=1)}, by=by, reason=reason)
    new = agency_create(government=government, by=by, valid_from=on, **fields)
    for old in agencies:
        model_update(instance=old, data={"successor": new}, by=by, reason=reason)
        for membership in old.memberships.all():
            duplicate = Membership.objects.filter(user=membership.user_id, agency=new, role=membership.role).exists()
            before = snapshot(membership)
            if duplicate:
                model_delete(instance=membership, by=by, reason=reason)
                continue
            membership.agency = new
            membership.save(update_fields=["agency"])
            audit_record(
                obj=membership,
                action=AuditEntry.Action.UPDATE,
                by=by,
                before=before,
                after=snapshot(membership),
                reason=reason,
            )
    return new


def membership_create(*, user: User, agency: Agency, role: str, by: User | None, region: Region | None = None):
    membership = Membership(user=user, government=agency.government, agency=agency, role=role, region=region)
    membership.granted_by = by
    return model_create(instance=membership, by=by)


def membership_delete(*, membership: Membership, by: User, reason: str = "") -> None:
    model_delete(instance=membership, by=by, reason=reason)


@transaction.atomic
def user_create_with_membership(
    *, by: User, agency: Agency, role: str, password: str | None, region: Region | None = None, **fields
) -> User:
    """What the secretariat does when it adds a person: the account and their first role, together."""
    user = user_create(by=by, password=password, government=agency.government, **fields)
    membership_create(user=user, agency=agency, role=role, region=region, by=by)
    return user
