"""Fixtures for notifications: the other apps' own fixtures for the changes that notify."""

from __future__ import annotations

from tests.disclosures.conftest import gate
from tests.messaging.conftest import patient, send_question
from tests.reclaims.conftest import dates, sent
from tests.rehab.conftest import rehab

__all__ = ["dates", "gate", "patient", "rehab", "send_question", "sent"]
