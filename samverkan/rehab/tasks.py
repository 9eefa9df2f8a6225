"""Background work for rehabilitation coordination (Django's tasks framework)."""

from __future__ import annotations

import datetime as dt
import logging

from django.tasks import task

from samverkan.core.clock import today
from samverkan.rehab import reminder_mails, selectors, services
from samverkan.rehab.models import PlanMeasure

logger = logging.getLogger(__name__)


def run_follow_up_reminders(*, on: dt.date, chunk_size: int = 200) -> int:
    """Create the reminders due on ``on``: idempotent (one per measure and follow-up date), and one bad
    measure never stops the run. Returns how many reminders were created."""
    created = 0
    ids = list(selectors.measures_due_for_reminder(on=on).values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        for measure in PlanMeasure.objects.filter(pk__in=ids[start : start + chunk_size]).order_by("pk"):
            try:
                if services.follow_up_reminder_create(measure=measure, on=on) is not None:
                    created += 1
            except Exception:  # continue past one bad item, as a nightly job must
                logger.exception("Påminnelse om uppföljning misslyckades för insats %s", measure.pk)
    return created


@task()
def send_follow_up_reminders(on: str | None = None) -> int:
    """Daily: remind responsible FK officials of follow-ups within the next week."""
    day = dt.date.fromisoformat(on) if on else today()
    created = run_follow_up_reminders(on=day)
    reminder_mails.milestone_mails_send(on=day)
    reminder_mails.plan_deadline_mails_send(on=day)
    return created
