"""disclosure_request: decide per category, store with a snapshot, queue reviews, log — in one transaction."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation
from samverkan.disclosures import store as services
from samverkan.disclosures.audit import audit_verify
from samverkan.disclosures.models import AuditEntry, DisclosureDecision, DisclosureRequest, ReviewTask
from samverkan.disclosures.services import decision_inputs, disclosure_request
from samverkan.domain.disclosure import RULES_VERSION
from samverkan.registries.models import JobseekerRegistration
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _ask(gate: Gate, categories: list[str], **kwargs: Any) -> services.GateResult:
    return disclosure_request(
        requester=kwargs.pop("requester", gate.social_worker),
        discloser=kwargs.pop("discloser", gate.af),
        person=kwargs.pop("person", gate.client),
        case=kwargs.pop("case", gate.case),
        categories=categories,
        purpose=kwargs.pop("purpose", "Utredning av rätt till ekonomiskt bistånd"),
        period=kwargs.pop("period", (gate.today - dt.timedelta(days=60), gate.today)),
        **kwargs,
    )


def _counts() -> tuple[int, int, int, int]:
    return (
        DisclosureRequest.objects.count(),
        DisclosureDecision.objects.count(),
        ReviewTask.objects.count(),
        AuditEntry.objects.count(),
    )


def test_af_duty_categories_are_released_at_once_with_duty_basis_and_citation(gate: Gate) -> None:
    result = _ask(gate, AF_DUTY)
    assert result.released == frozenset(AF_DUTY)
    assert not result.review and not result.denied
    decision = result.decisions["jobseeker_category"]
    assert str(decision.basis) == "duty"
    assert "5 § förordningen (2008:975)" in decision.citation
    assert "15 kap. 11 § socialtjänstlagen (2025:400)" in decision.citation
    assert result.basis_text("jobseeker_category").startswith("Uppgiftsskyldighet (")
    assert result.request.status == DisclosureRequest.Status.COMPLETED


def test_released_values_are_the_disclosers_records_and_only_for_released_categories(gate: Gate) -> None:
    JobseekerRegistration.objects.create(
        organisation=gate.af,
        person=gate.client,
        external_id="test-reg-1",
        registered_from=gate.today - dt.timedelta(days=40),
        category="openly_unemployed",
        unemployment_fund="A-kassan Mälardalen",
    )
    result = _ask(gate, ["identity", "jobseeker_category", "case_notes"])
    rows = {d.category: d for d in result.request.decisions.all()}
    assert any("Öppet arbetslös" in v["value"] for v in rows["jobseeker_category"].released_values)
    assert any(gate.client.identity_number in v["value"] for v in rows["identity"].released_values)
    assert rows["case_notes"].outcome == "denied"
    assert rows["case_notes"].released_values == []
    assert rows["case_notes"].shown_values == []


def test_af_consent_based_category_waits_in_afs_review_queue(gate: Gate) -> None:
    consent = gate.consent(categories=["case_notes"])
    result = _ask(gate, [*AF_DUTY, "case_notes"])
    assert result.review == frozenset({"case_notes"})
    assert "case_notes" not in result.released
    task = ReviewTask.objects.get(request=result.request)
    assert task.organisation == gate.af and task.category == "case_notes" and task.is_open
    assert task.decision.consent_id == consent.pk and task.decision.basis == "consent"
    assert result.request.status == DisclosureRequest.Status.PENDING_REVIEW
    assert task.decision.shown_values == []


def test_fk_consent_based_category_is_released_without_review(gate: Gate) -> None:
    gate.consent(by=gate.fk_official, categories=["rehab_plan"])
    result = _ask(gate, ["rehab_plan", "health_information"], discloser=gate.fk)
    assert result.released == frozenset({"rehab_plan"})
    assert result.denied == frozenset({"health_information"})
    assert "30 kap. 10 § socialförsäkringsbalken" in result.decisions["rehab_plan"].citation
    assert not ReviewTask.objects.filter(request=result.request).exists()


def test_consent_recorded_by_another_agency_is_no_basis(gate: Gate) -> None:
    gate.consent(by=gate.fk_official, categories=["case_notes"])
    result = _ask(gate, ["case_notes"])
    assert result.denied == frozenset({"case_notes"})
    assert "samtycke" in result.decisions["case_notes"].explanation.lower()


def test_without_an_active_assistance_case_nothing_is_released_on_duty(gate: Gate) -> None:
    gate.case.status = "closed"
    gate.case.closed_on = gate.today
    gate.case.save()
    result = _ask(gate, AF_DUTY)
    assert result.denied == frozenset(AF_DUTY)
    assert "aktuellt ärende" in result.decisions["jobseeker_category"].explanation


def test_each_decision_is_stored_with_rules_version_citations_and_inputs(gate: Gate) -> None:
    gate.consent(categories=["case_notes"])
    result = _ask(gate, ["jobseeker_category", "case_notes", "sgi"])
    stored = result.request
    assert stored.rules_version == RULES_VERSION
    assert stored.snapshot["input"]["requester"] == "social_services"
    assert stored.snapshot["input"]["discloser"] == "af"
    assert stored.snapshot["input"]["active_case"] is True
    assert stored.snapshot["released"] == ["jobseeker_category"]
    rows = {d.category: d for d in stored.decisions.all()}
    assert set(rows) == {"jobseeker_category", "case_notes", "sgi"}
    for row in rows.values():
        assert row.rules_version == RULES_VERSION
        assert row.snapshot["rules_version"] == RULES_VERSION
        assert row.snapshot["decision"]["category"] == row.category
        assert row.snapshot["decision"]["outcome"] == row.outcome
        assert decision_inputs(row)["date"] == gate.today.isoformat()
        assert row.explanation
    assert decision_inputs(rows["case_notes"])["consents"][0]["recorded_by"] == "af"
    assert any("5 §" in c["section"] for c in rows["jobseeker_category"].snapshot["decision"]["citations"])


def test_every_request_is_audited_per_outcome_and_the_chain_holds(gate: Gate) -> None:
    gate.consent(categories=["case_notes"])
    before = AuditEntry.objects.count()
    result = _ask(gate, [*AF_DUTY, "case_notes", "sgi"])
    entries = list(AuditEntry.objects.filter(extra__request_id=result.request.pk).order_by("sequence"))
    assert AuditEntry.objects.count() == before + len(entries) == before + 3
    by_event = {e.event: e for e in entries}
    released = by_event["disclosure.released"]
    assert sorted(released.categories) == sorted(AF_DUTY)
    assert released.basis == "duty"
    assert released.actor == gate.social_worker
    assert released.organisation == gate.af and released.recipient == gate.sorby
    assert released.person == gate.client
    assert released.purpose == "Utredning av rätt till ekonomiskt bistånd"
    assert by_event["disclosure.review_requested"].categories == ["case_notes"]
    assert by_event["disclosure.denied"].categories == ["sgi"]
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.hash
    assert audit_verify().ok


def test_without_a_case_the_persons_active_assistance_case_is_used(gate: Gate) -> None:
    result = _ask(gate, ["jobseeker_category"], case=None)
    assert result.request.case == gate.case
    assert result.released == frozenset({"jobseeker_category"})


def test_redact_keeps_only_released_items(gate: Gate) -> None:
    result = _ask(gate, ["jobseeker_category", "case_notes"])
    items = [("jobseeker_category", "Öppet arbetslös"), ("case_notes", "Anteckning"), ("sgi", "300 000 kr")]
    assert result.redact(items) == [("jobseeker_category", "Öppet arbetslös")]


# --- Bad input: a Swedish error naming the field, nothing stored ----------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"categories": ["jobseeker_category", "shoe_size"]}, "categories", "Okänd uppgiftskategori"),
        ({"categories": []}, "categories", "minst en"),
        ({"period": ("2026-13-01", "2026-11-20")}, "period_start", "Ogiltigt datum"),
        ({"period": ("2026-11-01", "2026-02-30")}, "period_end", "Ogiltigt datum"),
        ({"period": ("2026-11-20", "2026-11-01")}, "period_end", "före"),
        ({"on": "igår"}, "on", "Ogiltigt datum"),
        ({"purpose": "  "}, "purpose", "ändamål"),
        ({"purpose": "Gäller 19811218-9876"}, "purpose", "personnummer"),
    ],
)
def test_bad_input_is_refused_in_swedish_naming_the_field_and_nothing_is_stored(
    gate: Gate, kwargs: dict[str, Any], field: str, text: str
) -> None:
    categories = kwargs.pop("categories", ["jobseeker_category"])
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _ask(gate, categories, **kwargs)
    assert field in caught.value.message_dict
    assert text.lower() in " ".join(caught.value.message_dict[field]).lower()
    assert _counts() == before


def test_unknown_organisation_type_is_refused_naming_the_discloser(gate: Gate) -> None:
    bank = Organisation.objects.create(code="banken", name="Banken AB", org_type="bank")
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _ask(gate, ["identity"], discloser=bank)
    assert "Okänd organisationstyp" in caught.value.message_dict["discloser"][0]
    assert _counts() == before


def test_a_person_outside_the_requesters_cases_cannot_be_asked_about(gate: Gate) -> None:
    from samverkan.people.models import Person

    stranger = Person.objects.exclude(case_memberships__case__organisation=gate.sorby).first()
    assert stranger is not None
    with pytest.raises(ValidationError) as caught:
        _ask(gate, ["identity"], person=stranger, case=None)
    assert "person" in caught.value.message_dict


def test_own_organisation_is_not_asked_through_the_gate(gate: Gate) -> None:
    with pytest.raises(ValidationError) as caught:
        _ask(gate, ["identity"], discloser=gate.sorby)
    assert "discloser" in caught.value.message_dict


def test_a_failure_while_logging_rolls_back_the_whole_request(gate: Gate, monkeypatch: pytest.MonkeyPatch) -> None:
    gate.consent(categories=["case_notes"])
    calls: list[list[str]] = []
    real = services.audit_append_many

    def failing(events: Any) -> Any:
        calls.append([e.event for e in events])
        real(events)  # the entries are written, and then the log fails
        raise RuntimeError("loggen är inte tillgänglig")

    monkeypatch.setattr(services, "audit_append_many", failing)
    before = _counts()
    with pytest.raises(RuntimeError):
        _ask(gate, ["jobseeker_category", "case_notes"])
    assert calls == [["disclosure.released", "disclosure.review_requested"]]
    assert _counts() == before
    assert audit_verify().ok
