"""Nightly detection: which retroactive decisions overlap bistånd paid for the same time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from samverkan.domain.money import round_ore
from samverkan.domain.reclaim.model import AssistancePayment, RetroactiveDecision
from samverkan.domain.reclaim.timing import deadline


@dataclass(frozen=True, slots=True, kw_only=True)
class Overlap:
    """A retroactive decision that overlaps counted bistånd paid to the same household."""

    decision_index: int
    decision: RetroactiveDecision
    payment_indexes: tuple[int, ...]
    payments: tuple[AssistancePayment, ...]
    counted_assistance: Decimal  # before any ledger, rounded once
    deadline: dt.date


def detect_overlaps(decisions: Iterable[RetroactiveDecision], payments: Iterable[AssistancePayment]) -> list[Overlap]:
    """Decisions whose period overlaps counted bistånd of the same ``household``, most urgent first.

    A sweep over the sorted start and end days per household (see the module
    docstring). Indexes refer to the positions in the given iterables. Sorted by
    :func:`deadline`, then input order.
    """
    decision_list = list(decisions)
    payment_list = list(payments)
    # Events: (day, 0 = opens / 1 = closes after the day, 0 = decision / 1 = payment, index).
    events: dict[str | None, list[tuple[dt.date, int, int, int]]] = defaultdict(list)
    for i, decision in enumerate(decision_list):
        events[decision.household].append((decision.period.start, 0, 0, i))
        events[decision.household].append((decision.period.end, 1, 0, i))
    for j, payment in enumerate(payment_list):
        if not payment.counts or payment.amount == 0:
            continue
        span = payment.span
        events[payment.household].append((span.start, 0, 1, j))
        events[payment.household].append((span.end, 1, 1, j))

    matches: dict[int, list[int]] = defaultdict(list)
    for household_events in events.values():
        household_events.sort()
        open_decisions: dict[int, None] = {}
        open_payments: dict[int, None] = {}
        for _, closes, what, index in household_events:
            if closes:
                (open_decisions if what == 0 else open_payments).pop(index, None)
            elif what == 0:
                matches[index].extend(open_payments)
                open_decisions[index] = None
            else:
                for d in open_decisions:
                    matches[d].append(index)
                open_payments[index] = None

    found = []
    for i, js in matches.items():
        if not js:
            continue
        decision = decision_list[i]
        indexes = tuple(sorted(js))
        total = round_ore(sum((payment_list[j].share_inside(decision.period) for j in indexes), Fraction(0)))
        found.append(
            Overlap(
                decision_index=i,
                decision=decision,
                payment_indexes=indexes,
                payments=tuple(payment_list[j] for j in indexes),
                counted_assistance=total,
                deadline=deadline(decision),
            )
        )
    return sorted(found, key=lambda o: (o.deadline, o.decision_index))
