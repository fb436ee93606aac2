"""What the coordination API's rooms share: the secretariat-only message, the 409 answer, agency and link lookups."""

from django.core.exceptions import ValidationError

from sinergi.core.api import error_response
from sinergi.core.scope import all_of, one_of
from sinergi.organizations.models import Agency

ONLY_SECRETARIAT = "Hanya sekretariat yang dapat mengubah data ini."


def _conflict(request, exc):
    return error_response(request, 409, "conflict", exc.message)


def _agency(government_id, pk, field: str, errors: dict):
    message = f"Perangkat daerah {pk} tidak dikenal di pemerintah daerah ini."
    return one_of(Agency.objects.filter(government_id=government_id), pk, field=field, errors=errors, message=message)


def _agencies(government_id, pks, field, errors) -> list:
    return [a for a in (_agency(government_id, pk, field, errors) for pk in pks or []) if a]


def _linked(model, government_id, pks, field, errors) -> list:
    return all_of(model.objects.filter(government_id=government_id), pks, field=field, errors=errors)


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _follow_up_prefetch(qs):
    return qs.prefetch_related("actions", "reports", "evidence")
