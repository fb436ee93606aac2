"""The JSON API at /api/v1/: one NinjaAPI, its authentication, and one error shape for every failure.

Every error answers ``{"error": {"code": ..., "message": ..., "fields": {field: [messages]}}}``.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from sinergi.accounts.services import token_authenticate

# Names of our own request parameters that wrap a schema; they are not part of what the client sent.
_WRAPPER_NAMES = {"body", "query", "path", "payload", "filters", "form"}


class BearerToken(HttpBearer):
    openapi_description = "Personal API token from POST /api/v1/auth/token, sent as `Authorization: Bearer <token>`."

    def authenticate(self, request, token):
        user = token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class Session(APIKeyCookie):
    """The browser's signed-in session (with CSRF protection on writes), so pages can call the API too."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(
    title="Sinergi P4GN API",
    version="1",
    description="API Sinergi P4GN. Semua daftar menjawab `{items, count}` dengan `limit`/`offset`.",
    urls_namespace="api",
    auth=[BearerToken(), Session()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(request, status: int, code: str, message: str, fields: dict | None = None):
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if str(p) not in _WRAPPER_NAMES]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        fields.setdefault(_field_name(err.get("loc", ())), []).append(err.get("msg", _("Invalid value.")))
    return error_response(request, 422, "invalid", _("Some fields are invalid."), fields)


@api.exception_handler(DjangoValidationError)
def _domain_validation_error(request, exc):
    if hasattr(exc, "error_dict"):
        fields = {("body" if k == "__all__" else k): [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        fields = {"body": [str(m) for m in exc.messages]}
    return error_response(request, 422, "invalid", _("Some fields are invalid."), fields)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(request, 403, "forbidden", str(exc) or _("You are not allowed to do this."))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error_response(request, 401, "unauthenticated", _("Sign in or send a valid API token."))


@api.exception_handler(OperationalError)
def _database_error(request, exc):
    from sinergi.core.middleware import database_busy_response, is_database_busy

    if is_database_busy(exc):
        return database_busy_response(request)
    raise exc


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return error_response(
            request, 422, "invalid_json", _("The request body is not valid JSON."), {"body": [_("Invalid JSON.")]}
        )
    return error_response(request, exc.status_code, "error", str(exc))


def _register_routers():
    from sinergi.accounts.api import router as accounts_router
    from sinergi.coordination.api import router as coordination_router
    from sinergi.coordination.api_documents import router as meeting_documents_router
    from sinergi.documents.api import router as documents_router
    from sinergi.exchange.api import router as exchange_router
    from sinergi.insights.api import router as insights_router
    from sinergi.insights.api_analytics import router as analytics_router
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


_register_routers()
