"""Bad input in rehabilitation coordination (issue 15): a coordination from 1800 (which showed
"82 879 dagar") and implausible plan dates are refused with the range; text has no control characters."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.rehab.forms import CoordinationOpenForm
from samverkan.rehab.models import PlanMeasure, RehabCoordination
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db

APPLICATION_RANGE = "Ange ett datum från 2000-01-01 till och med 2026-11-18."
PLANNED_RANGE = "Ange ett datum från 2000-01-01 till och med 2028-11-18."


def test_a_coordination_applied_for_in_1800_is_refused_by_the_service_and_nothing_is_stored(rehab: Rehab) -> None:
    before = Case.objects.count()
    with pytest.raises(ValidationError) as caught:
        rehab.open(application_date=dt.date(1800, 1, 1), sick_leave_start=dt.date(1800, 1, 1))
    errors = caught.value.message_dict
    assert errors["application_date"] == [APPLICATION_RANGE]
    assert errors["sick_leave_start"] == ["Ange ett datum från 1900-01-01 till och med 2026-11-18."]
    assert Case.objects.count() == before
    assert not RehabCoordination.objects.filter(case__subject=rehab.person).exists()


def test_the_open_form_refuses_an_application_date_in_1800(rehab: Rehab) -> None:
    form = CoordinationOpenForm(
        data={
            "person_identity_number": rehab.person.identity_number,
            "origin": "application",
            "application_date": "1800-01-01",
            "has_employer": "no",
            "has_sgi": "no",
            "work_capacity_reduced": "yes",
            "unit": str(rehab.fk_user.unit_id),
            "responsible": str(rehab.fk_user.pk),
        },
        organisation=rehab.fk,
    )
    assert not form.is_valid()
    assert form.errors["application_date"] == [APPLICATION_RANGE]
    assert 'min="2000-01-01"' in str(form["application_date"])


def _measure_payload(**changes: Any) -> dict[str, Any]:
    return {
        "description": "Arbetsträning",
        "kind": "vocational",
        "need_area": "work",
        "responsible_organisation": "af",
        "starts_on": today().isoformat(),
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_on": "1800-01-01"}, PLANNED_RANGE),
        ({"follow_up_on": "2099-01-01"}, PLANNED_RANGE),
        ({"description": "Arbets\u0000träning"}, "Texten innehåller otillåtna tecken (styrtecken)."),
        ({"description": "x" * 2001}, "Texten får vara högst 2000 tecken."),
    ],
)
def test_the_api_refuses_a_measure_with_implausible_dates_or_bad_text(
    rehab: Rehab, client_for: Any, changes: dict[str, Any], message: str
) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    response = client_for("fredrik.holm").post(
        f"/api/v1/rehab/coordinations/{coordination.pk}/measures",
        _measure_payload(**changes),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert message in json.dumps(response.json(), ensure_ascii=False)
    assert not PlanMeasure.objects.filter(coordination=coordination).exists()
