"""Helpers for återsökning tests: a fresh household with an aktuellt ärende, bistånd, FK decisions.

Each test builds its own household (synthetic identity numbers not used by the demo world), so
the demo's own reclaims never get in the way.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.models import Application, ApplicationMember, Payment
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today
from samverkan.core.demo import synthetic_identity_number
from samverkan.people.models import Household, Person
from samverkan.registries.models import BenefitDecision

_counter = itertools.count(1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


def new_person(household: Household, *, first: str = "Test", protected: bool = False, birth_year: int = 1961) -> Person:
    start = dt.date(birth_year, 3, 1)
    for offset in range(3000):
        birth = start + dt.timedelta(days=offset)
        for serial in range(980, 1000):
            number = synthetic_identity_number(birth, serial)
            if not Person.objects.filter(identity_number=number).exists():
                return Person.objects.create(
                    identity_number=number,
                    identity_type="personnummer",
                    birth_date=birth,
                    first_name=first,
                    last_name="Återsöksson",
                    protected_identity=protected,
                    street_address="" if protected else "Provgatan 7",
                    postal_code="" if protected else "611 33",
                    city="" if protected else "Sörby",
                    household=household,
                )
    raise RuntimeError("no free identity number")


def new_case(*, org_code: str = "sorby-socialnamnd", protected: bool = False, partner: bool = False) -> Case:
    organisation = Organisation.objects.get(code=org_code)
    unit = organisation.units.get(code="ekb") if org_code == "sorby-socialnamnd" else organisation.units.first()
    household = Household.objects.create(code=f"T-AS-{next(_counter)}-{Household.objects.count()}")
    applicant = new_person(household, first="Alva", protected=protected)
    case = Case.objects.create(
        organisation=organisation,
        unit=unit,
        reference=f"T-{household.code}",
        case_type="assistance",
        subject=applicant,
        responsible=User.objects.filter(username="sara.lind").first(),
        opened_on=today() - dt.timedelta(days=400),
    )
    CaseMember.objects.create(case=case, person=applicant, relation="applicant")
    if partner:
        other = new_person(household, first="Bo", protected=protected, birth_year=1963)
        CaseMember.objects.create(case=case, person=other, relation="partner")
    return case


def pay(
    case: Case,
    month: dt.date,
    amount: str,
    *,
    person: Person | None = None,
    kind: str = "subsistence",
    end: dt.date | None = None,
    advance_benefit: str = "",
    written_notice: bool = False,
) -> Payment:
    """Bistånd for ``month`` (or ``month``–``end``) paid to ``person`` (the applicant by default)."""
    recipient = person or case.subject
    first = month.replace(day=1)
    application, created = Application.objects.get_or_create(
        case=case,
        month=first,
        defaults={
            "organisation": case.organisation,
            "received_on": first - dt.timedelta(days=10),
            "status": "decided",
            "decision": "granted",
            "granted_amount": Decimal("100000.00"),
            "decided_on": first - dt.timedelta(days=5),
        },
    )
    if created:
        for member in case.members.all():
            ApplicationMember.objects.create(application=application, person=member.person, relation=member.relation)
    return Payment.objects.create(
        organisation=case.organisation,
        case=case,
        application=application,
        recipient=recipient,
        kind=kind,
        amount=Decimal(amount),
        period_start=month,
        period_end=end or month_end(first),
        paid_on=month - dt.timedelta(days=3),
        advance_benefit=advance_benefit,
        advance_written_notice=written_notice,
    )


def decide(
    person: Person,
    *,
    benefit: str = "sickness_compensation",
    start: dt.date,
    end: dt.date,
    amount: str,
    decided: dt.date,
    payout: dt.date,
    agency: str = "fk",
    outcome: str = "granted",
) -> BenefitDecision:
    return BenefitDecision.objects.create(
        organisation=Organisation.objects.get(code=agency),
        person=person,
        external_id=f"T-ÅS-{next(_counter)}-{BenefitDecision.objects.count()}",
        benefit=benefit,
        outcome=outcome,
        decision_date=decided,
        period_start=start,
        retroactive_amount=Decimal(amount),
        retroactive_start=start,
        retroactive_end=end,
        payout_date=payout,
    )


@pytest.fixture
def dates() -> dict[str, dt.date]:
    """Three whole months of bistånd before this month; a decision two days ago, payout in ten days."""
    this_month = today().replace(day=1)
    return {
        "m1": add_months(this_month, -3),
        "m2": add_months(this_month, -2),
        "m3": add_months(this_month, -1),
        "end": this_month - dt.timedelta(days=1),
        "decided": today() - dt.timedelta(days=2),
        "payout": today() + dt.timedelta(days=10),
        "today": today(),
    }


@pytest.fixture
def household(world: None) -> Any:
    return new_case


@pytest.fixture
def sent(world: None, dates: dict[str, dt.date], user_named: Any) -> Any:
    """A reclaim sent to Försäkringskassan: two months of bistånd against a retroactive decision."""
    from samverkan.reclaims import services

    case = new_case()
    for month in ("m1", "m2"):
        pay(case, dates[month], "8000.00")
    decision = decide(
        case.subject,
        start=dates["m1"],
        end=dates["end"],
        amount="30000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )
    (reclaim,) = services.reclaim_on_retroactive_decision(decision)
    return services.reclaim_send(reclaim=reclaim, sent_by=user_named("sara.lind"))
