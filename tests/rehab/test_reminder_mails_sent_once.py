"""E-mail reminders before a step of the chain (to FK's official) and before the employer's plan is due (to the
employer): sent once each, and never with a name or a personnummer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from samverkan.core.clock import today
from samverkan.rehab.models import ReminderMail
from tests.rehab.conftest import Rehab
from tests.rehab.employer_setup import add_version, employee_in_coordination

pytestmark = pytest.mark.django_db


def _run(django_capture_on_commit_callbacks: Any, on: dt.date | None = None) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rehab", "remind", "--on", (on or today()).isoformat(), "--no-progress")


def _assert_no_personal_data(rehab: Rehab) -> None:
    person = rehab.person
    for message in mail.outbox:
        text = message.subject + "\n" + message.body
        for secret in (person.first_name, person.last_name, person.identity_number, person.identity_number[-4:]):
            assert secret not in text


def test_the_milestone_mail_goes_once_to_the_responsible_official(
    rehab: Rehab, django_capture_on_commit_callbacks: Any
) -> None:
    # Day 170 today: day 181 is within two weeks.
    coordination = rehab.open(
        sick_leave_start=today() - dt.timedelta(days=169), responsible=rehab.fk_user, has_sgi=True
    )
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    mine = [m for m in mail.outbox if f"/rehab/{coordination.pk}/" in m.body]
    assert len(mine) == 1
    assert mine[0].subject == "En rehabiliteringskedja i Samverkan närmar sig dag 180"
    assert mine[0].to == [rehab.fk_user.email]
    assert ReminderMail.objects.filter(coordination=coordination, day=181).count() == 1
    _assert_no_personal_data(rehab)
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if f"/rehab/{coordination.pk}/" in m.body], "a rerun sends nothing twice"


def test_the_plan_deadline_mail_goes_once_to_the_employer_and_not_after_the_plan(
    rehab: Rehab, user_named: Any, django_capture_on_commit_callbacks: Any
) -> None:
    employee = employee_in_coordination(rehab, user_named, sick_days=25, expected_days=90)
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    mine = [m for m in mail.outbox if f"/rehab/arbetsgivare/{employee.case.pk}/" in m.body]
    assert len(mine) == 1 and mine[0].to == [employee.karin.email]
    assert mine[0].subject == "Påminnelse: plan för återgång i arbete"
    _assert_no_personal_data(rehab)
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if f"/rehab/arbetsgivare/{employee.case.pk}/" in m.body]
    assert ReminderMail.objects.filter(plan=employee.plan).count() == 1


def test_no_plan_reminder_when_the_plan_exists_or_is_not_required(
    rehab: Rehab, user_named: Any, django_capture_on_commit_callbacks: Any
) -> None:
    employee = employee_in_coordination(rehab, user_named, sick_days=25, expected_days=59)
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert not ReminderMail.objects.filter(plan=employee.plan).exists()
    employee.plan.expected_days = 90
    employee.plan.save()
    add_version(employee)
    _run(django_capture_on_commit_callbacks)
    assert not ReminderMail.objects.filter(plan=employee.plan).exists()
