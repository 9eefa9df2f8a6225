"""Helpers shared by the notification tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from samverkan.notifications.models import Notification
from samverkan.people.models import Person


class RolledBack(Exception):
    pass


def rolled_back(change: Callable[[], Any]) -> int:
    """Run ``change`` in a transaction that then rolls back; return how many notifications it wrote inside."""
    written = 0
    with pytest.raises(RolledBack), transaction.atomic():
        before = Notification.objects.count()
        change()
        written = Notification.objects.count() - before
        raise RolledBack
    return written


def assert_no_personal_data(notification: Notification, person: Person) -> None:
    for text in (notification.title, notification.link):
        assert person.first_name not in text and person.last_name not in text
        assert person.identity_number not in text
        assert person.identity_number.replace("-", "")[2:] not in text
