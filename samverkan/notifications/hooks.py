"""Navigation ("Att göra" with the unread count) and demo seeding for notifications."""

from __future__ import annotations

from samverkan.accounts.requests import OfficialRequest
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import NavItem, register_nav
from samverkan.notifications import selectors
from samverkan.notifications.demo import seed_notifications


def _unread(request: OfficialRequest) -> int:
    return selectors.unread_count(request.user)


register_nav(NavItem("Att göra", "notifications:inbox", order=12, count=_unread))
register_demo_step(DemoStep("aviseringar", 97, seed_notifications))
