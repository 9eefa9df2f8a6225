"""Withdrawing a consent, and a person's request to register one (confirmed or rejected by the discloser)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samverkan.consents.models import Consent
from samverkan.consents.selectors import consents_counting_for, pending_consent_requests
from samverkan.consents.services import consent_confirm, consent_reject, consent_request_by_person, consent_withdraw
from samverkan.disclosures.models import AuditEntry
from samverkan.disclosures.services import disclosure_request
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db


def _ask_case_notes(gate: Gate, on: dt.date) -> frozenset[str]:
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.fk,
        person=gate.client,
        case=gate.case,
        categories=["case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
        on=on,
    )
    return result.released


def test_a_withdrawal_counts_from_its_own_day_for_every_later_disclosure(gate: Gate) -> None:
    consent = gate.consent(by=gate.fk_official, categories=["case_notes"])
    day = gate.today
    assert _ask_case_notes(gate, day - dt.timedelta(days=1)) == {"case_notes"}
    withdrawn = consent_withdraw(consent=consent, withdrawn_by_user=gate.fk_official, on=day)
    assert withdrawn.status == Consent.Status.WITHDRAWN and withdrawn.withdrawn_on == day
    assert _ask_case_notes(gate, day - dt.timedelta(days=1)) == {"case_notes"}
    assert _ask_case_notes(gate, day) == frozenset()
    assert consents_counting_for(person=gate.client, discloser=gate.fk, recipient=gate.sorby, on=day) == []
    entry = AuditEntry.objects.get(event="consent.withdrawn", extra__consent_id=consent.pk)
    assert entry.actor == gate.fk_official and entry.extra["withdrawn_by"] == "official"


def test_the_person_may_withdraw_their_own_consent(gate: Gate) -> None:
    consent = gate.consent(by=gate.fk_official, categories=["case_notes"])
    withdrawn = consent_withdraw(consent=consent, withdrawn_by_person=gate.client)
    assert withdrawn.withdrawn_by_person and withdrawn.withdrawn_on == gate.today
    assert AuditEntry.objects.get(event="consent.withdrawn", extra__consent_id=consent.pk).actor is None


def test_only_the_recording_organisation_registers_a_withdrawal_and_only_once(gate: Gate) -> None:
    consent = gate.consent(by=gate.fk_official, categories=["case_notes"])
    with pytest.raises(ValidationError):
        consent_withdraw(consent=consent, withdrawn_by_user=gate.af_official)
    consent_withdraw(consent=consent, withdrawn_by_user=gate.fk_official)
    with pytest.raises(ValidationError):
        consent_withdraw(consent=consent, withdrawn_by_user=gate.fk_official)
    assert AuditEntry.objects.filter(event="consent.withdrawn", extra__consent_id=consent.pk).count() == 1


def test_a_persons_request_counts_only_after_the_discloser_confirms_it(gate: Gate) -> None:
    requested = consent_request_by_person(
        person=gate.client,
        discloser=gate.fk,
        recipient=gate.sorby,
        categories=["case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
        case_type="assistance",
        valid_to=gate.today + dt.timedelta(days=90),
    )
    assert requested.status == Consent.Status.REQUESTED
    assert requested in pending_consent_requests(gate.fk)
    assert _ask_case_notes(gate, gate.today) == frozenset()
    with pytest.raises(ValidationError):
        consent_confirm(consent=requested, confirmed_by=gate.af_official, form="written", taken_on=gate.today)
    confirmed = consent_confirm(consent=requested, confirmed_by=gate.fk_official, form="written", taken_on=gate.today)
    assert confirmed.status == Consent.Status.ACTIVE and confirmed.taken_by == gate.fk_official
    assert _ask_case_notes(gate, gate.today) == {"case_notes"}
    events = list(AuditEntry.objects.filter(extra__consent_id=requested.pk).values_list("event", flat=True))
    assert events == ["consent.requested", "consent.confirmed"]


def test_a_persons_request_can_be_rejected_with_a_reason(gate: Gate) -> None:
    requested = consent_request_by_person(
        person=gate.client,
        discloser=gate.fk,
        recipient=gate.sorby,
        categories=["case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
        case_type="assistance",
        valid_to=gate.today + dt.timedelta(days=90),
    )
    with pytest.raises(ValidationError):
        consent_reject(consent=requested, rejected_by=gate.fk_official, reason=" ")
    rejected = consent_reject(
        consent=requested, rejected_by=gate.fk_official, reason="Kunde inte bekräfta identiteten."
    )
    assert rejected.status == Consent.Status.REJECTED
    assert _ask_case_notes(gate, gate.today) == frozenset()


def test_a_persons_request_to_everything_is_refused(gate: Gate) -> None:
    with pytest.raises(ValidationError) as caught:
        consent_request_by_person(
            person=gate.client,
            discloser=gate.fk,
            recipient=gate.sorby,
            categories=["allt"],
            purpose="Utredning av rätt till ekonomiskt bistånd",
            case_type="assistance",
            valid_to=gate.today + dt.timedelta(days=90),
        )
    assert "inte giltigt" in caught.value.message_dict["categories"][0]
