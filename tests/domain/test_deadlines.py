"""Answer deadlines for administrative questions (seed 004: max 7 days), working days and hours."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain.deadlines import (
    SWEDISH_TIME,
    DeadlineStatus,
    add_working_days,
    answer_deadline,
    answered_in_time,
    deadline_status,
    escalation_date,
    escalation_due,
    holiday_name,
    is_outside_working_hours,
    is_working_day,
    next_working_day,
    non_working_reason,
    previous_working_day,
    reminder_date,
    working_days_between,
)
from samverkan.domain.errors import InputError

D = dt.date


def test_answer_deadline_is_seven_calendar_days_after_sending() -> None:
    assert answer_deadline(D(2026, 3, 2)) == D(2026, 3, 9)  # Monday → Monday


def test_answer_deadline_is_not_moved_off_a_holiday() -> None:
    assert answer_deadline(D(2026, 12, 18)) == D(2026, 12, 25)  # juldagen, kept


def test_answer_deadline_of_a_question_sent_on_saturday_is_a_saturday() -> None:
    assert answer_deadline(D(2026, 3, 7)) == D(2026, 3, 14)


def test_answer_deadline_refuses_a_datetime() -> None:
    with pytest.raises(InputError) as exc:
        answer_deadline(dt.datetime(2026, 3, 2, 10, 0, tzinfo=SWEDISH_TIME))
    assert exc.value.field == "sent_on"


def test_answered_in_time_on_the_last_day_but_not_after() -> None:
    assert answered_in_time(D(2026, 3, 2), D(2026, 3, 9))
    assert not answered_in_time(D(2026, 3, 2), D(2026, 3, 10))


def test_reminder_two_days_before_moved_back_to_a_working_day() -> None:
    assert reminder_date(D(2026, 3, 11)) == D(2026, 3, 9)  # Wednesday → Monday
    assert reminder_date(D(2026, 3, 9)) == D(2026, 3, 6)  # Saturday 7th → Friday 6th


def test_reminder_is_never_before_the_question_was_sent() -> None:
    assert reminder_date(D(2026, 3, 9), sent_on=D(2026, 3, 8), days_before=5) == D(2026, 3, 8)


def test_reminder_refuses_a_question_sent_after_its_deadline() -> None:
    with pytest.raises(InputError) as exc:
        reminder_date(D(2026, 3, 9), sent_on=D(2026, 3, 10))
    assert exc.value.field == "sent_on"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2026, 3, 2), DeadlineStatus.NOT_DUE),
        (D(2026, 3, 5), DeadlineStatus.NOT_DUE),
        (D(2026, 3, 6), DeadlineStatus.DUE_SOON),
        (D(2026, 3, 9), DeadlineStatus.DUE_SOON),
        (D(2026, 3, 10), DeadlineStatus.OVERDUE),
    ],
)
def test_status_of_a_question_sent_on_a_monday(on: dt.date, expected: DeadlineStatus) -> None:
    deadline = answer_deadline(D(2026, 3, 2))
    assert deadline_status(deadline, on, sent_on=D(2026, 3, 2)) is expected


def test_an_answered_question_is_answered_from_the_day_of_the_answer() -> None:
    deadline = answer_deadline(D(2026, 3, 2))
    assert deadline_status(deadline, D(2026, 3, 12), answered_on=D(2026, 3, 11)) is DeadlineStatus.ANSWERED
    assert deadline_status(deadline, D(2026, 3, 10), answered_on=D(2026, 3, 11)) is DeadlineStatus.OVERDUE


def test_escalation_is_due_from_the_first_working_day_after_the_deadline() -> None:
    deadline = D(2026, 3, 13)  # a Friday
    assert escalation_date(deadline) == D(2026, 3, 16)
    assert not escalation_due(deadline, D(2026, 3, 14))
    assert escalation_due(deadline, D(2026, 3, 16))


def test_escalation_skips_easter() -> None:
    assert escalation_date(D(2026, 4, 2)) == D(2026, 4, 7)  # skärtorsdag → tisdag efter annandag påsk


def test_no_escalation_once_answered() -> None:
    assert not escalation_due(D(2026, 3, 13), D(2026, 3, 20), answered_on=D(2026, 3, 17))


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 6, 19), "Midsommarafton"),
        (D(2026, 12, 24), "Julafton"),
        (D(2026, 12, 31), "Nyårsafton"),
        (D(2025, 6, 6), "Nationaldagen"),
        (D(2026, 1, 6), "Trettondedag jul"),
        (D(2026, 3, 7), "lördag"),
        (D(2026, 3, 8), "söndag"),
    ],
)
def test_days_that_are_not_working_days_and_why(day: dt.date, reason: str) -> None:
    assert not is_working_day(day)
    assert non_working_reason(day) == reason


def test_holiday_name_is_none_on_a_weekend_that_is_no_holiday() -> None:
    assert holiday_name(D(2026, 3, 7)) is None
    assert holiday_name(D(2026, 12, 25)) == "Juldagen"


def test_an_ordinary_tuesday_is_a_working_day() -> None:
    assert is_working_day(D(2026, 3, 3))
    assert non_working_reason(D(2026, 3, 3)) is None


def test_next_and_previous_working_day() -> None:
    assert next_working_day(D(2026, 12, 24)) == D(2026, 12, 28)
    assert previous_working_day(D(2026, 12, 27)) == D(2026, 12, 23)
    assert next_working_day(D(2026, 3, 3)) == D(2026, 3, 3)


def test_add_working_days_across_christmas_and_backwards() -> None:
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 28), -1) == D(2026, 12, 23)
    assert add_working_days(D(2026, 3, 6), 5) == D(2026, 3, 13)
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)


def test_add_working_days_refuses_a_fraction() -> None:
    with pytest.raises(InputError) as exc:
        add_working_days(D(2026, 3, 6), 1.5)  # type: ignore[arg-type]
    assert exc.value.field == "days"


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 13)) == 5
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 6)) == 0


@pytest.mark.parametrize(
    ("moment", "outside"),
    [
        (dt.datetime(2026, 3, 2, 6, 59, tzinfo=SWEDISH_TIME), True),
        (dt.datetime(2026, 3, 2, 7, 0, tzinfo=SWEDISH_TIME), False),
        (dt.datetime(2026, 3, 2, 17, 59, tzinfo=SWEDISH_TIME), False),
        (dt.datetime(2026, 3, 2, 18, 0, tzinfo=SWEDISH_TIME), True),
        (dt.datetime(2026, 3, 7, 12, 0, tzinfo=SWEDISH_TIME), True),  # Saturday
        (dt.datetime(2026, 6, 19, 12, 0, tzinfo=SWEDISH_TIME), True),  # midsommarafton
    ],
)
def test_working_hours_are_seven_to_eighteen_on_working_days(moment: dt.datetime, outside: bool) -> None:
    assert is_outside_working_hours(moment) is outside


def test_a_naive_time_is_taken_as_swedish_local_time() -> None:
    assert is_outside_working_hours(dt.datetime(2026, 3, 2, 6, 59))  # noqa: DTZ001
    assert not is_outside_working_hours(dt.datetime(2026, 3, 2, 7, 0))  # noqa: DTZ001


def test_aware_times_are_converted_to_swedish_time_winter_and_summer() -> None:
    assert is_outside_working_hours(dt.datetime(2026, 3, 2, 5, 30, tzinfo=dt.UTC))  # 06:30 CET
    assert not is_outside_working_hours(dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC))  # 07:00 CET
    assert not is_outside_working_hours(dt.datetime(2026, 7, 1, 5, 0, tzinfo=dt.UTC))  # 07:00 CEST
    assert is_outside_working_hours(dt.datetime(2026, 7, 1, 16, 0, tzinfo=dt.UTC))  # 18:00 CEST


def test_working_hours_need_a_datetime() -> None:
    with pytest.raises(InputError) as exc:
        is_outside_working_hours(D(2026, 3, 2))  # type: ignore[arg-type]
    assert exc.value.field == "moment"
