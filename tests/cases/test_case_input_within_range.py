"""Bad input when opening a case (issue 15): plausible dates, bounded text, no control characters."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases import services
from samverkan.cases.models import Case
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db

OPENED_RANGE = "Ange ett datum från 1900-01-01 till och med 2026-11-18."


def _post(client: Any, user_named: Any, **changes: str) -> Any:
    person = Person.objects.filter(protected_identity=False).last()
    assert person is not None
    data = {
        "subject_identity_number": person.identity_number,
        "case_type": "assistance",
        "unit": str(user_named("sara.lind").unit_id),
        "opened_on": "2026-11-01",
        "summary": "",
        **changes,
    }
    return client.post("/arenden/nytt/", data)


@pytest.mark.parametrize("opened_on", ["1800-01-01", "2099-01-01"])
def test_a_case_opened_in_1800_or_2099_is_refused_with_the_range_and_nothing_is_stored(
    client_for: Any, user_named: Any, opened_on: str
) -> None:
    before = Case.objects.count()
    response = _post(client_for("sara.lind"), user_named, opened_on=opened_on)
    assert response.status_code == 400
    assert OPENED_RANGE in response.content.decode()
    assert Case.objects.count() == before
    assert not Case.objects.filter(reference__startswith=opened_on[:4]).exists()


def test_the_service_refuses_a_case_opened_in_1800_too(user_named: Any) -> None:
    sara = user_named("sara.lind")
    person = Person.objects.filter(protected_identity=False).last()
    assert person is not None
    with pytest.raises(ValidationError) as caught:
        services.case_create(
            organisation=sara.unit.organisation,
            unit=sara.unit,
            case_type="assistance",
            subject_identity_number=person.identity_number,
            responsible=None,
            opened_on=dt.date(1800, 1, 1),
            actor=sara,
        )
    assert caught.value.message_dict["opened_on"] == [OPENED_RANGE]


def test_a_megabyte_summary_is_refused_and_nothing_is_stored(client_for: Any, user_named: Any) -> None:
    before = Case.objects.count()
    response = _post(client_for("sara.lind"), user_named, summary="x" * 1_000_000)
    assert response.status_code == 400
    assert Case.objects.count() == before
    assert 'maxlength="2000"' in client_for("sara.lind").get("/arenden/nytt/").content.decode()


@pytest.mark.parametrize("summary", ["a\x00b", "a\x07b", "a\x1bb", "a\x85b"])
def test_a_summary_with_a_control_character_is_refused(client_for: Any, user_named: Any, summary: str) -> None:
    before = Case.objects.count()
    response = _post(client_for("sara.lind"), user_named, summary=summary)
    assert response.status_code == 400
    assert Case.objects.count() == before


def test_a_summary_may_have_several_lines(client_for: Any, user_named: Any) -> None:
    response = _post(client_for("sara.lind"), user_named, summary="Rad ett\r\nRad två\tmed tabb")
    assert response.status_code == 302


def test_the_cases_api_refuses_a_nul_in_the_status_filter(client_for: Any) -> None:
    response = client_for("sara.lind").get("/api/v1/cases/?status=%00")
    assert response.status_code == 422
    assert "styrtecken" in json.dumps(response.json(), ensure_ascii=False)
