"""The programme records API: events, urine tests, volunteers, assessments, Kelurahan Bersinar."""

from ninja import Router

from sinergi.programmes.api import assessments, bersinar, events, recaps, volunteers

router = Router(tags=["program"])
for module in (events, volunteers, assessments, bersinar, recaps):
    router.add_router("", module.router)
