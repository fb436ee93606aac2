from functools import cached_property

from django.utils.translation import gettext_noop

from sinergi.core.scope import governments_in_scope, scope_for

SESSION_KEY = "sinergi_government_id"


def current_government(request):
    """The government the user is working in: the one chosen in the switcher, else their first one."""
    if not request.user.is_authenticated:
        return None
    visible = governments_in_scope(request.user)
    chosen = request.session.get(SESSION_KEY)
    government = visible.filter(pk=chosen).first() if chosen else None
    if government is None:
        government = visible.filter(pk__in=_member_governments(request.user)).first() or visible.first()
    return government


def _member_governments(user):
    return scope_for(user).member_government_ids


class CurrentGovernmentMiddleware:
    """Puts ``request.government`` (computed only when used) on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.__class__ = _with_government(type(request))
        return self.get_response(request)


_REQUEST_CLASSES = {}


def _with_government(cls):
    """The request class with a ``government`` computed on first use. Not a ``SimpleLazyObject``: a lazy object
    wrapping ``None`` is not ``None``, so a fresh installation without any government failed every
    ``is None`` check and every query filtering on it (issue 14 §8)."""
    if getattr(cls, "_sinergi_government", False):
        return cls
    if cls not in _REQUEST_CLASSES:
        government = cached_property(current_government)
        government.__set_name__(None, "government")
        _REQUEST_CLASSES[cls] = type(cls.__name__, (cls,), {"government": government, "_sinergi_government": True})
    return _REQUEST_CLASSES[cls]


class ApiErrorShapeMiddleware:
    """Answers that leave /api/ without going through the API's handlers (an unknown path, a method the path
    does not take) still come in the API's one error shape."""

    MESSAGES = {
        404: ("not_found", gettext_noop("Not found.")),
        405: ("method_not_allowed", gettext_noop("Method not allowed.")),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in self.MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            from django.http import JsonResponse
            from django.utils.translation import gettext

            code, message = self.MESSAGES[response.status_code]
            replacement = JsonResponse(
                {"error": {"code": code, "message": gettext(message), "fields": {}}}, status=response.status_code
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


DATABASE_BUSY_RETRY_AFTER = 5


def is_database_busy(exc) -> bool:
    from django.db import OperationalError

    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def database_busy_response(request):
    """503 with Retry-After when SQLite's write lock could not be had in time: the API's error shape or a page."""
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext

    message = gettext("The database is busy with other changes. Nothing was saved; try again in a few seconds.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": "database_busy", "message": message, "fields": {}}}, status=503)
    else:
        response = render(request, "core/busy.html", {"message": message}, status=503)
    response["Retry-After"] = str(DATABASE_BUSY_RETRY_AFTER)
    return response


class DatabaseBusyMiddleware:
    """A write that still finds the embedded database locked after SINERGI_SQLITE_TIMEOUT answers 503, never 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return database_busy_response(request)
        return None
