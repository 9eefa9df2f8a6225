"""Fixtures for the secrecy gate: the demo world's organisations, a client and consents.

``gate`` gives the parties and a client of the Sörby socialnämnd who also has a case at
Arbetsförmedlingen and at Försäkringskassan, with no consent registered yet, so each test
starts from a known state (every test runs in a rolled-back transaction).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.case_types import case_types_of
from samverkan.consents.models import Consent
from samverkan.consents.services import consent_register
from samverkan.core.clock import today
from samverkan.people.models import Person

AF_DUTY = ["identity", "jobseeker_registration", "jobseeker_category", "activity_report_date"]


@dataclass
class Gate:
    sorby: Organisation
    af: Organisation
    fk: Organisation
    pm: Organisation
    social_worker: User
    af_official: User
    fk_official: User
    client: Person
    case: Case
    today: dt.date

    def consent(self, *, by: User | None = None, categories: list[str], **kwargs: Any) -> Consent:
        official = by or self.af_official
        start = kwargs.pop("valid_from", self.today - dt.timedelta(days=10))
        recipient = kwargs.pop("recipient", self.sorby)
        # Given, by default, for the kind of ärende the recipient asks in: Sörby's ärende om ekonomiskt bistånd.
        default_kind = "assistance" if recipient.org_type == "social_services" else case_types_of(recipient.org_type)[0]
        return consent_register(
            registered_by=official,
            person=kwargs.pop("person", self.client),
            recipient=recipient,
            case_type=kwargs.pop("case_type", default_kind),
            categories=categories,
            purpose=kwargs.pop("purpose", "Planering av insatser i ärendet om ekonomiskt bistånd"),
            valid_from=start,
            valid_to=kwargs.pop("valid_to", start + dt.timedelta(days=200)),
            form=kwargs.pop("form", "written"),
            **kwargs,
        )


def find_client(*, without_consents: bool = True) -> tuple[Person, Case]:
    """A client with an aktuellt ärende om ekonomiskt bistånd at Sörby, a jobseeker case at AF and a sickness case at FK."""
    persons = (
        Person.objects.filter(protected_identity=False)
        .filter(cases__organisation__code="af", cases__case_type="jobseeker")
        .filter(cases__organisation__code="fk", cases__case_type="sickness")
        .filter(
            case_memberships__case__organisation__code="sorby-socialnamnd",
            case_memberships__case__case_type="assistance",
            case_memberships__case__status="active",
        )
        .distinct()
        .order_by("pk")
    )
    if without_consents:
        persons = persons.exclude(consents__isnull=False).exclude(disclosure_requests__isnull=False)
    person = persons.first()
    assert person is not None, "demovärlden saknar en passande klient"
    case = Case.objects.filter(
        organisation__code="sorby-socialnamnd", case_type="assistance", status="active", members__person=person
    ).first()
    assert case is not None
    return person, case


@pytest.fixture
def gate(world: None, user_named: Any) -> Gate:
    person, case = find_client()
    return Gate(
        sorby=Organisation.objects.get(code="sorby-socialnamnd"),
        af=Organisation.objects.get(code="af"),
        fk=Organisation.objects.get(code="fk"),
        pm=Organisation.objects.get(code="pm"),
        social_worker=user_named("sara.lind"),
        af_official=user_named("ali.karimi"),
        fk_official=user_named("fredrik.holm"),
        client=person,
        case=case,
        today=today(),
    )
