"""Only the recipient ever sees a notification: another official gets 404, on the page and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.notifications.models import Notification
from samverkan.notifications.services import notify

pytestmark = pytest.mark.django_db


def notify_sara(sara: User, title: str = "Svar på förfrågan nr 1.") -> Notification:
    assert sara.organisation is not None
    with transaction.atomic():
        (created,) = notify(
            recipients=[sara], kind="request_answered", title=title, link="/arenden/", organisation=sara.organisation
        )
    return created


def test_another_official_gets_404_and_never_sees_it(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    notification = notify_sara(sara, "Något bara Sara ska se.")
    colleague = client_for("ali.karimi")
    assert "Något bara Sara ska se." not in colleague.get(reverse("notifications:inbox")).content.decode()
    assert colleague.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
    assert colleague.post(f"/api/v1/notifications/{notification.pk}/read").status_code == 404
    assert all(item["id"] != notification.pk for item in colleague.get("/api/v1/notifications/").json())
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_recipient_sees_it_on_the_page_and_in_the_api(client_for: Any, user_named: Any) -> None:
    notification = notify_sara(user_named("sara.lind"), "Svar på förfrågan nr 4711.")
    client = client_for("sara.lind")
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200 and "Svar på förfrågan nr 4711." in page.content.decode()
    listed = client.get("/api/v1/notifications/?unread=true").json()
    assert listed[0]["id"] == notification.pk and listed[0]["unread"] is True
    answer = client.post(f"/api/v1/notifications/{notification.pk}/read")
    assert answer.status_code == 200 and answer.json()["unread"] is False
