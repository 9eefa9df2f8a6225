"""The Swedish explanation of a calculation, with what it says about återkrav hos personen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from samverkan.domain.money import ZERO, format_money
from samverkan.domain.reclaim.benefits import PRO_RATA_CITATION, cite, oldest_first, repayment_claim_provision
from samverkan.domain.reclaim.model import Allocation, AssistancePayment, Reason, ReclaimInput
from samverkan.domain.reclaim.timing import deadline, too_late_message
from samverkan.domain.statutes import NEW_SOL_IN_FORCE, STATUTES, Citation


def _payment_label(index: int, payment: AssistancePayment) -> str:
    label = f"utbetalning {index + 1}"
    if payment.id is not None:
        label += f" ({payment.id})"
    return label


def claim_provisions_named(data: ReclaimInput, overlapping: Sequence[int]) -> tuple[Citation, ...]:
    """The provisions a note that no claim is possible names.

    Those that would govern the counted bistånd (by the day each was granted), oldest first; the
    one in force on the decision date when no bistånd counts.
    """
    payments = data.assistance_payments
    if overlapping:
        return oldest_first(repayment_claim_provision(payments[i].paid_on) for i in overlapping)
    return (repayment_claim_provision(data.decision.decision_date),)


def _granted_when(citation: Citation) -> str:
    """Which grant days a claim provision governs, in Swedish (from its validity period)."""
    start, end = citation.valid_from, citation.valid_to
    if start is not None and end is not None:
        return f"bistånd beviljat {start.isoformat()}–{end.isoformat()}"
    if end is not None:
        return f"bistånd beviljat före {(end + dt.timedelta(days=1)).isoformat()}"
    if start is not None:
        return f"bistånd beviljat från och med {start.isoformat()}"
    return "bistånd"


def _transitional_note(granted: Iterable[dt.date]) -> str:
    """Why bistånd granted before the new socialtjänstlag is claimed under the old one; empty otherwise."""
    if not any(day < NEW_SOL_IN_FORCE for day in granted):
        return ""
    new_law = STATUTES["SoL (2025:400)"].cited_as
    old_law = STATUTES["SoL (2001:453)"].cited_as
    return (
        f" Enligt övergångsbestämmelserna till {new_law} gäller den äldre {old_law} för bistånd som beviljades "
        f"före {NEW_SOL_IN_FORCE.isoformat()}; det är dagen då biståndet beviljades som avgör, inte dagen för "
        "återkravet."
    )


def _claim_lines(
    data: ReclaimInput,
    reason: Reason,
    advances: Sequence[int],
    overlapping: Sequence[int],
    claim_citations: Sequence[Citation],
) -> list[str]:
    """What the result says about återkrav hos personen (SoL 9 kap. 2 § / 33 kap. 2 §)."""
    payments = data.assistance_payments
    if claim_citations:
        groups: dict[Citation, list[str]] = {c: [] for c in claim_citations}
        for i in advances:
            groups[repayment_claim_provision(payments[i].paid_on)].append(
                f"{_payment_label(i, payments[i])} beviljad {payments[i].paid_on.isoformat()}"
            )
        if len(groups) == 1:
            ((citation, labels),) = groups.items()
            how = f"enligt {citation.text} ({', '.join(labels)})"
        else:
            how = " och ".join(f"enligt {c.text} för {', '.join(labels)}" for c, labels in groups.items())
        which = "Beloppet kan inte betalas till nämnden" if reason is not Reason.REQUEST_TOO_LATE else "Det är för sent"
        return [
            f"{which}, men biståndet lämnades som förskott genom ett skriftligt beslut där personen fick veta att "
            f"det skulle återkrävas. Nämnden kan därför i stället besluta om återkrav hos personen {how}."
            + _transitional_note(payments[i].paid_on for i in advances)
        ]
    if reason is not Reason.REQUEST_TOO_LATE:
        return []
    named = claim_provisions_named(data, overlapping)
    claim = named[0].text if len(named) == 1 else " eller ".join(f"{c.text} ({_granted_when(c)})" for c in named)
    return [
        f"Återkrav hos personen enligt {claim} går bara för bistånd som lämnats som förskott genom ett "
        "skriftligt beslut där personen fick veta att det skulle återkrävas. Något sådant förskott finns "
        "inte för perioden."
    ]


def explain(
    data: ReclaimInput,
    *,
    reason: Reason,
    counted: Decimal,
    candidate: Decimal,
    to_social_services: Decimal,
    to_person: Decimal,
    allocations: Sequence[Allocation],
    advances: Sequence[int],
    overlapping: Sequence[int],
    claim_citations: Sequence[Citation],
) -> str:
    """The explanation in Swedish, one line per step: the decision, the count, the outcome."""
    lines = [_decision_line(data)]
    claim_lines = _claim_lines(data, reason, advances, overlapping, claim_citations)
    if reason not in (Reason.OK, Reason.BELOW_THRESHOLD):
        return "\n".join(lines + _without_count(data, reason, claim_lines))
    # ok or below_threshold: show the count.
    lines += _count_lines(data, reason, counted, candidate, allocations)
    if reason is Reason.BELOW_THRESHOLD:
        whole = format_money(data.decision.amount)
        lines.append(
            f"Enligt {cite('reclaim', data.decision.decision_date)} betalas ersättning till socialnämnden bara om "
            "beloppet överstiger 1 000 kr; exakt 1 000,00 kr räcker inte. Lagtexten kan också läsas som att gränsen "
            "gäller hela den retroaktiva ersättningen. Vi använder den säkra läsningen att beloppet till nämnden "
            f"måste överstiga 1 000 kr, så nämnden får inget och hela {whole} betalas till personen."
        )
        return "\n".join(lines + claim_lines)
    return "\n".join(lines + _paid_to_social_services(data, to_social_services, to_person))


def _decision_line(data: ReclaimInput) -> str:
    """The retroactive decision: benefit, period, amount and payout day."""
    decision = data.decision
    on = decision.decision_date
    agency = decision.decided_by.swedish
    whole = format_money(decision.amount)
    payout = decision.payout_date.isoformat()
    if decision.payout_date < on:
        return (
            f"Retroaktiv ersättning från {agency}: {decision.benefit_info.name} för {decision.period}, {whole}. "
            f"Utbetalningen den {payout} ligger före beslutsdagen {on.isoformat()} (till exempel efter ett "
            "tidigare interimistiskt beslut); en begäran måste ändå ha kommit in före utbetalningen."
        )
    return (
        f"Retroaktiv ersättning från {agency}: {decision.benefit_info.name} för {decision.period}, {whole} som "
        f"betalas ut den {payout}."
    )


def _without_count(data: ReclaimInput, reason: Reason, claim_lines: list[str]) -> list[str]:
    """Why nothing can go to the nämnd before any bistånd is counted; all of it is paid to the person."""
    decision = data.decision
    info = decision.benefit_info
    sfb = cite("reclaim", decision.decision_date)
    whole = format_money(decision.amount)
    if reason is Reason.EXCLUDED_BENEFIT:
        return [
            f"{info.name.capitalize()} får aldrig betalas ut till socialnämnden: förmånen undantas i {sfb}. "
            f"Hela {whole} betalas till personen.",
            *claim_lines,
        ]
    if reason is Reason.NOT_SFB_BENEFIT:
        return [
            f"{info.name.capitalize()} är ingen förmån enligt socialförsäkringsbalken (den regleras i "
            f"{info.citation}) och kan därför inte återsökas enligt {sfb}. Hela {whole} betalas till personen.",
            *claim_lines,
        ]
    if reason is Reason.REQUEST_TOO_LATE:
        return [
            too_late_message(decision, data.request_received) + f" Hela {whole} betalas till personen.",
            *claim_lines,
        ]
    lines = [  # Reason.NO_OVERLAPPING_ASSISTANCE
        f"Inget ekonomiskt bistånd enligt {cite('assistance', decision.decision_date)} har betalats till personen "
        f"eller familjen för eller under perioden {decision.period}, så det finns inget att återsöka enligt {sfb}. "
        f"Hela {whole} betalas till personen."
    ]
    _note_discretionary(lines, data)
    return lines


def _count_lines(
    data: ReclaimInput, reason: Reason, counted: Decimal, candidate: Decimal, allocations: Sequence[Allocation]
) -> list[str]:
    """The bistånd counted against the period, payment by payment, less deductions."""
    sol = cite("assistance", data.decision.decision_date)
    lines = [
        f"Ekonomiskt bistånd enligt {sol} till personen och familjen för samma tid räknas med {format_money(counted)}:"
    ]
    for allocation in allocations:
        payment = data.assistance_payments[allocation.payment_index]
        for_whom = f", till {payment.member}" if payment.member else ""
        share = (
            f"{allocation.days} av {allocation.payment_days} dagar inom perioden"
            if payment.covers is not None
            else f"utbetald {payment.paid_on.isoformat()} inom perioden"
        )
        taken = (
            f", varav {format_money(allocation.claimed)} återsöks"
            if reason is Reason.OK and allocation.claimed != allocation.counted
            else ""
        )
        lines.append(
            f"– {_payment_label(allocation.payment_index, payment)}{for_whom}, {allocation.start.isoformat()}–"
            f"{allocation.end.isoformat()} ({share}): {format_money(allocation.counted)}{taken}"
        )
    if any(a.days < a.payment_days for a in allocations if data.assistance_payments[a.payment_index].covers):
        lines.append(
            f"Bistånd som delvis avser tid utanför perioden räknas i proportion till antalet dagar "
            f"({PRO_RATA_CITATION})."
        )
    if data.ledger:
        lines.append("Bistånd som redan har återsökts för samma dagar är inte medräknat.")
    _note_discretionary(lines, data)
    if data.repaid:
        lines.append(f"Avdrag för det personen har betalat tillbaka: {format_money(data.repaid)}.")
    if data.previously_reclaimed:
        lines.append(f"Avdrag för det som tidigare återsökts för perioden: {format_money(data.previously_reclaimed)}.")
    lines.append(
        f"Det som kan betalas till nämnden är det lägsta av den retroaktiva ersättningen "
        f"({format_money(data.decision.amount)}) och biståndet efter avdrag: {format_money(candidate)}."
    )
    return lines


def _paid_to_social_services(data: ReclaimInput, to_social_services: Decimal, to_person: Decimal) -> list[str]:
    """The outcome when the nämnd is paid: how much, the rest to the person, and that the request was in time."""
    decision = data.decision
    rest = (
        f"Resten, {format_money(to_person)}, betalas till personen." if to_person else "Inget blir kvar till personen."
    )
    return [
        f"Socialnämnden får {format_money(to_social_services)} enligt {cite('reclaim', decision.decision_date)}. {rest}",
        f"Begäran kom in {data.request_received.isoformat()}, i tid före utbetalningen (senast "
        f"{deadline(decision).isoformat()}).",
        f"Personen ska få veta att nämnden har begärt återsökning och vad {decision.decided_by.swedish} beslutar; "
        "nämnden kan överklaga beslutet.",
    ]


def _note_discretionary(lines: list[str], data: ReclaimInput) -> None:
    discretionary = [p.amount for p in data.assistance_payments if not p.counts]
    if discretionary:
        total = format_money(sum(discretionary, ZERO))
        lines.append(
            f"Bistånd enligt {cite('discretionary', data.decision.decision_date)} ({total}) räknas inte vid "
            "återsökning."
        )
