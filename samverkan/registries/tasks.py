"""Background work of the registries: delivering proactive notices.

Runs on Django's tasks framework (``samverkan db_worker`` in the demo; the ImmediateBackend in
tests). The handler is idempotent: delivering a notice that was already delivered does nothing.
"""

from __future__ import annotations

from django.tasks import task

from samverkan.registries import services


@task()
def deliver_notice(notice_id: int) -> str:
    """Send one pending notice through the secrecy gate; returns the notice's status afterwards."""
    notice = services.notice_deliver(notice_id=notice_id)
    return notice.status if notice is not None else "missing"


@task()
def deliver_pending_notices() -> int:
    """Send every notice still pending (e.g. after the worker was down); returns how many were handled."""
    return len(services.notices_deliver_pending())
