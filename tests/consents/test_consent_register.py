"""consent_register: the disclosing organisation records a specific consent; every change is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.consents.models import Consent
from samverkan.consents.selectors import consent_records_for_gate, consents_counting_for
from samverkan.consents.services import consent_register
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.disclosure import CATEGORIES
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db


def _register(gate: Gate, **changes: Any) -> Consent:
    args: dict[str, Any] = {
        "registered_by": gate.af_official,
        "person": gate.client,
        "recipient": gate.sorby,
        "categories": ["case_notes"],
        "purpose": "Planering av insatser i ärendet om ekonomiskt bistånd",
        "case_type": "assistance",
        "valid_from": gate.today,
        "valid_to": gate.today + dt.timedelta(days=180),
        "form": "written",
    }
    args.update(changes)
    return consent_register(**args)


def _counts() -> tuple[int, int]:
    return Consent.objects.count(), AuditEntry.objects.count()


def test_a_specific_consent_is_registered_by_the_discloser_and_logged(gate: Gate) -> None:
    consent = _register(gate)
    assert consent.status == Consent.Status.ACTIVE
    assert consent.discloser == gate.af and consent.recipient == gate.sorby
    assert consent.taken_by == gate.af_official and consent.taken_on == gate.today
    entry = AuditEntry.objects.get(event="consent.registered", extra__consent_id=consent.pk)
    assert entry.actor == gate.af_official and entry.organisation == gate.af and entry.recipient == gate.sorby
    assert entry.person == gate.client and entry.categories == ["case_notes"] and entry.basis == "consent"
    assert [c.id for c in consents_counting_for(person=gate.client, discloser=gate.af, recipient=gate.sorby)] == [
        consent.pk
    ]
    records = consent_records_for_gate(person=gate.client, discloser=gate.af, recipient=gate.sorby)
    assert [(str(r.recorded_by), str(r.recipient), r.id) for r in records] == [("af", "social_services", consent.pk)]


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"categories": ["allt"]}, "categories", "”allt”"),
        ({"categories": list(CATEGORIES)}, "categories", "samtycke till allt"),
        ({"categories": []}, "categories", "minst en"),
        ({"categories": ["skostorlek"]}, "categories", "Okänd uppgiftskategori"),
        ({"purpose": "allt"}, "purpose", "för allmänt"),
        ({"valid_to": None}, "valid_to", "tidsbegränsat"),
        ({"valid_to": "2027-02-30"}, "valid_to", "Ogiltigt datum"),
        ({"valid_from": "i morgon"}, "valid_from", "Ogiltigt datum"),
        ({"form": "oral", "taken_by_name": "Ali Karimi", "taken_on": None}, "form", "skriftligt"),
        ({"form": "telepatisk"}, "form", "written"),
    ],
)
def test_an_invalid_consent_is_refused_in_swedish_naming_the_field(
    gate: Gate, changes: dict[str, Any], field: str, text: str
) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _register(gate, **changes)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert text.lower() in " ".join(caught.value.message_dict[field]).lower()
    assert _counts() == before


def test_validity_is_at_most_twelve_months(gate: Gate) -> None:
    with pytest.raises(ValidationError) as caught:
        _register(gate, valid_to=gate.today + dt.timedelta(days=400))
    assert "12 månader" in caught.value.message_dict["valid_to"][0]


def test_an_oral_consent_to_other_data_records_who_took_it_and_when(gate: Gate) -> None:
    with pytest.raises(ValidationError) as caught:
        _register(gate, categories=["jobseeker_category"], form="oral", taken_by_name="", taken_on=gate.today)
    assert "taken_by_name" in caught.value.message_dict
    consent = _register(
        gate, categories=["jobseeker_category"], form="oral", taken_by_name="Ali Karimi", taken_on=gate.today
    )
    assert consent.form == "oral" and consent.taken_by_name == "Ali Karimi"


def test_the_person_must_have_a_case_at_the_disclosing_organisation(gate: Gate) -> None:
    from samverkan.people.models import Person

    stranger = Person.objects.exclude(case_memberships__case__organisation=gate.af).first()
    assert stranger is not None
    with pytest.raises(ValidationError) as caught:
        _register(gate, person=stranger)
    assert "identity_number" in caught.value.message_dict


def test_the_recipient_must_be_another_organisation(gate: Gate) -> None:
    with pytest.raises(ValidationError) as caught:
        _register(gate, recipient=gate.af)
    assert "recipient" in caught.value.message_dict


def test_a_samordningsforbund_is_never_a_party(gate: Gate) -> None:
    from samverkan.accounts.models import Organisation

    with pytest.raises(ValidationError) as caught:
        _register(gate, recipient=Organisation.objects.get(code="finsam-sorby"))
    assert "Samordningsförbundet" in " ".join(caught.value.messages)
