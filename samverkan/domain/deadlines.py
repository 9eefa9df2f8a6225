"""Answer deadlines, reminders and escalation for administrative questions; working days and hours.

Sources:

- Region Sörmland–Försäkringskassan, *Riktlinjer för kommunikation med Försäkringskassan* (2020,
  seed 004), on the administrative question (Webcert's fråga/svar): "Överenskommen svarstid är max
  7 dagar." docs/domain.md §8 (``admin_question``, ``answer_deadline``).
- Lag (1989:253) om allmänna helgdagar: the public holidays.
- Lag (1930:173) om beräkning av lagstadgad tid, 2 §: Saturdays, midsommarafton, julafton and
  nyårsafton are treated like a Sunday or a public holiday.
- Patientdatalagen (2008:355) 4 kap. 3 §: access to patient data is documented and checked
  systematically; the log review uses :func:`is_outside_working_hours` to pick out accesses at odd
  times.

The holiday calendar comes from the ``holidays`` package (``country_holidays("SE")``, categories
*public* and *de facto*: the latter are midsommarafton, julafton and nyårsafton).

Readings chosen here (the law leaves them open; docs/domain.md: pick the safe reading):

- **The answer time is 7 calendar days.** The agreement says "max 7 dagar", not working days.
  Counting starts the day after the question was sent, so a question sent on a Monday must be
  answered at the latest on the Monday after (:func:`answer_deadline`). The deadline is **not**
  moved when it falls on a Saturday, Sunday or holiday: lag (1930:173) moves *statutory* time
  limits only, and this is an agreement whose point is that the patient and FK get an answer
  within a week. (A question sent on a working day anyway ends on the same weekday a week later.)
- **Reminder two days before the deadline** (:data:`REMINDER_DAYS_BEFORE`), moved back to the
  previous working day when that day is not one, and never before the day the question was sent.
- **Escalation** to the unit manager from the first working day after the deadline, when the
  question is still unanswered (:func:`escalation_due`). Nobody reads an escalation on a Sunday.
- **Working hours are 07:00–18:00 on working days** (Monday to Friday that are not holidays or
  the three de facto holidays above), local time in Sweden; 07:00 is inside, 18:00 is outside.
  They cover a vårdcentral's and an agency's opening hours with a margin; access outside them is
  not wrong in itself, only worth a look in the log review.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from samverkan.domain.errors import InputError

#: Agreed answer time for an administrative question, in calendar days (seed 004).
ANSWER_DAYS = 7
#: The reminder is sent this many days before the deadline.
REMINDER_DAYS_BEFORE = 2
#: Working hours: from WORKDAY_START (inclusive) to WORKDAY_END (exclusive), local time.
WORKDAY_START = dt.time(7, 0)
WORKDAY_END = dt.time(18, 0)
#: Local time for working hours.
SWEDISH_TIME = ZoneInfo("Europe/Stockholm")

ANSWER_DEADLINE_SOURCE = (
    "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020): "
    "”Överenskommen svarstid är max 7 dagar.”"
)
HOLIDAYS_SOURCE = "lag (1989:253) om allmänna helgdagar; 2 § lag (1930:173) om beräkning av lagstadgad tid"
LOG_REVIEW_SOURCE = "4 kap. 3 § patientdatalagen (2008:355)"

_WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


class DeadlineStatus(StrEnum):
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return {
            "not_due": "Inom svarstiden",
            "due_soon": "Svarstiden går snart ut",
            "overdue": "Svarstiden har gått ut",
            "answered": "Besvarad",
        }[self.value]


def _day(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InputError(field, f"Ska vara ett datum (ÅÅÅÅ-MM-DD) utan klockslag, inte {value!r}.", code="date")
    return value


def _days(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(field, f"Ska vara ett helt antal dagar, noll eller fler, inte {value!r}.", code="days")
    return value


@lru_cache(maxsize=64)
def _holidays(year: int) -> dict[dt.date, str]:
    calendar = holidays.country_holidays(
        "SE",
        years=year,
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        language="sv",
    )
    return {day: str(name) for day, name in calendar.items()}


def holiday_name(day: dt.date) -> str | None:
    """The Swedish name of the holiday on ``day`` (``"Midsommarafton"``), or None."""
    day = _day(day, "day")
    return _holidays(day.year).get(day)


def non_working_reason(day: dt.date) -> str | None:
    """Why ``day`` is not a working day (``"lördag"``, ``"Juldagen"``), or None when it is one."""
    day = _day(day, "day")
    name = holiday_name(day)
    if name is not None:
        return name
    if day.weekday() >= 5:
        return _WEEKDAY_NAMES[day.weekday()]
    return None


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, not a public holiday and not midsommarafton, julafton or nyårsafton."""
    return non_working_reason(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, otherwise the next one."""
    day = _day(day, "day")
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, otherwise the one before."""
    day = _day(day, "day")
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The working day ``days`` working days after ``start`` (before it when negative).

    ``start`` itself is not counted: Friday + 1 working day is Monday (if Monday is not a
    holiday). With ``days == 0`` the result is ``start`` moved forward to a working day.
    """
    start = _day(start, "start")
    if isinstance(days, bool) or not isinstance(days, int):
        raise InputError("days", f"Ska vara ett helt antal arbetsdagar, inte {days!r}.", code="days")
    if days == 0:
        return next_working_day(start)
    step = dt.timedelta(days=1 if days > 0 else -1)
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    start, end = _day(start, "start"), _day(end, "end")
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def answer_deadline(sent_on: dt.date, *, days: int = ANSWER_DAYS) -> dt.date:
    """The last day to answer an administrative question sent on ``sent_on``.

    Seven calendar days counted from the day after sending (see the module docstring): sent
    2026-03-02 (a Monday) → answer at the latest 2026-03-09. Not moved off weekends or holidays.
    """
    return _day(sent_on, "sent_on") + dt.timedelta(days=_days(days, "days"))


def reminder_date(
    deadline: dt.date,
    *,
    sent_on: dt.date | None = None,
    days_before: int = REMINDER_DAYS_BEFORE,
) -> dt.date:
    """When to remind the person who must answer.

    ``days_before`` calendar days before the deadline, moved back to the previous working day
    when that is not one; never before ``sent_on``.
    """
    deadline = _day(deadline, "deadline")
    remind = previous_working_day(deadline - dt.timedelta(days=_days(days_before, "days_before")))
    if sent_on is not None:
        sent_on = _day(sent_on, "sent_on")
        if sent_on > deadline:
            raise InputError("sent_on", "Frågan kan inte ha skickats efter sista svarsdagen.", code="order")
        remind = max(remind, sent_on)
    return remind


def deadline_status(
    deadline: dt.date,
    on: dt.date,
    *,
    answered_on: dt.date | None = None,
    sent_on: dt.date | None = None,
) -> DeadlineStatus:
    """Where a question stands on ``on``.

    ``answered`` once an answer has come (on or before ``on``); otherwise ``overdue`` after the
    deadline, ``due_soon`` from the reminder date up to and including the deadline, and
    ``not_due`` before that.
    """
    deadline, on = _day(deadline, "deadline"), _day(on, "on")
    if answered_on is not None and _day(answered_on, "answered_on") <= on:
        return DeadlineStatus.ANSWERED
    if on > deadline:
        return DeadlineStatus.OVERDUE
    if on >= reminder_date(deadline, sent_on=sent_on):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.NOT_DUE


def answered_in_time(sent_on: dt.date, answered_on: dt.date) -> bool:
    """Whether an answer given on ``answered_on`` kept the 7-day answer time."""
    return _day(answered_on, "answered_on") <= answer_deadline(sent_on)


def escalation_date(deadline: dt.date) -> dt.date:
    """The first working day after the deadline: the day an unanswered question is escalated."""
    return add_working_days(_day(deadline, "deadline"), 1)


def escalation_due(deadline: dt.date, on: dt.date, *, answered_on: dt.date | None = None) -> bool:
    """True when the question is unanswered on ``on`` and ``on`` is on or after :func:`escalation_date`."""
    on = _day(on, "on")
    if answered_on is not None and _day(answered_on, "answered_on") <= on:
        return False
    return on >= escalation_date(deadline)


def to_swedish_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` as local time in Sweden; a naive datetime is taken to be Swedish local time already."""
    if not isinstance(moment, dt.datetime):
        raise InputError("moment", f"Ska vara en tidpunkt (datum och klockslag), inte {moment!r}.", code="datetime")
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=SWEDISH_TIME)
    return moment.astimezone(SWEDISH_TIME)


def is_outside_working_hours(moment: dt.datetime) -> bool:
    """Whether ``moment`` falls outside 07:00–18:00 on a working day, Swedish local time.

    For the log review (patientdatalagen 4 kap. 3 §): an access outside working hours is not
    wrong in itself, only worth a look. A naive datetime is taken as Swedish local time.
    """
    local = to_swedish_time(moment)
    if not is_working_day(local.date()):
        return True
    clock = local.time().replace(tzinfo=None)
    return not (WORKDAY_START <= clock < WORKDAY_END)
