"""The call-back is due the next working day (seed 004: "Återkoppling … görs snarast"; samverkan.domain.callback)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain.callback import callback_due_date, callback_in_time, callback_overdue
from samverkan.domain.errors import InputError


@pytest.mark.parametrize(
    ("requested_on", "due_on"),
    [
        (dt.date(2026, 11, 18), dt.date(2026, 11, 19)),  # Wednesday → Thursday
        (dt.date(2026, 11, 20), dt.date(2026, 11, 23)),  # Friday → Monday
        (dt.date(2026, 11, 21), dt.date(2026, 11, 23)),  # Saturday → Monday
        (dt.date(2026, 6, 18), dt.date(2026, 6, 22)),  # before midsommarafton → Monday after
        (dt.date(2026, 4, 2), dt.date(2026, 4, 7)),  # before långfredagen → after annandag påsk (Easter-based)
        (dt.date(2026, 5, 13), dt.date(2026, 5, 15)),  # before Kristi himmelsfärdsdag (Easter-based)
        (dt.date(2026, 12, 23), dt.date(2026, 12, 28)),  # before julafton → Monday after annandag jul
        (dt.date(2026, 12, 30), dt.date(2027, 1, 4)),  # year end: nyårsafton, nyårsdagen, weekend
        (dt.date(2026, 12, 31), dt.date(2027, 1, 4)),
        (dt.date(2027, 1, 5), dt.date(2027, 1, 7)),  # before trettondedag jul
    ],
)
def test_due_the_next_working_day(requested_on: dt.date, due_on: dt.date) -> None:
    assert callback_due_date(requested_on) == due_on


def test_overdue_only_after_the_due_day_and_while_not_done() -> None:
    due = dt.date(2026, 11, 23)
    assert not callback_overdue(due, due)
    assert callback_overdue(due, due + dt.timedelta(days=1))
    assert not callback_overdue(due, due + dt.timedelta(days=1), done_on=due)
    assert callback_in_time(due, due)
    assert not callback_in_time(due, due + dt.timedelta(days=1))


def test_a_moment_is_not_a_day() -> None:
    with pytest.raises(InputError):
        callback_due_date(dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC))
