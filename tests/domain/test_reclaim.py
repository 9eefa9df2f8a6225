"""Återsökning, SFB 107 kap. 5 § (docs/domain.md §6, contract kind ``reclaim``)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import pytest

from samverkan.domain.errors import InputError
from samverkan.domain.reclaim import (
    BENEFITS,
    Agency,
    AssistanceKind,
    AssistancePayment,
    BenefitStatus,
    LedgerEntry,
    Period,
    Reason,
    ReclaimInput,
    RetroactiveDecision,
    allocate_against_ledger,
    available_assistance,
    calculate,
    cite,
    deadline,
    detect_overlaps,
    evaluate,
    extend_ledger,
    is_too_late,
    too_late_message,
)

D = dt.date
JAN = Period(D(2026, 1, 1), D(2026, 1, 31))
FEB = Period(D(2026, 2, 1), D(2026, 2, 28))
IN_TIME = D(2026, 5, 5)


def money(text: str) -> Decimal:
    return Decimal(text)


def decision(**changes: Any) -> RetroactiveDecision:
    values: dict[str, Any] = {
        "benefit": "sickness_compensation",
        "decided_by": Agency.FK,
        "decision_date": D(2026, 5, 4),
        "period": Period(D(2026, 1, 1), D(2026, 4, 30)),
        "amount": money("24000.00"),
        "payout_date": D(2026, 5, 12),
    }
    values.update(changes)
    return RetroactiveDecision(**values)


def payment(covers: Period | None, amount: str, **changes: Any) -> AssistancePayment:
    values: dict[str, Any] = {
        "covers": covers,
        "paid_on": covers.start - dt.timedelta(days=3) if covers else D(2026, 2, 10),
        "amount": money(amount),
        "kind": AssistanceKind.SUBSISTENCE,
    }
    values.update(changes)
    return AssistancePayment(**values)


def run(
    payments: list[AssistancePayment],
    *,
    received: dt.date = IN_TIME,
    repaid: str = "0.00",
    previously: str = "0.00",
    ledger: tuple[LedgerEntry, ...] = (),
    **decision_changes: Any,
) -> Any:
    return calculate(
        ReclaimInput(
            decision=decision(**decision_changes),
            request_received=received,
            assistance_payments=payments,
            repaid=money(repaid),
            previously_reclaimed=money(previously),
            ledger=ledger,
        )
    )


def contract_input(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "benefit": "sickness_compensation",
        "decided_by": "fk",
        "decision_date": "2026-05-04",
        "retroactive_period": {"start": "2026-01-01", "end": "2026-04-30"},
        "retroactive_amount": "24000.00",
        "request_received": "2026-05-05",
        "payout_date": "2026-05-12",
        "assistance_payments": [
            {
                "covers": {"start": "2026-01-01", "end": "2026-01-31"},
                "paid_on": "2025-12-29",
                "amount": "8000.00",
                "kind": "subsistence",
                "advance_with_written_notice": False,
            },
            {
                "covers": {"start": "2026-02-01", "end": "2026-02-28"},
                "paid_on": "2026-01-28",
                "amount": "8000.00",
                "kind": "subsistence",
                "advance_with_written_notice": False,
            },
        ],
        "repaid": "0.00",
        "previously_reclaimed": "0.00",
    }
    data.update(changes)
    return data


# --- The benefit table ------------------------------------------------------------------------


def test_table_holds_the_sixteen_codes_of_the_contract() -> None:
    reclaimable = {
        "sickness_benefit",
        "rehabilitation_benefit",
        "sickness_compensation",
        "activity_compensation",
        "parental_benefit",
        "housing_allowance",
        "maintenance_support",
        "care_allowance",
        "additional_cost_compensation",
        "housing_supplement",
        "guarantee_pension",
    }
    excluded = {"child_allowance", "assistance_compensation"}
    not_sfb = {"activity_support", "establishment_allowance", "development_allowance"}
    assert set(BENEFITS) == reclaimable | excluded | not_sfb
    assert {c for c, b in BENEFITS.items() if b.status is BenefitStatus.RECLAIMABLE} == reclaimable
    assert {c for c, b in BENEFITS.items() if b.status is BenefitStatus.EXCLUDED} == excluded
    assert {c for c, b in BENEFITS.items() if b.status is BenefitStatus.NOT_SFB_BENEFIT} == not_sfb
    assert all(BENEFITS[c].reclaimable for c in reclaimable)
    assert not any(BENEFITS[c].reclaimable for c in excluded | not_sfb)


def test_every_benefit_has_a_swedish_name_an_agency_and_a_citation() -> None:
    for row in BENEFITS.values():
        assert row.name and row.name == row.name.lower()
        assert row.decided_by
        assert row.periodic
        assert "kap." in row.citation or "förordning" in row.citation


def test_pm_benefits_are_decided_by_pensionsmyndigheten() -> None:
    assert BENEFITS["guarantee_pension"].decided_by == (Agency.PM,)
    assert BENEFITS["housing_supplement"].decided_by[0] is Agency.PM
    assert "2017:819" in BENEFITS["activity_support"].citation


# --- The contract's examples ------------------------------------------------------------------


def test_two_months_of_assistance_against_four_months_of_sickness_compensation() -> None:
    result = evaluate(contract_input())
    assert result["to_social_services"] == "16000.00"
    assert result["to_person"] == "8000.00"
    assert result["reason"] == "ok"
    assert result["repayment_claim_possible"] is False


def test_pro_rata_by_days_sums_exactly_to_the_whole_payment() -> None:
    result = run(
        [
            payment(Period(D(2025, 12, 16), D(2026, 1, 15)), "6200.00"),
            payment(Period(D(2026, 1, 16), D(2026, 2, 15)), "6200.00", kind=AssistanceKind.OTHER_LIVING),
        ],
        benefit="sickness_benefit",
        period=JAN,
        decision_date=D(2026, 2, 20),
        payout_date=D(2026, 2, 25),
        amount=money("10000.00"),
        received=D(2026, 2, 21),
    )
    assert result.reason is Reason.OK
    assert result.counted_assistance == money("6200.00")
    assert result.to_social_services == money("6200.00")
    assert result.to_person == money("3800.00")
    assert [(a.days, a.payment_days, a.counted) for a in result.allocations] == [
        (15, 31, money("3000.00")),
        (16, 31, money("3200.00")),
    ]
    assert "RÅ 2001 ref. 58" in result.citations


def test_discretionary_assistance_does_not_count_and_deductions_reduce() -> None:
    result = run(
        [
            payment(Period(D(2026, 1, 1), D(2026, 3, 31)), "16000.00"),
            payment(None, "5000.00", kind=AssistanceKind.DISCRETIONARY, paid_on=D(2026, 2, 10)),
        ],
        benefit="activity_compensation",
        period=Period(D(2026, 1, 1), D(2026, 3, 31)),
        decision_date=D(2026, 6, 10),
        payout_date=D(2026, 6, 20),
        received=D(2026, 6, 11),
        repaid="2000.00",
        previously="4000.00",
    )
    assert result.counted_assistance == money("16000.00")
    assert result.deductions == money("6000.00")
    assert result.to_social_services == money("10000.00")
    assert result.to_person == money("14000.00")
    assert "12 kap. 2 § socialtjänstlagen (2025:400)" in result.citations
    assert "12 kap. 2 §" in result.explanation


# --- Threshold --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "reason", "to_nämnd"),
    [
        ("1000.01", Reason.OK, "1000.01"),
        ("1000.00", Reason.BELOW_THRESHOLD, "0.00"),
        ("999.99", Reason.BELOW_THRESHOLD, "0.00"),
    ],
)
def test_the_nämnd_is_paid_only_above_1000_kronor(amount: str, reason: Reason, to_nämnd: str) -> None:
    result = run([payment(JAN, "8000.00")], amount=money(amount))
    assert result.reason is reason
    assert result.to_social_services == money(to_nämnd)
    assert result.to_social_services + result.to_person == money(amount)


def test_threshold_applies_to_the_amount_to_the_nämnd_not_the_benefit() -> None:
    # The retroactive benefit is large, but only 1 000,00 kr of bistånd was paid for the period.
    result = run([payment(JAN, "1000.00")], amount=money("24000.00"))
    assert result.reason is Reason.BELOW_THRESHOLD
    assert result.to_person == money("24000.00")
    assert "överstiger 1 000 kr" in result.explanation
    assert "exakt 1 000,00 kr räcker inte" in result.explanation


def test_deductions_that_eat_the_count_leave_nothing_and_never_go_negative() -> None:
    result = run([payment(JAN, "8000.00")], repaid="5000.00", previously="6000.00")
    assert result.reason is Reason.BELOW_THRESHOLD
    assert result.to_social_services == money("0.00")
    assert result.to_person == money("24000.00")


# --- Timing -----------------------------------------------------------------------------------


def test_deadline_is_the_day_before_payout() -> None:
    d = decision(payout_date=D(2026, 6, 1))
    assert deadline(d) == D(2026, 5, 31)
    assert not is_too_late(d, D(2026, 5, 31))
    assert is_too_late(d, D(2026, 6, 1))
    assert too_late_message(d, D(2026, 5, 31)) == ""
    message = too_late_message(d, D(2026, 6, 1))
    assert "samma dag som utbetalningen" in message
    assert "senast 2026-05-31" in message
    assert "samma dag" not in too_late_message(d, D(2026, 6, 2))


def test_request_one_day_before_payout_is_in_time() -> None:
    result = run([payment(JAN, "8000.00")], received=D(2026, 5, 11))
    assert result.reason is Reason.OK
    assert result.to_social_services == money("8000.00")


def test_request_on_the_payout_day_is_too_late() -> None:
    result = run([payment(JAN, "8000.00", advance_with_written_notice=True)], received=D(2026, 5, 12))
    assert result.reason is Reason.REQUEST_TOO_LATE
    assert result.to_social_services == money("0.00")
    assert result.to_person == money("24000.00")
    assert result.repayment_claim_possible is True
    assert "33 kap. 2 § socialtjänstlagen (2025:400)" in result.citations
    assert "33 kap. 2 §" in result.explanation


def test_request_before_the_decision_is_in_time() -> None:
    assert run([payment(JAN, "8000.00")], received=D(2026, 3, 1)).reason is Reason.OK


def test_too_late_without_written_notice_gives_no_repayment_claim() -> None:
    result = run([payment(JAN, "8000.00")], received=D(2026, 5, 20))
    assert result.reason is Reason.REQUEST_TOO_LATE
    assert result.repayment_claim_possible is False
    assert "Något sådant förskott finns inte" in result.explanation


def test_written_notice_on_discretionary_or_outside_payments_gives_no_repayment_claim() -> None:
    payments = [
        payment(JAN, "3000.00", kind=AssistanceKind.DISCRETIONARY, advance_with_written_notice=True),
        payment(Period(D(2026, 6, 1), D(2026, 6, 30)), "8000.00", advance_with_written_notice=True),
        payment(FEB, "8000.00"),
    ]
    result = run(payments, received=D(2026, 5, 20))
    assert result.reason is Reason.REQUEST_TOO_LATE
    assert result.repayment_claim_possible is False


def test_written_notice_in_time_is_a_plain_reclaim() -> None:
    result = run([payment(JAN, "8000.00", advance_with_written_notice=True)])
    assert result.reason is Reason.OK
    assert result.repayment_claim_possible is False


# --- Reason precedence ------------------------------------------------------------------------


def test_excluded_benefit_comes_before_everything() -> None:
    result = run([], benefit="child_allowance", received=D(2026, 6, 1))
    assert result.reason is Reason.EXCLUDED_BENEFIT
    assert result.repayment_claim_possible is False
    assert "undantas" in result.explanation


def test_not_an_sfb_benefit_comes_before_timing() -> None:
    result = run(
        [payment(JAN, "8000.00", advance_with_written_notice=True)], benefit="activity_support", received=D(2026, 6, 1)
    )
    assert result.reason is Reason.NOT_SFB_BENEFIT
    assert result.to_social_services == money("0.00")
    # Nothing through 107 kap. 5 §, but the counted advance with written notice may be claimed back.
    assert result.repayment_claim_possible is True
    assert "ingen förmån enligt socialförsäkringsbalken" in result.explanation


def test_too_late_comes_before_no_overlapping_assistance() -> None:
    result = run([], received=D(2026, 6, 1))
    assert result.reason is Reason.REQUEST_TOO_LATE
    assert result.repayment_claim_possible is False


def test_no_overlapping_assistance_comes_before_below_threshold() -> None:
    result = run([payment(Period(D(2026, 6, 1), D(2026, 6, 30)), "8000.00")], amount=money("500.00"))
    assert result.reason is Reason.NO_OVERLAPPING_ASSISTANCE
    assert result.to_person == money("500.00")


def test_only_discretionary_assistance_is_no_overlapping_assistance() -> None:
    result = run([payment(JAN, "8000.00", kind=AssistanceKind.DISCRETIONARY)])
    assert result.reason is Reason.NO_OVERLAPPING_ASSISTANCE
    assert result.counted_assistance == money("0.00")


# --- Counting ---------------------------------------------------------------------------------


def test_payment_without_covers_counts_in_full_when_paid_inside_the_period_ends_included() -> None:
    inside_first = payment(None, "1500.00", paid_on=D(2026, 1, 1))
    inside_last = payment(None, "1500.00", paid_on=D(2026, 4, 30))
    before = payment(None, "1500.00", paid_on=D(2025, 12, 31))
    after = payment(None, "1500.00", paid_on=D(2026, 5, 1))
    result = run([inside_first, inside_last, before, after])
    assert result.counted_assistance == money("3000.00")
    assert [a.payment_index for a in result.allocations] == [0, 1]


def test_covers_decides_not_the_payment_day() -> None:
    # Paid in December for January: counts. Paid in February for December: does not.
    result = run(
        [
            payment(JAN, "8000.00", paid_on=D(2025, 12, 28)),
            payment(Period(D(2025, 12, 1), D(2025, 12, 31)), "8000.00", paid_on=D(2026, 2, 2)),
        ]
    )
    assert result.counted_assistance == money("8000.00")


def test_family_members_assistance_counts() -> None:
    result = run([payment(JAN, "6000.00"), payment(FEB, "2500.00", member="Barn 1")])
    assert result.counted_assistance == money("8500.00")
    assert result.to_social_services == money("8500.00")
    assert "till Barn 1" in result.explanation
    assert result.allocations[1].member == "Barn 1"


def test_pro_rata_shares_are_summed_exactly_and_rounded_once() -> None:
    three_days = Period(D(2026, 4, 30), D(2026, 5, 2))  # one day of three inside the period
    result = run([payment(three_days, "10000.00"), payment(three_days, "10000.00", member="Partner")])
    # 10 000 × 1/3 twice = 6 666,666… → 6 666,67 (rounding each first would give 6 666,66).
    assert result.counted_assistance == money("6666.67")
    assert result.to_social_services == money("6666.67")
    assert sum((a.claimed for a in result.allocations), Decimal(0)) == money("6666.67")


def test_half_an_öre_rounds_up_and_can_cross_the_threshold() -> None:
    two_days = Period(D(2026, 4, 30), D(2026, 5, 1))
    result = run([payment(two_days, "2000.01")])
    assert result.counted_assistance == money("1000.01")  # 1 000,005 → 1 000,01
    assert result.reason is Reason.OK


def test_leap_day_counts_as_a_day() -> None:
    february_2028 = Period(D(2028, 2, 1), D(2028, 2, 29))
    result = run(
        [payment(february_2028, "2900.00")],
        period=Period(D(2028, 2, 15), D(2028, 3, 31)),
        decision_date=D(2028, 4, 3),
        payout_date=D(2028, 4, 10),
        received=D(2028, 4, 4),
    )
    assert result.allocations[0].days == 15
    assert result.allocations[0].payment_days == 29
    assert result.counted_assistance == money("1500.00")


def test_retroactive_amount_limits_and_oldest_assistance_is_taken_first() -> None:
    result = run([payment(FEB, "8000.00", id="feb"), payment(JAN, "8000.00", id="jan")], amount=money("10000.00"))
    assert result.to_social_services == money("10000.00")
    claimed = {a.payment_id: a.claimed for a in result.allocations}
    assert claimed == {"jan": money("8000.00"), "feb": money("2000.00")}


# --- Statute wording by date ------------------------------------------------------------------


def test_citations_follow_the_decision_date() -> None:
    assert cite("assistance", D(2025, 6, 30)) == "4 kap. 1 § socialtjänstlagen (2001:453)"
    assert cite("assistance", D(2025, 7, 1)) == "12 kap. 1 § socialtjänstlagen (2025:400)"
    assert cite("repayment_claim", D(2025, 6, 30)) == "9 kap. 2 § socialtjänstlagen (2001:453)"
    assert cite("repayment_claim", D(2025, 7, 1)) == "33 kap. 2 § socialtjänstlagen (2025:400)"
    old = run(
        [payment(Period(D(2025, 3, 1), D(2025, 3, 31)), "8000.00")],
        period=Period(D(2025, 3, 1), D(2025, 4, 30)),
        decision_date=D(2025, 6, 30),
        payout_date=D(2025, 7, 8),
        received=D(2025, 7, 1),
    )
    assert "4 kap. 1 § socialtjänstlagen (2001:453)" in old.citations
    assert "4 kap. 1 § socialtjänstlagen (2001:453)" in old.explanation
    new = run([payment(JAN, "8000.00")])
    assert new.citations == (
        "107 kap. 5 § socialförsäkringsbalken (2010:110)",
        "12 kap. 1 § socialtjänstlagen (2025:400)",
        "33–37 kap. socialförsäkringsbalken (2010:110)",
    )
    assert "107 kap. 5 § socialförsäkringsbalken (2010:110)" in new.explanation
    assert "12 kap. 1 § socialtjänstlagen (2025:400)" in new.explanation


def test_ok_explanation_names_amounts_in_swedish_form() -> None:
    result = run([payment(JAN, "8000.00")])
    assert "8\u00a0000,00\u00a0kr" in result.explanation
    assert "Socialnämnden får" in result.explanation
    assert "överklaga" in result.explanation


# --- The ledger: never the same bistånd twice -------------------------------------------------


def test_second_decision_for_the_same_days_takes_only_what_is_left() -> None:
    payments = [payment(JAN, "8000.00", id="jan"), payment(FEB, "8000.00", id="feb")]
    both_months = Period(D(2026, 1, 1), D(2026, 2, 28))
    first = run(payments, period=both_months, amount=money("3000.00"), benefit="sickness_benefit")
    assert first.to_social_services == money("3000.00")
    ledger = extend_ledger((), first, "sjukpenning-1")
    assert ledger == (
        LedgerEntry(
            payment_id="jan",
            start=D(2026, 1, 1),
            end=D(2026, 1, 31),
            amount=money("3000.00"),
            decision_id="sjukpenning-1",
        ),
    )
    second = run(payments, period=both_months, amount=money("20000.00"), benefit="housing_allowance", ledger=ledger)
    assert second.counted_assistance == money("13000.00")
    assert second.to_social_services == money("13000.00")
    ledger = extend_ledger(ledger, second, "bostadsbidrag-1")
    third = run(payments, period=both_months, amount=money("20000.00"), benefit="maintenance_support", ledger=ledger)
    assert third.counted_assistance == money("0.00")
    assert third.reason is Reason.BELOW_THRESHOLD
    assert "redan har återsökts" in third.explanation
    per_payment: dict[str, Decimal] = {}
    for entry in ledger:
        per_payment[entry.payment_id] = per_payment.get(entry.payment_id, Decimal(0)) + entry.amount
    assert per_payment == {"jan": money("8000.00"), "feb": money("8000.00")}


def test_partly_overlapping_periods_split_the_payment_by_days() -> None:
    payments = [payment(JAN, "3100.00", id="jan")]
    first_half = Period(D(2026, 1, 1), D(2026, 1, 15))
    first = run(payments, period=first_half, amount=money("9000.00"))
    assert first.to_social_services == money("1500.00")
    ledger = first.ledger_entries("d1")
    whole_month = run(payments, period=JAN, amount=money("9000.00"), ledger=ledger)
    assert whole_month.counted_assistance == money("1600.00")
    (piece,) = whole_month.allocations
    assert (piece.start, piece.end, piece.days) == (D(2026, 1, 16), D(2026, 1, 31), 16)


def test_half_claimed_days_keep_their_rest_for_a_later_decision() -> None:
    payments = [payment(JAN, "3100.00", id="jan")]
    first = run(payments, period=JAN, amount=money("1550.00"), received=D(2026, 5, 5))
    assert first.reason is Reason.OK
    ledger = first.ledger_entries("d1")
    available, pieces = available_assistance(payments, Period(D(2026, 1, 1), D(2026, 1, 10)), ledger)
    assert available == money("500.00")  # half of 10 days of 100 kr
    assert pieces[0].claimed == money("0.00")


def test_ledger_needs_payment_ids() -> None:
    with pytest.raises(InputError) as caught:
        ReclaimInput(
            decision=decision(),
            request_received=D(2026, 5, 5),
            assistance_payments=[payment(JAN, "8000.00")],
            ledger=[LedgerEntry(payment_id="x", start=D(2026, 1, 1), end=D(2026, 1, 31), amount=money("1.00"))],
        )
    assert caught.value.field == "assistance_payments[0].id"


def test_duplicate_payment_ids_are_rejected() -> None:
    with pytest.raises(InputError) as caught:
        ReclaimInput(
            decision=decision(),
            request_received=D(2026, 5, 5),
            assistance_payments=[payment(JAN, "1.00", id="a"), payment(FEB, "1.00", id="a")],
        )
    assert caught.value.field == "assistance_payments[1].id"


def test_allocating_more_than_is_left_is_refused() -> None:
    payments = [payment(JAN, "100.00", id="jan")]
    with pytest.raises(InputError) as caught:
        allocate_against_ledger(payments, JAN, money("100.01"))
    assert caught.value.code == "exceeds_available"
    (piece,) = allocate_against_ledger(payments, JAN, money("100.00"))
    assert piece.claimed == money("100.00")


# --- Detection --------------------------------------------------------------------------------


def test_detect_overlaps_by_household_with_inclusive_ends() -> None:
    decisions = [
        decision(period=JAN, household="h1", id="a", payout_date=D(2026, 5, 20)),
        decision(period=FEB, household="h2", id="b", payout_date=D(2026, 5, 15)),
        decision(period=Period(D(2026, 3, 1), D(2026, 3, 31)), household="h1", id="c"),
    ]
    payments = [
        payment(Period(D(2025, 12, 1), D(2026, 1, 1)), "3200.00", household="h1"),  # touches 1 Jan
        payment(FEB, "8000.00", household="h1"),  # h1 has no February decision
        payment(FEB, "8000.00", household="h2", kind=AssistanceKind.DISCRETIONARY),
        payment(None, "500.00", paid_on=D(2026, 2, 28), household="h2"),
    ]
    found = detect_overlaps(decisions, payments)
    assert [(o.decision.id, o.payment_indexes) for o in found] == [("b", (3,)), ("a", (0,))]
    assert found[1].counted_assistance == money("100.00")
    assert found[0].deadline == D(2026, 5, 14)


def test_detect_overlaps_finds_nothing_without_counted_assistance() -> None:
    assert detect_overlaps([decision()], [payment(JAN, "8000.00", kind=AssistanceKind.DISCRETIONARY)]) == []
    assert detect_overlaps([], [payment(JAN, "8000.00")]) == []


# --- Input errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"benefit": "tandvårdsersättning"}, "benefit"),
        ({"benefit": "guarantee_pension", "decided_by": "fk"}, "decided_by"),
        ({"benefit": "sickness_benefit", "decided_by": "pm"}, "decided_by"),
        ({"decided_by": "af"}, "decided_by"),
        ({"decision_date": "2026-13-01"}, "decision_date"),
        ({"decision_date": "4 maj 2026"}, "decision_date"),
        ({"request_received": None}, "request_received"),
        ({"retroactive_period": {"start": "2026-04-30", "end": "2026-01-01"}}, "retroactive_period.end"),
        ({"retroactive_period": {"start": "2026-06-01", "end": "2026-06-30"}}, "retroactive_period"),
        ({"retroactive_period": "2026-01"}, "retroactive_period"),
        ({"retroactive_amount": "-1.00"}, "retroactive_amount"),
        ({"retroactive_amount": 24000.0}, "retroactive_amount"),
        ({"repaid": "-5.00"}, "repaid"),
        ({"previously_reclaimed": "abc"}, "previously_reclaimed"),
        ({"retroactive_amout": "1.00"}, "retroactive_amout"),
        ({"assistance_payments": "none"}, "assistance_payments"),
    ],
)
def test_bad_input_names_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as caught:
        evaluate(contract_input(**changes))
    assert caught.value.field == field
    assert caught.value.detail


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-8000.00"}, "assistance_payments[0].amount"),
        ({"amount": "8000.005"}, "assistance_payments[0].amount"),
        ({"kind": "emergency"}, "assistance_payments[0].kind"),
        ({"paid_on": "2025-02-30"}, "assistance_payments[0].paid_on"),
        ({"covers": {"start": "2026-01-31", "end": "2026-01-01"}}, "assistance_payments[0].covers.end"),
        ({"advance_with_written_notice": "yes"}, "assistance_payments[0].advance_with_written_notice"),
        ({"note": "x"}, "assistance_payments[0].note"),
    ],
)
def test_bad_payment_names_the_field(changes: dict[str, Any], field: str) -> None:
    data = contract_input()
    data["assistance_payments"][0].update(changes)
    with pytest.raises(InputError) as caught:
        evaluate(data)
    assert caught.value.field == field


def test_housing_supplement_may_be_decided_by_either_agency() -> None:
    for agency in ("pm", "fk"):
        result = evaluate(contract_input(benefit="housing_supplement", decided_by=agency))
        assert result["reason"] == "ok"


def test_json_result_carries_money_as_strings_and_allocations() -> None:
    data = contract_input()
    data["assistance_payments"][0]["id"] = "p-1"
    data["assistance_payments"][1]["member"] = "Partner"
    result = evaluate(data)
    assert result["counted_assistance"] == "16000.00"
    assert result["deadline"] == "2026-05-11"
    assert result["allocations"][0] == {
        "payment_index": 0,
        "payment_id": "p-1",
        "member": None,
        "start": "2026-01-01",
        "end": "2026-01-31",
        "days": 31,
        "payment_days": 31,
        "counted": "8000.00",
        "claimed": "8000.00",
    }
    assert result["allocations"][1]["member"] == "Partner"
    assert isinstance(result["explanation"], str)


def test_json_ledger_is_honoured() -> None:
    data = contract_input()
    data["assistance_payments"][0]["id"] = "jan"
    data["assistance_payments"][1]["id"] = "feb"
    data["ledger"] = [{"payment_id": "jan", "start": "2026-01-01", "end": "2026-01-31", "amount": "8000.00"}]
    result = evaluate(data)
    assert result["counted_assistance"] == "8000.00"
    assert result["to_social_services"] == "8000.00"


def test_missing_deductions_mean_zero() -> None:
    data = contract_input()
    del data["repaid"], data["previously_reclaimed"]
    assert evaluate(data)["to_social_services"] == "16000.00"


def test_detect_overlaps_sweeps_large_inputs_without_comparing_every_pair() -> None:
    # 10 000 decisions and 60 000 payments in 5 000 households: comparing every pair would be
    # 600 million checks; the sweep only meets the pairs that overlap.
    base = D(2025, 7, 1)
    decisions, payments = [], []
    for h in range(5000):
        for k in range(2):
            start = base + dt.timedelta(days=30 * k + h % 200)
            decisions.append(
                decision(
                    period=Period(start, start + dt.timedelta(days=45)),
                    decision_date=start + dt.timedelta(days=60),
                    payout_date=start + dt.timedelta(days=70),
                    household=f"h{h}",
                )
            )
        for k in range(12):
            start = base + dt.timedelta(days=30 * k)
            payments.append(payment(Period(start, start + dt.timedelta(days=29)), "8000.00", household=f"h{h}"))
    began = time.perf_counter()
    found = detect_overlaps(decisions, payments)
    elapsed = time.perf_counter() - began
    assert len(found) == len(decisions)
    for overlap in found:
        household = overlap.decision.household
        assert all(p.household == household for p in overlap.payments)
        assert 2 <= len(overlap.payments) <= 3  # a 46-day period meets two or three 30-day payments
    assert elapsed < 15


def test_amounts_from_python_must_be_exact_whole_öre() -> None:
    with pytest.raises(InputError) as caught:
        AssistancePayment(paid_on=D(2026, 1, 1), amount=8000.0, kind=AssistanceKind.SUBSISTENCE)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.code) == ("amount", "type")
    with pytest.raises(InputError) as caught:
        decision(amount=Decimal("24000.001"))
    assert (caught.value.field, caught.value.code) == ("retroactive_amount", "decimals")
    with pytest.raises(InputError) as caught:
        allocate_against_ledger([payment(JAN, "100.00")], JAN, Decimal("-1.00"))
    assert caught.value.code == "negative"
