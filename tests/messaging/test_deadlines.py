"""Reminder before the deadline and escalation after it: each exactly once, by service, task or command."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from samverkan.core.clock import today
from samverkan.domain.deadlines import escalation_date
from samverkan.domain.pii import check_outgoing_email
from samverkan.messaging.models import AnswerReminder, Escalation, Notification
from samverkan.messaging.services import (
    admin_question_answer,
    answer_reminders_send,
    overdue_questions_escalate,
    question_escalate,
    question_remind,
)
from samverkan.messaging.tasks import follow_up_question
from samverkan.people.models import Person
from tests.messaging.conftest import patients_at

pytestmark = pytest.mark.django_db


def test_reminder_goes_out_once_before_the_deadline(
    patient: Person, send_question: Any, django_capture_on_commit_callbacks: Any
) -> None:
    question = send_question(patient, days_ago=5)
    assert question.reminder_on <= today() <= question.deadline
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert question_remind(question=question) is True
        assert question_remind(question=question) is False
    assert AnswerReminder.objects.filter(question=question).count() == 1
    notice = Notification.objects.get(user=question.assigned_to, question=question, kind="reminder")
    assert question.deadline.isoformat() in notice.text
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [question.assigned_to.email]
    assert not check_outgoing_email(str(sent.subject), str(sent.body), [patient.full_name]).blocked  # no personal data


def test_no_reminder_before_the_reminder_day_or_for_an_answered_question(
    patient: Person, send_question: Any, user_named: Any
) -> None:
    question = send_question(patient)
    assert question.reminder_on > today()
    assert question_remind(question=question) is False
    admin_question_answer(question=question, author=user_named("fredrik.holm"), body="Svar", secrecy_reviewed=True)
    assert question_remind(question=question, on=question.reminder_on) is False
    assert not AnswerReminder.objects.filter(question=question).exists()


def test_overdue_question_escalates_once_to_the_unit_manager(patient: Person, send_question: Any) -> None:
    question = send_question(patient, days_ago=14)
    assert question_escalate(question=question) is True
    assert question_escalate(question=question) is False
    escalation = Escalation.objects.get(question=question)
    assert escalation.escalated_to is not None and escalation.escalated_to.username == "birgitta.wall"
    assert Notification.objects.filter(user=escalation.escalated_to, question=question, kind="escalation").exists()


def test_no_escalation_before_the_first_working_day_after_the_deadline(patient: Person, send_question: Any) -> None:
    question = send_question(patient, days_ago=2)
    assert question_escalate(question=question, on=question.deadline) is False
    assert question_escalate(question=question, on=escalation_date(question.deadline)) is True


def test_unit_without_manager_escalates_to_a_manager_of_the_organisation(send_question: Any) -> None:
    person = patients_at("vc-bjorkhagen")[0]
    question = send_question(
        person,
        sender="fredrik.holm",
        to="region-malarmark",
        topic="other",
        days_ago=20,
        record_consent=False,
        secrecy_reviewed=True,
    )
    assert question.recipient_unit.code == "vc-bjorkhagen"
    assert question_escalate(question=question) is True
    assert getattr(Escalation.objects.get(question=question).escalated_to, "username", None) == "goran.vik"


def test_batch_runs_are_idempotent(patient: Person, send_question: Any) -> None:
    due = send_question(patient, days_ago=5)
    overdue = send_question(
        patients_at("vc-angen")[0], days_ago=14, topic="other", record_consent=False, secrecy_reviewed=True
    )
    first = answer_reminders_send(), overdue_questions_escalate()
    assert first[0] >= 1 and first[1] >= 1
    assert AnswerReminder.objects.filter(question=due).exists()
    assert Escalation.objects.filter(question=overdue).exists()
    assert (answer_reminders_send(), overdue_questions_escalate()) == (0, 0)


def test_command_reminds_and_escalates_and_a_second_run_does_nothing(patient: Person, send_question: Any) -> None:
    overdue = send_question(patient, days_ago=14)
    out = StringIO()
    call_command("messaging", "remind", "--no-progress", stdout=out)
    assert Escalation.objects.filter(question=overdue).exists()
    again = StringIO()
    call_command("messaging", "remind", "--no-progress", stdout=again)
    assert "Påminnelser skickade: 0" in again.getvalue()
    assert "Eskalerade till enhetschef: 0" in again.getvalue()


def test_task_follows_up_one_question(patient: Person, send_question: Any) -> None:
    question = send_question(patient, days_ago=14)
    result = follow_up_question.enqueue(question.pk)
    assert result.return_value == {"reminded": False, "escalated": True}
    result = follow_up_question.enqueue(question.pk)
    assert result.return_value == {"reminded": False, "escalated": False}


def test_reminder_is_not_sent_after_the_deadline(patient: Person, send_question: Any) -> None:
    question = send_question(patient, days_ago=3)
    assert question_remind(question=question, on=question.deadline + dt.timedelta(days=1)) is False
