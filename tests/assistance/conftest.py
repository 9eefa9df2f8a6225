"""Fixtures for ekonomiskt bistånd: a fresh aktuellt ärende, and agency sources with chosen records.

The lookup's sources run in worker threads with their own database connections, which cannot
see rows a test writes inside its (rolled-back) transaction. The tests therefore give the lookup
in-memory sources (``source_overrides``) holding exactly the records each test needs; the gate
itself is the real one and decides on every category as in production.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

from samverkan.accounts.models import Organisation, User
from samverkan.assistance import services
from samverkan.assistance.models import Application
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today
from samverkan.people.models import Person
from samverkan.registries.records import RecordData, parse_record, select_for_period
from samverkan.registries.sources.base import Period, SourceError, SourceResult


class StaticSource:
    """An agency source answering from a fixed list of records (or failing, or hanging)."""

    kind = "sandbox"

    def __init__(
        self, agency: str, records: Sequence[RecordData] = (), *, fail: bool = False, delay: float = 0.0
    ) -> None:
        self.agency = agency
        self.records = list(records)
        self.fail = fail
        self.delay = delay
        self.timeout = 2.0
        self.calls = 0

    def fetch(self, person_identity_numbers: Sequence[str], period: Period) -> SourceResult:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            raise SourceError("Försäkringskassan svarade med ett tekniskt fel (testets avbrott).")
        return SourceResult.grouped(
            agency=self.agency,
            source=self.kind,
            records=select_for_period(self.records, period),
            asked=list(person_identity_numbers),
        )


def record(agency: str, kind: str, person: Person, external_id: str, **values: Any) -> RecordData:
    raw = {"external_id": external_id, "identity_number": person.identity_number, **values}
    return parse_record(kind, raw, agency=agency)


@pytest.fixture
def month() -> dt.date:
    return today().replace(day=1)


@pytest.fixture
def sara(user_named: Callable[[str], User]) -> User:
    return user_named("sara.lind")


@pytest.fixture
def sorby(sara: User) -> Organisation:
    organisation = sara.organisation
    assert organisation is not None
    return organisation


def keep_active_cases(sorby: Organisation, count: int) -> list[Case]:
    """Keep ``count`` aktuella ärenden om bistånd; close the others inside the test's transaction."""
    active = Case.objects.filter(organisation=sorby, case_type="assistance", status="active").order_by("pk")
    keep = list(active[:count])
    active.exclude(pk__in=[c.pk for c in keep]).update(status="closed", closed_on=dt.date(2026, 12, 31))
    return keep


@pytest.fixture
def case(sara: User, month: dt.date) -> Case:
    """An aktuellt ärende of Sara Lind with an adult applicant and no application this month."""
    candidates = (
        Case.objects.filter(
            organisation=sara.organisation,
            case_type="assistance",
            status="active",
            responsible=sara,
            subject__protected_identity=False,
            subject__birth_date__lt=dt.date(2000, 1, 1),
        )
        .exclude(assistance_applications__month=month)
        .order_by("-pk")
    )
    found = candidates.first()
    assert found is not None
    return found


@pytest.fixture
def applicant(case: Case) -> Person:
    return case.subject


@pytest.fixture
def sources() -> Callable[..., dict[str, StaticSource]]:
    """``sources(fk=[...], af=[...], fail={"fk"})`` → source overrides for all four agencies."""

    def make(fail: set[str] | frozenset[str] = frozenset(), **records: Sequence[RecordData]) -> dict[str, StaticSource]:
        return {
            agency: StaticSource(agency, records.get(agency, ()), fail=agency in fail)
            for agency in ("fk", "pm", "af", "unemployment_fund")
        }

    return make


@pytest.fixture
def fk_payment(applicant: Person, month: dt.date) -> RecordData:
    """Sjukpenning paid to the applicant this month: 6 240 kr on the 2nd (or today, if earlier)."""
    paid_on = min(today(), month.replace(day=2))
    return record(
        "fk",
        "benefit_payment",
        applicant,
        "T-FK-UTB-1",
        benefit="sickness_benefit",
        period_start=(month - dt.timedelta(days=1)).replace(day=1).isoformat(),
        period_end=(month - dt.timedelta(days=1)).isoformat(),
        amount="6240.00",
        paid_on=paid_on.isoformat(),
    )


@pytest.fixture
def new_application(case: Case, sara: User, month: dt.date) -> Callable[..., Application]:
    def make(**kwargs: Any) -> Application:
        params: dict[str, Any] = {"case": case, "month": month, "received_on": today(), "created_by": sara}
        params.update(kwargs)
        return services.application_create(**params)

    return make


@pytest.fixture
def granted(new_application: Callable[..., Application], sara: User) -> Application:
    application = new_application()
    return services.application_decide(
        application=application,
        decision="granted",
        granted_amount=Decimal("9000.00"),
        decided_on=today(),
        decided_by=sara,
    )


def members_of(case: Case) -> Mapping[int, str]:
    return dict(CaseMember.objects.filter(case=case).values_list("person_id", "relation"))
