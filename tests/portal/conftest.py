"""Fixtures for Mina sidor: logging a person in, and a person with cases at a socialnämnd and at FK."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.consents.services import consent_register
from samverkan.core.clock import today
from samverkan.people.models import Person

PURPOSE = "Utredning av rätt till ekonomiskt bistånd"


def portal_login(client: Client, person: Person) -> Client:
    """Log ``person`` in to Mina sidor through the demo login (the real session code path)."""
    response = client.post(f"/mina-sidor/logga-in/demo/{person.pk}/")
    assert response.status_code == 302, response.status_code
    return client


def assistance_client_at_fk(*, exclude: tuple[int, ...] = ()) -> Person:
    """A person without protected identity with an aktuellt ärende om ekonomiskt bistånd at Sörby and a case at FK."""
    case = (
        Case.objects.filter(
            organisation__code="sorby-socialnamnd",
            case_type="assistance",
            status=Case.Status.ACTIVE,
            subject__protected_identity=False,
            subject__cases__organisation__code="fk",
        )
        .exclude(subject_id__in=exclude)
        .order_by("pk")
        .first()
    )
    assert case is not None
    return case.subject


@pytest.fixture
def demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = True


@pytest.fixture
def person(world: None) -> Person:
    return assistance_client_at_fk()


@pytest.fixture
def other_person(world: None, person: Person) -> Person:
    return assistance_client_at_fk(exclude=(person.pk,))


@pytest.fixture
def person_client(client: Client, demo_mode: None, person: Person) -> Client:
    return portal_login(client, person)


@pytest.fixture
def org() -> Any:
    def get(code: str) -> Organisation:
        return Organisation.objects.get(code=code)

    return get


def fk_consent(user: User, person: Person, *, categories: list[str] | None = None, days: int = 90) -> Consent:
    """Försäkringskassan records the person's written consent to disclose to Socialnämnden i Sörby."""
    start = today()
    return consent_register(
        registered_by=user,
        person=person,
        recipient=Organisation.objects.get(code="sorby-socialnamnd"),
        categories=categories or ["work_capacity_assessment"],
        purpose=PURPOSE,
        case_type="assistance",
        valid_from=start,
        valid_to=start + dt.timedelta(days=days),
        form="written",
        taken_on=start,
    )
