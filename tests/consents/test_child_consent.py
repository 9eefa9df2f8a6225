"""A child's own say in the consent registry (OSL 12 kap. 3 §, FB 6 kap. 11 §; ADR 0009)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.consents.models import Consent
from samverkan.consents.selectors import consent_records_for_gate, consent_state, consents_counting_for
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.consent import ConsentGiver
from samverkan.people.models import Person
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db

GUARDIANS = {"guardians_total": 2, "guardians_consenting": ["Anna Ek", "Bo Ek"]}


def _aged(gate: Gate, age: int, *, days_after_birthday: int = 10) -> Person:
    """The gate's client, made ``age`` full years old today."""
    birth = dt.date(gate.today.year - age, gate.today.month, gate.today.day) - dt.timedelta(days=days_after_birthday)
    Person.objects.filter(pk=gate.client.pk).update(birth_date=birth)
    gate.client.refresh_from_db()
    return gate.client


def _register(gate: Gate, **changes: Any) -> Consent:
    return gate.consent(categories=["case_notes"], valid_from=gate.today, **changes)


def test_a_guardians_consent_for_a_child_of_13_records_the_childs_view(gate: Gate) -> None:
    _aged(gate, 13)
    with pytest.raises(ValidationError) as caught:
        _register(gate, given_by="guardians", **GUARDIANS)
    assert "child_view" in caught.value.message_dict
    consent = _register(
        gate, given_by="guardians", child_view="Vill att AF och soc pratar", child_agrees=True, **GUARDIANS
    )
    assert (consent.given_by, consent.child_view, consent.child_agrees) == (
        "guardians",
        "Vill att AF och soc pratar",
        True,
    )
    record = consent_records_for_gate(person=gate.client, discloser=gate.af, recipient=gate.sorby)[0]
    assert record.given_by is ConsentGiver.GUARDIANS and record.subject_birth_date == gate.client.birth_date
    assert [c.pk for c in consents_counting_for(person=gate.client, discloser=gate.af, recipient=gate.sorby)] == [
        consent.pk
    ]
    entry = AuditEntry.objects.get(event="consent.registered", extra__consent_id=consent.pk)
    assert entry.extra["given_by"] == "guardians" and entry.extra["child_agrees"] is True


def test_a_child_of_16_gives_its_own_consent_and_the_guardians_alone_are_refused(gate: Gate) -> None:
    _aged(gate, 16)
    with pytest.raises(ValidationError) as caught:
        _register(gate, given_by="guardians", **GUARDIANS)
    assert "barnets eget samtycke behövs" in caught.value.message_dict["given_by"][0]
    consent = _register(gate, given_by="person")
    assert consent.given_by == "person" and consent.guardians_consenting == []
    assert consents_counting_for(person=gate.client, discloser=gate.af, recipient=gate.sorby) == [consent]


def test_a_guardians_consent_stops_counting_when_the_child_turns_15(gate: Gate) -> None:
    _aged(gate, 15, days_after_birthday=-30)  # 14 today, turns 15 in 30 days
    consent = _register(gate, given_by="guardians", child_view="Ok", child_agrees=True, **GUARDIANS)
    later = gate.today + dt.timedelta(days=40)
    assert consents_counting_for(person=gate.client, discloser=gate.af, recipient=gate.sorby) == [consent]
    assert consents_counting_for(person=gate.client, discloser=gate.af, recipient=gate.sorby, on=later) == []
    assert consent_state(consent, later) == "Gäller inte: personens eget samtycke behövs"


def test_the_consent_page_shows_who_gave_it_and_the_childs_view(gate: Gate, client_for: Any) -> None:
    _aged(gate, 13)
    consent = _register(gate, given_by="guardians", child_view="Tycker att det är bra", child_agrees=False, **GUARDIANS)
    page = client_for("ali.karimi").get(reverse("consents:detail", args=[consent.pk])).content.decode()
    assert "Lämnat av" in page and "Vårdnadshavarna" in page
    assert "Barnet samtycker inte." in page and "Tycker att det är bra" in page
    assert "barnet (13 år)" in page


def test_the_form_registers_a_childs_view(gate: Gate, client_for: Any) -> None:
    _aged(gate, 12)
    data = {
        "identity_number": gate.client.identity_number,
        "recipient": str(gate.sorby.pk),
        "case_type": "assistance",
        "categories": ["case_notes"],
        "purpose": "Planering av insatser i ärendet om ekonomiskt bistånd",
        "valid_from": gate.today.isoformat(),
        "valid_to": (gate.today + dt.timedelta(days=120)).isoformat(),
        "form": "written",
        "taken_by_name": "Ali Karimi",
        "taken_on": "",
        "guardians_total": "1",
        "guardians_consenting": "Anna Ek",
        "given_by": "guardians",
        "child_view": "",
        "child_agrees": "",
    }
    client = client_for("ali.karimi")
    refused = client.post(reverse("consents:create"), data)
    assert refused.status_code == 400 and "barnets egen inställning" in refused.content.decode()
    response = client.post(reverse("consents:create"), {**data, "child_view": "Vill ha hjälp", "child_agrees": "yes"})
    assert response.status_code == 302
    consent = Consent.objects.latest("pk")
    assert (consent.given_by, consent.child_view, consent.child_agrees) == ("guardians", "Vill ha hjälp", True)
