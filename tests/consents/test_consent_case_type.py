"""Every consent names the kind of ärende at the recipient it is given for (issue 17, docs/domain.md §4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.consents.case_types import case_type_choices, grouped_case_type_choices, infer_case_type
from samverkan.consents.models import Consent
from samverkan.consents.selectors import consent_records_for_gate
from samverkan.consents.services import consent_register, consent_request_by_person
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.organisations import CaseType
from tests.disclosures.conftest import Gate

PURPOSE = "Planering av insatser i ärendet om ekonomiskt bistånd"


def _register(gate: Gate, **changes: Any) -> Consent:
    args: dict[str, Any] = {
        "registered_by": gate.af_official,
        "person": gate.client,
        "recipient": gate.sorby,
        "categories": ["case_notes"],
        "purpose": PURPOSE,
        "case_type": "assistance",
        "valid_from": gate.today,
        "valid_to": gate.today + dt.timedelta(days=180),
        "form": "written",
    }
    args.update(changes)
    return consent_register(**args)


@pytest.mark.django_db
def test_the_case_type_is_stored_passed_to_the_gate_and_recorded_in_the_audit_entry(gate: Gate) -> None:
    consent = _register(gate)
    assert consent.case_type == "assistance" and consent.case_type_label == "Ekonomiskt bistånd"
    (record,) = consent_records_for_gate(person=gate.client, discloser=gate.af, recipient=gate.sorby)
    assert record.case_type is CaseType.ASSISTANCE
    entry = AuditEntry.objects.get(event="consent.registered", extra__consent_id=consent.pk)
    assert entry.extra["case_type"] == "assistance"


@pytest.mark.django_db
@pytest.mark.parametrize("missing", [None, "", "  "])
def test_registering_without_a_case_type_is_refused_in_swedish(gate: Gate, missing: str | None) -> None:
    before = (Consent.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as caught:
        _register(gate, case_type=missing)
    assert caught.value.message_dict["case_type"] == [
        "Ange vilket slags ärende hos mottagaren samtycket gäller. Ett samtycke häver sekretessen bara för det "
        "ändamål det lämnades för (12 kap. 2 § offentlighets- och sekretesslagen)."
    ]
    assert (Consent.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rehab_coordination", "jobseeker", "skostorlek"])
def test_a_case_type_the_recipient_does_not_handle_is_refused_naming_its_kinds(gate: Gate, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _register(gate, case_type=kind)
    (message,) = caught.value.message_dict["case_type"]
    assert "handlägger inte ärenden av det slaget" in message
    assert "”Ekonomiskt bistånd”, ”Övrigt socialtjänstärende”" in message


@pytest.mark.django_db
def test_a_persons_request_needs_a_case_type_too(gate: Gate) -> None:
    with pytest.raises(ValidationError) as caught:
        consent_request_by_person(
            person=gate.client,
            discloser=gate.fk,
            recipient=gate.sorby,
            categories=["case_notes"],
            purpose="Utredning av rätt till ekonomiskt bistånd",
            valid_to=gate.today + dt.timedelta(days=90),
        )
    assert "Ange vilket slags ärende" in caught.value.message_dict["case_type"][0]


@pytest.mark.django_db
def test_the_form_offers_the_recipients_kinds_refuses_a_missing_one_and_the_pages_show_it(
    gate: Gate, client_for: Any
) -> None:
    client = client_for("ali.karimi")
    page = client.get(reverse("consents:create")).content.decode()
    assert 'value="assistance"' in page and 'value="sick_leave"' in page
    data = {
        "identity_number": gate.client.identity_number,
        "recipient": str(gate.sorby.pk),
        "categories": ["case_notes"],
        "purpose": PURPOSE,
        "valid_from": gate.today.isoformat(),
        "valid_to": (gate.today + dt.timedelta(days=120)).isoformat(),
        "form": "written",
        "taken_by_name": "Ali Karimi",
    }
    response = client.post(reverse("consents:create"), data)
    assert response.status_code == 400
    assert "Ange vilket slags ärende hos mottagaren samtycket gäller." in response.content.decode()
    response = client.post(reverse("consents:create"), {**data, "case_type": "sick_leave"})
    assert response.status_code == 400
    assert "handlägger inte ärenden av det slaget" in response.content.decode()
    assert not Consent.objects.filter(person=gate.client).exists()
    response = client.post(reverse("consents:create"), {**data, "case_type": "assistance"})
    assert response.status_code == 302
    consent = Consent.objects.get(person=gate.client)
    assert consent.case_type == "assistance"
    assert "Ekonomiskt bistånd" in client.get(reverse("consents:detail", args=[consent.pk])).content.decode()


def test_choices_are_the_recipient_types_kinds() -> None:
    assert case_type_choices("social_services") == [
        ("assistance", "Ekonomiskt bistånd"),
        ("social_other", "Övrigt socialtjänstärende"),
    ]
    assert case_type_choices("finsam") == []
    groups = dict(grouped_case_type_choices(["af", "healthcare", "finsam"]))
    assert groups == {
        "Arbetsförmedlingen": [("jobseeker", "Arbetssökande")],
        "Hälso- och sjukvård": [("sick_leave", "Sjukskrivning")],
    }


@pytest.mark.parametrize(
    ("recipient_type", "purpose", "case_type", "at_recipient", "expected"),
    [
        # The consent's case, when it is at the recipient.
        ("social_services", "Samordning av rehabilitering", "assistance", True, "assistance"),
        ("fk", "Planering", "sickness", True, "sickness"),
        # A case at the discloser says nothing about the recipient's kind of ärende.
        ("social_services", "Samordning av rehabilitering", "assistance", False, "social_other"),
        ("fk", "Samordning av rehabilitering", "jobseeker", False, "rehab_coordination"),
        # A recipient type with one kind of ärende.
        ("pm", "Bostadstillägg", None, False, "pension"),
        ("af", "Planering av insatser", None, False, "jobseeker"),
        ("unemployment_fund", "Prövning av ersättning", None, False, "unemployment"),
        ("healthcare", "Samordning av rehabilitering", None, False, "sick_leave"),
        ("employer", "Återgång i arbete", None, False, "return_to_work"),
        # A socialnämnd: ekonomiskt bistånd or försörjningsstöd in the purpose, else social_other.
        ("social_services", "Utredning av rätt till ekonomiskt bistånd", None, False, "assistance"),
        ("social_services", "Planering av insatser i ärendet om Ekonomiskt Bistånd", None, False, "assistance"),
        ("social_services", "Prövning av försörjningsstöd", None, False, "assistance"),
        ("social_services", "Planering av insatser", None, False, "social_other"),
        # Försäkringskassan.
        ("fk", "Utredning av sjukpenning", None, False, "sickness"),
        ("fk", "Prövning av bostadsbidrag", None, False, "benefit"),
        # A samordningsförbund has no ärenden.
        ("finsam", "Statistik", None, False, ""),
    ],
)
def test_the_migration_infers_the_case_type_of_an_existing_consent(
    recipient_type: str, purpose: str, case_type: str | None, at_recipient: bool, expected: str
) -> None:
    assert (
        infer_case_type(
            recipient_type=recipient_type, purpose=purpose, case_type=case_type, case_at_recipient=at_recipient
        )
        == expected
    )
