from __future__ import annotations

import pytest
from django.db.models import Count

from samverkan.accounts.models import Organisation, RoleAssignment, User
from samverkan.cases.models import Case
from samverkan.core import clock
from samverkan.core.demo import seed_demo_world
from samverkan.domain.identity import parse_identity_number
from samverkan.domain.organisations import OrganisationType, Role
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        Case.objects.count(),
        RoleAssignment.objects.count(),
    )


def test_running_demo_data_again_duplicates_nothing(world: None) -> None:
    before = _counts()
    seed_demo_world(log=lambda _m: None)
    assert _counts() == before


def test_the_demo_world_has_every_organisation_type_and_every_role(world: None) -> None:
    assert set(Organisation.objects.values_list("org_type", flat=True)) == {t.value for t in OrganisationType}
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {r.value for r in Role}
    assert Organisation.objects.filter(org_type="healthcare").annotate(n=Count("units")).get().n == 2


def test_demo_persons_are_hundreds_with_valid_format_test_numbers(world: None) -> None:
    numbers = list(Person.objects.values_list("identity_number", flat=True))
    assert len(numbers) >= 200
    for number in numbers:
        parsed = parse_identity_number(number, on=clock.today())
        assert parsed.normalized == number
        assert 980 <= int(parsed.serial) <= 999, "synthetic people use the test-number serial range"
