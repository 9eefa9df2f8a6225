"""The dates a rule accepts as input.

The domain reads no clock, so its range is fixed: from 1900-01-01 (nothing the rules judge happened
earlier) to 2099-12-31 (no decision, payment or sick period is planned later). Outside it a rule
refuses the input with an :class:`~samverkan.domain.errors.InputError` naming the field, before any
date arithmetic could run past the calendar (``9999-12-31`` plus one day).
"""

from __future__ import annotations

import datetime as dt

from samverkan.domain.errors import InputError

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)
RANGE_MESSAGE = f"Ange ett datum från {EARLIEST.isoformat()} till och med {LATEST.isoformat()}."


def plausible(day: dt.date, field: str) -> dt.date:
    """``day`` when it lies in the rules' range, else an :class:`InputError` naming ``field``."""
    if not EARLIEST <= day <= LATEST:
        raise InputError(field, RANGE_MESSAGE, code="date_range")
    return day


#: The months in Swedish, as written in running text ("november 2026").
MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def month_name(day: dt.date) -> str:
    """``2026-11-18`` → ``"november 2026"``."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


#: Myndighetsålder (föräldrabalken 9 kap. 1 §): from 18 a person is of age, not a child of the household.
ADULT_AGE = 18


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Full years of age on ``on`` (a person born on 29 February turns a year older on 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
