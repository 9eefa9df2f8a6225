"""Bad input to an agency's records (issue 15): amounts fit their column, dates are plausible, text
has no control characters, in the form and in files alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from samverkan.domain.money import format_money
from samverkan.registries.models import BenefitPayment
from samverkan.registries.records import RecordInvalid, parse_record
from tests.registries.conftest import assistance_client_known_to

pytestmark = pytest.mark.django_db

RANGE = f"Ange ett belopp från 0 till {format_money(Decimal('9999999999.99'))}."


def _payment(**changes: str) -> dict[str, str]:
    return {
        "benefit": "sickness_benefit",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "amount": "8000",
        "paid_on": "2026-11-05",
        **changes,
    }


def test_an_amount_larger_than_its_column_holds_is_refused_in_the_form(client_for: Any) -> None:
    person = assistance_client_known_to("fk")
    before = BenefitPayment.objects.count()
    response = client_for("fredrik.holm").post(
        reverse("registries:record_create", args=[person.pk, "benefit_payment"]), _payment(amount="999999999999")
    )
    assert response.status_code == 400
    assert RANGE in response.content.decode()
    assert BenefitPayment.objects.count() == before


def test_an_amount_written_the_swedish_way_is_stored_in_the_form(client_for: Any) -> None:
    person = assistance_client_known_to("fk")
    response = client_for("fredrik.holm").post(
        reverse("registries:record_create", args=[person.pk, "benefit_payment"]), _payment(amount="7 082,30")
    )
    assert response.status_code == 302
    assert BenefitPayment.objects.filter(person=person, amount=Decimal("7082.30")).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "999999999999.00"}, "amount", RANGE),
        ({"paid_on": "1800-01-01"}, "paid_on", "Ange ett datum från 1900-01-01 till och med 2076-11-18."),
        ({"external_id": "IMP\u00001"}, "external_id", "Texten innehåller otillåtna tecken (styrtecken)."),
    ],
)
def test_a_record_from_a_file_with_bad_values_is_refused_naming_the_field(
    world: None, changes: dict[str, str], field: str, message: str
) -> None:
    person = assistance_client_known_to("fk")
    raw = {"external_id": "IMP-1", "identity_number": person.identity_number, **_payment(), **changes}
    with pytest.raises(RecordInvalid) as caught:
        parse_record("benefit_payment", raw, agency="fk")
    assert [(e.field, e.message) for e in caught.value.errors] == [(field, message)]
