"""Issue 18 points 8 and 11: the a-kassor's split list and their proactive notices, CSN and Skatteverket as
disclosing agencies (förordningen (2008:975) 2, 4 och 6 §§; SoL (2025:400) 15 kap. 10 och 12 §§)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain import proactive
from samverkan.domain.decision import decide
from samverkan.domain.disclosure import (
    BENEFIT_DUTY_CATEGORIES,
    DUTY_TABLE,
    STUDY_SUPPORT_DUTY_CATEGORIES,
    TAX_AGENCY_DUTY_CATEGORIES,
    AgencyEvent,
    AgencyEventKind,
    DisclosureRequest,
    Outcome,
    categories_held_by,
    duty_categories,
    proactive_categories,
    proactive_notice,
    secrecy_citation,
)
from samverkan.domain.organisations import (
    CASE_TYPES_BY_ORGANISATION_TYPE,
    INTEGRATION_ONLY_TYPES,
    ORGANISATION_TYPE_LABELS,
    ROLES_BY_ORGANISATION_TYPE,
)
from samverkan.domain.organisations import (
    OrganisationType as O,
)

D = dt.date(2026, 11, 18)


def _request(discloser: O, categories: tuple[str, ...], *, on: dt.date = D, active: bool = True) -> DisclosureRequest:
    return DisclosureRequest(
        date=on,
        requester=O.SOCIAL_SERVICES,
        requester_handles_assistance=True,
        discloser=discloser,
        active_case=active,
        categories=categories,
    )


def test_the_new_agencies_are_organisation_types_with_swedish_labels_and_no_users() -> None:
    assert ORGANISATION_TYPE_LABELS[O.CSN] == "Centrala studiestödsnämnden"
    assert ORGANISATION_TYPE_LABELS[O.TAX_AGENCY] == "Skatteverket"
    assert {O.CSN, O.TAX_AGENCY} == INTEGRATION_ONLY_TYPES
    for org_type in INTEGRATION_ONLY_TYPES:
        assert not any(org_type in types for types in ROLES_BY_ORGANISATION_TYPE.values())
        assert CASE_TYPES_BY_ORGANISATION_TYPE[org_type] == frozenset()
    assert secrecy_citation(O.TAX_AGENCY) is not None and secrecy_citation(O.TAX_AGENCY).text.startswith("27 kap. 1 §")
    assert secrecy_citation(O.CSN) is not None


def test_the_unemployment_fund_list_is_split_as_the_ordinance_lists_it() -> None:
    listed = duty_categories(O.UNEMPLOYMENT_FUND)
    assert listed >= BENEFIT_DUTY_CATEGORIES
    assert listed - BENEFIT_DUTY_CATEGORIES == {"unemployment_benefit_payment"}  # the earlier summary code
    assert proactive_categories(O.UNEMPLOYMENT_FUND, on=D) == listed
    assert BENEFIT_DUTY_CATEGORIES - {"identity"} <= categories_held_by(O.UNEMPLOYMENT_FUND)


@pytest.mark.parametrize(
    ("discloser", "listed", "cited"),
    [
        (O.CSN, STUDY_SUPPORT_DUTY_CATEGORIES, ("2 § förordningen (2008:975)", "15 kap. 10 § socialtjänstlagen")),
        (O.TAX_AGENCY, TAX_AGENCY_DUTY_CATEGORIES, ("6 § förordningen (2008:975)", "15 kap. 12 § socialtjänstlagen")),
    ],
)
def test_csn_and_the_tax_agency_release_their_lists_in_an_active_case_only(
    discloser: O, listed: frozenset[str], cited: tuple[str, ...]
) -> None:
    assert duty_categories(discloser) == listed
    codes = tuple(sorted(listed))
    released = decide(_request(discloser, codes))
    assert set(released.released) == listed
    for text in cited:
        assert all(text in d.citation for d in released.decisions)
    denied = decide(_request(discloser, codes, active=False))
    assert set(denied.denied) == listed
    assert all(d.outcome is Outcome.DENIED for d in denied.decisions)


def test_old_sol_is_cited_before_2025_07_01_and_the_tax_agency_row_has_its_start() -> None:
    csn = decide(_request(O.CSN, ("study_support_amount",), on=dt.date(2025, 6, 30))).decisions[0]
    assert "11 kap. 11 § socialtjänstlagen (2001:453)" in csn.citation
    tax = decide(_request(O.TAX_AGENCY, ("tax_refund",), on=dt.date(2025, 6, 30))).decisions[0]
    assert "11 kap. 11 b § socialtjänstlagen (2001:453)" in tax.citation
    row = next(d for d in DUTY_TABLE if d.discloser is O.TAX_AGENCY)
    assert row.valid_from == dt.date(2010, 1, 1) and not row.proactive
    early = decide(_request(O.TAX_AGENCY, ("tax_refund",), on=dt.date(2009, 6, 1)))
    assert early.denied == ("tax_refund",)


def test_an_unemployment_fund_payment_and_decision_are_told_to_the_nämnd_unasked() -> None:
    payment = proactive_notice(
        AgencyEvent(O.UNEMPLOYMENT_FUND, AgencyEventKind.PAYMENT_RECORDED, D, active_assistance_case=True)
    )
    assert payment.required and not payment.urgent
    assert payment.categories == {"identity", "payment_period", "payment_amount", "payment_date"}
    assert "4 § förordningen (2008:975)" in payment.citation
    assert "15 kap. 10 § socialtjänstlagen (2025:400)" in payment.citation
    assert payment.explanation.startswith("A-kassan ska på eget initiativ")
    decision = proactive_notice(
        AgencyEvent(O.UNEMPLOYMENT_FUND, AgencyEventKind.BENEFIT_DECIDED, D, active_assistance_case=True)
    )
    assert decision.required and "benefit_granted" in decision.categories
    none = proactive_notice(
        AgencyEvent(O.UNEMPLOYMENT_FUND, AgencyEventKind.PAYMENT_RECORDED, D, active_assistance_case=False)
    )
    assert not none.required and none.categories == frozenset()


def test_csn_tells_unasked_and_the_tax_agency_only_on_request() -> None:
    csn = proactive_notice(AgencyEvent(O.CSN, AgencyEventKind.STUDY_SUPPORT_PAID, D, active_assistance_case=True))
    assert csn.required and "study_support_amount" in csn.categories
    tax = proactive_notice(AgencyEvent(O.TAX_AGENCY, AgencyEventKind.TAX_SETTLED, D, active_assistance_case=True))
    assert not tax.required
    assert "Skatteverket har ingen skyldighet att på eget initiativ" in tax.explanation


def test_the_proactive_scenario_kind_reads_its_input_and_compares_categories_as_a_set() -> None:
    result = proactive.evaluate(
        {"date": "2026-11-18", "discloser": "unemployment_fund", "event": "payment_recorded", "active_case": True}
    )
    assert result["required"] is True
    expect = {"categories": ["payment_date", "identity", "payment_amount", "payment_period"], "citation": "4 §"}
    assert proactive.compare_expectation(expect, result) == []
    assert proactive.compare_expectation({"required": False}, result) != []
    with pytest.raises(Exception, match="Okänt fält"):
        proactive.evaluate({"date": "2026-11-18", "discloser": "csn", "event": "x", "active_case": True, "y": 1})
