"""Issue 18 point 7: "in the first place general benefits" (SoL 12 kap. 1 §; seed 000) — the control checklist
prompts for benefits the household appears entitled to but has not applied for, each with its reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from samverkan.domain.controls import (
    AfRecords,
    BenefitApplication,
    BenefitRecords,
    ControlOutcome,
    HouseholdMember,
    JobseekerCategory,
    Payment,
    Source,
    UnemploymentFundRecords,
    general_benefit_prompts,
    run_controls,
)
from samverkan.domain.controls import ApplicationStatus as Status

ON = dt.date(2026, 11, 18)
MONTH = dt.date(2026, 11, 1)


def _fk(*benefits: str) -> BenefitRecords:
    return BenefitRecords(
        source=Source.FK,
        fetched_on=ON,
        applications=tuple(BenefitApplication(b, dt.date(2026, 10, 1), Status.APPLIED) for b in benefits),
    )


def _pm(*benefits: str) -> BenefitRecords:
    return BenefitRecords(
        source=Source.PM,
        fetched_on=ON,
        payments=tuple(Payment(Decimal("1000.00"), dt.date(2026, 11, 5), benefit=b) for b in benefits),
    )


def _codes(members: list[HouseholdMember]) -> list[str]:
    return [r.code for r in general_benefit_prompts(members, month=MONTH, on=ON)]


def test_a_member_unable_to_work_without_a_sickness_benefit_is_prompted() -> None:
    member = HouseholdMember("1", "Sökande", able_to_work=False, fk=_fk())
    (prompt,) = general_benefit_prompts([member], month=MONTH, on=ON)
    assert prompt.code == "general_benefit_sickness" and prompt.result is ControlOutcome.ATTENTION
    assert "inte arbetsför" in prompt.explanation and "Handläggaren bedömer" in prompt.explanation
    texts = [c.text for c in prompt.citations]
    assert "12 kap. 1 § socialtjänstlagen (2025:400)" in texts and "27 kap. socialförsäkringsbalken (2010:110)" in texts
    assert _codes([HouseholdMember("1", "Sökande", able_to_work=False, fk=_fk("sickness_compensation"))]) == []
    assert _codes([HouseholdMember("1", "Sökande", able_to_work=True, fk=_fk())]) == []


def test_pension_age_without_garantipension_or_bostadstillagg_is_prompted() -> None:
    old = HouseholdMember("1", "Sökande", birth_date=dt.date(1959, 3, 2), pm=_pm())
    assert _codes([old]) == ["general_benefit_pension"]
    assert _codes([HouseholdMember("1", "Sökande", birth_date=dt.date(1959, 3, 2), pm=_pm("housing_supplement"))]) == []
    assert _codes([HouseholdMember("1", "Sökande", birth_date=dt.date(1961, 12, 1), pm=_pm())]) == []  # 64


def test_the_day_before_the_birthday_is_not_yet_pension_age() -> None:
    assert _codes([HouseholdMember("1", "Sökande", birth_date=dt.date(1960, 11, 19), pm=_pm())]) == []
    assert _codes([HouseholdMember("1", "Sökande", birth_date=dt.date(1960, 11, 18), pm=_pm())]) == [
        "general_benefit_pension"
    ]


def test_a_family_with_children_without_bostadsbidrag_is_prompted_once() -> None:
    parent = HouseholdMember("1", "Sökande", birth_date=dt.date(1990, 1, 1), fk=_fk())
    child = HouseholdMember("2", "Barn 1", birth_date=dt.date(2015, 5, 5), fk=_fk())
    assert _codes([parent, child]) == ["general_benefit_housing_allowance"]
    assert (
        _codes([parent, HouseholdMember("2", "Barn 1", birth_date=dt.date(2015, 5, 5), fk=_fk("housing_allowance"))])
        == []
    )
    assert _codes([parent]) == []


def test_an_unemployed_member_of_an_a_kassa_without_payments_this_month_is_prompted() -> None:
    af = AfRecords(
        fetched_on=ON,
        registered_from=dt.date(2026, 1, 1),
        category=JobseekerCategory.OPENLY_UNEMPLOYED,
        unemployment_fund="A-kassan Mälardalen",
    )
    none_paid = UnemploymentFundRecords(fetched_on=ON)
    member = HouseholdMember("1", "Sökande", af=af, unemployment_fund=none_paid)
    assert _codes([member]) == ["general_benefit_unemployment"]
    paid = UnemploymentFundRecords(fetched_on=ON, payments=(Payment(Decimal("9000.00"), dt.date(2026, 11, 10)),))
    assert _codes([HouseholdMember("1", "Sökande", af=af, unemployment_fund=paid)]) == []


def test_the_prompts_come_with_the_month_s_controls_and_an_unanswered_source_prompts_nothing() -> None:
    member = HouseholdMember("1", "Sökande", able_to_work=False, birth_date=dt.date(1950, 1, 1), fk=_fk(), pm=_pm())
    codes = [r.code for r in run_controls([member], month=MONTH, on=ON)]
    assert "general_benefit_sickness" in codes and "general_benefit_pension" in codes
    silent = HouseholdMember("1", "Sökande", able_to_work=False, birth_date=dt.date(1950, 1, 1))
    assert _codes([silent]) == []
