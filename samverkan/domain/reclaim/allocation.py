"""Which bistånd is still available for återsökning: payments cut into days, less what the ledger already took."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from samverkan.domain.errors import InputError
from samverkan.domain.money import ZERO, format_money, from_ore, ore_ceiling, round_ore, to_ore
from samverkan.domain.reclaim.model import (
    Allocation,
    AssistancePayment,
    LedgerEntry,
    Period,
    ReclaimResult,
    check_money,
)


@dataclass(frozen=True, slots=True)
class _Piece:
    """Days of one payment inside the period with one even value per day still unclaimed."""

    index: int
    payment: AssistancePayment
    start: dt.date
    end: dt.date
    available: Fraction  # kronor, exact

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _day(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


def _pieces_of(index: int, payment: AssistancePayment, period: Period, entries: Sequence[LedgerEntry]) -> list[_Piece]:
    if not payment.counts or payment.amount == 0:
        return []
    span = payment.span
    inside = span.overlap(period)
    if inside is None:
        return []
    rate = Fraction(payment.amount) / span.days
    # Cut the days inside at every boundary of an earlier entry: each piece then has one claimed rate.
    cuts = {inside.start, _day(inside.end, 1)}
    for entry in entries:
        for cut in (entry.start, _day(entry.end, 1)):
            if inside.start < cut <= inside.end:
                cuts.add(cut)
    bounds = sorted(cuts)
    pieces: list[_Piece] = []
    previous_rate: Fraction | None = None
    for start, after in itertools.pairwise(bounds):
        end = _day(after, -1)
        claimed_rate = sum(
            (Fraction(e.amount) / e.period.days for e in entries if e.start <= start and end <= e.end),
            Fraction(0),
        )
        free_rate = max(Fraction(0), rate - claimed_rate)
        days = (end - start).days + 1
        if pieces and previous_rate == free_rate:  # same rate as the piece before: one piece
            last = pieces[-1]
            pieces[-1] = _Piece(index, payment, last.start, end, last.available + free_rate * days)
        else:
            pieces.append(_Piece(index, payment, start, end, free_rate * days))
        previous_rate = free_rate
    # Never more than the payment's whole-öre rest, whatever the rates say: trim from the latest day.
    rest = max(Fraction(0), Fraction(payment.amount) - sum((Fraction(e.amount) for e in entries), Fraction(0)))
    excess = sum((p.available for p in pieces), Fraction(0)) - rest
    for position in range(len(pieces) - 1, -1, -1):
        if excess <= 0:
            break
        take = min(excess, pieces[position].available)
        piece = pieces[position]
        pieces[position] = _Piece(index, payment, piece.start, piece.end, piece.available - take)
        excess -= take
    return [p for p in pieces if p.available > 0]


def _chronological(payments: Sequence[AssistancePayment]) -> list[int]:
    return sorted(range(len(payments)), key=lambda i: (payments[i].span.start, payments[i].paid_on, i))


def available_pieces(
    payments: Sequence[AssistancePayment], period: Period, ledger: Iterable[LedgerEntry]
) -> list[_Piece]:
    by_payment: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in ledger:
        by_payment[entry.payment_id].append(entry)
    pieces: list[_Piece] = []
    for index in _chronological(payments):
        payment = payments[index]
        entries = by_payment.get(payment.id, []) if payment.id is not None else []
        pieces.extend(_pieces_of(index, payment, period, entries))
    return pieces


def fill(pieces: Sequence[_Piece], amount: Decimal) -> list[Allocation]:
    """Take ``amount`` from the pieces in order, oldest first.

    The running total is rounded up to whole öre, so the claims are whole öre, sum
    to ``amount`` exactly, and any run of consecutive pieces (e.g. all pieces of
    one payment) gets at most its exact rest rounded up to the öre.
    """
    target = to_ore(amount)
    total = Fraction(0)
    taken = 0
    allocations = []
    for piece in pieces:
        total += piece.available
        upto = min(target, ore_ceiling(total))
        claimed = upto - taken
        taken = upto
        allocations.append(
            Allocation(
                payment_index=piece.index,
                payment_id=piece.payment.id,
                member=piece.payment.member,
                start=piece.start,
                end=piece.end,
                days=piece.days,
                payment_days=piece.payment.span.days,
                counted=round_ore(piece.available),
                claimed=from_ore(claimed),
            )
        )
    if taken != target:
        raise InputError(
            "amount",
            f"{format_money(amount)} är mer än det bistånd som finns kvar att återsöka "
            f"({format_money(from_ore(taken))}).",
            code="exceeds_available",
        )
    return allocations


def available_assistance(
    payments: Sequence[AssistancePayment], period: Period, ledger: Iterable[LedgerEntry] = ()
) -> tuple[Decimal, tuple[Allocation, ...]]:
    """Counted bistånd for ``period`` not yet taken by the ledger: (total rounded once, pieces)."""
    pieces = available_pieces(payments, period, ledger)
    total = round_ore(sum((p.available for p in pieces), Fraction(0)))
    return total, tuple(fill(pieces, ZERO))


def allocate_against_ledger(
    payments: Sequence[AssistancePayment],
    period: Period,
    amount: Decimal,
    ledger: Iterable[LedgerEntry] = (),
) -> tuple[Allocation, ...]:
    """Which bistånd ``amount`` reclaimed for ``period`` is taken from, given the ledger so far.

    Oldest bistånd first; every counted piece is listed (``claimed`` may be zero).
    Raises :class:`InputError` if ``amount`` is more than what is left.
    """
    check_money(amount, "amount", "Beloppet")
    return tuple(fill(available_pieces(payments, period, ledger), amount))


def extend_ledger(
    ledger: Iterable[LedgerEntry], result: ReclaimResult, decision_id: str | None = None
) -> tuple[LedgerEntry, ...]:
    """The ledger after ``result`` is paid: the old entries plus the new ones."""
    return (*ledger, *result.ledger_entries(decision_id))
