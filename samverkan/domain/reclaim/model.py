"""The inputs and the result of återsökning: periods, payments of bistånd, the retroactive decision, the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Final

from samverkan.domain.errors import InputError
from samverkan.domain.money import ORE, ZERO, money_str
from samverkan.domain.reclaim.benefits import BENEFITS, Agency, Benefit, benefit_by_code
from samverkan.domain.statutes import Citation


def check_money(value: object, field: str, what: str) -> None:
    """Amounts given from Python: exact ``Decimal``, whole öre, not negative."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InputError(
            field, f"{what} ska vara ett exakt belopp (Decimal), inte {type(value).__name__}.", code="type"
        )
    if value != value.quantize(ORE):
        raise InputError(field, f"{what} får ha högst två decimaler (hela ören).", code="decimals")
    if value < 0:
        raise InputError(field, f"{what} får inte vara negativt.", code="negative")


@dataclass(frozen=True, slots=True)
class Period:
    """Days from ``start`` through ``end``, both inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(
                "period",
                f"Periodens sista dag {self.end.isoformat()} ligger före dess första dag {self.start.isoformat()}.",
                code="period_order",
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlap(self, other: Period) -> Period | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start, end) if start <= end else None

    def __str__(self) -> str:
        return f"{self.start.isoformat()}–{self.end.isoformat()}"


class AssistanceKind(StrEnum):
    SUBSISTENCE = "subsistence"  # försörjningsstöd, SoL 12 kap. 1 §
    OTHER_LIVING = "other_living"  # livsföring i övrigt, SoL 12 kap. 1 §
    DISCRETIONARY = "discretionary"  # bistånd utöver, SoL 12 kap. 2 §: never reclaimed

    @property
    def counts(self) -> bool:
        return self is not AssistanceKind.DISCRETIONARY


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistancePayment:
    """One payment of ekonomiskt bistånd to the person or a member of the family.

    ``covers`` is the period the bistånd is for (``None``: a one-off payment,
    counted on ``paid_on``). ``member`` names the family member it was paid to
    (``None``: the person); ``household`` groups payments and decisions for
    :func:`detect_overlaps`. ``id`` ties the payment to the ledger.
    """

    paid_on: dt.date
    amount: Decimal
    kind: AssistanceKind
    covers: Period | None = None
    advance_with_written_notice: bool = False
    id: str | None = None
    member: str | None = None
    household: str | None = None

    def __post_init__(self) -> None:
        check_money(self.amount, "amount", "Biståndsbeloppet")

    @property
    def counts(self) -> bool:
        return self.kind.counts

    @property
    def span(self) -> Period:
        """The days the payment is for: ``covers``, or its payment day alone."""
        return self.covers if self.covers is not None else Period(self.paid_on, self.paid_on)

    def days_inside(self, period: Period) -> int:
        inside = self.span.overlap(period)
        return inside.days if inside is not None else 0

    def share_inside(self, period: Period) -> Fraction:
        """Exact counted share for ``period``: pro rata by days; zero for 12 kap. 2 § bistånd."""
        if not self.counts:
            return Fraction(0)
        return Fraction(self.amount) * self.days_inside(period) / self.span.days


@dataclass(frozen=True, slots=True, kw_only=True)
class RetroactiveDecision:
    """FK's or PM's decision to pay ``benefit`` retroactively for ``period``.

    ``amount`` is what is actually payable (net, after preliminary tax).
    """

    benefit: str
    decided_by: Agency
    decision_date: dt.date
    period: Period
    amount: Decimal
    payout_date: dt.date
    id: str | None = None
    person: str | None = None
    household: str | None = None

    def __post_init__(self) -> None:
        info = benefit_by_code(self.benefit)
        if self.decided_by not in info.decided_by:
            who = " eller ".join(a.swedish for a in info.decided_by)
            raise InputError(
                "decided_by",
                f"{info.name.capitalize()} beslutas av {who}, inte av {Agency(self.decided_by).swedish}.",
                code="agency",
            )
        check_money(self.amount, "retroactive_amount", "Det retroaktiva beloppet")
        # A payout day before the decision date is allowed: an earlier interim decision may have been
        # paid. The request must still reach FK/PM before the payout (see :func:`deadline`).
        if self.period.start > self.decision_date:
            raise InputError(
                "retroactive_period",
                f"Perioden {self.period} börjar efter beslutsdagen {self.decision_date.isoformat()}; "
                "då är ersättningen inte retroaktiv.",
                code="not_retroactive",
            )

    @property
    def benefit_info(self) -> Benefit:
        return BENEFITS[self.benefit]


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerEntry:
    """What one reclaim took from one payment of bistånd for the days ``start``–``end``.

    ``amount`` is whole öre, spread evenly over the days. The database stores one
    row per entry (per person/household, payment and day range).
    """

    payment_id: str
    start: dt.date
    end: dt.date
    amount: Decimal
    decision_id: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError("ledger.end", "Sista dagen ligger före första dagen.", code="period_order")
        check_money(self.amount, "ledger.amount", "Beloppet")

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation:
    """One counted payment of bistånd (or one piece of it) against the retroactive period.

    ``days`` of the payment's ``payment_days`` lie in ``start``–``end`` inside the
    period; ``counted`` is what those days are still worth (rounded for display:
    the exact total is ``ReclaimResult.counted_assistance``); ``claimed`` is what
    this reclaim takes from them, in whole öre (all ``claimed`` sum to
    ``to_social_services``).
    """

    payment_index: int
    payment_id: str | None
    member: str | None
    start: dt.date
    end: dt.date
    days: int
    payment_days: int
    counted: Decimal
    claimed: Decimal

    def ledger_entry(self, decision_id: str | None = None) -> LedgerEntry:
        if self.payment_id is None:
            raise InputError(
                f"assistance_payments[{self.payment_index}].id",
                "Utbetalningen behöver ett id för att kunna föras in i återsökningsreskontran.",
                code="required",
            )
        return LedgerEntry(
            payment_id=self.payment_id, start=self.start, end=self.end, amount=self.claimed, decision_id=decision_id
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "payment_index": self.payment_index,
            "payment_id": self.payment_id,
            "member": self.member,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "payment_days": self.payment_days,
            "counted": money_str(self.counted),
            "claimed": money_str(self.claimed),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ReclaimInput:
    decision: RetroactiveDecision
    request_received: dt.date
    assistance_payments: Sequence[AssistancePayment] = ()
    repaid: Decimal = ZERO
    previously_reclaimed: Decimal = ZERO
    ledger: Sequence[LedgerEntry] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "assistance_payments", tuple(self.assistance_payments))
        object.__setattr__(self, "ledger", tuple(self.ledger))
        check_money(self.repaid, "repaid", "Återbetalt belopp")
        check_money(self.previously_reclaimed, "previously_reclaimed", "Tidigare återsökt belopp")
        seen: dict[str, int] = {}
        for index, payment in enumerate(self.assistance_payments):
            if payment.id is None:
                if self.ledger and payment.counts:
                    raise InputError(
                        f"assistance_payments[{index}].id",
                        "Utbetalningen behöver ett id när tidigare återsökningar (reskontran) anges.",
                        code="required",
                    )
                continue
            if payment.id in seen:
                raise InputError(
                    f"assistance_payments[{index}].id",
                    f"Id {payment.id!r} används redan av utbetalning {seen[payment.id] + 1}.",
                    code="duplicate",
                )
            seen[payment.id] = index


class Reason(StrEnum):
    OK = "ok"
    BELOW_THRESHOLD = "below_threshold"
    EXCLUDED_BENEFIT = "excluded_benefit"
    NOT_SFB_BENEFIT = "not_sfb_benefit"
    REQUEST_TOO_LATE = "request_too_late"
    NO_OVERLAPPING_ASSISTANCE = "no_overlapping_assistance"


#: The reasons 107 kap. 5 § gives the nämnd nothing for that leave a claim on the person open
#: (for a counted advance with written notice); ``no_overlapping_assistance`` has nothing to claim.
REPAYMENT_CLAIM_REASONS: Final = frozenset(
    {Reason.REQUEST_TOO_LATE, Reason.BELOW_THRESHOLD, Reason.EXCLUDED_BENEFIT, Reason.NOT_SFB_BENEFIT}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReclaimResult:
    benefit: Benefit
    to_social_services: Decimal
    to_person: Decimal
    reason: Reason
    repayment_claim_possible: bool
    #: The provisions that govern the claim on the person, each once, oldest first; empty when not possible.
    repayment_claim_citations: tuple[Citation, ...]
    counted_assistance: Decimal
    deductions: Decimal
    deadline: dt.date
    allocations: tuple[Allocation, ...]
    citations: tuple[str, ...]
    explanation: str

    def ledger_entries(self, decision_id: str | None = None) -> tuple[LedgerEntry, ...]:
        """The new ledger rows: one per piece of bistånd this reclaim took money from."""
        return tuple(a.ledger_entry(decision_id) for a in self.allocations if a.claimed > 0)

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON shape: money as strings with two decimals."""
        return {
            "benefit": self.benefit.code,
            "benefit_name": self.benefit.name,
            "to_social_services": money_str(self.to_social_services),
            "to_person": money_str(self.to_person),
            "reason": self.reason.value,
            "repayment_claim_possible": self.repayment_claim_possible,
            "repayment_claim_citations": [c.short for c in self.repayment_claim_citations],
            "counted_assistance": money_str(self.counted_assistance),
            "deductions": money_str(self.deductions),
            "deadline": self.deadline.isoformat(),
            "allocations": [a.as_dict() for a in self.allocations],
            "citations": list(self.citations),
            "explanation": self.explanation,
        }
