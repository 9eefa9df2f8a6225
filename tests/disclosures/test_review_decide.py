"""review_decide: the disclosing organisation's own secrecy review of a queued category."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samverkan.consents.services import consent_withdraw
from samverkan.disclosures.audit import audit_verify
from samverkan.disclosures.models import AuditEntry, DisclosureRequest, ReviewTask
from samverkan.disclosures.services import disclosure_request, review_decide
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _queued(gate: Gate) -> ReviewTask:
    gate.consent(categories=["case_notes"])
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=[*AF_DUTY, "case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    return ReviewTask.objects.get(request=result.request)


def test_approval_releases_the_category_to_the_requester_and_is_logged(gate: Gate) -> None:
    task = _queued(gate)
    decided = review_decide(
        task=task, decided_by=gate.af_official, approve=True, motivation="Samtycke finns och inget men."
    )
    assert decided.status == ReviewTask.Status.APPROVED
    assert decided.decided_by == gate.af_official and decided.decided_at is not None
    decision = decided.decision
    decision.refresh_from_db()
    assert decision.outcome == "review"  # the gate's own decision never changes
    assert decision.effective_outcome == "released"
    assert decision.shown_values and "skriftligt svar" in decision.shown_values[0]["value"]
    stored = DisclosureRequest.objects.get(pk=task.request_id)
    assert stored.status == DisclosureRequest.Status.COMPLETED
    entry = AuditEntry.objects.filter(event="review.approved", extra__review_task_id=task.pk).get()
    assert entry.actor == gate.af_official
    assert entry.organisation == gate.af and entry.recipient == gate.sorby
    assert entry.categories == ["case_notes"] and entry.basis == "consent"
    assert "Samtycke finns" not in str(entry.extra)  # the motivation stays with the task, not in the log
    assert audit_verify().ok


def test_refusal_needs_a_motivation_and_releases_nothing(gate: Gate) -> None:
    task = _queued(gate)
    with pytest.raises(ValidationError) as caught:
        review_decide(task=task, decided_by=gate.af_official, approve=False, motivation="  ")
    assert "motivation" in caught.value.message_dict
    task.refresh_from_db()
    assert task.is_open
    refused = review_decide(task=task, decided_by=gate.af_official, approve=False, motivation="Men för personen.")
    assert refused.status == ReviewTask.Status.REFUSED
    assert refused.decision.effective_outcome == "denied"
    assert refused.decision.shown_values == []
    assert AuditEntry.objects.filter(event="review.refused", extra__review_task_id=task.pk).exists()


def test_only_the_disclosing_organisation_can_decide(gate: Gate) -> None:
    task = _queued(gate)
    for outsider in (gate.social_worker, gate.fk_official):
        with pytest.raises(ValidationError):
            review_decide(task=task, decided_by=outsider, approve=True, motivation="Jag bestämmer.")
    task.refresh_from_db()
    assert task.is_open


def test_a_task_is_decided_once(gate: Gate) -> None:
    task = _queued(gate)
    review_decide(task=task, decided_by=gate.af_official, approve=False, motivation="Men för personen.")
    with pytest.raises(ValidationError):
        review_decide(task=task, decided_by=gate.af_official, approve=True, motivation="Ändrar mig.")


def test_a_consent_withdrawn_after_the_request_blocks_approval(gate: Gate) -> None:
    task = _queued(gate)
    consent = task.decision.consent
    assert consent is not None
    consent_withdraw(consent=consent, withdrawn_by_user=gate.af_official, on=gate.today)
    with pytest.raises(ValidationError) as caught:
        review_decide(task=task, decided_by=gate.af_official, approve=True, motivation="Samtycke finns.")
    assert "återkallats" in " ".join(caught.value.messages)
    task.refresh_from_db()
    assert task.is_open
    refused = review_decide(
        task=task, decided_by=gate.af_official, approve=False, motivation="Samtycket är återkallat.", on=gate.today
    )
    assert refused.status == ReviewTask.Status.REFUSED


def test_a_withdrawal_dated_later_still_allows_approval_today(gate: Gate) -> None:
    task = _queued(gate)
    consent = task.decision.consent
    assert consent is not None
    consent_withdraw(consent=consent, withdrawn_by_user=gate.af_official, on=gate.today + dt.timedelta(days=3))
    approved = review_decide(task=task, decided_by=gate.af_official, approve=True, motivation="Gäller ännu i dag.")
    assert approved.status == ReviewTask.Status.APPROVED
