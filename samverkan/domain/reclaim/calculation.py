"""The calculation of återsökning for one retroactive decision (SFB 107 kap. 5 §)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from samverkan.domain.money import ZERO, round_ore
from samverkan.domain.reclaim.allocation import available_pieces, fill
from samverkan.domain.reclaim.benefits import (
    PRO_RATA_CITATION,
    THRESHOLD,
    BenefitStatus,
    cite,
    oldest_first,
    repayment_claim_provision,
)
from samverkan.domain.reclaim.explanation import claim_provisions_named, explain
from samverkan.domain.reclaim.model import REPAYMENT_CLAIM_REASONS, Reason, ReclaimInput, ReclaimResult
from samverkan.domain.reclaim.timing import deadline, is_too_late


def calculate(data: ReclaimInput) -> ReclaimResult:
    """Återsökning for one retroactive decision (SFB 107 kap. 5 §), exactly per the contract."""
    decision = data.decision
    info = decision.benefit_info
    on = decision.decision_date
    payments = data.assistance_payments

    overlapping = [i for i, p in enumerate(payments) if p.share_inside(decision.period) > 0]
    partly_outside = [i for i in overlapping if payments[i].days_inside(decision.period) < payments[i].span.days]
    pieces = available_pieces(payments, decision.period, data.ledger)
    counted = round_ore(sum((p.available for p in pieces), Fraction(0)))
    deductions = data.repaid + data.previously_reclaimed
    candidate = max(ZERO, min(decision.amount, counted - deductions))
    reason = _reason(data, bool(overlapping), candidate)
    to_social_services = candidate if reason is Reason.OK else ZERO
    to_person = decision.amount - to_social_services
    # Counted advances: share above zero under the counting rules (the ledger of reclaims is not asked).
    advances = [i for i in overlapping if payments[i].advance_with_written_notice]
    repayment_claim_possible = reason in REPAYMENT_CLAIM_REASONS and bool(advances)
    claim_citations = (
        oldest_first(repayment_claim_provision(payments[i].paid_on) for i in advances)
        if repayment_claim_possible
        else ()
    )
    allocations = tuple(fill(pieces, to_social_services))

    citations = [cite("reclaim", on), cite("assistance", on), info.citation]
    if any(not p.counts for p in payments):
        citations.append(cite("discretionary", on))
    if any(payments[i].covers is not None for i in partly_outside):
        citations.append(PRO_RATA_CITATION)
    if repayment_claim_possible:
        citations.extend(c.text for c in claim_citations)
    elif reason is Reason.REQUEST_TOO_LATE:
        citations.extend(c.text for c in claim_provisions_named(data, overlapping))

    explanation = explain(
        data,
        reason=reason,
        counted=counted,
        candidate=candidate,
        to_social_services=to_social_services,
        to_person=to_person,
        allocations=allocations,
        advances=advances,
        overlapping=overlapping,
        claim_citations=claim_citations,
    )
    return ReclaimResult(
        benefit=info,
        to_social_services=to_social_services,
        to_person=to_person,
        reason=reason,
        repayment_claim_possible=repayment_claim_possible,
        repayment_claim_citations=claim_citations,
        counted_assistance=counted,
        deductions=deductions,
        deadline=deadline(decision),
        allocations=allocations,
        citations=tuple(citations),
        explanation=explanation,
    )


def _reason(data: ReclaimInput, overlapping: bool, candidate: Decimal) -> Reason:
    """Why the nämnd gets the candidate amount or nothing, checked in the contract's order."""
    info = data.decision.benefit_info
    if info.status is BenefitStatus.EXCLUDED:
        return Reason.EXCLUDED_BENEFIT
    if info.status is BenefitStatus.NOT_SFB_BENEFIT or not info.periodic:
        return Reason.NOT_SFB_BENEFIT
    if is_too_late(data.decision, data.request_received):
        return Reason.REQUEST_TOO_LATE
    if not overlapping:
        return Reason.NO_OVERLAPPING_ASSISTANCE
    # "överstiger 1 000 kronor": exactly 1 000,00 kr does not exceed it. The statute can be read as
    # putting the limit on the retroactive benefit (as seed 000 does); the safe reading, which never
    # pays the nämnd on a doubtful basis, puts it on the amount to the nämnd (docs/domain.md §6).
    if candidate <= THRESHOLD:
        return Reason.BELOW_THRESHOLD
    return Reason.OK
