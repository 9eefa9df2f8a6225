"""Writes about the officials' accounts, each with its audit entry."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.disclosures.audit import audit_append


@transaction.atomic
def session_expired_record(*, user: User, reason: str) -> None:
    """Record that the official's session ended by a time limit (``reason``: ``idle`` or ``max_age``)."""
    limit = (
        {"idle_minutes": settings.SAMVERKAN_SESSION_IDLE_MINUTES}
        if reason == "idle"
        else {"max_hours": settings.SAMVERKAN_SESSION_MAX_HOURS}
    )
    audit_append(
        event="account.session_expired",
        actor=user,
        organisation=user.organisation,
        extra={"reason": reason, **limit},
    )
