"""Properties of the secrecy gate that hold for every request (hypothesis).

The oracle below restates contracts/README.md ("kind: disclosure", "Precisely, for
one category on day D") in a few lines, independently of the implementation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.domain.consent import ConsentForm, ConsentRecord, consent_counts
from samverkan.domain.decision import decide
from samverkan.domain.disclosure import (
    CATEGORIES,
    Basis,
    DisclosureRequest,
    Outcome,
)
from samverkan.domain.organisations import CaseType
from samverkan.domain.organisations import OrganisationType as O

FK_PM_LIST = {
    "identity",
    "application_submitted",
    "benefit_granted",
    "payment_period",
    "payment_amount",
    "payment_date",
}
AF_LIST = {
    "identity",
    "jobseeker_registration",
    "unemployment_fund_membership",
    "jobseeker_category",
    "labour_market_programme",
    "activity_report_date",
    "establishment_allowance_entitlement",
    "establishment_allowance_grant",
    "establishment_allowance_change",
}
# förordning (2008:975) 4 §, read like 3 §; the earlier summary category is kept for old requests
UNEMPLOYMENT_FUND_LIST = FK_PM_LIST | {"unemployment_benefit_payment"}
CSN_LIST = {  # förordning (2008:975) 2 § p. 1–9
    "identity",
    "study_support_application",
    "study_support_form",
    "study_support_period",
    "study_support_extent",
    "study_support_amount",
    "study_support_payment_date",
    "study_support_compulsory_school",
    "home_equipment_loan_amount",
}
TAX_AGENCY_LIST = {  # förordning (2008:975) 6 §
    "identity",
    "employment_income",
    "business_income",
    "final_tax_assessment",
    "tax_refund",
    "residual_tax",
}
DUTY_LISTS = {
    O.FK: FK_PM_LIST,
    O.PM: FK_PM_LIST,
    O.AF: AF_LIST,
    O.UNEMPLOYMENT_FUND: UNEMPLOYMENT_FUND_LIST,
    O.CSN: CSN_LIST,
    O.TAX_AGENCY: TAX_AGENCY_LIST,
}

ORGS = list(O)
CODES = sorted(CATEGORIES)
FIRST, LAST = dt.date(2024, 1, 1), dt.date(2027, 12, 31)

dates = st.dates(FIRST, LAST)
orgs = st.sampled_from(ORGS)
code_sets = st.lists(st.sampled_from(CODES), min_size=1, max_size=5, unique=True)
case_types = st.none() | st.sampled_from([CaseType.ASSISTANCE, CaseType.REHAB_COORDINATION, CaseType.SICK_LEAVE])


@st.composite
def consents(draw: st.DrawFn) -> ConsentRecord:
    valid_from = draw(dates)
    valid_to = draw(st.none() | st.dates(valid_from, LAST))
    return ConsentRecord(
        recorded_by=draw(orgs),
        recipient=draw(orgs),
        categories=tuple(draw(code_sets)),
        purpose=draw(st.sampled_from(["utredning av ekonomiskt bistånd", "samordning av rehabilitering"])),
        valid_from=valid_from,
        valid_to=valid_to,
        form=draw(st.sampled_from(list(ConsentForm))),
        withdrawn_on=draw(st.none() | dates),
        id=draw(st.none() | st.integers(1, 6) | st.sampled_from(["a", "b"])),
        case_type=draw(case_types),
    )


@st.composite
def requests(draw: st.DrawFn, consent_list: st.SearchStrategy[list[ConsentRecord]] | None = None) -> DisclosureRequest:
    """Requests in the contract's shape: household member, no period, no own-work claim."""
    return DisclosureRequest(
        date=draw(dates),
        requester=draw(st.sampled_from([O.SOCIAL_SERVICES, O.SOCIAL_SERVICES, *ORGS])),
        requester_handles_assistance=draw(st.booleans()),
        discloser=draw(st.sampled_from([O.FK, O.PM, O.AF, *ORGS])),
        active_case=draw(st.booleans()),
        categories=tuple(draw(code_sets)),
        consents=tuple(draw(consent_list if consent_list is not None else st.lists(consents(), max_size=4))),
        case_type=draw(case_types),
    )


def oracle_counts(
    c: ConsentRecord, discloser: O, requester: O, code: str, day: dt.date, case_type: CaseType | None = None
) -> bool:
    return (
        c.recorded_by == discloser
        and c.recipient == requester
        and requester != O.FINSAM
        and code in c.categories
        and c.valid_from <= day
        and (c.valid_to is None or day <= c.valid_to)
        and (c.withdrawn_on is None or day < c.withdrawn_on)
        # a consent given for one kind of ärende counts only in such an ärende (OSL 12 kap. 2 §)
        and (c.case_type is None or c.case_type == case_type)
    )


def oracle(req: DisclosureRequest, code: str) -> tuple[Outcome, Basis | None]:
    duty = (
        req.requester == O.SOCIAL_SERVICES
        and req.requester_handles_assistance
        and req.active_case
        and req.case_type in (None, CaseType.ASSISTANCE)
        and code in DUTY_LISTS.get(req.discloser, set())
    )
    if duty:
        return Outcome.RELEASED, Basis.DUTY
    if any(oracle_counts(c, req.discloser, req.requester, code, req.date, req.case_type) for c in req.consents):
        return (Outcome.REVIEW if req.discloser == O.AF else Outcome.RELEASED), Basis.CONSENT
    return Outcome.DENIED, None


@settings(max_examples=400)
@given(requests())
def test_every_decision_follows_the_contract(req: DisclosureRequest) -> None:
    decision = decide(req)
    assert {d.category for d in decision.decisions} == set(req.categories)
    for d in decision.decisions:
        assert (d.outcome, d.basis) == oracle(req, d.category), d.explanation
        assert d.explanation


@settings(max_examples=300)
@given(requests())
def test_no_category_is_ever_released_without_a_basis(req: DisclosureRequest) -> None:
    by_id = {c.id: c for c in req.consents}
    for d in decide(req).decisions:
        if d.outcome is Outcome.RELEASED:
            assert d.basis in (Basis.DUTY, Basis.CONSENT)
            assert d.citations
        if d.basis is Basis.DUTY:
            assert req.requester == O.SOCIAL_SERVICES and req.active_case and req.requester_handles_assistance
            assert d.consent_id is None
        if d.basis is Basis.CONSENT and d.consent_id is not None:
            consent = by_id[d.consent_id]
            assert consent_counts(consent, req.discloser, req.requester, d.category, req.date, req.case_type)[0]
        if d.outcome is Outcome.DENIED:
            assert d.basis is None and d.consent_id is None


@st.composite
def spoiled(draw: st.DrawFn, discloser: O, requester: O, code: str, day: dt.date) -> ConsentRecord:
    """A consent that would count but for exactly one flaw."""
    flaw = draw(st.sampled_from(["withdrawn", "expired", "not_yet", "category", "recipient", "foreign", "purpose"]))
    others = [c for c in CODES if c != code]
    c = ConsentRecord(
        recorded_by=discloser,
        recipient=requester,
        categories=(code,),
        purpose="utredning av ekonomiskt bistånd",
        valid_from=day - dt.timedelta(days=draw(st.integers(0, 300))),
        valid_to=None,
        id=draw(st.none() | st.integers(1, 9)),
    )
    if flaw == "withdrawn":
        return dataclasses.replace(c, withdrawn_on=day - dt.timedelta(days=draw(st.integers(0, 400))))
    if flaw == "expired":
        end = day - dt.timedelta(days=draw(st.integers(1, 30)))
        return dataclasses.replace(c, valid_from=end - dt.timedelta(days=draw(st.integers(0, 300))), valid_to=end)
    if flaw == "not_yet":
        start = day + dt.timedelta(days=draw(st.integers(1, 60)))
        return dataclasses.replace(c, valid_from=start, valid_to=start + dt.timedelta(days=30))
    if flaw == "category":
        return dataclasses.replace(c, categories=tuple(draw(st.lists(st.sampled_from(others), min_size=1, max_size=3))))
    if flaw == "purpose":  # given for rehabilitation; the request is in a bistånd ärende (or names none)
        return dataclasses.replace(c, case_type=CaseType.REHAB_COORDINATION)
    if flaw == "recipient":
        return dataclasses.replace(c, recipient=draw(st.sampled_from([o for o in ORGS if o != requester])))
    return dataclasses.replace(c, recorded_by=draw(st.sampled_from([o for o in ORGS if o != discloser])))


@st.composite
def requests_with_only_spoiled_consents(draw: st.DrawFn) -> DisclosureRequest:
    day = draw(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))
    discloser = draw(st.sampled_from([O.FK, O.PM, O.AF, O.HEALTHCARE, O.SOCIAL_SERVICES]))
    requester = draw(st.sampled_from([O.SOCIAL_SERVICES, O.HEALTHCARE, O.EMPLOYER, O.FK]))
    code = draw(st.sampled_from(CODES))
    flawed = draw(st.lists(spoiled(discloser, requester, code, day), min_size=1, max_size=4))
    return DisclosureRequest(
        date=day,
        requester=requester,
        requester_handles_assistance=draw(st.booleans()),
        discloser=discloser,
        active_case=False,  # no duty: only the consents could be a basis
        categories=(code,),
        consents=tuple(flawed),
        case_type=draw(st.sampled_from([None, CaseType.ASSISTANCE])),
    )


@settings(max_examples=400)
@given(requests_with_only_spoiled_consents())
def test_withdrawn_expired_future_out_of_scope_or_foreign_consent_never_counts(req: DisclosureRequest) -> None:
    d = decide(req).decisions[0]
    assert d.outcome is Outcome.DENIED
    for c in req.consents:
        assert not consent_counts(c, req.discloser, req.requester, d.category, req.date)[0]


@settings(max_examples=300)
@given(
    st.dates(FIRST, LAST),
    st.lists(st.sampled_from(sorted(set(CODES) - AF_LIST)), min_size=1, max_size=5, unique=True),
    st.booleans(),
    st.booleans(),
)
def test_af_with_a_counting_consent_always_reviews_non_duty_categories(
    day: dt.date, codes: list[str], active_case: bool, handles: bool
) -> None:
    c = ConsentRecord(
        recorded_by=O.AF,
        recipient=O.SOCIAL_SERVICES,
        categories=tuple(codes),
        purpose="utredning av ekonomiskt bistånd",
        valid_from=FIRST,
        valid_to=None,
        id="af",
    )
    req = DisclosureRequest(
        date=day,
        requester=O.SOCIAL_SERVICES,
        requester_handles_assistance=handles,
        discloser=O.AF,
        active_case=active_case,
        categories=tuple(codes),
        consents=(c,),
    )
    decision = decide(req)
    assert set(decision.review) == set(codes)
    assert all(d.basis is Basis.CONSENT and d.consent_id == "af" for d in decision.decisions)


@settings(max_examples=300)
@given(requests(), st.randoms(use_true_random=False))
def test_result_never_depends_on_the_order_of_categories_or_consents(
    req: DisclosureRequest, rnd: random.Random
) -> None:
    categories = list(req.categories)
    consent_list = list(req.consents)
    rnd.shuffle(categories)
    rnd.shuffle(consent_list)
    shuffled = dataclasses.replace(req, categories=tuple(categories), consents=tuple(reversed(consent_list)))
    assert decide(shuffled).snapshot() == decide(req).snapshot()
    assert decide(shuffled).result() == decide(req).result()


@settings(max_examples=300)
@given(
    st.sampled_from([O.FK, O.PM, O.AF]),
    st.dates(FIRST, LAST),
    st.data(),
)
def test_duty_categories_with_all_conditions_are_always_released(
    discloser: O, day: dt.date, data: st.DataObject
) -> None:
    codes = data.draw(st.lists(st.sampled_from(sorted(DUTY_LISTS[discloser])), min_size=1, unique=True))
    noise = data.draw(st.lists(consents(), max_size=3))
    req = DisclosureRequest(
        date=day,
        requester=O.SOCIAL_SERVICES,
        requester_handles_assistance=True,
        discloser=discloser,
        active_case=True,
        categories=tuple(codes),
        consents=tuple(noise),
        household_member=True,
        own_work_necessity=data.draw(st.booleans()),
    )
    decision = decide(req)
    assert set(decision.released) == set(codes)
    for d in decision.decisions:
        assert d.basis is Basis.DUTY
        wording = "15 kap." if day >= dt.date(2025, 7, 1) else "11 kap."
        assert wording in d.citation and "10 kap. 28 §" in d.citation


@settings(max_examples=200)
@given(requests(), st.dates(FIRST, LAST), st.integers(0, 500))
def test_a_period_outside_the_safe_window_never_gives_a_duty(req: DisclosureRequest, start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    with_period = dataclasses.replace(req, period_start=start, period_end=end)
    too_long = days >= 366
    too_late = end > req.date + dt.timedelta(days=31)
    too_early = start < dt.date(req.date.year - 1, req.date.month, min(req.date.day, 28))
    for d in decide(with_period).decisions:
        if too_long or too_late or too_early:
            assert d.basis is not Basis.DUTY


@settings(max_examples=200)
@given(requests())
def test_own_work_necessity_never_releases_anything_more(req: DisclosureRequest) -> None:
    plain = decide(req)
    claimed = decide(dataclasses.replace(req, own_work_necessity=True))
    assert set(claimed.released) == set(plain.released)
    assert set(claimed.review) == set(plain.review) | set(plain.denied)
