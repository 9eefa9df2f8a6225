"""Properties of återsökning that hold for every input (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.domain.money import from_ore, round_ore
from samverkan.domain.reclaim import (
    BENEFITS,
    REPAYMENT_CLAIM_REASONS,
    THRESHOLD,
    AssistanceKind,
    AssistancePayment,
    LedgerEntry,
    Period,
    Reason,
    ReclaimInput,
    ReclaimResult,
    RetroactiveDecision,
    calculate,
    deadline,
    detect_overlaps,
    is_too_late,
)

BASE = dt.date(2025, 7, 1)
#: The day the new socialtjänstlag (2025:400) came into force; bistånd granted before it is claimed back
#: under the old law (transitional provisions).
NEW_SOL = dt.date(2025, 7, 1)
OLD_CLAIM = "9 kap. 2 § SoL (2001:453)"
NEW_CLAIM = "33 kap. 2 § SoL (2025:400)"


def day(n: int) -> dt.date:
    return BASE + dt.timedelta(days=n)


@st.composite
def periods(draw: st.DrawFn, max_length: int = 120) -> Period:
    start = draw(st.integers(0, 400))
    return Period(day(start), day(start + draw(st.integers(0, max_length))))


amounts = st.integers(0, 3_000_000).map(from_ore)  # up to 30 000 kr, in whole öre


@st.composite
def payment_lists(draw: st.DrawFn, households: tuple[str | None, ...] = (None,)) -> list[AssistancePayment]:
    count = draw(st.integers(0, 6))
    payments = []
    for index in range(count):
        covers = draw(st.one_of(st.none(), periods(max_length=45)))
        payments.append(
            AssistancePayment(
                id=f"p{index}",
                covers=covers,
                paid_on=day(draw(st.integers(-120, 450))),  # on both sides of 2025-07-01
                amount=draw(amounts),
                kind=draw(st.sampled_from(AssistanceKind)),
                advance_with_written_notice=draw(st.booleans()),
                member=draw(st.sampled_from([None, "Partner", "Barn 1"])),
                household=draw(st.sampled_from(households)),
            )
        )
    return payments


@st.composite
def decisions(draw: st.DrawFn, households: tuple[str | None, ...] = (None,)) -> RetroactiveDecision:
    code = draw(st.sampled_from(sorted(BENEFITS)))
    period = draw(periods())
    decision_date = period.start + dt.timedelta(days=draw(st.integers(0, 200)))
    return RetroactiveDecision(
        benefit=code,
        decided_by=draw(st.sampled_from(BENEFITS[code].decided_by)),
        decision_date=decision_date,
        period=period,
        amount=draw(amounts),
        # An earlier interim decision may have been paid: the payout may lie before the decision date.
        payout_date=decision_date + dt.timedelta(days=draw(st.integers(-30, 30))),
        household=draw(st.sampled_from(households)),
    )


@st.composite
def inputs(draw: st.DrawFn) -> ReclaimInput:
    decision = draw(decisions())
    return ReclaimInput(
        decision=decision,
        request_received=decision.payout_date + dt.timedelta(days=draw(st.integers(-40, 5))),
        assistance_payments=draw(payment_lists()),
        repaid=draw(st.sampled_from([Decimal("0.00"), Decimal("500.00")]) | amounts),
        previously_reclaimed=draw(st.sampled_from([Decimal("0.00")]) | amounts),
    )


def same_outcome(a: ReclaimResult, b: ReclaimResult) -> bool:
    return (a.to_social_services, a.to_person, a.reason, a.counted_assistance, a.repayment_claim_possible) == (
        b.to_social_services,
        b.to_person,
        b.reason,
        b.counted_assistance,
        b.repayment_claim_possible,
    )


@given(inputs())
def test_the_retroactive_amount_is_always_split_between_nämnd_and_person(data: ReclaimInput) -> None:
    result = calculate(data)
    assert result.to_social_services + result.to_person == data.decision.amount
    assert result.to_social_services >= 0
    assert result.to_person >= 0


@given(inputs())
def test_the_nämnd_never_gets_more_than_the_benefit_or_the_counted_assistance(data: ReclaimInput) -> None:
    result = calculate(data)
    assert result.to_social_services <= data.decision.amount
    assert result.to_social_services <= result.counted_assistance
    assert result.to_social_services <= max(Decimal(0), result.counted_assistance - result.deductions)


@given(inputs())
def test_nothing_goes_to_the_nämnd_unless_the_reason_is_ok(data: ReclaimInput) -> None:
    result = calculate(data)
    if result.reason is Reason.OK:
        assert result.to_social_services > THRESHOLD
        assert result.benefit.reclaimable
    else:
        assert result.to_social_services == 0
        assert result.to_person == data.decision.amount
    if result.repayment_claim_possible:
        assert result.reason in REPAYMENT_CLAIM_REASONS
        assert result.to_social_services == 0


def _counted_advances(data: ReclaimInput) -> list[AssistancePayment]:
    """Written-notice advances with a share above zero in the period, computed without the module."""
    period = data.decision.period
    found = []
    for payment in data.assistance_payments:
        if payment.kind is AssistanceKind.DISCRETIONARY or not payment.advance_with_written_notice:
            continue
        if payment.amount == 0:
            continue
        inside = period.contains(payment.paid_on) if payment.covers is None else payment.covers.overlap(period)
        if inside:
            found.append(payment)
    return found


@given(inputs())
def test_repayment_claim_possible_iff_nothing_through_107_5_and_a_counted_advance(data: ReclaimInput) -> None:
    result = calculate(data)
    nothing_for_a_reason = result.reason in {
        Reason.REQUEST_TOO_LATE,
        Reason.BELOW_THRESHOLD,
        Reason.EXCLUDED_BENEFIT,
        Reason.NOT_SFB_BENEFIT,
    }
    assert result.repayment_claim_possible == (nothing_for_a_reason and bool(_counted_advances(data)))
    assert result.as_dict()["repayment_claim_possible"] is result.repayment_claim_possible
    if nothing_for_a_reason:
        assert result.to_social_services == 0


@given(inputs())
def test_repayment_claim_citations_follow_the_grant_day_each_once_oldest_first(data: ReclaimInput) -> None:
    result = calculate(data)
    cited = result.as_dict()["repayment_claim_citations"]
    if not result.repayment_claim_possible:
        assert cited == []
        return
    expected = {OLD_CLAIM if p.paid_on < NEW_SOL else NEW_CLAIM for p in _counted_advances(data)}
    assert cited == [c for c in (OLD_CLAIM, NEW_CLAIM) if c in expected]  # a sorted, duplicate-free subset
    # The explanation names exactly the provisions that govern the claim, in full.
    for citation in result.repayment_claim_citations:
        assert citation.text in result.explanation
        assert citation.text in result.citations
    if OLD_CLAIM not in expected:
        assert "9 kap. 2 §" not in result.explanation
    if NEW_CLAIM not in expected:
        assert "33 kap. 2 §" not in result.explanation


@given(inputs())
def test_the_request_must_come_before_the_payout_whatever_the_decision_date(data: ReclaimInput) -> None:
    decision = data.decision
    assert deadline(decision) == decision.payout_date - dt.timedelta(days=1)
    assert is_too_late(decision, data.request_received) == (data.request_received >= decision.payout_date)
    result = calculate(data)
    if result.reason is Reason.OK:
        assert data.request_received < decision.payout_date


@given(inputs())
def test_counted_assistance_is_the_exact_pro_rata_sum_rounded_once(data: ReclaimInput) -> None:
    period = data.decision.period
    exact = Fraction(0)
    for payment in data.assistance_payments:
        if payment.kind is AssistanceKind.DISCRETIONARY:
            continue
        if payment.covers is None:
            exact += Fraction(payment.amount) if period.contains(payment.paid_on) else 0
        else:
            inside = payment.covers.overlap(period)
            exact += Fraction(payment.amount) * (inside.days if inside else 0) / payment.covers.days
    assert calculate(data).counted_assistance == round_ore(exact)


@given(inputs())
def test_allocations_account_for_exactly_what_the_nämnd_gets(data: ReclaimInput) -> None:
    result = calculate(data)
    assert sum((a.claimed for a in result.allocations), Decimal(0)) == result.to_social_services
    for allocation in result.allocations:
        payment = data.assistance_payments[allocation.payment_index]
        assert payment.kind is not AssistanceKind.DISCRETIONARY
        assert data.decision.period.contains(allocation.start) and data.decision.period.contains(allocation.end)
        assert payment.span.contains(allocation.start) and payment.span.contains(allocation.end)
        assert 0 <= allocation.claimed <= payment.amount


@given(inputs(), st.randoms(use_true_random=False))
def test_the_order_of_payments_does_not_matter(data: ReclaimInput, rnd: random.Random) -> None:
    shuffled = list(data.assistance_payments)
    rnd.shuffle(shuffled)
    other = ReclaimInput(
        decision=data.decision,
        request_received=data.request_received,
        assistance_payments=shuffled,
        repaid=data.repaid,
        previously_reclaimed=data.previously_reclaimed,
    )
    assert same_outcome(calculate(data), calculate(other))


RECLAIMABLE = sorted(code for code, row in BENEFITS.items() if row.reclaimable)


@st.composite
def crowded_payments(draw: st.DrawFn) -> list[AssistancePayment]:
    """Counted bistånd packed into a few months, so that retroactive periods keep overlapping it."""
    payments = []
    for index in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, 90))
        covers = Period(day(start), day(start + draw(st.integers(0, 40)))) if draw(st.booleans()) else None
        payments.append(
            AssistancePayment(
                id=f"p{index}",
                covers=covers,
                paid_on=day(start),
                amount=from_ore(draw(st.integers(1, 2_000_000))),
                kind=draw(st.sampled_from([AssistanceKind.SUBSISTENCE, AssistanceKind.OTHER_LIVING])),
            )
        )
    return payments


@st.composite
def crowded_decisions(draw: st.DrawFn) -> RetroactiveDecision:
    code = draw(st.sampled_from(RECLAIMABLE))
    start = draw(st.integers(0, 110))
    period = Period(day(start), day(start + draw(st.integers(0, 60))))
    decision_date = period.end + dt.timedelta(days=draw(st.integers(0, 30)))
    return RetroactiveDecision(
        benefit=code,
        decided_by=BENEFITS[code].decided_by[0],
        decision_date=decision_date,
        period=period,
        amount=from_ore(draw(st.integers(0, 4_000_000))),
        payout_date=decision_date + dt.timedelta(days=7),
    )


@settings(max_examples=200)
@given(crowded_payments(), st.lists(crowded_decisions(), min_size=2, max_size=6), st.booleans())
def test_the_ledger_never_claims_more_of_a_payment_than_it_was(
    payments: list[AssistancePayment], decision_list: list[RetroactiveDecision], deduct: bool
) -> None:
    ledger: tuple[LedgerEntry, ...] = ()
    for number, decision in enumerate(decision_list):
        result = calculate(
            ReclaimInput(
                decision=decision,
                request_received=decision.decision_date,
                assistance_payments=payments,
                repaid=Decimal("250.00") if deduct else Decimal("0.00"),
                ledger=ledger,
            )
        )
        ledger = (*ledger, *result.ledger_entries(f"d{number}"))
    claimed: dict[str, Decimal] = defaultdict(Decimal)
    for entry in ledger:
        claimed[entry.payment_id] += entry.amount
    for payment in payments:
        assert payment.id is not None
        assert claimed[payment.id] <= payment.amount
        # Each day range of a payment is never claimed beyond its pro rata value (up to one öre per entry).
        for entry in ledger:
            if entry.payment_id == payment.id:
                assert payment.span.contains(entry.start) and payment.span.contains(entry.end)


@settings(max_examples=200)
@given(crowded_payments(), st.lists(crowded_decisions(), min_size=1, max_size=5))
def test_the_same_period_is_never_reclaimed_twice(
    payments: list[AssistancePayment], decision_list: list[RetroactiveDecision]
) -> None:
    ledger: tuple[LedgerEntry, ...] = ()
    for decision in decision_list:
        rich = RetroactiveDecision(
            benefit=decision.benefit,
            decided_by=decision.decided_by,
            decision_date=decision.decision_date,
            period=decision.period,
            amount=Decimal("999999.00"),  # enough benefit to take all bistånd of the period
            payout_date=decision.payout_date,
        )
        first = calculate(
            ReclaimInput(
                decision=rich, request_received=rich.decision_date, assistance_payments=payments, ledger=ledger
            )
        )
        if first.reason is not Reason.OK:  # at most 1 000 kr of bistånd: nothing taken, nothing entered
            assert first.ledger_entries() == ()
            continue
        ledger = (*ledger, *first.ledger_entries())
        again = calculate(
            ReclaimInput(
                decision=rich, request_received=rich.decision_date, assistance_payments=payments, ledger=ledger
            )
        )
        assert again.counted_assistance < Decimal("1.00")  # at most rounding dust, under an öre per piece
        assert again.to_social_services == 0


@st.composite
def households_world(draw: st.DrawFn) -> tuple[list[RetroactiveDecision], list[AssistancePayment]]:
    households = ("h1", "h2", None)
    return (
        draw(st.lists(decisions(households), max_size=8)),
        draw(st.lists(payment_lists(households), max_size=3).map(lambda lists: [p for ps in lists for p in ps])),
    )


@given(households_world())
def test_detect_overlaps_matches_comparing_every_pair(
    world: tuple[list[RetroactiveDecision], list[AssistancePayment]],
) -> None:
    decision_list, payments = world
    expected = {}
    for i, decision in enumerate(decision_list):
        matches = tuple(
            j
            for j, payment in enumerate(payments)
            if payment.household == decision.household
            and payment.kind is not AssistanceKind.DISCRETIONARY
            and payment.amount > 0
            and payment.span.overlap(decision.period) is not None
        )
        if matches:
            expected[i] = matches
    found = detect_overlaps(decision_list, payments)
    assert {o.decision_index: o.payment_indexes for o in found} == expected
    assert [o.deadline for o in found] == sorted(o.deadline for o in found)
    for overlap in found:
        share = sum((p.share_inside(overlap.decision.period) for p in overlap.payments), Fraction(0))
        assert overlap.counted_assistance == round_ore(share)
