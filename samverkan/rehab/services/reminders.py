"""Follow-up reminders to the responsible FK official, created by the nightly job and dismissed by the official."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.accounts.models import User
from samverkan.core.clock import now
from samverkan.rehab import selectors
from samverkan.rehab.models import FollowUpReminder, PlanMeasure
from samverkan.rehab.services.common import audit


def dismiss_reminders(measure: PlanMeasure) -> None:
    FollowUpReminder.objects.filter(measure=measure, dismissed_at__isnull=True).update(dismissed_at=now())


@transaction.atomic
def follow_up_reminder_create(*, measure: PlanMeasure, on: dt.date) -> FollowUpReminder | None:
    """A reminder to the responsible official for the measure's next follow-up; once per measure and date.

    Returns None when nothing is due (no follow-up date, measure closed, case closed) or when the
    reminder already exists: running it twice creates nothing new.
    """
    measure = PlanMeasure.objects.select_for_update().select_related("coordination__case").get(pk=measure.pk)
    case = measure.coordination.case
    if measure.follow_up_on is None or not measure.is_open or not case.is_active:
        return None
    if measure.follow_up_on > on + dt.timedelta(days=selectors.REMINDER_DAYS_AHEAD):
        return None
    if FollowUpReminder.objects.filter(measure=measure, due_on=measure.follow_up_on).exists():
        return None
    try:
        with transaction.atomic():
            reminder = FollowUpReminder.objects.create(
                measure=measure, due_on=measure.follow_up_on, recipient=case.responsible, created_at=now()
            )
    except IntegrityError:  # a concurrent run created it first
        return None
    audit(
        event="rehab.follow_up_reminder",
        actor=None,
        coordination=measure.coordination,
        extra={"measure": measure.pk, "due_on": measure.follow_up_on.isoformat()},
    )
    return reminder


@transaction.atomic
def follow_up_reminder_dismiss(*, reminder: FollowUpReminder, dismissed_by: User) -> FollowUpReminder:
    if reminder.recipient_id != dismissed_by.pk:
        raise ValidationError("Påminnelsen är inte din.")
    if reminder.dismissed_at is None:
        reminder.dismissed_at = now()
        reminder.save(update_fields=["dismissed_at"])
    return reminder
