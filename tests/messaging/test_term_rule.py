"""The contact person meets the vårdcentral once a term (seed 004): the term rule and its reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain.contact_person import (
    Term,
    TermMeetingReminder,
    TermPeriod,
    term_meeting_problem,
    term_meeting_reminder,
    term_of,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 1), TermPeriod(2026, Term.SPRING)),
        (dt.date(2026, 6, 30), TermPeriod(2026, Term.SPRING)),
        (dt.date(2026, 7, 1), TermPeriod(2026, Term.AUTUMN)),
        (dt.date(2026, 12, 31), TermPeriod(2026, Term.AUTUMN)),
        (dt.date(2027, 1, 1), TermPeriod(2027, Term.SPRING)),
    ],
)
def test_term_boundaries(day: dt.date, expected: TermPeriod) -> None:
    assert term_of(day) == expected
    assert expected.first_day <= day <= expected.last_day


def test_terms_follow_each_other_over_the_year_end() -> None:
    autumn = term_of(dt.date(2026, 12, 31))
    assert autumn.next() == term_of(dt.date(2027, 1, 1))
    assert autumn.next().next() == TermPeriod(2027, Term.AUTUMN)
    assert autumn.label == "hösttermin 2026"
    assert term_of(dt.date(2026, 6, 30)).next().first_day == dt.date(2026, 7, 1)


def test_reminder_when_the_term_has_started_with_nothing_booked() -> None:
    assert term_meeting_reminder(on=dt.date(2026, 7, 1), meeting_on=None) is TermMeetingReminder.NOT_BOOKED
    assert term_meeting_reminder(on=dt.date(2026, 7, 1), meeting_on=None, held=True) is None


def test_reminder_a_few_days_before_a_booked_meeting_only() -> None:
    meeting = dt.date(2026, 11, 25)
    assert term_meeting_reminder(on=dt.date(2026, 11, 18), meeting_on=meeting) is None
    assert term_meeting_reminder(on=dt.date(2026, 11, 22), meeting_on=meeting) is TermMeetingReminder.UPCOMING
    assert term_meeting_reminder(on=meeting, meeting_on=meeting) is TermMeetingReminder.UPCOMING
    assert term_meeting_reminder(on=dt.date(2026, 11, 26), meeting_on=meeting) is None
    assert term_meeting_reminder(on=meeting, meeting_on=meeting, held=True) is None


def test_booking_is_for_this_term_or_the_next_and_not_in_the_past() -> None:
    on = dt.date(2026, 6, 30)
    assert term_meeting_problem(meeting_on=dt.date(2026, 6, 30), on=on) is None
    assert term_meeting_problem(meeting_on=dt.date(2026, 12, 31), on=on) is None
    assert term_meeting_problem(meeting_on=dt.date(2027, 1, 1), on=on) is not None
    assert term_meeting_problem(meeting_on=dt.date(2026, 6, 29), on=on) is not None
