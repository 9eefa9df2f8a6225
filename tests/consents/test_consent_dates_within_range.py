"""Bad input when registering a consent (issue 15): a consent from 1800 gets the date's range, not
"Personen är ett barn" (a person not yet born in 1800 was judged a child)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.consents import services
from samverkan.consents.models import Consent
from samverkan.disclosures.models import AuditEntry
from tests.consents.test_consent_views import _form
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db

START_RANGE = "Ange ett datum från 2000-01-01 till och med 2027-11-18."


def test_a_consent_from_1800_is_refused_with_the_date_range_and_nothing_is_stored(gate: Gate, client_for: Any) -> None:
    before = (Consent.objects.count(), AuditEntry.objects.count())
    response = client_for("ali.karimi").post(
        reverse("consents:create"), _form(gate, valid_from="1800-01-01", valid_to="1800-06-30")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert START_RANGE in page
    assert "Ett samtycke gäller högst 12 månader. Ange ett datum från 2000-01-01 till och med 2028-11-18." in page
    assert "Personen är ett barn:" not in page and "Personen är ett barn och" not in page
    assert (Consent.objects.count(), AuditEntry.objects.count()) == before


def test_the_service_refuses_a_consent_from_1800_with_every_date_named(gate: Gate, user_named: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.consent_register(
            registered_by=user_named("ali.karimi"),
            person=gate.client,
            recipient=gate.sorby,
            categories=["case_notes"],
            purpose="Planering av insatser i ärendet om ekonomiskt bistånd",
            case_type="assistance",
            valid_from=dt.date(1800, 1, 1),
            valid_to=dt.date(1800, 6, 30),
            form="oral",
            taken_by_name="Ali Karimi",
            taken_on=dt.date(1800, 1, 1),
        )
    errors = caught.value.message_dict
    assert errors["valid_from"] == [START_RANGE]
    assert set(errors) == {"valid_from", "valid_to", "taken_on"}
    assert "Personen är ett barn" not in str(errors)


def test_a_consent_starting_two_years_ahead_is_refused(gate: Gate, client_for: Any) -> None:
    response = client_for("ali.karimi").post(
        reverse("consents:create"), _form(gate, valid_from="2028-12-01", valid_to="2029-05-31")
    )
    assert response.status_code == 400
    assert START_RANGE in response.content.decode()
