"""Återkrav hos personen when 107 kap. 5 § gives the nämnd nothing (contract kind ``reclaim``).

SoL (2001:453) 9 kap. 2 § for an advance granted before 2025-07-01 (transitional provisions of SoL
(2025:400)), SoL (2025:400) 33 kap. 2 § for one granted from that day; docs/domain.md §6.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverkan.domain import statutes
from samverkan.domain.reclaim import (
    REPAYMENT_CLAIM_REASONS,
    Agency,
    AssistanceKind,
    AssistancePayment,
    Period,
    Reason,
    ReclaimInput,
    ReclaimResult,
    RetroactiveDecision,
    calculate,
    deadline,
    evaluate,
    is_too_late,
    repayment_claim_provision,
)

D = dt.date
OLD = "9 kap. 2 § SoL (2001:453)"
NEW = "33 kap. 2 § SoL (2025:400)"
OLD_TEXT = "9 kap. 2 § socialtjänstlagen (2001:453)"
NEW_TEXT = "33 kap. 2 § socialtjänstlagen (2025:400)"

#: A retroactive period across the change of law: June and July 2025.
JUNE = Period(D(2025, 6, 1), D(2025, 6, 30))
JULY = Period(D(2025, 7, 1), D(2025, 7, 31))
SUMMER = Period(JUNE.start, JULY.end)
PAYOUT = D(2025, 9, 10)


def decision(**changes: Any) -> RetroactiveDecision:
    values: dict[str, Any] = {
        "benefit": "sickness_benefit",
        "decided_by": Agency.FK,
        "decision_date": D(2025, 9, 1),
        "period": SUMMER,
        "amount": Decimal("15000.00"),
        "payout_date": PAYOUT,
    }
    values.update(changes)
    return RetroactiveDecision(**values)


def advance(covers: Period | None, paid_on: dt.date, amount: str = "8000.00", **changes: Any) -> AssistancePayment:
    values: dict[str, Any] = {
        "covers": covers,
        "paid_on": paid_on,
        "amount": Decimal(amount),
        "kind": AssistanceKind.SUBSISTENCE,
        "advance_with_written_notice": True,
    }
    values.update(changes)
    return AssistancePayment(**values)


def run(payments: list[AssistancePayment], *, received: dt.date = PAYOUT, **changes: Any) -> ReclaimResult:
    """Too late by default (received on the payout day)."""
    return calculate(
        ReclaimInput(decision=decision(**changes), request_received=received, assistance_payments=payments)
    )


def shorts(result: ReclaimResult) -> list[str]:
    return result.as_dict()["repayment_claim_citations"]


# --- Which provision: the day the advance was granted --------------------------------------------


def test_the_provision_follows_the_grant_day_on_both_sides_of_2025_07_01() -> None:
    assert repayment_claim_provision(D(2025, 6, 30)) is statutes.SOL_2001_9_2
    assert repayment_claim_provision(D(2025, 7, 1)) is statutes.SOL_2025_33_2
    assert repayment_claim_provision(D(2001, 1, 1)).short == OLD
    assert repayment_claim_provision(D(2030, 1, 1)).short == NEW


def test_an_advance_granted_2025_06_30_is_claimed_under_the_old_law() -> None:
    result = run([advance(JUNE, D(2025, 6, 30))])
    assert result.reason is Reason.REQUEST_TOO_LATE
    assert result.repayment_claim_possible is True
    assert shorts(result) == [OLD]
    assert OLD_TEXT in result.explanation
    assert "33 kap. 2 §" not in result.explanation
    assert "övergångsbestämmelserna till socialtjänstlagen (2025:400)" in result.explanation
    assert OLD_TEXT in result.citations and NEW_TEXT not in result.citations


def test_an_advance_granted_2025_07_01_is_claimed_under_the_new_law() -> None:
    result = run([advance(JULY, D(2025, 7, 1))])
    assert result.repayment_claim_possible is True
    assert shorts(result) == [NEW]
    assert NEW_TEXT in result.explanation
    assert "9 kap. 2 §" not in result.explanation
    assert "övergångsbestämmelserna" not in result.explanation
    assert NEW_TEXT in result.citations and OLD_TEXT not in result.citations


def test_the_decision_date_does_not_choose_the_provision() -> None:
    # FK decides in 2026, long after the new law came in; the advance was granted under the old law.
    result = run(
        [advance(JUNE, D(2025, 5, 28))],
        decision_date=D(2026, 2, 1),
        payout_date=D(2026, 2, 10),
        received=D(2026, 2, 12),
    )
    assert shorts(result) == [OLD]
    assert OLD_TEXT in result.explanation


def test_mixed_advances_cite_both_provisions_once_oldest_first() -> None:
    payments = [
        advance(JULY, D(2025, 7, 1), id="jul"),
        advance(JUNE, D(2025, 6, 30), id="jun"),
        advance(None, D(2025, 7, 15), "500.00", id="extra"),
        advance(None, D(2025, 6, 10), "500.00", id="extra-old"),
    ]
    result = run(payments)
    assert shorts(result) == [OLD, NEW]
    assert result.repayment_claim_citations == (statutes.SOL_2001_9_2, statutes.SOL_2025_33_2)
    assert result.citations[-2:] == (OLD_TEXT, NEW_TEXT)
    explanation = result.explanation
    assert explanation.index(OLD_TEXT) < explanation.index(NEW_TEXT)
    assert "utbetalning 2 (jun) beviljad 2025-06-30" in explanation
    assert "utbetalning 1 (jul) beviljad 2025-07-01" in explanation


# --- Which advances count ---------------------------------------------------------------------


def test_a_discretionary_advance_does_not_count() -> None:
    result = run([advance(JUNE, D(2025, 6, 30), kind=AssistanceKind.DISCRETIONARY), advance(JULY, D(2025, 7, 1))])
    assert shorts(result) == [NEW]
    only = run([advance(JUNE, D(2025, 6, 30), kind=AssistanceKind.DISCRETIONARY)])
    assert only.repayment_claim_possible is False
    assert only.repayment_claim_citations == ()


def test_an_advance_outside_the_period_does_not_count() -> None:
    outside = advance(Period(D(2025, 8, 1), D(2025, 8, 31)), D(2025, 6, 28))
    paid_outside = advance(None, D(2025, 5, 31))
    result = run([outside, paid_outside, advance(JULY, D(2025, 7, 1), advance_with_written_notice=False)])
    assert result.reason is Reason.REQUEST_TOO_LATE
    assert result.repayment_claim_possible is False
    assert shorts(result) == []
    assert "Något sådant förskott finns inte" in result.explanation


def test_an_advance_of_nothing_does_not_count() -> None:
    result = run([advance(JUNE, D(2025, 6, 30), "0.00")])
    assert result.repayment_claim_possible is False


def test_other_living_counts_like_subsistence() -> None:
    result = run([advance(JUNE, D(2025, 6, 30), kind=AssistanceKind.OTHER_LIVING)])
    assert shorts(result) == [OLD]


def test_an_advance_straddling_the_period_counts_with_its_grant_day() -> None:
    straddling = advance(Period(D(2025, 5, 15), D(2025, 6, 14)), D(2025, 5, 14))
    assert shorts(run([straddling])) == [OLD]


# --- Which reasons open the claim -------------------------------------------------------------


REASON_CASES: dict[Reason, dict[str, Any]] = {
    Reason.REQUEST_TOO_LATE: {"received": PAYOUT},
    Reason.BELOW_THRESHOLD: {"received": D(2025, 9, 2), "amount": Decimal("1000.00")},
    Reason.EXCLUDED_BENEFIT: {"received": D(2025, 9, 2), "benefit": "child_allowance"},
    Reason.NOT_SFB_BENEFIT: {"received": D(2025, 9, 2), "benefit": "establishment_allowance"},
}


@pytest.mark.parametrize("reason", sorted(REASON_CASES))
@pytest.mark.parametrize("with_notice", [True, False])
def test_each_of_the_four_reasons_opens_the_claim_only_with_a_written_notice_advance(
    reason: Reason, with_notice: bool
) -> None:
    result = run([advance(JULY, D(2025, 7, 1), advance_with_written_notice=with_notice)], **REASON_CASES[reason])
    assert result.reason is reason
    assert reason in REPAYMENT_CLAIM_REASONS
    assert result.to_social_services == 0
    assert result.to_person == REASON_CASES[reason].get("amount", Decimal("15000.00"))
    assert result.repayment_claim_possible is with_notice
    assert shorts(result) == ([NEW] if with_notice else [])
    assert (NEW_TEXT in result.explanation) is (with_notice or reason is Reason.REQUEST_TOO_LATE)
    if with_notice:
        assert "Nämnden kan därför i stället besluta om återkrav hos personen" in result.explanation


def test_ok_never_opens_the_claim() -> None:
    result = run([advance(JULY, D(2025, 7, 1))], received=D(2025, 9, 2))
    assert result.reason is Reason.OK
    assert result.repayment_claim_possible is False
    assert shorts(result) == []
    assert "33 kap." not in result.explanation


def test_no_overlapping_assistance_never_opens_the_claim() -> None:
    result = run([advance(Period(D(2025, 8, 1), D(2025, 8, 31)), D(2025, 7, 30))], received=D(2025, 9, 2))
    assert result.reason is Reason.NO_OVERLAPPING_ASSISTANCE
    assert result.repayment_claim_possible is False


def test_too_late_without_an_advance_names_the_provisions_of_the_counted_bistand() -> None:
    result = run(
        [
            advance(JUNE, D(2025, 6, 30), advance_with_written_notice=False),
            advance(JULY, D(2025, 7, 1), advance_with_written_notice=False),
        ]
    )
    assert result.repayment_claim_possible is False
    assert f"{OLD_TEXT} (bistånd beviljat före 2025-07-01)" in result.explanation
    assert f"{NEW_TEXT} (bistånd beviljat från och med 2025-07-01)" in result.explanation
    assert result.citations[-2:] == (OLD_TEXT, NEW_TEXT)


# --- A payout before the decision date ----------------------------------------------------------


def test_a_payout_before_the_decision_date_is_accepted() -> None:
    earlier = decision(decision_date=D(2025, 9, 1), payout_date=D(2025, 8, 20))
    assert deadline(earlier) == D(2025, 8, 19)
    assert not is_too_late(earlier, D(2025, 8, 19))
    assert is_too_late(earlier, D(2025, 8, 20))
    assert is_too_late(earlier, D(2025, 9, 1))


def test_a_request_before_an_earlier_payout_is_in_time() -> None:
    result = run(
        [advance(JULY, D(2025, 7, 1))], decision_date=D(2025, 9, 1), payout_date=D(2025, 8, 20), received=D(2025, 8, 19)
    )
    assert result.reason is Reason.OK
    assert result.to_social_services == Decimal("8000.00")
    assert "ligger före beslutsdagen 2025-09-01" in result.explanation


def test_a_request_on_the_decision_date_after_an_earlier_payout_is_too_late() -> None:
    result = run(
        [advance(JULY, D(2025, 7, 1))], decision_date=D(2025, 9, 1), payout_date=D(2025, 8, 20), received=D(2025, 9, 1)
    )
    assert result.reason is Reason.REQUEST_TOO_LATE
    assert result.deadline == D(2025, 8, 19)
    assert shorts(result) == [NEW]


def test_the_contract_accepts_a_payout_before_the_decision_date() -> None:
    data = {
        "benefit": "sickness_benefit",
        "decided_by": "fk",
        "decision_date": "2025-09-01",
        "retroactive_period": {"start": "2025-06-01", "end": "2025-07-31"},
        "retroactive_amount": "15000.00",
        "request_received": "2025-09-01",
        "payout_date": "2025-08-20",
        "assistance_payments": [
            {
                "covers": {"start": "2025-06-01", "end": "2025-06-30"},
                "paid_on": "2025-05-28",
                "amount": "8000.00",
                "kind": "subsistence",
                "advance_with_written_notice": True,
            }
        ],
        "repaid": "0.00",
        "previously_reclaimed": "0.00",
    }
    result = evaluate(data)
    assert result["reason"] == "request_too_late"
    assert result["deadline"] == "2025-08-19"
    assert result["repayment_claim_possible"] is True
    assert result["repayment_claim_citations"] == [OLD]
