"""The calculation behind every write of återsökning (SFB 107 kap. 5 §): the household's bistånd for the
decision's period against the ledger of earlier reclaims, stored on the reclaim, and the Swedish texts
that say why a request is too late or cannot be sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from samverkan.assistance.models import Payment
from samverkan.cases.models import Case
from samverkan.domain.money import ZERO, format_money
from samverkan.domain.reclaim import (
    THRESHOLD,
    Agency,
    Period,
    Reason,
    ReclaimInput,
    ReclaimResult,
    RetroactiveDecision,
    available_assistance,
    calculate,
    repayment_claim_provision,
)
from samverkan.reclaims import selectors
from samverkan.reclaims.common import RECLAIM_CITATION
from samverkan.reclaims.models import Reclaim, ReclaimLedgerEntry


def domain_decision(reclaim: Reclaim) -> RetroactiveDecision:
    return RetroactiveDecision(
        benefit=reclaim.benefit,
        decided_by=Agency(reclaim.agency.org_type),
        decision_date=reclaim.decision_date,
        period=Period(reclaim.period_start, reclaim.period_end),
        amount=reclaim.retroactive_amount,
        payout_date=reclaim.payout_date,
        id=str(reclaim.decision_id),
    )


@dataclass(frozen=True)
class Calculation:
    data: ReclaimInput
    result: ReclaimResult
    payments: dict[str, Payment]


def household_calculation(
    *, case: Case, decision: RetroactiveDecision, request_received: dt.date, exclude: Reclaim | None = None
) -> Calculation:
    """The domain calculation with the household's bistånd and the ledger of earlier reclaims."""
    stored = selectors.household_payments(case, decision.period)
    payments = [selectors.domain_payment(p, benefit=decision.benefit) for p in stored]
    ledger = selectors.ledger_for_payments([p.pk for p in stored], exclude_reclaim=exclude)
    # Bistånd paid back by the day the request is received is deducted (SFB 107 kap. 5 §: "till den del
    # den ersättningsberättigade inte har återbetalat biståndet"), each payment's at most its share here.
    from samverkan.assistance.selectors import repaid_by_payment
    from samverkan.domain.money import round_ore

    repaid_on_payment = repaid_by_payment([p.pk for p in stored], on=request_received)
    repaid = sum(
        (
            min(repaid_on_payment.get(stored_payment.pk, ZERO), round_ore(p.share_inside(decision.period)))
            for stored_payment, p in zip(stored, payments, strict=True)
        ),
        ZERO,
    )
    data = ReclaimInput(
        decision=decision,
        request_received=request_received,
        assistance_payments=payments,
        ledger=ledger,
        repaid=repaid,
    )
    return Calculation(data=data, result=calculate(data), payments={str(p.pk): p for p in stored})


def store_result(reclaim: Reclaim, calc: Calculation, on: dt.date) -> None:
    result = calc.result
    reclaim.reason = result.reason.value
    reclaim.to_social_services = result.to_social_services
    reclaim.to_person = result.to_person
    reclaim.counted_assistance = result.counted_assistance
    reclaim.repayment_claim_possible = result.repayment_claim_possible
    reclaim.repayment_claim_citations = claim_provisions(result, calc)
    reclaim.explanation = result.explanation
    reclaim.citations = list(result.citations)
    reclaim.calculation = {
        "request_received": calc.data.request_received.isoformat(),
        "ledger_rows": len(calc.data.ledger),
        "payments": [
            {
                "id": p.id,
                "member": p.member,
                "kind": p.kind.value,
                "amount": f"{p.amount:.2f}",
                "covers": [p.span.start.isoformat(), p.span.end.isoformat()],
                "paid_on": p.paid_on.isoformat(),
                "advance_with_written_notice": p.advance_with_written_notice,
            }
            for p in calc.data.assistance_payments
        ],
        "result": result.as_dict(),
    }
    reclaim.calculated_on = on


def write_ledger(reclaim: Reclaim, calc: Calculation, allocations: Sequence[Any]) -> None:
    rows = []
    for allocation in allocations:
        if allocation.claimed <= 0:
            continue
        payment = calc.payments[str(allocation.payment_id)]
        rows.append(
            ReclaimLedgerEntry(
                organisation=reclaim.organisation,
                person=payment.recipient,
                payment=payment,
                reclaim=reclaim,
                start=allocation.start,
                end=allocation.end,
                amount=allocation.claimed,
            )
        )
    ReclaimLedgerEntry.objects.bulk_create(rows)


def lock_payments(calc: Calculation) -> None:
    """Serialise requests on the same bistånd (PostgreSQL; SQLite write transactions already are)."""
    if calc.payments:
        list(Payment.objects.select_for_update().filter(pk__in=[p.pk for p in calc.payments.values()]))


def claim_provisions(result: ReclaimResult, calc: Calculation) -> list[str]:
    """The provisions a claim on the person rests on: those of the counted advances when a claim is possible,
    else those of the bistånd paid for the period (what a claim would have rested on), by the day each was paid."""
    if result.repayment_claim_possible:
        return [c.text for c in result.repayment_claim_citations]
    dates = sorted({p.paid_on for p in calc.payments.values()})
    return list(dict.fromkeys(repayment_claim_provision(d).text for d in dates))


def too_late_text(reclaim: Reclaim, result: ReclaimResult, on: dt.date) -> str:
    agency = reclaim.agency.name
    text = (
        f"Utbetalningsdagen {reclaim.payout_date.isoformat()} har passerat (i dag är det {on.isoformat()}). "
        f"En begäran enligt {RECLAIM_CITATION} måste komma in till {agency} före utbetalningen, alltså senast "
        f"{reclaim.deadline.isoformat()}. Hela det retroaktiva beloppet betalas till personen och kan inte längre "
        "betalas till socialnämnden."
    )
    claim = reclaim.repayment_claim_provisions
    if result.repayment_claim_possible:
        text += (
            f" Biståndet lämnades som förskott på {reclaim.benefit_name} genom ett skriftligt beslut där personen fick "
            f"veta att det skulle återkrävas. Nämnden kan därför besluta om återkrav hos personen enligt {claim}."
        )
    else:
        text += (
            f" Återkrav hos personen enligt {claim} är inte möjligt: det går bara för bistånd som lämnats som "
            f"förskott på förmånen genom ett skriftligt beslut där personen fick veta att det skulle återkrävas, "
            "och något sådant förskott finns inte för perioden."
        )
    return text


def refusal_message(reclaim: Reclaim, calc: Calculation) -> str:
    """Why there is nothing to send, in Swedish; names earlier reclaims when they took the bistånd."""
    result = calc.result
    period = f"{reclaim.period_start.isoformat()}–{reclaim.period_end.isoformat()}"
    if result.reason is Reason.EXCLUDED_BENEFIT or result.reason is Reason.NOT_SFB_BENEFIT:
        return result.explanation.splitlines()[-1]
    if calc.data.ledger:
        before, _ = available_assistance(
            calc.data.assistance_payments, Period(reclaim.period_start, reclaim.period_end), ()
        )
        if before > result.counted_assistance:
            earlier = selectors.earlier_reclaims_for([int(k) for k in calc.payments], exclude_reclaim=reclaim)
            names = ", ".join(r.reference for r in earlier) or "en tidigare återsökning"
            return (
                f"Biståndet för perioden {period} har redan återsökts ({names}). Samma bistånd kan aldrig "
                f"återsökas två gånger ({RECLAIM_CITATION}). Kvar att återsöka för perioden: "
                f"{format_money(result.counted_assistance)}; nämnden får bara ersättning om beloppet överstiger "
                f"{format_money(THRESHOLD)}, så begäran kan inte skickas."
            )
    if result.reason is Reason.NO_OVERLAPPING_ASSISTANCE:
        return (
            f"Inget ekonomiskt bistånd har betalats till hushållet för perioden {period}, så det finns inget att "
            "återsöka."
        )
    candidate = max(ZERO, min(reclaim.retroactive_amount, result.counted_assistance - result.deductions))
    return (
        f"Beloppet till nämnden skulle bli {format_money(candidate)}: högst 1 000 kr betalas inte ut till "
        f"socialnämnden ({RECLAIM_CITATION}), så begäran kan inte skickas."
    )
