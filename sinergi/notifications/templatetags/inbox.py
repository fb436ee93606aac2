from django import template

from sinergi.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many unread notifications the signed-in user has: one query per request, however often it is drawn."""
    request = context.get("request")
    cached = getattr(request, "_sinergi_unread_notifications", None)
    if cached is not None:
        return cached
    user = context.get("user") or getattr(request, "user", None)
    count = unread_count(user=user)
    if request is not None:
        request._sinergi_unread_notifications = count
    return count
