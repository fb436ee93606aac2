"""The JSON API at /api/v1/ with every app's router mounted on core's NinjaAPI (its auth and error shape).

The order decides the order of the operations in the OpenAPI document.
"""

from sinergi.accounts.api import router as accounts_router
from sinergi.coordination.api import router as coordination_router
from sinergi.coordination.documents.api import router as meeting_documents_router
from sinergi.core.api import api
from sinergi.documents.api import router as documents_router
from sinergi.exchange.api import router as exchange_router
from sinergi.insights.analytics.api import router as analytics_router
from sinergi.insights.api import router as insights_router
from sinergi.notifications.api import router as notifications_router
from sinergi.organizations.api import router as organizations_router
from sinergi.planning.api import router as planning_router
from sinergi.programmes.api import router as programmes_router
from sinergi.regions.api import router as regions_router
from sinergi.reporting.api import router as reporting_router
from sinergi.workspace.api import router as workspace_router

api.add_router("", accounts_router)
api.add_router("/regions", regions_router)
api.add_router("", organizations_router)
api.add_router("", planning_router)
api.add_router("", reporting_router)
api.add_router("", notifications_router)
api.add_router("", documents_router)
api.add_router("", programmes_router)
api.add_router("", meeting_documents_router)
api.add_router("", coordination_router)
api.add_router("", analytics_router)
api.add_router("", exchange_router)
api.add_router("", insights_router)
api.add_router("", workspace_router)

__all__ = ["api"]
