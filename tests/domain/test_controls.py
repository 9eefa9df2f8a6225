"""Controls for ekonomiskt bistånd: applications, payments vs declared incomes, AF (seeds 000, 001)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samverkan.domain.controls import (
    ACTIVITY_REPORT_MAX_AGE_DAYS,
    AfRecords,
    ApplicationStatus,
    BenefitApplication,
    BenefitRecords,
    ControlOutcome,
    ControlResult,
    DeclaredIncome,
    EstablishmentAllowanceGrant,
    HouseholdMember,
    IncomeKind,
    JobseekerCategory,
    Payment,
    ProgrammeParticipation,
    Source,
    Unavailable,
    UnemploymentFundRecords,
    run_controls,
    summary,
)
from samverkan.domain.errors import InputError

D = dt.date
MONTH = D(2026, 3, 1)
ON = D(2026, 3, 20)
FETCHED = D(2026, 3, 19)


def fk(*payments: Payment, applications: tuple[BenefitApplication, ...] = ()) -> BenefitRecords:
    return BenefitRecords(Source.FK, FETCHED, applications=applications, payments=payments)


def pm(*payments: Payment) -> BenefitRecords:
    return BenefitRecords(Source.PM, FETCHED, payments=payments)


def af(**kwargs: object) -> AfRecords:
    values: dict[str, object] = {
        "registered_from": D(2025, 10, 1),
        "category": JobseekerCategory.OPENLY_UNEMPLOYED,
        "latest_activity_report_on": D(2026, 3, 10),
    }
    values.update(kwargs)
    return AfRecords(FETCHED, **values)  # type: ignore[arg-type]


def member(**kwargs: object) -> HouseholdMember:
    values: dict[str, object] = {
        "member_id": "m1",
        "label": "Sökande",
        "able_to_work": True,
        "fk": fk(),
        "pm": pm(),
        "unemployment_fund": UnemploymentFundRecords(FETCHED, "Unionens a-kassa"),
        "af": af(),
    }
    values.update(kwargs)
    return HouseholdMember(**values)  # type: ignore[arg-type]


def run(m: HouseholdMember, on: dt.date = ON) -> dict[tuple[str, Source], ControlResult]:
    return {(r.code, r.source): r for r in run_controls([m], month=MONTH, on=on)}


def result(m: HouseholdMember, code: str, source: Source, on: dt.date = ON) -> ControlResult:
    return run(m, on)[(code, source)]


def income(kind: IncomeKind, amount: str, on: dt.date | None = None) -> DeclaredIncome:
    return DeclaredIncome(kind, Decimal(amount), on)


# --- overall -----------------------------------------------------------------------------------------


def test_a_household_with_nothing_to_remark_is_ok_everywhere() -> None:
    results = run_controls([member()], month=MONTH, on=ON)
    assert [r.code for r in results] == [
        "benefit_application_pending",
        "benefit_payments_declared",
        "benefit_application_pending",
        "benefit_payments_declared",
        "unemployment_payments_declared",
        "af_registration",
        "activity_report",
        "labour_market_programme",
        "establishment_allowance",
    ]
    assert all(r.result is ControlOutcome.OK for r in results)
    assert summary(results)[ControlOutcome.OK] == 9


def test_every_result_cites_the_assistance_rule_and_the_source_section() -> None:
    for r in run_controls([member()], month=MONTH, on=ON):
        texts = r.citation_text
        assert "12 kap. 1 § socialtjänstlagen (2025:400)" in texts
        assert "förordningen (2008:975)" in texts
    assert "5 § förordningen (2008:975)" in result(member(), "af_registration", Source.AF).citation_text
    assert "7 § förordningen (2008:975)" in result(member(), "benefit_payments_declared", Source.PM).citation_text
    assert "4 §" in result(member(), "unemployment_payments_declared", Source.UNEMPLOYMENT_FUND).citation_text


def test_controls_before_july_2025_cite_the_old_socialtjanstlag() -> None:
    results = run_controls([member()], month=D(2025, 3, 1), on=D(2025, 3, 20))
    texts = results[0].citation_text
    assert "4 kap. 1 § socialtjänstlagen (2001:453)" in texts
    assert "11 kap. 11 § socialtjänstlagen (2001:453)" in texts


def test_each_household_member_gets_their_own_results() -> None:
    results = run_controls(
        [member(), member(member_id="m2", label="Medsökande", able_to_work=False)], month=MONTH, on=ON
    )
    assert {r.member_label for r in results} == {"Sökande", "Medsökande"}


def test_the_same_member_twice_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        run_controls([member(), member()], month=MONTH, on=ON)
    assert exc.value.field == "members"


def test_controls_cannot_run_before_their_month() -> None:
    with pytest.raises(InputError) as exc:
        run_controls([member()], month=MONTH, on=D(2026, 2, 28))
    assert exc.value.field == "on"


def test_amounts_must_be_decimal_not_float() -> None:
    with pytest.raises(InputError) as exc:
        Payment(4300.0, D(2026, 3, 25))  # type: ignore[arg-type]
    assert exc.value.field == "amount"


# --- applications: general benefits first -------------------------------------------------------------


def test_an_application_not_yet_decided_needs_follow_up() -> None:
    application = BenefitApplication("sickness_benefit", D(2026, 3, 2), ApplicationStatus.APPLIED)
    r = result(member(fk=fk(applications=(application,))), "benefit_application_pending", Source.FK)
    assert r.result is ControlOutcome.ATTENTION
    assert "sjukpenning, ansökt 2026-03-02" in r.explanation
    assert "i första hand söka" in r.explanation
    assert r.data_date == FETCHED


def test_a_decided_application_is_ok() -> None:
    application = BenefitApplication("sickness_benefit", D(2026, 3, 2), "decided", D(2026, 3, 15))  # type: ignore[arg-type]
    r = result(member(fk=fk(applications=(application,))), "benefit_application_pending", Source.FK)
    assert r.result is ControlOutcome.OK


# --- payments vs declared incomes ---------------------------------------------------------------------


def test_a_benefit_paid_but_not_declared_shows_amounts_and_dates_side_by_side() -> None:
    paid = Payment(Decimal("4300.00"), D(2026, 3, 25), "housing_allowance")
    r = result(member(fk=fk(paid)), "benefit_payments_declared", Source.FK)
    assert r.result is ControlOutcome.ATTENTION
    assert r.received_total == Decimal("4300.00")
    assert r.declared_total == Decimal("0.00")
    assert r.difference == Decimal("4300.00")
    assert r.received[0].amount == Decimal("4300.00")
    assert r.received[0].on == D(2026, 3, 25)
    assert "bostadsbidrag" in r.received[0].label
    assert "inte uppgetts" in r.explanation


def test_a_declared_amount_within_rounding_is_ok() -> None:
    paid = Payment(Decimal("4304.50"), D(2026, 3, 25))
    r = result(
        member(fk=fk(paid), declared=(income(IncomeKind.FK_BENEFIT, "4300"),)), "benefit_payments_declared", Source.FK
    )
    assert r.result is ControlOutcome.OK
    assert "ryms inom avrundning" in r.explanation


def test_more_than_five_kronor_per_payment_needs_attention() -> None:
    paid = Payment(Decimal("4306.00"), D(2026, 3, 25))
    r = result(
        member(fk=fk(paid), declared=(income(IncomeKind.FK_BENEFIT, "4300"),)), "benefit_payments_declared", Source.FK
    )
    assert r.result is ControlOutcome.ATTENTION
    assert "6,00" in r.explanation


def test_declared_more_than_paid_needs_attention() -> None:
    r = result(
        member(declared=(income(IncomeKind.PM_BENEFIT, "2000"),)),
        "benefit_payments_declared",
        Source.PM,
    )
    assert r.result is ControlOutcome.ATTENTION
    assert "mer" in r.explanation


def test_payments_outside_the_month_do_not_count() -> None:
    paid = Payment(Decimal("4300.00"), D(2026, 2, 25))
    assert result(member(fk=fk(paid)), "benefit_payments_declared", Source.FK).result is ControlOutcome.OK


def test_an_unemployment_fund_payment_not_declared_needs_attention() -> None:
    fund = UnemploymentFundRecords(FETCHED, "IF Metalls a-kassa", (Payment(Decimal("6120.00"), D(2026, 3, 10)),))
    r = result(member(unemployment_fund=fund), "unemployment_payments_declared", Source.UNEMPLOYMENT_FUND)
    assert r.result is ControlOutcome.ATTENTION
    assert r.received[0].label == "a-kassan IF Metalls a-kassa"
    declared = member(unemployment_fund=fund, declared=(income(IncomeKind.UNEMPLOYMENT_BENEFIT, "6120.00"),))
    assert result(declared, "unemployment_payments_declared", Source.UNEMPLOYMENT_FUND).result is ControlOutcome.OK


# --- missing data ---------------------------------------------------------------------------------------


def test_a_source_that_failed_gives_missing_with_its_reason() -> None:
    m = member(pm=Unavailable("Pensionsmyndigheten svarade inte inom tidsgränsen."))
    r = result(m, "benefit_payments_declared", Source.PM)
    assert r.result is ControlOutcome.MISSING
    assert "svarade inte inom tidsgränsen" in r.explanation
    assert result(m, "benefit_application_pending", Source.PM).result is ControlOutcome.MISSING


def test_a_source_not_fetched_gives_missing() -> None:
    r = result(member(unemployment_fund=None), "unemployment_payments_declared", Source.UNEMPLOYMENT_FUND)
    assert r.result is ControlOutcome.MISSING
    assert "har inte hämtats" in r.explanation


def test_af_unavailable_makes_every_af_check_missing() -> None:
    results = run(member(af=Unavailable("Ingen grund att fråga Arbetsförmedlingen.")))
    for code in ("af_registration", "activity_report", "labour_market_programme", "establishment_allowance"):
        assert results[(code, Source.AF)].result is ControlOutcome.MISSING


# --- Arbetsförmedlingen ----------------------------------------------------------------------------------


def test_a_person_able_to_work_who_is_not_registered_is_missing() -> None:
    r = result(member(af=af(registered_from=None)), "af_registration", Source.AF)
    assert r.result is ControlOutcome.MISSING
    assert "inte inskriven" in r.explanation
    assert "arbetsmarknadens förfogande" in r.explanation


def test_a_person_no_longer_registered_is_missing_with_the_date() -> None:
    r = result(member(af=af(deregistered_on=D(2026, 3, 5))), "af_registration", Source.AF)
    assert r.result is ControlOutcome.MISSING
    assert "2026-03-05" in r.explanation


def test_a_registered_person_shows_the_category() -> None:
    r = result(member(af=af(unemployment_fund="Kommunals a-kassa")), "af_registration", Source.AF)
    assert r.result is ControlOutcome.OK
    assert "öppet arbetslös" in r.explanation
    assert "Kommunals a-kassa" in r.explanation


def test_registration_with_obstacles_needs_attention() -> None:
    r = result(member(af=af(category="with_obstacles")), "af_registration", Source.AF)
    assert r.result is ControlOutcome.ATTENTION


def test_a_person_not_able_to_work_need_not_be_registered() -> None:
    r = result(member(able_to_work=False, af=af(registered_from=None)), "af_registration", Source.AF)
    assert r.result is ControlOutcome.OK


def test_work_capacity_not_assessed_needs_attention() -> None:
    assert result(member(able_to_work=None), "af_registration", Source.AF).result is ControlOutcome.ATTENTION


def test_activity_report_at_the_limit_is_ok_and_one_day_older_needs_attention() -> None:
    at_limit = ON - dt.timedelta(days=ACTIVITY_REPORT_MAX_AGE_DAYS)
    assert (
        result(member(af=af(latest_activity_report_on=at_limit)), "activity_report", Source.AF).result
        is ControlOutcome.OK
    )
    older = at_limit - dt.timedelta(days=1)
    r = result(member(af=af(latest_activity_report_on=older)), "activity_report", Source.AF)
    assert r.result is ControlOutcome.ATTENTION
    assert r.received[0].on == older


def test_no_activity_report_needs_attention() -> None:
    r = result(member(af=af(latest_activity_report_on=None)), "activity_report", Source.AF)
    assert r.result is ControlOutcome.ATTENTION


def test_an_ongoing_programme_is_shown_and_an_ended_one_needs_follow_up() -> None:
    ongoing = ProgrammeParticipation("Jobbgarantin för ungdomar", D(2026, 1, 1), None)
    r = result(member(af=af(programmes=(ongoing,))), "labour_market_programme", Source.AF)
    assert r.result is ControlOutcome.OK
    assert "Jobbgarantin" in r.explanation
    ended = ProgrammeParticipation("Arbetsmarknadsutbildning", D(2026, 1, 1), D(2026, 3, 15))
    assert (
        result(member(af=af(programmes=(ended,))), "labour_market_programme", Source.AF).result
        is ControlOutcome.ATTENTION
    )


# --- etableringsersättning -----------------------------------------------------------------------------


def test_establishment_allowance_granted_but_not_declared_needs_attention_with_an_estimate() -> None:
    grant = EstablishmentAllowanceGrant(Decimal("9300.00"), D(2026, 3, 1), D(2026, 4, 30), "heltid")
    r = result(member(af=af(establishment_allowance_grants=(grant,))), "establishment_allowance", Source.AF)
    assert r.result is ControlOutcome.ATTENTION
    assert r.received_total == Decimal("4726.23")  # 9 300 × 31/61
    assert "beviljats för mars 2026" in r.explanation
    assert "beräknad andel" in r.received[0].label


def test_establishment_allowance_declared_as_granted_is_ok() -> None:
    grant = EstablishmentAllowanceGrant(Decimal("9300.00"), D(2026, 3, 1), D(2026, 4, 30))
    m = member(
        af=af(establishment_allowance_grants=(grant,)),
        declared=(income(IncomeKind.ESTABLISHMENT_ALLOWANCE, "4726"),),
    )
    assert result(m, "establishment_allowance", Source.AF).result is ControlOutcome.OK


def test_establishment_allowance_paid_by_fk_is_compared_there_and_not_as_an_fk_benefit() -> None:
    paid = Payment(Decimal("6500.00"), D(2026, 3, 25), "establishment_allowance")
    m = member(fk=fk(paid), declared=(income(IncomeKind.ESTABLISHMENT_ALLOWANCE, "6500"),))
    results = run(m)
    assert results[("benefit_payments_declared", Source.FK)].result is ControlOutcome.OK
    r = results[("establishment_allowance", Source.AF)]
    assert r.result is ControlOutcome.OK
    assert r.received_total == Decimal("6500.00")


def test_a_changed_establishment_decision_needs_attention() -> None:
    grant = EstablishmentAllowanceGrant(Decimal("9300.00"), D(2026, 3, 1), D(2026, 4, 30))
    m = member(
        af=af(establishment_allowance_grants=(grant,), establishment_allowance_changed_on=D(2026, 3, 12)),
        declared=(income(IncomeKind.ESTABLISHMENT_ALLOWANCE, "4726.23"),),
    )
    r = result(m, "establishment_allowance", Source.AF)
    assert r.result is ControlOutcome.ATTENTION
    assert "ändrades 2026-03-12" in r.explanation
