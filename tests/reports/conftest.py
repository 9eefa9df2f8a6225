"""Helpers for the oversight tests: audit entries at chosen moments, in a quiet past week.

The demo world has its own log-review activity in the last 30 days (samverkan.reports.demo);
these tests write theirs in March 2025, where nothing else is, and look only at that period.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from stdnum import luhn

from samverkan.accounts.models import Organisation, User
from samverkan.core import clock
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.deadlines import SWEDISH_TIME
from samverkan.people.models import Person
from samverkan.reports.selectors import Period

#: Monday 3 March 2025 to Sunday 9 March 2025: a quiet week with no demo activity.
WEEK = Period(dt.date(2025, 3, 3), dt.date(2025, 3, 9))
MONDAY = dt.date(2025, 3, 3)

_serials = itertools.count(1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SWEDISH_TIME)


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def make_person(first: str, last: str, *, protected: bool = False, street: str = "Testgatan 1") -> Person:
    """A synthetic person (test-number serials 980–999 on a day in 1950–1959, never used by the demo)."""
    while True:
        n = next(_serials)
        birth = dt.date(1950 + (n // 240) % 10, 1 + (n // 20) % 12, 1 + n % 20)
        serial = 980 + (n // 2400) % 20
        nine = f"{birth:%y%m%d}{serial:03d}"
        number = f"{birth:%Y%m%d}-{serial:03d}{luhn.calc_check_digit(nine)}"
        if not Person.objects.filter(identity_number=number).exists():
            break
    return Person.objects.create(
        identity_number=number,
        identity_type="personnummer",
        birth_date=birth,
        first_name=first,
        last_name=last,
        protected_identity=protected,
        street_address="" if protected else street,
        postal_code="" if protected else "611 30",
        city="" if protected else "Sörby",
    )


LookupFn = Callable[..., AuditEntry]


@pytest.fixture
def lookup(world: None) -> LookupFn:
    """Write one lookup entry (as the gate does) by ``official`` about ``person`` at ``moment``."""

    def write(
        official: User,
        person: Person,
        moment: dt.datetime,
        *,
        discloser: str = "fk",
        event: str = "disclosure.released",
        categories: Sequence[str] = ("identity", "payment_amount"),
        request_id: int | None = None,
    ) -> AuditEntry:
        with clock.pinned(moment, ticking=False):
            return audit_append(
                event=event,
                actor=official,
                organisation=org(discloser),
                recipient=official.organisation,
                person=person,
                categories=categories,
                basis="duty",
                purpose="Utredning av rätt till ekonomiskt bistånd",
                extra={"request_id": request_id} if request_id is not None else {},
            )

    return write


@pytest.fixture
def persons(world: None) -> Callable[[int], list[Person]]:
    def take(count: int) -> list[Person]:
        return list(Person.objects.filter(protected_identity=False).order_by("pk")[:count])

    return take


def page_text(response: Any) -> str:
    import re

    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", text)
