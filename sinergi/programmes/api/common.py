from sinergi.core.scope import one_of
from sinergi.organizations.models import Agency
from sinergi.planning.models import Action


def agency_in(government, pk, field: str, errors: dict):
    message = "Perangkat daerah tidak dikenal di pemerintah daerah ini."
    return one_of(Agency.objects.filter(government=government), pk, field=field, errors=errors, message=message)


def action_in(government, pk, errors: dict):
    message = "Aksi RAD tidak dikenal di pemerintah daerah ini."
    return one_of(Action.objects.filter(government=government), pk, field="action", errors=errors, message=message)
