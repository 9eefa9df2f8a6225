"""The secrecy gate's decision (docs/domain.md §3–§5, contracts/README.md kind ``disclosure``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from samverkan.core import clock
from samverkan.domain import disclosure, scenarios, statutes
from samverkan.domain.consent import ConsentForm, ConsentRecord
from samverkan.domain.decision import decide
from samverkan.domain.disclosure import (
    CATEGORIES,
    DUTY_TABLE,
    RULES_VERSION,
    AgencyEvent,
    AgencyEventKind,
    Basis,
    DisclosureDuty,
    DisclosureRequest,
    DutyCondition,
    Outcome,
    categories_held_by,
    compare_expectation,
    duty_categories,
    evaluate,
    must_disclose_proactively,
    proactive_categories,
    proactive_notice,
    rules_fingerprint,
)
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType as O

ROOT = Path(__file__).resolve().parents[2]
SHARED_EXAMPLES = ROOT.parent / "shared" / "contracts" / "examples" / "disclosure.yaml"
D = dt.date(2026, 3, 2)

#: Every RULES_VERSION with the fingerprint of its tables. Changing a table changes the
#: fingerprint: bump RULES_VERSION in disclosure.py and add the new pair here.
FINGERPRINTS = {
    "2025.07.1": "75c43511deb92384",
    "2025.07.2": "8c76f00de493597c",
    "2026.11.1": "5327f9bf7a5e9250",
    "2026.12.1": "f87487a88ff6bb94",
}


def request(**changes: Any) -> DisclosureRequest:
    base = DisclosureRequest(
        date=D,
        requester=O.SOCIAL_SERVICES,
        requester_handles_assistance=True,
        discloser=O.FK,
        active_case=True,
        categories=("payment_amount",),
    )
    return dataclasses.replace(base, **changes)


def consent(**changes: Any) -> ConsentRecord:
    base = ConsentRecord(
        recorded_by=O.FK,
        recipient=O.SOCIAL_SERVICES,
        categories=("rehab_plan",),
        purpose="samordning av rehabilitering",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        form=ConsentForm.WRITTEN,
        id=1,
    )
    return dataclasses.replace(base, **changes)


def one(req: DisclosureRequest, code: str | None = None) -> disclosure.CategoryDecision:
    decision = decide(req)
    return decision.by_category[code or req.categories[0]]


# --- The scenarios -------------------------------------------------------------------------------


def test_project_scenarios_all_pass() -> None:
    outcomes = list(scenarios.run_paths([ROOT / "scenarios" / "disclosure"], today=clock.today()))
    assert len(outcomes) >= 40
    assert [o.line() for o in outcomes if not o.passed] == []


@pytest.mark.skipif(not SHARED_EXAMPLES.exists(), reason="the shared contract examples are not checked out here")
def test_shared_contract_examples_all_pass() -> None:
    outcomes = list(scenarios.run_paths([SHARED_EXAMPLES], today=clock.today()))
    assert outcomes
    assert [o.line() for o in outcomes if not o.passed] == []


# --- Duty --------------------------------------------------------------------------------------


def test_duty_explanation_names_the_statute_and_says_no_consent_is_needed() -> None:
    d = one(request(discloser=O.AF, categories=("jobseeker_registration",)))
    assert (d.outcome, d.basis) == (Outcome.RELEASED, Basis.DUTY)
    assert d.explanation.startswith("Arbetsförmedlingen är skyldig att lämna uppgiften")
    assert "aktuellt ärende om ekonomiskt bistånd" in d.explanation
    assert "15 kap. 11 § socialtjänstlagen (2025:400), 5 § förordningen (2008:975)" in d.explanation
    assert d.explanation.endswith("Samtycke behövs inte.")
    assert d.consent_id is None


def test_duty_beats_a_withdrawn_consent() -> None:
    withdrawn = consent(categories=("payment_amount",), withdrawn_on=dt.date(2026, 2, 1))
    d = one(request(consents=(withdrawn,)))
    assert d.basis is Basis.DUTY


def test_duty_cites_old_sol_on_the_last_day_and_new_sol_the_next() -> None:
    old = one(request(date=dt.date(2025, 6, 30)))
    new = one(request(date=dt.date(2025, 7, 1)))
    assert statutes.SOL_2001_11_11 in old.citations and statutes.SOL_2025_15_10 not in old.citations
    assert statutes.SOL_2025_15_10 in new.citations and statutes.SOL_2001_11_11 not in new.citations
    assert statutes.F_2008_975_3 in old.citations and statutes.OSL_10_28 in new.citations


def test_pm_cites_section_7_of_the_ordinance() -> None:
    assert statutes.F_2008_975_7 in one(request(discloser=O.PM)).citations


@pytest.mark.parametrize(
    ("changes", "phrase"),
    [
        ({"active_case": False}, "inget aktuellt ärende"),
        ({"requester_handles_assistance": False}, "handlägger ekonomiskt bistånd"),
        ({"household_member": False}, "inte en person i hushållet"),
        ({"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 3, 31)}, "inte aktuell"),
        ({"period_start": dt.date(2025, 3, 1), "period_end": dt.date(2026, 3, 1)}, "längre än 12 månader"),
        ({"requester": O.HEALTHCARE}, "ingen uppgiftsskyldighet mot hälso- och sjukvården"),
        ({"categories": ("sgi",)}, "hör inte till de uppgifter"),
        ({"discloser": O.HEALTHCARE, "categories": ("health_information",)}, "ingen uppgiftsskyldighet"),
    ],
)
def test_denied_explanation_says_why_there_is_no_duty(changes: dict[str, Any], phrase: str) -> None:
    d = one(request(**changes))
    assert d.outcome is Outcome.DENIED
    assert d.basis is None
    assert phrase in d.explanation
    assert "Det finns inget samtycke" in d.explanation


def test_all_unmet_conditions_are_named_together() -> None:
    d = one(request(active_case=False, requester_handles_assistance=False))
    assert "inget aktuellt ärende" in d.explanation
    assert "handlägger ekonomiskt bistånd" in d.explanation


# --- Consent -------------------------------------------------------------------------------------


def test_fk_with_its_own_consent_releases_and_cites_sfb_30_10() -> None:
    d = one(request(categories=("rehab_plan",), consents=(consent(id="fk-9"),)))
    assert (d.outcome, d.basis, d.consent_id) == (Outcome.RELEASED, Basis.CONSENT, "fk-9")
    assert statutes.OSL_12_2 in d.citations and statutes.SFB_30_10 in d.citations
    assert "samtyckt" in d.explanation and "bara om den försäkrade samtycker" in d.explanation


def test_af_with_its_own_consent_goes_to_review_never_release() -> None:
    c = consent(recorded_by=O.AF, categories=("case_notes",), id=5)
    d = one(request(discloser=O.AF, categories=("case_notes",), consents=(c,)))
    assert (d.outcome, d.basis, d.consent_id) == (Outcome.REVIEW, Basis.CONSENT, 5)
    assert "egen sekretessprövning" in d.explanation
    assert "lämnas inte ut automatiskt" in d.explanation
    assert statutes.OSL_28_11 in d.citations


@pytest.mark.parametrize(
    ("changes", "phrase"),
    [
        ({"recorded_by": O.SOCIAL_SERVICES}, "måste själv ta emot och kontrollera samtycket"),
        ({"recipient": O.EMPLOYER}, "gäller utlämnande till arbetsgivaren"),
        ({"categories": ("health_information",)}, "omfattar andra uppgifter"),
        ({"withdrawn_on": dt.date(2026, 2, 15)}, "återkallades den 2026-02-15"),
        ({"withdrawn_on": D}, "återkallades den 2026-03-02"),
        ({"valid_to": dt.date(2026, 3, 1)}, "gällde till och med den 2026-03-01 och har gått ut"),
        ({"valid_from": dt.date(2026, 3, 3)}, "gäller först från och med den 2026-03-03"),
    ],
)
def test_denied_explanation_says_why_the_consent_does_not_count(changes: dict[str, Any], phrase: str) -> None:
    d = one(request(categories=("rehab_plan",), consents=(consent(**changes),)))
    assert d.outcome is Outcome.DENIED
    assert phrase in d.explanation
    assert d.explanation.startswith("”Rehabiliteringsplan” lämnas inte ut")


def test_every_failing_consent_is_explained_once() -> None:
    first = consent(id="a", withdrawn_on=dt.date(2026, 2, 1))
    second = consent(id="b", recipient=O.HEALTHCARE)
    d = one(request(categories=("rehab_plan",), consents=(second, first)))
    assert "Samtycke a återkallades" in d.explanation
    assert "Samtycke b gäller utlämnande till hälso- och sjukvården" in d.explanation


def test_general_clause_never_releases_social_services_or_healthcare_data() -> None:
    for discloser, category in ((O.SOCIAL_SERVICES, "assistance_decision"), (O.HEALTHCARE, "health_information")):
        d = one(request(discloser=discloser, requester=O.FK, categories=(category,)))
        assert d.outcome is Outcome.DENIED
        assert statutes.OSL_10_27 in d.citations
        assert "10 kap. 27 §" in d.explanation and "kan aldrig användas" in d.explanation


def test_own_work_necessity_is_a_manual_review_never_automatic() -> None:
    d = one(request(categories=("case_notes",), own_work_necessity=True))
    assert (d.outcome, d.basis) == (Outcome.REVIEW, None)
    assert d.citations == (statutes.OSL_10_2,)
    assert "aldrig automatiskt" in d.explanation


def test_order_of_categories_and_consents_does_not_matter() -> None:
    a = consent(id="a", categories=("rehab_plan", "case_notes"))
    b = consent(id="b", categories=("rehab_plan",), valid_from=dt.date(2026, 2, 1))
    one_way = decide(request(categories=("rehab_plan", "payment_amount", "case_notes"), consents=(a, b)))
    other = decide(request(categories=("case_notes", "rehab_plan", "payment_amount"), consents=(b, a)))
    assert one_way.result() == other.result()
    assert one_way.snapshot() == other.snapshot()
    assert one_way.by_category["rehab_plan"].consent_id == "a"


def test_identical_consents_count_as_one() -> None:
    req = request(categories=("rehab_plan",), consents=(consent(id=None), consent(id=None)))
    assert len(req.consents) == 1


# --- Input validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"categories": ("shoe_size",)}, "categories"),
        ({"categories": ()}, "categories"),
        ({"categories": "payment_amount"}, "categories"),
        ({"requester": "kommunen"}, "requester"),
        ({"discloser": "kronofogden"}, "discloser"),
        ({"date": "2026-03-02"}, "date"),
        ({"date": dt.datetime(2026, 3, 2, 12, 0)}, "date"),  # noqa: DTZ001 - a naive datetime is what is rejected
        ({"active_case": "ja"}, "active_case"),
        ({"requester_handles_assistance": 1}, "requester_handles_assistance"),
        ({"period_start": dt.date(2026, 1, 1)}, "period_end"),
        ({"period_end": dt.date(2026, 1, 1)}, "period_start"),
        ({"period_start": dt.date(2026, 2, 1), "period_end": dt.date(2026, 1, 1)}, "period_end"),
        ({"consents": ("not a consent",)}, "consents[0]"),
    ],
)
def test_bad_request_raises_input_error_naming_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as raised:
        request(**changes)
    assert raised.value.field == field
    assert raised.value.detail


def test_consent_with_unknown_category_names_the_consent() -> None:
    with pytest.raises(InputError) as raised:
        request(consents=(consent(categories=("shoe_size",)),))
    assert raised.value.field == "consents[0].categories"


def contract_input(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": "2026-03-02",
        "requester": "social_services",
        "requester_handles_assistance": True,
        "discloser": "fk",
        "active_case": True,
        "categories": ["payment_amount"],
        "consents": [],
    }
    data.update(changes)
    return data


def contract_consent(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "recorded_by": "fk",
        "recipient": "social_services",
        "categories": ["rehab_plan"],
        "purpose": "samordning av rehabilitering",
        "valid_from": "2026-01-01",
        "valid_to": None,
        "form": "written",
        "withdrawn_on": None,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "2026-02-30"}, "date"),
        ({"date": "2/3 2026"}, "date"),
        ({"date": None}, "date"),
        ({"requester": "police"}, "requester"),
        ({"categories": ["payment_amount", "x"]}, "categories"),
        ({"categories": "payment_amount"}, "categories"),
        ({"active_case": "true"}, "active_case"),
        ({"consents": {"recorded_by": "fk"}}, "consents"),
        ({"consents": [contract_consent(valid_from="2026-13-01")]}, "consents[0].valid_from"),
        ({"consents": [contract_consent(valid_to="2025-12-31")]}, "consents[0].valid_to"),
        ({"consents": [contract_consent(form="fax")]}, "consents[0].form"),
        ({"consents": [contract_consent(recipient="police")]}, "consents[0].recipient"),
        ({"consents": [contract_consent(categories=["*"])]}, "consents[0].categories"),
        ({"consents": [contract_consent(shoe="x")]}, "consents[0].shoe"),
        ({"consents": ["x"]}, "consents[0]"),
        ({"activecase": True}, "activecase"),
    ],
)
def test_evaluate_rejects_malformed_input_with_the_field_named(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as raised:
        evaluate(contract_input(**changes))
    assert raised.value.field == field


def test_evaluate_requires_the_core_fields() -> None:
    for key in ("date", "requester", "discloser", "categories"):
        data = contract_input()
        del data[key]
        with pytest.raises(InputError) as raised:
            evaluate(data)
        assert raised.value.field == key


def test_evaluate_requires_the_consent_fields() -> None:
    data = contract_consent()
    del data["purpose"]
    with pytest.raises(InputError) as raised:
        evaluate(contract_input(consents=[data]))
    assert raised.value.field == "consents[0].purpose"


def test_evaluate_result_shape() -> None:
    result = evaluate(
        contract_input(categories=["payment_amount", "rehab_plan", "case_notes"], consents=[contract_consent(id=3)])
    )
    assert result["released"] == ["payment_amount", "rehab_plan"]
    assert result["review"] == []
    assert result["denied"] == ["case_notes"]
    assert "15 kap. 10 §" in result["citations"]["payment_amount"]
    assert result["decisions"]["rehab_plan"] == {
        "outcome": "released",
        "basis": "consent",
        "consent_id": 3,
        "citation": result["citations"]["rehab_plan"],
        "explanation": result["decisions"]["rehab_plan"]["explanation"],
    }
    assert result["rules_version"] == RULES_VERSION
    json.dumps(result)


# --- compare_expectation -------------------------------------------------------------------------


def test_compare_lists_as_sets_and_citations_as_substrings() -> None:
    result = evaluate(contract_input(categories=["payment_amount", "payment_date"]))
    ok = {"released": ["payment_date", "payment_amount", "payment_date"], "citations": {"payment_amount": "15 kap."}}
    assert compare_expectation(ok, result) == []
    wrong = {"released": ["payment_amount"], "citations": {"payment_amount": "11 kap. 11 §", "sgi": "x"}}
    differences = compare_expectation(wrong, result)
    assert len(differences) == 3
    assert any(d.startswith("citations.sgi") for d in differences)


def test_compare_falls_back_to_the_generic_comparison() -> None:
    result = evaluate(contract_input())
    assert compare_expectation({"decisions": {"payment_amount": {"basis": "duty"}}}, result) == []
    assert compare_expectation({"decisions": {"payment_amount": {"basis": "consent"}}}, result) != []
    assert compare_expectation({"rules_version": "0"}, result) != []
    assert compare_expectation({"released": "payment_amount"}, result) != []


# --- Snapshot and versioning ---------------------------------------------------------------------


def test_snapshot_is_json_and_explains_itself() -> None:
    req = request(
        categories=("rehab_plan", "payment_amount"),
        consents=(consent(id="c1"),),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 2, 28),
    )
    snap = decide(req).snapshot()
    again = json.loads(json.dumps(snap))
    assert again == snap
    assert snap["rules_version"] == RULES_VERSION
    assert snap["rules_fingerprint"] == rules_fingerprint()
    assert snap["input"]["date"] == "2026-03-02"
    assert snap["input"]["consents"][0]["id"] == "c1"
    assert snap["input"]["period_end"] == "2026-02-28"
    by_code = {d["category"]: d for d in snap["decisions"]}
    assert by_code["payment_amount"]["basis"] == "duty"
    cited = [statutes.Citation.from_dict(c) for c in by_code["payment_amount"]["citations"]]
    assert statutes.SOL_2025_15_10 in cited
    assert by_code["payment_amount"]["citations"][0]["valid_from"] == "2025-07-01"
    assert snap["released"] == ["payment_amount", "rehab_plan"]


def test_rules_version_is_bumped_whenever_the_tables_change() -> None:
    fingerprint = rules_fingerprint()
    assert FINGERPRINTS.get(RULES_VERSION) == fingerprint, (
        f"The disclosure tables changed (fingerprint {fingerprint}). Bump RULES_VERSION in "
        f"samverkan/domain/disclosure.py and add the new version and fingerprint to FINGERPRINTS here."
    )


# --- The tables as data --------------------------------------------------------------------------


def test_catalogue_covers_every_duty_category_and_the_other_named_ones() -> None:
    listed = {code for duty in DUTY_TABLE for code in duty.categories}
    # 6 FK/PM (the a-kassa's split list is the same) + 8 more AF + the a-kassa's summary code + 8 CSN + 5 Skatteverket
    assert len(listed) == 28
    others = {
        "health_information",
        "case_notes",
        "rehab_plan",
        "sick_leave_certificate",
        "work_capacity_assessment",
        "admin_question",
        "review_meeting_minutes",
    }
    assert listed | others <= set(CATEGORIES)
    assert all(CATEGORIES[c].sensitive for c in others)
    assert not any(CATEGORIES[c].sensitive for c in listed)
    assert all(CATEGORIES[c].label for c in CATEGORIES)


def test_duty_lists_match_the_ordinance() -> None:
    fk = duty_categories(O.FK)
    assert fk == duty_categories(O.PM)
    assert fk == {
        "identity",
        "application_submitted",
        "benefit_granted",
        "payment_period",
        "payment_amount",
        "payment_date",
    }
    assert len(duty_categories(O.AF)) == 9
    assert duty_categories(O.HEALTHCARE) == frozenset()
    assert duty_categories(O.FK, O.HEALTHCARE) == frozenset()
    assert all(duty.conditions == frozenset(DutyCondition) for duty in DUTY_TABLE)


def test_a_new_duty_is_a_data_change_only() -> None:
    unemployment_fund_duty = DisclosureDuty(
        key="unemployment_fund_to_social_services",
        discloser=O.UNEMPLOYMENT_FUND,
        recipient=O.SOCIAL_SERVICES,
        categories=frozenset({"identity", "unemployment_benefit_payment"}),
        conditions=frozenset(DutyCondition),
        proactive=True,
        citations=(statutes.SOL_2025_15_10, statutes.F_2008_975_4, statutes.OSL_10_28),
        because="personen har ett aktuellt ärende om ekonomiskt bistånd hos socialnämnden",
        valid_from=dt.date(2025, 7, 1),
    )
    without = tuple(d for d in DUTY_TABLE if d.key != unemployment_fund_duty.key)
    req = request(discloser=O.UNEMPLOYMENT_FUND, categories=("unemployment_benefit_payment",))
    assert decide(req, duties=without).denied == ("unemployment_benefit_payment",)
    extended = decide(req, duties=(*without, unemployment_fund_duty))
    d = extended.by_category["unemployment_benefit_payment"]
    assert (d.outcome, d.basis) == (Outcome.RELEASED, Basis.DUTY)
    assert "4 § förordningen (2008:975)" in d.citation
    assert "A-kassan är skyldig" in d.explanation
    before = decide(dataclasses.replace(req, date=dt.date(2025, 6, 30)), duties=(*without, unemployment_fund_duty))
    assert before.denied == ("unemployment_benefit_payment",)


def test_categories_held_by_offers_the_right_choices() -> None:
    assert "jobseeker_registration" in categories_held_by(O.AF)
    assert "jobseeker_registration" not in categories_held_by(O.FK)
    assert "care_coordination_need" in categories_held_by(O.HEALTHCARE)
    assert categories_held_by(O.FINSAM) == frozenset()


# --- Proactive disclosure --------------------------------------------------------------------------


def test_proactive_categories_per_agency() -> None:
    assert proactive_categories(O.FK) == duty_categories(O.FK)
    assert proactive_categories(O.PM, on=D) == duty_categories(O.PM)
    assert "establishment_allowance_change" in proactive_categories(O.AF)
    assert proactive_categories(O.HEALTHCARE) == frozenset()
    assert proactive_categories(O.FK, O.HEALTHCARE) == frozenset()


def event(**changes: Any) -> AgencyEvent:
    base = AgencyEvent(discloser=O.FK, kind=AgencyEventKind.BENEFIT_DECIDED, on=D, active_assistance_case=True)
    return dataclasses.replace(base, **changes)


def test_retroactive_fk_decision_for_a_person_with_an_active_case_is_told_at_once() -> None:
    notice = proactive_notice(event(retroactive=True))
    assert notice.required and notice.urgent
    assert "benefit_granted" in notice.categories and "payment_amount" in notice.categories
    assert statutes.SOL_2025_15_10 in notice.citations and statutes.SFB_107_5 in notice.citations
    assert "på eget initiativ" in notice.explanation and "genast" in notice.explanation


def test_proactive_notice_cites_the_old_sol_before_july_2025() -> None:
    notice = proactive_notice(event(on=dt.date(2025, 6, 30), kind=AgencyEventKind.PAYMENT_RECORDED))
    assert notice.required and not notice.urgent
    assert "11 kap. 11 § socialtjänstlagen (2001:453)" in notice.citation


def test_no_proactive_notice_without_an_active_assistance_case() -> None:
    notice = proactive_notice(event(active_assistance_case=False))
    assert not notice.required
    assert "inget aktuellt ärende" in notice.explanation
    assert not must_disclose_proactively(event(household_member=False))


def test_af_tells_the_nämnd_about_registration_changes_but_not_about_payments() -> None:
    assert must_disclose_proactively(event(discloser=O.AF, kind=AgencyEventKind.JOBSEEKER_REGISTRATION_CHANGED))
    assert must_disclose_proactively(event(discloser=O.AF, kind=AgencyEventKind.ESTABLISHMENT_ALLOWANCE_CHANGED))
    assert not must_disclose_proactively(event(discloser=O.AF, kind=AgencyEventKind.PAYMENT_RECORDED))
    assert not must_disclose_proactively(event(discloser=O.FK, kind=AgencyEventKind.JOBSEEKER_CATEGORY_CHANGED))


def test_routine_events_are_no_reason_to_disclose_unasked() -> None:
    notice = proactive_notice(event(discloser=O.AF, kind=AgencyEventKind.ACTIVITY_REPORT_RECEIVED))
    assert not notice.required
    assert "inte skäl" in notice.explanation
    assert not must_disclose_proactively(event(kind=AgencyEventKind.APPLICATION_RECEIVED))


def test_agencies_without_a_duty_never_disclose_proactively() -> None:
    notice = proactive_notice(event(discloser=O.HEALTHCARE))
    assert not notice.required and notice.categories == frozenset()


def test_agency_event_validates_its_fields() -> None:
    with pytest.raises(InputError) as raised:
        event(kind="lottery_won")
    assert raised.value.field == "kind"
    with pytest.raises(InputError) as raised:
        event(on="2026-03-02")
    assert raised.value.field == "on"
    with pytest.raises(InputError) as raised:
        event(discloser="police")
    assert raised.value.field == "discloser"


# --- The kind of ärende (case_type) ---------------------------------------------------------------


def _contract_input(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "date": "2026-05-04",
        "requester": "social_services",
        "requester_handles_assistance": True,
        "discloser": "fk",
        "active_case": True,
        "categories": ["rehab_plan"],
        "consents": [
            {
                "recorded_by": "fk",
                "recipient": "social_services",
                "categories": ["rehab_plan"],
                "purpose": "planering av rehabiliteringen",
                "case_type": "rehab_coordination",
                "valid_from": "2026-01-01",
                "valid_to": None,
                "form": "written",
                "withdrawn_on": None,
            }
        ],
    }
    return {**base, **changes}


def test_a_consent_for_rehabilitation_is_no_basis_in_an_assistance_investigation_and_says_why() -> None:
    result = evaluate(_contract_input(case_type="assistance"))
    assert result["denied"] == ["rehab_plan"]
    text = decide(disclosure.parse_request(_contract_input(case_type="assistance"))).decisions[0].explanation
    assert "samordning av rehabilitering" in text and "ändamål" in text


@pytest.mark.parametrize("field", ["case_type", "consents"])
def test_an_unknown_case_type_is_an_input_error_naming_the_field(field: str) -> None:
    data = _contract_input(case_type="taxes")
    if field == "consents":
        data = _contract_input(consents=[{**_contract_input()["consents"][0], "case_type": "everything"}])
    with pytest.raises(InputError) as info:
        evaluate(data)
    assert info.value.field.startswith(field)
    assert "Okänd ärendetyp" in info.value.message


def test_no_duty_for_a_request_made_in_another_kind_of_arende() -> None:
    req = request(case_type="social_other")
    decision = one(req)
    assert decision.outcome is Outcome.DENIED
    assert "ekonomiskt bistånd" in decision.explanation
    assert one(request(case_type="assistance")).basis is Basis.DUTY
    assert one(request()).basis is Basis.DUTY
