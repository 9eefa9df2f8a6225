from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases import services
from samverkan.cases.models import Case, CaseMember
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def test_case_create_adds_the_applicant_and_a_yearly_reference(user_named: Any, move_clock: Any) -> None:
    move_clock(dt.date(2027, 1, 3))  # a case is opened at the latest today: the first case of a new year
    sara = user_named("sara.lind")
    person = Person.objects.filter(protected_identity=False).last()
    assert person is not None
    case = services.case_create(
        organisation=sara.unit.organisation,
        unit=sara.unit,
        case_type="assistance",
        subject_identity_number=person.identity_number[2:],
        responsible=sara,
        opened_on=dt.date(2027, 1, 3),
        actor=sara,
    )
    assert case.reference == "2027-00001"
    assert list(case.members.values_list("relation", flat=True)) == [CaseMember.Relation.APPLICANT]


def test_an_organisation_cannot_open_a_case_type_it_does_not_handle(user_named: Any) -> None:
    sara = user_named("sara.lind")
    person = Person.objects.first()
    assert person is not None
    with pytest.raises(ValidationError) as info:
        services.case_create(
            organisation=sara.unit.organisation,
            unit=sara.unit,
            case_type="sickness",
            subject_identity_number=person.identity_number,
            responsible=None,
            opened_on=dt.date(2026, 11, 1),
            actor=sara,
        )
    assert "handlägger inte" in str(info.value)


def test_bad_identity_number_in_the_form_shows_a_swedish_error_and_stores_nothing(
    client_for: Any, user_named: Any
) -> None:
    client = client_for("sara.lind")
    before = Case.objects.count()
    response = client.post(
        "/arenden/nytt/",
        {
            "subject_identity_number": "811218-9877",
            "case_type": "assistance",
            "unit": user_named("sara.lind").unit_id,
            "opened_on": "2026-11-01",
        },
    )
    assert response.status_code == 400
    assert "Kontrollsiffran stämmer inte" in response.content.decode()
    assert Case.objects.count() == before


def test_a_person_cannot_be_added_twice_to_a_household(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", status="active").first()
    assert case is not None
    response = client_for("sara.lind").post(
        f"/arenden/{case.pk}/hushall/", {"identity_number": case.subject.identity_number, "relation": "partner"}
    )
    assert response.status_code == 400
    assert "finns redan" in response.content.decode()


def test_closing_before_opening_is_refused(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", status="active").first()
    assert case is not None
    day_before = (case.opened_on - dt.timedelta(days=1)).isoformat()
    response = client_for("sara.lind").post(f"/arenden/{case.pk}/avsluta/", {"closed_on": day_before})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.is_active
