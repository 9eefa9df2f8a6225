"""The demo world shows the inbox: demo officials have unread notifications, and the persons have events."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.core.demo import DemoWorld
from samverkan.notifications.demo import seed_notifications
from samverkan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_sara_lind_has_unread_notifications(user_named: Any) -> None:
    sara = user_named("sara.lind")
    unread = Notification.objects.filter(recipient=sara, read_at__isnull=True)
    assert unread.exists()
    assert Notification.objects.filter(person__isnull=False).exists()


def test_the_demo_step_is_idempotent(world: None) -> None:
    import random

    before = Notification.objects.count()
    seed_notifications(DemoWorld(rng=random.Random(1), log=lambda _m: None))
    assert Notification.objects.count() == before
