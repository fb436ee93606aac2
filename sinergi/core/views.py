from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.middleware import SESSION_KEY
from sinergi.core.models import AuditEntry
from sinergi.core.scope import scope_for
from sinergi.organizations.selectors import government_list, government_summary


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
def home(request):
    user = request.user
    scope = scope_for(user)
    government = request.government
    context = {"government": government, "scope": scope}
    if government is not None:
        context["summary"] = government_summary(government=government)
        context["memberships"] = [
            m for m in user.memberships.select_related("agency", "region") if m.government_id == government.pk
        ]
        from sinergi.planning.selectors import plan_list

        context["plans"] = plan_list(user=user, government_id=government.pk)[:3]
        context["reporting"] = _reporting_summary(user, government)
        context["follow_ups"] = _follow_up_summary(user, government)
        if scope.can_manage(government.pk):
            context["recent_changes"] = AuditEntry.objects.filter(government_id=government.pk).select_related(
                "content_type"
            )[:8]
    if scope.observed_regions or scope.is_admin:
        context["observed_governments"] = government_list(user=user).select_related("region")[:50]
    return render(request, "core/home.html", context)


@login_required
@require_POST
def switch_government(request):
    chosen = request.POST.get("government", "")
    government = government_list(user=request.user).filter(pk=chosen).first() if chosen.isdigit() else None
    if government is None:
        messages.error(request, _("That government is not available to you."))
    else:
        request.session[SESSION_KEY] = government.pk
        messages.success(request, _("You are now working in %(government)s.") % {"government": government})
    return redirect("core:home")


def _follow_up_summary(user, government):
    """The open meeting follow-ups of the user's own agencies (due dates, overdue flagged), and for those who read
    the whole government how many are open and overdue."""
    from django.utils import timezone

    from sinergi.coordination.selectors import follow_up_list, my_follow_ups

    today = timezone.localdate()
    mine = my_follow_ups(user=user, government_id=government.pk)
    summary = {"mine": mine, "today": today}
    if government.pk in scope_for(user).read_government_ids or scope_for(user).is_admin:
        from django.db.models import Count, Q

        counts = (
            follow_up_list(user=user, government_id=government.pk, status="open_all")
            .order_by()
            .aggregate(open_count=Count("pk"), overdue_count=Count("pk", filter=Q(due_on__lt=today)))
        )
        summary.update(counts)
    if not mine and not summary.get("open_count"):
        return None
    return summary


def _reporting_summary(user, government):
    """The open period with what this user still has to do in it (their own reports, or the whole board)."""
    from sinergi.reporting.models import PeriodStatus, ReportStatus
    from sinergi.reporting.selectors import period_completeness, period_list, report_queryset

    period = period_list(user=user, government_id=government.pk).filter(status=PeriodStatus.OPEN).first()
    if period is None:
        return None
    reports = list(report_queryset(user=user, period=period).prefetch_related(None))
    _rows, total = period_completeness(period=period, reports=reports)
    to_do = [r for r in reports if r.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)]
    return {"period": period, "total": total, "to_do": to_do[:10], "to_do_count": len(to_do)}
