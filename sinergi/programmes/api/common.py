from sinergi.organizations.models import Agency
from sinergi.planning.models import Action


def agency_in(government, pk, field: str, errors: dict):
    if pk is None:
        return None
    agency = Agency.objects.filter(pk=pk, government=government).first()
    if agency is None:
        errors[field] = ["Perangkat daerah tidak dikenal di pemerintah daerah ini."]
    return agency


def action_in(government, pk, errors: dict):
    if pk is None:
        return None
    action = Action.objects.filter(pk=pk, government=government).first()
    if action is None:
        errors["action"] = ["Aksi RAD tidak dikenal di pemerintah daerah ini."]
    return action
