"""Helpers for the registries' tests: demo persons in the situations the tests need."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import F

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case
from samverkan.people.models import Person


def assistance_client_known_to(org_code: str) -> Person:
    """A person in an aktuellt ärende om ekonomiskt bistånd at Sörby who also has a case at ``org_code``."""
    person = (
        Person.objects.filter(
            case_memberships__case__organisation__code="sorby-socialnamnd",
            case_memberships__case__case_type="assistance",
            case_memberships__case__status=Case.Status.ACTIVE,
        )
        .filter(case_memberships__case__organisation__code=org_code)
        .filter(protected_identity=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    assert person is not None, f"the demo world has a bistånd client known to {org_code}"
    return person


def person_without_assistance_known_to(org_code: str) -> Person:
    """A person with a case at ``org_code`` whose ärenden om ekonomiskt bistånd are all closed.

    In the demo world most of FK's clients also get bistånd, so the test closes those cases (in
    its own transaction, rolled back afterwards).
    """
    person = (
        Person.objects.filter(case_memberships__case__organisation__code=org_code)
        .filter(protected_identity=False)
        .distinct()
        .order_by("-pk")
        .first()
    )
    assert person is not None
    Case.objects.filter(case_type="assistance", status=Case.Status.ACTIVE, members__person=person).update(
        status=Case.Status.CLOSED, closed_on=F("opened_on")
    )
    return person


def assistance_case_of(person: Person) -> Case:
    case = Case.objects.filter(
        organisation__code="sorby-socialnamnd",
        case_type="assistance",
        status=Case.Status.ACTIVE,
        members__person=person,
    ).first()
    assert case is not None
    return case


@pytest.fixture
def org(world: None) -> Any:
    def get(code: str) -> Organisation:
        return Organisation.objects.get(code=code)

    return get
