"""Reminders before follow-up dates (task and command) are idempotent; overdue follow-ups are flagged."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from samverkan.core.clock import today
from samverkan.rehab import services
from samverkan.rehab.models import FollowUpReminder
from samverkan.rehab.tasks import run_follow_up_reminders, send_follow_up_reminders
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def _due_measure(rehab: Rehab, days: int) -> Any:
    coordination = rehab.open(responsible=rehab.fk_user)
    rehab.consent(coordination, rehab.af)
    return rehab.measure(coordination, rehab.af, follow_up_on=today() + dt.timedelta(days=days))


def test_a_reminder_is_created_once_per_measure_and_date(rehab: Rehab) -> None:
    measure = _due_measure(rehab, 3)
    assert services.follow_up_reminder_create(measure=measure, on=today()) is not None
    assert services.follow_up_reminder_create(measure=measure, on=today()) is None
    assert FollowUpReminder.objects.filter(measure=measure).count() == 1
    reminder = FollowUpReminder.objects.get(measure=measure)
    assert reminder.recipient == rehab.fk_user and reminder.due_on == measure.follow_up_on


def test_no_reminder_for_follow_ups_far_ahead(rehab: Rehab) -> None:
    measure = _due_measure(rehab, 30)
    assert services.follow_up_reminder_create(measure=measure, on=today()) is None


def test_the_task_and_the_command_are_idempotent(rehab: Rehab) -> None:
    measure = _due_measure(rehab, 5)
    first = run_follow_up_reminders(on=today())
    assert first >= 1
    assert run_follow_up_reminders(on=today()) == 0
    assert send_follow_up_reminders.call(today().isoformat()) == 0
    out, err = StringIO(), StringIO()
    call_command("rehab", "remind", "--on", today().isoformat(), stdout=out, stderr=err)
    assert out.getvalue().startswith("0 påminnelser skapade")
    assert FollowUpReminder.objects.filter(measure=measure).count() == 1


def test_a_new_follow_up_date_gets_its_own_reminder_and_the_old_one_is_done(rehab: Rehab) -> None:
    measure = _due_measure(rehab, 2)
    services.follow_up_reminder_create(measure=measure, on=today())
    services.measure_follow_up(
        measure=measure,
        followed_up_by=rehab.fk_user,
        note="Uppföljd",
        status="ongoing",
        next_follow_up_on=today() + dt.timedelta(days=6),
    )
    assert FollowUpReminder.objects.get(measure=measure, due_on=today() + dt.timedelta(days=2)).dismissed_at is not None
    assert services.follow_up_reminder_create(measure=measure, on=today()) is not None
    assert FollowUpReminder.objects.filter(measure=measure).count() == 2


def test_the_command_refuses_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ogiltigt datum"):
        call_command("rehab", "remind", "--on", "2026-13-01", stdout=StringIO(), stderr=StringIO())


def test_overdue_follow_ups_are_flagged_in_the_lists(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open(responsible=rehab.fk_user)
    rehab.consent(coordination, rehab.af)
    rehab.measure(
        coordination,
        rehab.af,
        description="Försenad arbetsträning",
        starts_on=today() - dt.timedelta(days=20),
        follow_up_on=today() - dt.timedelta(days=2),
        status="ongoing",
    )
    client = client_for("fredrik.holm")
    text = client.get("/rehab/").content.decode()
    assert "Försenade uppföljningar" in text and "Försenad arbetsträning" in text
    assert "Försenad" in client.get(f"/rehab/{coordination.pk}/").content.decode()
    assert "Försenad arbetsträning" in client.get("/").content.decode()


def test_reminders_show_on_the_start_page_and_can_be_dismissed(rehab: Rehab, client_for: Any) -> None:
    measure = _due_measure(rehab, 1)
    reminder = services.follow_up_reminder_create(measure=measure, on=today())
    assert reminder is not None
    client = client_for("fredrik.holm")
    assert "Påminnelser om uppföljning" in client.get("/").content.decode()
    assert client.post(f"/rehab/paminnelser/{reminder.pk}/klar/").status_code == 302
    reminder.refresh_from_db()
    assert reminder.dismissed_at is not None
    assert client_for("maria.nystrom").post(f"/rehab/paminnelser/{reminder.pk}/klar/").status_code == 404


def test_the_command_can_hand_the_run_to_the_background_worker(rehab: Rehab) -> None:
    out = StringIO()
    call_command("rehab", "remind", "--enqueue", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("Jobbet är köat")
