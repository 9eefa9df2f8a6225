"""The menu's "Att göra" shows the official's unread count, and only theirs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from samverkan.notifications.models import Notification
from tests.notifications.test_only_the_recipient_sees_a_notification import notify_sara

pytestmark = pytest.mark.django_db


def _badge(html: str) -> str | None:
    inbox = reverse("notifications:inbox")
    found = re.search(rf'<a href="{inbox}"[^>]*>Att göra(?: <span class="badge nav-count">(\d+))?', html)
    assert found, "menyn saknar Att göra"
    return found.group(1)


def test_the_count_follows_the_unread_notifications(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    Notification.objects.filter(recipient=sara).update(read_at=None)
    Notification.objects.filter(recipient=sara).delete()
    client = client_for("sara.lind")
    assert _badge(client.get("/").content.decode()) is None
    notify_sara(sara)
    notify_sara(sara)
    assert _badge(client.get("/").content.decode()) == "2"
    client.post(reverse("notifications:read_all"))
    assert _badge(client.get("/").content.decode()) is None


def test_another_officials_notifications_do_not_count(client_for: Any, user_named: Any) -> None:
    ali = user_named("ali.karimi")
    Notification.objects.filter(recipient=ali).delete()
    notify_sara(user_named("sara.lind"))
    assert _badge(client_for("ali.karimi").get("/").content.decode()) is None
