"""The consent registry's pages (/samtycken/), scoped to the organisation that recorded the consents."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from samverkan.consents.models import Consent
from samverkan.disclosures.models import AuditEntry
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db


def _form(gate: Gate, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
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
        "guardians_total": "",
        "guardians_consenting": "",
    }
    data.update(changes)
    return data


def test_an_af_official_registers_a_consent_and_sees_it_in_the_list(gate: Gate, client_for: Any) -> None:
    client = client_for("ali.karimi")
    form_page = client.get(reverse("consents:create")).content.decode()
    assert "Journal- och handläggningsanteckningar" in form_page
    response = client.post(reverse("consents:create"), _form(gate))
    assert response.status_code == 302
    consent = Consent.objects.latest("pk")
    assert response["Location"] == reverse("consents:detail", args=[consent.pk])
    listing = client.get(reverse("consents:list"), {"person": gate.client.pk}).content.decode()
    assert gate.client.full_name in listing and "Gäller" in listing


def test_a_consent_to_everything_is_refused_with_a_swedish_message_and_not_stored(gate: Gate, client_for: Any) -> None:
    before = (Consent.objects.count(), AuditEntry.objects.count())
    response = client_for("ali.karimi").post(reverse("consents:create"), _form(gate, categories=["allt"]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ett samtycke till ”allt”" in page
    assert "error-summary" in page
    assert (Consent.objects.count(), AuditEntry.objects.count()) == before


def test_a_malformed_date_is_refused_naming_the_field(gate: Gate, client_for: Any) -> None:
    response = client_for("ali.karimi").post(reverse("consents:create"), _form(gate, valid_to="2027-02-30"))
    assert response.status_code == 400
    assert "Gäller till och med" in response.content.decode()
    assert not Consent.objects.filter(person=gate.client).exists()


def test_withdraw_button_withdraws_and_logs(gate: Gate, client_for: Any) -> None:
    consent = gate.consent(categories=["case_notes"])
    client = client_for("ali.karimi")
    detail = client.get(reverse("consents:detail", args=[consent.pk])).content.decode()
    assert "Återkalla samtycket" in detail
    assert client.get(reverse("consents:withdraw", args=[consent.pk])).status_code == 405
    response = client.post(reverse("consents:withdraw", args=[consent.pk]), {"withdrawn_on": ""})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == Consent.Status.WITHDRAWN
    assert AuditEntry.objects.filter(event="consent.withdrawn", extra__consent_id=consent.pk).exists()


def test_another_organisations_consent_is_not_found(gate: Gate, client_for: Any) -> None:
    consent = gate.consent(categories=["case_notes"])
    for username in ("fredrik.holm", "sara.lind"):
        client = client_for(username)
        assert client.get(reverse("consents:detail", args=[consent.pk])).status_code == 404
        assert client.post(reverse("consents:withdraw", args=[consent.pk]), {}).status_code == 404
        assert f"/samtycken/{consent.pk}/" not in client.get(reverse("consents:list")).content.decode()
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ACTIVE


def test_roles_without_individual_cases_have_no_consent_registry(gate: Gate, client_for: Any) -> None:
    assert client_for("ingrid.sandberg").get(reverse("consents:list")).status_code == 403
    assert client_for("johan.dahl").get(reverse("consents:list")).status_code == 403


def test_pending_person_requests_are_confirmed_from_the_list(gate: Gate, client_for: Any) -> None:
    from samverkan.consents.services import consent_request_by_person

    requested = consent_request_by_person(
        person=gate.client,
        discloser=gate.af,
        recipient=gate.sorby,
        categories=["case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
        case_type="assistance",
        valid_to=gate.today + dt.timedelta(days=60),
    )
    client = client_for("ali.karimi")
    assert reverse("consents:detail", args=[requested.pk]) in client.get(reverse("consents:list")).content.decode()
    assert "Samtycken att bekräfta" in client.get(reverse("core:home")).content.decode()
    response = client.post(
        reverse("consents:confirm", args=[requested.pk]), {"form": "written", "taken_on": gate.today.isoformat()}
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == Consent.Status.ACTIVE
