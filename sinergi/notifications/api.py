"""The inbox in the API: the caller's own notifications, and marking them read."""

from datetime import datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from sinergi.core.apitypes import Id, LimitOffset
from sinergi.notifications import selectors, services

router = Router(tags=["notifikasi"])


class NotificationOut(Schema):
    id: int
    event: str
    event_label: str
    title: str
    body: str
    link: str
    government_id: int | None
    created_at: datetime
    read_at: datetime | None
    is_read: bool


class NotificationFilters(Schema):
    unread: bool = False


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut], summary="My notifications, newest first")
@paginate(LimitOffset)
def list_notifications(request, filters: Query[NotificationFilters]):
    return selectors.notification_list(user=request.auth, unread=filters.unread)


@router.post("/notifications/read-all", response=MarkedOut, summary="Mark all my notifications as read")
def read_all_notifications(request):
    return {"marked": services.notification_mark_all_read(user=request.auth)}


@router.post("/notifications/{notification_id}/read", response=NotificationOut, summary="Mark one as read")
def read_notification(request, notification_id: Id):
    notification = selectors.notification_get(user=request.auth, pk=notification_id)
    return services.notification_mark_read(notification=notification)
