"""The deadline follow-up of administrative questions (seed 004: answered within at most 7 days).

:func:`question_remind` / :func:`answer_reminders_send` and :func:`question_escalate` /
:func:`overdue_questions_escalate` are idempotent: each question is reminded once and escalated once,
recorded in :class:`~samverkan.messaging.models.AnswerReminder` and :class:`~samverkan.messaging.models.Escalation`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db import transaction
from django.urls import reverse

from samverkan.accounts.models import Unit, User
from samverkan.core.clock import now, today
from samverkan.domain.deadlines import ANSWER_DEADLINE_SOURCE, escalation_due
from samverkan.domain.organisations import Role
from samverkan.messaging.models import AdminQuestion, AnswerReminder, Escalation, Notification
from samverkan.messaging.services.common import each_due, mail_official, notify, site_url


def _question_url(question: AdminQuestion) -> str:
    """The question's address; absolute when ``SAMVERKAN_BASE_URL`` is configured (e.g. ``https://samverkan.example``)."""
    return site_url(reverse("messaging:question_detail", args=[question.pk]))


@transaction.atomic
def question_remind(*, question: AdminQuestion, on: dt.date | None = None) -> bool:
    """Remind the recipient of an unanswered question from its reminder day up to the deadline; once only.

    Returns True when a reminder was sent now. Safe to run any number of times and in parallel:
    the reminder row is unique per question (:class:`AnswerReminder`).
    """
    day = on or today()
    locked = AdminQuestion.objects.select_for_update().select_related("assigned_to").get(pk=question.pk)
    if locked.status != AdminQuestion.Status.OPEN or not (locked.reminder_on <= day <= locked.deadline):
        return False
    _reminder, created = AnswerReminder.objects.get_or_create(
        question=locked, defaults={"sent_to": locked.assigned_to, "sent_on": day, "sent_at": now()}
    )
    if not created:
        return False
    label = locked.get_topic_display()
    text = f"Påminnelse: en administrativ fråga ({label}) ska besvaras senast {locked.deadline.isoformat()}."
    notify(user=locked.assigned_to, kind=Notification.Kind.REMINDER, text=text, question=locked)
    mail_official(
        to=locked.assigned_to,
        subject=f"Påminnelse: administrativ fråga att besvara senast {locked.deadline.isoformat()}",
        body=f"{text}\n\nLogga in i Samverkan och öppna frågan: {_question_url(locked)}\n\n"
        f"Överenskommen svarstid: {ANSWER_DEADLINE_SOURCE}",
    )
    return True


def _unit_managers(unit: Unit) -> list[User]:
    managers = list(
        User.objects.filter(unit=unit, is_active=True, role_assignments__role=Role.UNIT_MANAGER.value).order_by(
            "username"
        )
    )
    if managers:
        return managers
    return list(
        User.objects.filter(
            unit__organisation=unit.organisation, is_active=True, role_assignments__role=Role.UNIT_MANAGER.value
        ).order_by("username")
    )


@transaction.atomic
def question_escalate(*, question: AdminQuestion, on: dt.date | None = None) -> bool:
    """Escalate an unanswered question to the receiving unit's manager from the first working day after the deadline.

    Once only (:class:`Escalation` is unique per question). The manager of the receiving unit is
    notified; when the unit has none, a manager elsewhere in the organisation; when there is no
    manager at all, the escalation is recorded with a note and the assigned official is told.
    """
    day = on or today()
    locked = (
        AdminQuestion.objects.select_for_update()
        .select_related("recipient_unit__organisation", "assigned_to")
        .get(pk=question.pk)
    )
    if locked.status != AdminQuestion.Status.OPEN or not escalation_due(locked.deadline, day):
        return False
    managers = _unit_managers(locked.recipient_unit)
    note = "" if managers else f"Ingen enhetschef är registrerad hos {locked.recipient_unit.organisation.name}."
    _escalation, created = Escalation.objects.get_or_create(
        question=locked,
        defaults={
            "escalated_to": managers[0] if managers else None,
            "escalated_on": day,
            "escalated_at": now(),
            "note": note,
        },
    )
    if not created:
        return False
    label = locked.get_topic_display()
    text = (
        f"Eskalering: en administrativ fråga ({label}) till {locked.recipient_unit.name} är obesvarad; "
        f"sista svarsdag var {locked.deadline.isoformat()}."
    )
    for person in managers or [locked.assigned_to]:
        notify(user=person, kind=Notification.Kind.ESCALATION, text=text, question=locked)
        mail_official(
            to=person,
            subject="Eskalering: obesvarad administrativ fråga",
            body=f"{text}\n\nLogga in i Samverkan och öppna frågan: {_question_url(locked)}\n\n"
            f"Överenskommen svarstid: {ANSWER_DEADLINE_SOURCE}",
        )
    return True


def reminders_due(on: dt.date) -> list[int]:
    """Ids of open questions that should have their reminder on ``on`` and have not."""
    return list(
        AdminQuestion.objects.filter(
            status=AdminQuestion.Status.OPEN,
            reminder_on__lte=on,
            deadline__gte=on,
            answer_reminder__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def escalations_due(on: dt.date) -> list[int]:
    """Ids of open questions past their deadline that have not been escalated (the domain rule decides each)."""
    return list(
        AdminQuestion.objects.filter(status=AdminQuestion.Status.OPEN, deadline__lt=on, escalation__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def answer_reminders_send(
    *, on: dt.date | None = None, ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> int:
    """Send every due reminder; one transaction per question, so one bad question does not stop the rest."""
    return each_due(
        reminders_due,
        lambda pk, day: question_remind(question=AdminQuestion.objects.get(pk=pk), on=day),
        on=on,
        ids=ids,
        failure="reminder for admin question %s failed",
        progress=progress,
    )


def overdue_questions_escalate(
    *, on: dt.date | None = None, ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> int:
    """Escalate every overdue question that is due for it; one transaction per question."""
    return each_due(
        escalations_due,
        lambda pk, day: question_escalate(question=AdminQuestion.objects.get(pk=pk), on=day),
        on=on,
        ids=ids,
        failure="escalation of admin question %s failed",
        progress=progress,
    )
