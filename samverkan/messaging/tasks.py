"""Background work for administrative questions (Django's tasks framework).

Every handler is idempotent: a question is reminded once and escalated once (the rows
:class:`~samverkan.messaging.models.AnswerReminder` and :class:`~samverkan.messaging.models.Escalation`
are unique per question), so running a task twice, or the task and the batch command
``samverkan messaging remind`` both, changes nothing the second time. The same holds for overdue
call-backs (:class:`~samverkan.messaging.models.CallbackReminder`, one per call-back) and the contact
person's term-meeting reminders (:class:`~samverkan.messaging.models.TermMeetingReminderSent`, one per
vårdcentral, term and reason).
"""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from samverkan.messaging.models import AdminQuestion
from samverkan.messaging.services import (
    answer_reminders_send,
    callback_reminders_send,
    overdue_questions_escalate,
    question_escalate,
    question_remind,
    term_meeting_reminders_send,
)


def _day(on: str | None) -> dt.date | None:
    return dt.date.fromisoformat(on) if on else None


@task()
def follow_up_question(question_id: int, on: str | None = None) -> dict[str, bool]:
    """Remind or escalate one question, whichever is due (enqueued for its reminder and escalation days)."""
    question = AdminQuestion.objects.filter(pk=question_id).first()
    if question is None:
        return {"reminded": False, "escalated": False}
    day = _day(on)
    return {
        "reminded": question_remind(question=question, on=day),
        "escalated": question_escalate(question=question, on=day),
    }


@task()
def send_deadline_follow_ups(on: str | None = None) -> dict[str, int]:
    """All due reminders and escalations, overdue call-backs and term meetings (as ``samverkan messaging remind``)."""
    day = _day(on)
    return {
        "reminders": answer_reminders_send(on=day),
        "escalations": overdue_questions_escalate(on=day),
        "callback_reminders": callback_reminders_send(on=day),
        "term_meeting_reminders": term_meeting_reminders_send(on=day),
    }
