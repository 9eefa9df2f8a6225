"""Reading the inbox never writes; marking read is a POST followed by a redirect."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.notifications.models import Notification
from tests.notifications.test_only_the_recipient_sees_a_notification import notify_sara

pytestmark = pytest.mark.django_db


def test_opening_the_inbox_marks_nothing_read(client_for: Any, user_named: Any) -> None:
    notification = notify_sara(user_named("sara.lind"))
    client = client_for("sara.lind")
    assert client.get(reverse("notifications:inbox")).status_code == 200
    assert client.get("/api/v1/notifications/").status_code == 200
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_needs_a_post(client_for: Any, user_named: Any) -> None:
    notification = notify_sara(user_named("sara.lind"))
    client = client_for("sara.lind")
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None
    answer = client.post(reverse("notifications:read", args=[notification.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("notifications:inbox")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_marks_read_and_goes_to_what_changed(client_for: Any, user_named: Any) -> None:
    notification = notify_sara(user_named("sara.lind"))
    answer = client_for("sara.lind").post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert answer.status_code == 302 and answer["Location"] == notification.link


def test_mark_all_read(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    notify_sara(sara)
    notify_sara(sara)
    answer = client_for("sara.lind").post(reverse("notifications:read_all"))
    assert answer.status_code == 302
    assert not Notification.objects.filter(recipient=sara, read_at__isnull=True).exists()
