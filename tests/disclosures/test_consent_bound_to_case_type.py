"""A consent lifts secrecy only for the purpose it was given for (OSL 12 kap. 2 §, docs/domain.md §4, issue 17):
the gate counts it only for a request made in an ärende of the kind the consent names."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.cases.services import case_create
from samverkan.disclosures.models import DisclosureDecision
from samverkan.disclosures.services import disclosure_request
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db

CATEGORY = "work_capacity_assessment"


def _rehab_consent(gate: Gate) -> None:
    """FK's consent to Sörby, given for its ärende about the person's rehabilitation (not ekonomiskt bistånd)."""
    gate.consent(
        by=gate.fk_official,
        categories=[CATEGORY],
        purpose="Samordning av rehabilitering med socialtjänsten",
        case_type="social_other",
    )


def test_a_consent_for_rehabilitation_is_no_basis_for_a_request_in_an_assistance_case(gate: Gate) -> None:
    _rehab_consent(gate)
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.fk,
        person=gate.client,
        case=gate.case,
        categories=[CATEGORY],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    assert result.denied == frozenset({CATEGORY}) and not result.released
    why = result.decisions[CATEGORY].explanation
    assert "lämnades för ett ärende om övrigt socialtjänstärende" in why
    assert "gäller inte för ett ärende om ekonomiskt bistånd" in why
    assert "12 kap. 2 §" in why
    stored = DisclosureDecision.objects.get(request=result.request, category=CATEGORY)
    assert stored.consent_id is None and "övrigt socialtjänstärende" in stored.explanation


def test_the_same_consent_counts_for_a_request_in_the_matching_case(gate: Gate) -> None:
    _rehab_consent(gate)
    rehab_case = case_create(
        organisation=gate.sorby,
        unit=gate.case.unit,
        case_type="social_other",
        subject_identity_number=gate.client.identity_number,
        responsible=gate.social_worker,
        opened_on=gate.today - dt.timedelta(days=3),
        actor=gate.social_worker,
    )
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.fk,
        person=gate.client,
        case=rehab_case,
        categories=[CATEGORY],
        purpose="Samordning av rehabilitering",
    )
    assert result.released == frozenset({CATEGORY})
    assert str(result.decisions[CATEGORY].basis) == "consent"


def test_a_consent_for_the_assistance_case_counts_there(gate: Gate) -> None:
    gate.consent(by=gate.fk_official, categories=[CATEGORY], case_type="assistance")
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.fk,
        person=gate.client,
        case=gate.case,
        categories=[CATEGORY],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    assert result.released == frozenset({CATEGORY})
