"""disclosure_proactive: an agency tells a socialnämnd on its own initiative ("på eget initiativ")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from samverkan.disclosures.services import disclosure_proactive
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db


def test_proactive_duty_categories_are_released_and_logged_as_a_proactive_notice(gate: Gate) -> None:
    result = disclosure_proactive(
        discloser=gate.fk,
        recipient=gate.sorby,
        person=gate.client,
        case=gate.case,
        categories=["identity", "benefit_granted", "payment_amount"],
        purpose="Retroaktivt beviljad förmån",
    )
    assert result.released == frozenset({"identity", "benefit_granted", "payment_amount"})
    stored = result.request
    assert stored.kind == DisclosureRequest.Kind.PROACTIVE
    assert stored.requested_by is None and stored.recipient == gate.sorby
    entry = AuditEntry.objects.get(event="notice.proactive", extra__request_id=stored.pk)
    assert entry.actor is None and entry.organisation == gate.fk and entry.basis == "duty"


def test_consent_is_no_route_for_a_proactive_notice(gate: Gate) -> None:
    gate.consent(by=gate.fk_official, categories=["rehab_plan"])
    result = disclosure_proactive(
        discloser=gate.fk,
        recipient=gate.sorby,
        person=gate.client,
        case=gate.case,
        categories=["payment_amount", "rehab_plan"],
        purpose="Utbetalning har gjorts",
        actor=gate.fk_official,
    )
    assert result.released == frozenset({"payment_amount"})
    assert result.denied == frozenset({"rehab_plan"})
    assert (
        AuditEntry.objects.get(event="notice.proactive", extra__request_id=result.request.pk).actor == gate.fk_official
    )


def test_nothing_is_sent_unasked_without_an_active_assistance_case(gate: Gate) -> None:
    gate.case.status = "closed"
    gate.case.closed_on = gate.today
    gate.case.save()
    result = disclosure_proactive(
        discloser=gate.af,
        recipient=gate.sorby,
        person=gate.client,
        case=gate.case,
        categories=["jobseeker_registration"],
        purpose="Inskrivningen har upphört",
    )
    assert result.denied == frozenset({"jobseeker_registration"})


def test_an_official_of_another_organisation_cannot_send_on_the_disclosers_behalf(gate: Gate) -> None:
    with pytest.raises(ValidationError):
        disclosure_proactive(
            discloser=gate.fk,
            recipient=gate.sorby,
            person=gate.client,
            case=gate.case,
            categories=["payment_amount"],
            purpose="Utbetalning har gjorts",
            actor=gate.af_official,
        )
