"""The official's own notifications over JSON; another official's notification is a 404."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.api_errors import LOGIN, errors
from samverkan.notifications import selectors, services
from samverkan.notifications.access import INBOX
from samverkan.notifications.models import Notification

PREFIX = "/notifications/"
router = Router(tags=["Att göra"], auth=django_auth)


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    unread: bool


def _out(notification: Notification) -> NotificationOut:
    return NotificationOut(
        id=notification.pk,
        kind=notification.kind,
        kind_label=notification.get_kind_display(),
        title=notification.title,
        link=notification.link,
        created_at=notification.created_at,
        read_at=notification.read_at,
        unread=notification.read_at is None,
    )


@router.get(
    "/",
    response={200: list[NotificationOut], **errors(*LOGIN, 422)},
    summary="Mina aviseringar (Att göra)",
    description="De 200 senaste, nyaste först. `unread=true` ger bara olästa. Att läsa listan markerar inget som läst.",
)
@allowed(INBOX)
def list_notifications(request: OfficialRequest, unread: bool = False) -> list[NotificationOut]:
    found = selectors.inbox_for(request.user)
    if unread:
        found = found.filter(read_at__isnull=True)
    return [_out(n) for n in found[:200]]


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, **errors(*LOGIN, 404, 422)},
    summary="Markera en avisering som läst",
)
@allowed(INBOX)
def read_notification(request: OfficialRequest, notification_id: int) -> NotificationOut:
    notification = get_object_or_404(selectors.inbox_for(request.user), pk=notification_id)
    return _out(services.mark_read(notification=notification, user=request.user))
