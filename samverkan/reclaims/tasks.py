"""Background work for återsökning (Django tasks; the demo runs ``samverkan db_worker``).

- :func:`detect_reclaims`: the nightly detection (``samverkan reclaims detect`` does the same in the
  foreground; ``samverkan reclaims detect --enqueue`` puts this task on the queue, e.g. from cron).
- :func:`draft_reclaims_for_decision`: drafts for one freshly recorded retroactive decision, for
  callers that prefer to do it after their own transaction has committed.

Both are idempotent: running them twice drafts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task

from samverkan.reclaims import services


@task()
def detect_reclaims(on: str | None = None) -> dict[str, Any]:
    """Nightly: every retroactive decision that overlaps paid bistånd in an aktuellt ärende is drafted."""
    report = services.reclaims_detect(on=dt.date.fromisoformat(on) if on else None)
    return {
        "decisions": report.decisions,
        "candidates": report.candidates,
        "drafted": report.drafted,
        "already_drafted": report.already_drafted,
        "denied": report.denied,
        "too_late_marked": report.too_late_marked,
        "errors": report.errors[:50],
    }


@task()
def draft_reclaims_for_decision(decision_id: int) -> list[int]:
    """Draft the reclaims one retroactive decision gives rise to; returns their ids."""
    return [r.pk for r in services.reclaim_on_retroactive_decision(decision_id)]
