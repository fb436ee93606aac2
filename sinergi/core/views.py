from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.middleware import SESSION_KEY
from sinergi.core.scope import governments_in_scope


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to reach the database is the answer, not a crash
        return JsonResponse({"status": "error", "database": "unreachable", "reason": str(exc)[:300]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
@require_POST
def switch_government(request):
    chosen = request.POST.get("government", "")
    government = governments_in_scope(request.user).filter(pk=chosen).first() if chosen.isdigit() else None
    if government is None:
        messages.error(request, _("That government is not available to you."))
    else:
        request.session[SESSION_KEY] = government.pk
        messages.success(request, _("You are now working in %(government)s.") % {"government": government})
    return redirect("core:home")
