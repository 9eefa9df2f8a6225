"""The employer's plan for return to work must exist on day 30 when the sick period is expected to last at
least 60 days (SFB 30 kap. 6 §): the rule at its edges, and the reminders' days."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain.errors import InputError
from samverkan.domain.return_to_work import (
    PlanStatus,
    milestone_reminder_due,
    milestone_subject,
    plan_deadline,
    plan_reminder_due,
)

START = dt.date(2026, 3, 2)
DAY_30 = dt.date(2026, 3, 31)


def nth(n: int) -> dt.date:
    return START + dt.timedelta(days=n - 1)


@pytest.mark.parametrize(
    ("expected", "on", "required", "status"),
    [
        (60, nth(30), True, PlanStatus.DUE),  # day 30: still on time
        (60, nth(31), True, PlanStatus.OVERDUE),  # day 31: late
        (59, nth(30), False, PlanStatus.NOT_REQUIRED),  # under 60 days: no plan required
        (59, nth(200), False, PlanStatus.NOT_REQUIRED),
        (0, nth(1), False, PlanStatus.NOT_REQUIRED),
        (None, nth(30), False, PlanStatus.NOT_ASSESSED),
        (1000, nth(1), True, PlanStatus.DUE),
    ],
)
def test_the_plan_is_due_on_day_30_from_an_expected_60_days(
    expected: int | None, on: dt.date, required: bool, status: PlanStatus
) -> None:
    result = plan_deadline(sick_leave_start=START, expected_days=expected, on=on)
    assert result.required is required and result.status is status
    assert result.due == (DAY_30 if required else None)
    assert "30 kap. 6 § socialförsäkringsbalken" in result.explanation


def test_a_plan_made_on_day_30_is_in_time_and_on_day_31_late() -> None:
    on_time = plan_deadline(sick_leave_start=START, expected_days=90, on=nth(40), first_plan_on=nth(30))
    late = plan_deadline(sick_leave_start=START, expected_days=90, on=nth(40), first_plan_on=nth(31))
    assert on_time.status is PlanStatus.DONE_IN_TIME and late.status is PlanStatus.DONE_LATE
    assert "i tid" in on_time.explanation and "efter sista dagen" in late.explanation


def test_under_60_days_the_explanation_says_no_plan_is_required_in_swedish() -> None:
    text = plan_deadline(sick_leave_start=START, expected_days=59, on=nth(30)).explanation
    assert text.startswith("Ingen plan för återgång i arbete krävs") and "färre än 60" in text


@pytest.mark.parametrize(("expected", "field"), [(-1, "expected_days"), (1001, "expected_days")])
def test_bad_input_names_its_field(expected: int, field: str) -> None:
    with pytest.raises(InputError) as raised:
        plan_deadline(sick_leave_start=START, expected_days=expected, on=nth(10))
    assert raised.value.field == field


def test_a_day_before_the_sick_period_is_refused() -> None:
    with pytest.raises(InputError):
        plan_deadline(sick_leave_start=START, expected_days=60, on=START - dt.timedelta(days=1))


def test_the_employer_is_reminded_from_a_week_before_the_last_day_while_no_plan_exists() -> None:
    due = plan_deadline(sick_leave_start=START, expected_days=60, on=nth(22))
    assert not plan_reminder_due(due, on=nth(22))
    assert plan_reminder_due(plan_deadline(sick_leave_start=START, expected_days=60, on=nth(23)), on=nth(23))
    assert plan_reminder_due(plan_deadline(sick_leave_start=START, expected_days=60, on=nth(35)), on=nth(35))
    made = plan_deadline(sick_leave_start=START, expected_days=60, on=nth(25), first_plan_on=nth(24))
    assert not plan_reminder_due(made, on=nth(25))
    assert not plan_reminder_due(plan_deadline(sick_leave_start=START, expected_days=59, on=nth(25)), on=nth(25))


def test_fk_is_reminded_within_two_weeks_before_a_step_of_the_chain() -> None:
    step = nth(181)
    assert milestone_reminder_due(step, on=step - dt.timedelta(days=14))
    assert not milestone_reminder_due(step, on=step - dt.timedelta(days=15))
    assert milestone_reminder_due(step, on=step)
    assert not milestone_reminder_due(None, on=step)
    assert milestone_subject(181) == "En rehabiliteringskedja i Samverkan närmar sig dag 180"
