"""The inbox pages. Thin: read through selectors, write through services; only ever the signed-in user's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sinergi.core.lists import paginate
from sinergi.notifications import selectors, services


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notification_list(user=request.user, unread=unread_only)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": paginate(request, notifications),
            "unread_only": unread_only,
            "unread": selectors.unread_count(user=request.user),
            "active_nav": "inbox",
            "breadcrumbs": [(_("Inbox"), None)],
        },
    )


@login_required
def notification_detail(request, pk: int):
    """One notification in full; opening it marks it read."""
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    return render(
        request,
        "notifications/notification_detail.html",
        {
            "notification": notification,
            "active_nav": "inbox",
            "breadcrumbs": [(_("Inbox"), reverse("notifications:inbox")), (notification.title, None)],
        },
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = selectors.notification_get(user=request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)s notification marked as read.", "%(count)s notifications marked as read.", count)
            % {"count": count},
        )
    return _back(request)


def _back(request):
    """Back to the inbox page the form was on (only ever a path on this site)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = ""
    return redirect(target or "notifications:inbox")
