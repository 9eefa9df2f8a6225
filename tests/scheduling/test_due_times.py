"""When a job is due: boundaries of the day's time, the month's day, time zones and clock changes."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.scheduling.jobs import (
    JOBS,
    TICKS,
    Daily,
    Monthly,
    due_at,
    due_dates,
    latest_due,
    next_due,
    previous_month,
)
from tests.scheduling.conftest import at

NIGHTLY = Daily(dt.time(2, 0))
MONTHLY = Monthly(5, dt.time(3, 0))
DAY = dt.date(2026, 11, 23)


def test_a_daily_job_is_due_from_its_time_on_not_a_minute_before() -> None:
    assert latest_due(NIGHTLY, at(DAY, 1, 59)) == DAY - dt.timedelta(days=1)
    assert latest_due(NIGHTLY, at(DAY, 2, 0)) == DAY
    assert latest_due(NIGHTLY, at(DAY, 23, 59)) == DAY


def test_next_due_is_strictly_after_now() -> None:
    assert next_due(NIGHTLY, at(DAY, 1, 59)) == at(DAY, 2, 0)
    assert next_due(NIGHTLY, at(DAY, 2, 0)) == at(DAY + dt.timedelta(days=1), 2, 0)


def test_a_monthly_job_is_due_on_its_day_from_its_time() -> None:
    assert latest_due(MONTHLY, at(dt.date(2026, 11, 4), 23, 0)) == dt.date(2026, 10, 5)
    assert latest_due(MONTHLY, at(dt.date(2026, 11, 5), 2, 59)) == dt.date(2026, 10, 5)
    assert latest_due(MONTHLY, at(dt.date(2026, 11, 5), 3, 0)) == dt.date(2026, 11, 5)
    assert latest_due(MONTHLY, at(dt.date(2026, 11, 30), 12, 0)) == dt.date(2026, 11, 5)
    assert latest_due(MONTHLY, at(dt.date(2027, 1, 3), 12, 0)) == dt.date(2026, 12, 5)
    assert next_due(MONTHLY, at(dt.date(2026, 11, 5), 3, 0)) == at(dt.date(2026, 12, 5), 3, 0)
    assert next_due(MONTHLY, at(dt.date(2026, 12, 31), 12, 0)) == at(dt.date(2027, 1, 5), 3, 0)


def test_a_monthly_day_must_exist_in_every_month() -> None:
    with pytest.raises(ValueError, match="1–28"):
        Monthly(29, dt.time(3, 0))


def test_times_are_stockholm_time_whatever_the_zone_of_now() -> None:
    # 01:00 UTC is 02:00 in Stockholm in winter (CET, UTC+1).
    assert latest_due(NIGHTLY, dt.datetime(2026, 11, 23, 0, 59, tzinfo=dt.UTC)) == dt.date(2026, 11, 22)
    assert latest_due(NIGHTLY, dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)) == dt.date(2026, 11, 23)
    # In summer (CEST, UTC+2) 00:00 UTC is 02:00 in Stockholm.
    assert latest_due(NIGHTLY, dt.datetime(2026, 6, 15, 0, 0, tzinfo=dt.UTC)) == dt.date(2026, 6, 15)
    # Late evening in UTC is already the next day in Stockholm.
    assert latest_due(Daily(dt.time(0, 30)), dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 23)


def test_a_time_skipped_by_the_spring_clock_change_runs_just_after_it_once() -> None:
    job = Daily(dt.time(2, 30))
    spring = dt.date(2026, 3, 29)  # 02:00 CET becomes 03:00 CEST
    assert due_at(job, spring) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)  # 03:30 CEST
    assert latest_due(job, dt.datetime(2026, 3, 29, 1, 29, tzinfo=dt.UTC)) == dt.date(2026, 3, 28)
    assert latest_due(job, dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)) == spring


def test_a_time_repeated_by_the_autumn_clock_change_is_its_first_occurrence() -> None:
    job = Daily(dt.time(2, 30))
    autumn = dt.date(2026, 10, 25)  # 03:00 CEST becomes 02:00 CET
    assert due_at(job, autumn) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert next_due(job, dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)) == at(dt.date(2026, 10, 26), 2, 30)


def test_due_dates_between_two_days_and_the_previous_month() -> None:
    assert list(due_dates(MONTHLY, after=dt.date(2026, 8, 5), upto=dt.date(2026, 11, 5))) == [
        dt.date(2026, 9, 5),
        dt.date(2026, 10, 5),
        dt.date(2026, 11, 5),
    ]
    assert previous_month(dt.date(2026, 1, 5)) == dt.date(2025, 12, 1)
    assert previous_month(dt.date(2026, 11, 5)) == dt.date(2026, 10, 1)


def test_the_job_table_has_unique_names_and_swedish_descriptions() -> None:
    names = [job.name for job in JOBS]
    assert len(names) == len(set(names))
    assert set(names) == {
        "reclaims-detect",
        "notices-deliver",
        "messaging-remind",
        "rehab-remind",
        "controls-run",
        "documents-purge",
        "audit-verify",
    }
    assert all(job.description.endswith(".") for job in JOBS)
    assert not {tick.name for tick in TICKS} & set(names)
    assert all(tick.description.endswith(".") for tick in TICKS)
