"""The JSON API at /api/v1/: one NinjaAPI, its authentication, and one error shape for every failure. Each app's
router is mounted one level up, in config/api.py: core knows no app.

Every error answers ``{"error": {"code": ..., "message": ..., "fields": {field: [messages]}}}``.
"""

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from sinergi.core.middleware import database_busy_response, is_database_busy

# Names of our own request parameters that wrap a schema; they are not part of what the client sent.
_WRAPPER_NAMES = {"body", "query", "path", "payload", "filters", "form"}


class BearerToken(HttpBearer):
    openapi_description = "Personal API token from POST /api/v1/auth/token, sent as `Authorization: Bearer <token>`."
    # key -> active user or None; accounts, which owns API tokens, sets it in its AppConfig.ready.
    key_owner = None

    def authenticate(self, request, token):
        user = self.key_owner(key=token)
        if user is not None:
            request.user = user
        return user


class Session(APIKeyCookie):
    """The browser's signed-in session (with CSRF protection on writes), so pages can call the API too."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorDetail


# The errors any operation may answer, and those only a write (a body to read, a record to change) adds.
ERRORS = {
    401: "Not signed in, or the token is not valid.",
    403: "Not allowed to do this.",
    404: "Not found, or outside what you may see.",
    422: "A parameter or field is invalid (named in `fields`).",
}
WRITE_ERRORS = {
    400: "The request body cannot be read (e.g. a broken multipart body).",
    409: "The record changed since you read it, or its state does not allow this.",
    413: "The request body, a file, or the number of fields is too large.",
}


class SinergiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The generated schema, with the one error shape documented for the 4xx answers of every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"]["ErrorDetail"] = ErrorDetail.model_json_schema()
        schema["components"]["schemas"]["ErrorOut"] = {
            "title": "ErrorOut",
            "type": "object",
            "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
            "required": ["error"],
        }
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                errors = ERRORS | (WRITE_ERRORS if method in ("post", "put", "patch", "delete") else {})
                responses = operation.setdefault("responses", {})
                for status, description in errors.items():
                    responses.setdefault(status, {"description": description, "content": content})
        return schema


api = SinergiAPI(
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
    if is_database_busy(exc):
        return database_busy_response(request)
    raise exc


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return error_response(request, 413, "too_large", _("The request body is too large."))


@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def _too_many(request, exc):
    return error_response(request, 413, "too_many_fields", _("The request has too many fields or files."))


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
def _bad_body(request, exc):
    message = _("The request body cannot be read.")
    return error_response(request, 400, "bad_request", message, {"body": [message]})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return error_response(
            request, 422, "invalid_json", _("The request body is not valid JSON."), {"body": [_("Invalid JSON.")]}
        )
    return error_response(request, exc.status_code, "error", str(exc))
