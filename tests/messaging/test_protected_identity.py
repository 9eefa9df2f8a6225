"""A question about a person with protected identity never shows a unit that could point out where they live."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.accounts.models import Organisation, Unit
from samverkan.cases.models import Case
from samverkan.cases.services import case_create
from samverkan.core.clock import today
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def _open(org: str, unit: str, case_type: str, person: Person, responsible: Any) -> None:
    if not Case.objects.filter(organisation__code=org, status="active", members__person=person).exists():
        case_create(
            organisation=Organisation.objects.get(code=org),
            unit=Unit.objects.get(organisation__code=org, code=unit),
            case_type=case_type,
            subject_identity_number=person.identity_number,
            responsible=responsible,
            opened_on=today(),
            actor=responsible,
        )


def test_units_are_hidden_in_the_question_about_a_protected_person(
    send_question: Any, user_named: Any, client_for: Any
) -> None:
    person = Person.objects.filter(protected_identity=True).order_by("pk").first()
    assert person is not None
    _open("region-malarmark", "vc-angen", "sick_leave", person, user_named("helena.strom"))
    _open("fk", "lfk-sorby", "sickness", person, user_named("fredrik.holm"))
    question = send_question(person)
    fk_view = client_for("fredrik.holm").get(f"/kommunikation/fragor/{question.pk}/").content.decode()
    assert "Visas inte (skyddade personuppgifter)" in fk_view
    assert "Vårdcentralen Ängen" not in fk_view
    assert "Fredrik Holm, enhet visas inte" in fk_view  # the receiving unit is not shown either
    assert "Skyddade personuppgifter" in fk_view
