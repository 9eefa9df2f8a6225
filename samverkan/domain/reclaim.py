"""Återsökning (``reclaim``): retroactive FK/PM benefit paid to the socialnämnd.

Source: socialförsäkringsbalken (SFB, 2010:110) 107 kap. 5 §, wording in force from
2025-07-01, which refers to ekonomiskt bistånd under socialtjänstlagen (SoL,
2025:400) 12 kap. 1 § (before that day SoL (2001:453) 4 kap. 1 §). docs/domain.md §6
and the ``reclaim`` contract of ``contracts/README.md`` state the rule; seed 000
(Kunskapsguiden) names the excluded benefits. Citations are the constants of
:mod:`samverkan.domain.statutes`, in the wording in force on the decision date.

The rule, as coded here
-----------------------
* Only a **periodic SFB benefit**, decided retroactively by Försäkringskassan or
  Pensionsmyndigheten, can be paid to the nämnd. Barnbidrag and
  assistansersättning are excluded by the section itself; aktivitetsstöd,
  etableringsersättning and utvecklingsersättning are not SFB benefits
  (förordning 2017:819), so they can never be reclaimed. :data:`BENEFITS` is that
  table, as data.
* Counted bistånd: försörjningsstöd (``subsistence``) and livsföring i övrigt
  (``other_living``) under SoL 12 kap. 1 §, paid to the person **and the family**.
  Bistånd under 12 kap. 2 § (``discretionary``) never counts. A payment with a
  ``covers`` period counts pro rata by the days of ``covers`` inside the
  retroactive period (both ends inclusive; RÅ 2001 ref. 58); one without counts
  in full when it was paid inside the period.
* Exact arithmetic: shares are :class:`fractions.Fraction`; the sum is rounded
  once, to öre, half up (6 200 × 15/31 + 6 200 × 16/31 = 6 200,00 exactly).
* Amount to the nämnd = min(retroactive amount, counted − repaid − previously
  reclaimed), never negative, and paid only if it **exceeds** 1 000 kr.
* The request must **reach** FK/PM **before** the payout day: the last possible
  day is the day before (:func:`deadline`). The payout day may lie before the
  decision date (an earlier interim decision may have been paid): that is no
  input error, the deadline is still the day before the payout, and only a
  request made before FK/PM decided can then be in time. Too late →
  everything goes to the person.

Återkrav hos personen (``repayment_claim``)
------------------------------------------
When 107 kap. 5 § gives the nämnd nothing because the request came too late,
the amount is at most 1 000 kr, or the benefit is excluded or not an SFB
benefit (:data:`REPAYMENT_CLAIM_REASONS`), the nämnd may claim the bistånd
back from the person, but only bistånd that counts (``subsistence`` or
``other_living`` with a share above zero in the period) and that was granted as
an advance by a written decision that said it would be reclaimed
(``advance_with_written_notice``). The provision that governs the claim follows
the day the bistånd was granted (``paid_on`` stands for it), not the decision
date: bistånd granted before 2025-07-01 is claimed under SoL (2001:453) 9 kap.
2 § (the transitional provisions of SoL (2025:400) keep the old law for it),
later bistånd under SoL (2025:400) 33 kap. 2 § (:func:`repayment_claim_provision`).

Never reclaiming the same bistånd twice: the ledger
----------------------------------------------------
Several retroactive decisions (sjukpenning, then bostadsbidrag, …) may cover the
same days. Each payment of bistånd is worth ``amount / days`` per day of the
period it covers (a payment without ``covers`` is one day: its payment day). The
database keeps a **ledger**: one :class:`LedgerEntry` per payment and day range
that a reclaim took money from (``payment_id``, ``start``, ``end``, ``amount`` in
whole öre, ``decision_id``), kept per person/household and never edited: a new
reclaim only adds rows. An entry is spread evenly over its days.

For a new decision, :func:`allocate_against_ledger` cuts each counted payment's
days inside the period at the boundaries of its earlier entries, so every piece
("segment") has one even claimed rate; what is left of a segment is its day
value minus that rate (never below zero), and what is left of a payment is never
more than its amount minus everything entered for it. The amount paid to the
nämnd is then taken from the oldest bistånd first (payment by payment, and day
by day within a payment) with a running total rounded up to whole öre, so the
pieces sum to exactly the amount paid and no piece takes more than its rest
rounded up to the öre. Each piece with money becomes a new ledger entry
(:meth:`ReclaimResult.ledger_entries`); because a payment's pieces never exceed
its whole-öre rest, the sum of all entries of one payment never exceeds its
amount, however the retroactive periods overlap.

When a ledger is given, earlier reclaims are already taken out of the counted
bistånd: ``previously_reclaimed`` is then only for reclaims made outside the
system (do not pass the ledger's own sum there too).

Nightly detection
-----------------
:func:`detect_overlaps` finds retroactive decisions whose period overlaps counted
bistånd paid to the same household: per household it sorts the start and end
days of decisions and payments and sweeps them once, keeping the open ones, so it
costs O((n + m) log(n + m) + k) for n decisions, m payments and k overlapping
pairs instead of comparing every decision with every payment.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Final

from samverkan.domain.dates import plausible
from samverkan.domain.errors import InputError
from samverkan.domain.money import (
    ORE,
    ZERO,
    format_money,
    from_ore,
    money_str,
    ore_ceiling,
    parse_money,
    round_ore,
    to_ore,
)
from samverkan.domain.statutes import (
    NEW_SOL_IN_FORCE,
    SFB_107_5,
    SOL_ASSISTANCE,
    SOL_DISCRETIONARY_ASSISTANCE,
    SOL_REPAYMENT_CLAIM_ADVANCE,
    STATUTES,
    Citation,
    in_force,
)

# ---------------------------------------------------------------------------
# Citations and the threshold
# ---------------------------------------------------------------------------

#: "får betalas ut till socialnämnden … om beloppet överstiger 1 000 kronor".
THRESHOLD: Final = Decimal("1000.00")

#: The pro rata count by days follows Regeringsrätten (now Högsta förvaltningsdomstolen).
PRO_RATA_CITATION: Final = "RÅ 2001 ref. 58"

#: What each part of the rule cites; every entry holds all wordings, :func:`cite` picks the one in force.
RULE_CITATIONS: Final[Mapping[str, tuple[Citation, ...]]] = {
    "reclaim": (SFB_107_5,),
    "assistance": SOL_ASSISTANCE,
    "discretionary": SOL_DISCRETIONARY_ASSISTANCE,
    "repayment_claim": SOL_REPAYMENT_CLAIM_ADVANCE,
}


def cite(rule: str, on: dt.date) -> str:
    """The citation of ``rule`` (a key of :data:`RULE_CITATIONS`) in the wording in force on ``on``.

    A decision dated before 2025-07-01 cites socialtjänstlagen (2001:453), one from that day
    socialtjänstlagen (2025:400).
    """
    return in_force(RULE_CITATIONS[rule], on).text


def repayment_claim_provision(granted_on: dt.date) -> Citation:
    """The provision that governs återkrav of an advance of bistånd granted on ``granted_on``.

    Chosen by the day the bistånd was granted, not by the day of the claim or of FK's decision:
    the transitional provisions of SoL (2025:400) keep socialtjänstlagen (2001:453) for bistånd
    granted before 2025-07-01 (9 kap. 2 §); bistånd granted from that day is claimed under
    33 kap. 2 § SoL (2025:400). The validity periods of :data:`SOL_REPAYMENT_CLAIM_ADVANCE` are
    exactly these two periods of grant days.
    """
    return in_force(SOL_REPAYMENT_CLAIM_ADVANCE, granted_on)


def _oldest_first(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """Each citation once, the wording that began first (open start first) first."""
    unique = dict.fromkeys(citations)
    return tuple(sorted(unique, key=lambda c: (c.valid_from is not None, c.valid_from or dt.date.min)))


# ---------------------------------------------------------------------------
# The benefit table
# ---------------------------------------------------------------------------


class Agency(StrEnum):
    FK = "fk"
    PM = "pm"

    @property
    def swedish(self) -> str:
        return _AGENCY_NAMES[self]


_AGENCY_NAMES: Final = {Agency.FK: "Försäkringskassan", Agency.PM: "Pensionsmyndigheten"}


class BenefitStatus(StrEnum):
    RECLAIMABLE = "reclaimable"
    EXCLUDED = "excluded"  # excluded by SFB 107 kap. 5 § itself
    NOT_SFB_BENEFIT = "not_sfb_benefit"  # not a benefit under SFB at all


@dataclass(frozen=True, slots=True)
class Benefit:
    """One row of the table: ``decided_by`` lists the agencies that decide it (usual one first)."""

    code: str
    name: str
    decided_by: tuple[Agency, ...]
    status: BenefitStatus
    periodic: bool
    citation: str
    note: str = ""

    @property
    def reclaimable(self) -> bool:
        """SFB 107 kap. 5 §: a periodic SFB benefit that the section does not exclude."""
        return self.status is BenefitStatus.RECLAIMABLE and self.periodic


def _sfb_chapters(chapters: str) -> str:
    """``"24–28 kap. socialförsäkringsbalken (2010:110)"``: where a benefit is regulated."""
    return Citation("SFB (2010:110)", f"{chapters} kap.").text


_EXCLUDED_NOTE: Final = f"Undantas uttryckligen i {SFB_107_5.text}."
_AMF: Final = "förordning (2017:819) om ersättning till deltagare i arbetsmarknadspolitiska insatser"
_NOT_SFB_NOTE: Final = (
    "Beslutas av Arbetsförmedlingen och betalas ut av Försäkringskassan; ersättningen regleras i "
    "förordning (2017:819), inte i socialförsäkringsbalken."
)

_BENEFIT_ROWS: Final = (
    Benefit("sickness_benefit", "sjukpenning", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("24–28")),
    Benefit(
        "rehabilitation_benefit",
        "rehabiliteringspenning",
        (Agency.FK,),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("31"),
    ),
    Benefit(
        "sickness_compensation", "sjukersättning", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("33–37")
    ),
    Benefit(
        "activity_compensation",
        "aktivitetsersättning",
        (Agency.FK,),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("33–37"),
    ),
    Benefit(
        "parental_benefit", "föräldrapenning", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("11–12")
    ),
    Benefit(
        "housing_allowance", "bostadsbidrag", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("95–98")
    ),
    Benefit(
        "maintenance_support", "underhållsstöd", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("17–19")
    ),
    Benefit("care_allowance", "omvårdnadsbidrag", (Agency.FK,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("22")),
    Benefit(
        "additional_cost_compensation",
        "merkostnadsersättning",
        (Agency.FK,),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("50"),
    ),
    Benefit(
        "housing_supplement",
        "bostadstillägg",
        (Agency.PM, Agency.FK),
        BenefitStatus.RECLAIMABLE,
        True,
        _sfb_chapters("101–102"),
        "Pensionsmyndigheten beslutar om bostadstillägg till pensionärer; Försäkringskassan om bostadstillägg "
        "till den som har sjukersättning eller aktivitetsersättning.",
    ),
    Benefit(
        "guarantee_pension", "garantipension", (Agency.PM,), BenefitStatus.RECLAIMABLE, True, _sfb_chapters("66–67")
    ),
    Benefit(
        "child_allowance",
        "barnbidrag",
        (Agency.FK,),
        BenefitStatus.EXCLUDED,
        True,
        _sfb_chapters("15–16"),
        _EXCLUDED_NOTE,
    ),
    Benefit(
        "assistance_compensation",
        "assistansersättning",
        (Agency.FK,),
        BenefitStatus.EXCLUDED,
        True,
        _sfb_chapters("51"),
        _EXCLUDED_NOTE,
    ),
    Benefit(
        "activity_support", "aktivitetsstöd", (Agency.FK,), BenefitStatus.NOT_SFB_BENEFIT, True, _AMF, _NOT_SFB_NOTE
    ),
    Benefit(
        "establishment_allowance",
        "etableringsersättning",
        (Agency.FK,),
        BenefitStatus.NOT_SFB_BENEFIT,
        True,
        _AMF,
        _NOT_SFB_NOTE,
    ),
    Benefit(
        "development_allowance",
        "utvecklingsersättning",
        (Agency.FK,),
        BenefitStatus.NOT_SFB_BENEFIT,
        True,
        _AMF,
        _NOT_SFB_NOTE,
    ),
)

#: code -> benefit: the 16 codes of the ``reclaim`` contract.
BENEFITS: Final[Mapping[str, Benefit]] = {b.code: b for b in _BENEFIT_ROWS}


def benefit_by_code(code: str, *, field: str = "benefit") -> Benefit:
    """The table row for ``code``; :class:`InputError` naming ``field`` when unknown."""
    try:
        return BENEFITS[code]
    except (KeyError, TypeError):
        raise InputError(
            field, f"Okänd förmån {code!r}; kända förmåner: {', '.join(BENEFITS)}.", code="unknown_benefit"
        ) from None


# ---------------------------------------------------------------------------
# Input and result
# ---------------------------------------------------------------------------


def _check_money(value: object, field: str, what: str) -> None:
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
        _check_money(self.amount, "amount", "Biståndsbeloppet")

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
        _check_money(self.amount, "retroactive_amount", "Det retroaktiva beloppet")
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
        _check_money(self.amount, "ledger.amount", "Beloppet")

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
        _check_money(self.repaid, "repaid", "Återbetalt belopp")
        _check_money(self.previously_reclaimed, "previously_reclaimed", "Tidigare återsökt belopp")
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


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


def deadline(decision: RetroactiveDecision) -> dt.date:
    """The last day a request can reach FK/PM: the day before the payout (SFB 107 kap. 5 §)."""
    return decision.payout_date - dt.timedelta(days=1)


def is_too_late(decision: RetroactiveDecision, request_received: dt.date) -> bool:
    """A request on the payout day or later comes too late: the contract says *before* the payout."""
    return request_received > deadline(decision)


def too_late_message(decision: RetroactiveDecision, request_received: dt.date) -> str:
    """Why a request came too late, in Swedish; empty when it was in time."""
    if not is_too_late(decision, request_received):
        return ""
    agency = decision.decided_by.swedish
    same_day = " samma dag som utbetalningen" if request_received == decision.payout_date else ""
    return (
        f"Begäran kom in till {agency} {request_received.isoformat()}{same_day}, men den måste komma in före "
        f"utbetalningen den {decision.payout_date.isoformat()}, alltså senast {deadline(decision).isoformat()} "
        f"({SFB_107_5.text}). När pengarna är utbetalda kan inget längre betalas till socialnämnden."
    )


# ---------------------------------------------------------------------------
# Counting bistånd against the period and the ledger
# ---------------------------------------------------------------------------


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


def _available_pieces(
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


def _fill(pieces: Sequence[_Piece], amount: Decimal) -> list[Allocation]:
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
    pieces = _available_pieces(payments, period, ledger)
    total = round_ore(sum((p.available for p in pieces), Fraction(0)))
    return total, tuple(_fill(pieces, ZERO))


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
    _check_money(amount, "amount", "Beloppet")
    return tuple(_fill(_available_pieces(payments, period, ledger), amount))


def extend_ledger(
    ledger: Iterable[LedgerEntry], result: ReclaimResult, decision_id: str | None = None
) -> tuple[LedgerEntry, ...]:
    """The ledger after ``result`` is paid: the old entries plus the new ones."""
    return (*ledger, *result.ledger_entries(decision_id))


# ---------------------------------------------------------------------------
# The calculation
# ---------------------------------------------------------------------------


def calculate(data: ReclaimInput) -> ReclaimResult:
    """Återsökning for one retroactive decision (SFB 107 kap. 5 §), exactly per the contract."""
    decision = data.decision
    info = decision.benefit_info
    on = decision.decision_date
    payments = data.assistance_payments

    overlapping = [i for i, p in enumerate(payments) if p.share_inside(decision.period) > 0]
    partly_outside = [i for i in overlapping if payments[i].days_inside(decision.period) < payments[i].span.days]
    pieces = _available_pieces(payments, decision.period, data.ledger)
    counted = round_ore(sum((p.available for p in pieces), Fraction(0)))
    deductions = data.repaid + data.previously_reclaimed
    candidate = max(ZERO, min(decision.amount, counted - deductions))
    too_late = is_too_late(decision, data.request_received)

    if info.status is BenefitStatus.EXCLUDED:
        reason = Reason.EXCLUDED_BENEFIT
    elif info.status is BenefitStatus.NOT_SFB_BENEFIT or not info.periodic:
        reason = Reason.NOT_SFB_BENEFIT
    elif too_late:
        reason = Reason.REQUEST_TOO_LATE
    elif not overlapping:
        reason = Reason.NO_OVERLAPPING_ASSISTANCE
    # "överstiger 1 000 kronor": exactly 1 000,00 kr does not exceed it. The statute can be read as
    # putting the limit on the retroactive benefit (as seed 000 does); the safe reading, which never
    # pays the nämnd on a doubtful basis, puts it on the amount to the nämnd (docs/domain.md §6).
    elif candidate <= THRESHOLD:
        reason = Reason.BELOW_THRESHOLD
    else:
        reason = Reason.OK

    to_social_services = candidate if reason is Reason.OK else ZERO
    to_person = decision.amount - to_social_services
    # Counted advances: share above zero under the counting rules (the ledger of reclaims is not asked).
    advances = [i for i in overlapping if payments[i].advance_with_written_notice]
    repayment_claim_possible = reason in REPAYMENT_CLAIM_REASONS and bool(advances)
    claim_citations = (
        _oldest_first(repayment_claim_provision(payments[i].paid_on) for i in advances)
        if repayment_claim_possible
        else ()
    )
    allocations = tuple(_fill(pieces, to_social_services))

    citations = [cite("reclaim", on), cite("assistance", on), info.citation]
    if any(not p.counts for p in payments):
        citations.append(cite("discretionary", on))
    if any(payments[i].covers is not None for i in partly_outside):
        citations.append(PRO_RATA_CITATION)
    if repayment_claim_possible:
        citations.extend(c.text for c in claim_citations)
    elif reason is Reason.REQUEST_TOO_LATE:
        citations.extend(c.text for c in _claim_provisions_named(data, overlapping))

    explanation = _explain(
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


def _payment_label(index: int, payment: AssistancePayment) -> str:
    label = f"utbetalning {index + 1}"
    if payment.id is not None:
        label += f" ({payment.id})"
    return label


def _claim_provisions_named(data: ReclaimInput, overlapping: Sequence[int]) -> tuple[Citation, ...]:
    """The provisions a note that no claim is possible names.

    Those that would govern the counted bistånd (by the day each was granted), oldest first; the
    one in force on the decision date when no bistånd counts.
    """
    payments = data.assistance_payments
    if overlapping:
        return _oldest_first(repayment_claim_provision(payments[i].paid_on) for i in overlapping)
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
    named = _claim_provisions_named(data, overlapping)
    claim = named[0].text if len(named) == 1 else " eller ".join(f"{c.text} ({_granted_when(c)})" for c in named)
    return [
        f"Återkrav hos personen enligt {claim} går bara för bistånd som lämnats som förskott genom ett "
        "skriftligt beslut där personen fick veta att det skulle återkrävas. Något sådant förskott finns "
        "inte för perioden."
    ]


def _explain(
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
    decision = data.decision
    info = decision.benefit_info
    on = decision.decision_date
    agency = decision.decided_by.swedish
    sfb = cite("reclaim", on)
    sol = cite("assistance", on)
    whole = format_money(decision.amount)
    payout = decision.payout_date.isoformat()
    if decision.payout_date < on:
        lines = [
            f"Retroaktiv ersättning från {agency}: {info.name} för {decision.period}, {whole}. Utbetalningen den "
            f"{payout} ligger före beslutsdagen {on.isoformat()} (till exempel efter ett tidigare interimistiskt "
            "beslut); en begäran måste ändå ha kommit in före utbetalningen."
        ]
    else:
        lines = [
            f"Retroaktiv ersättning från {agency}: {info.name} för {decision.period}, {whole} som betalas ut "
            f"den {payout}."
        ]
    claim_lines = _claim_lines(data, reason, advances, overlapping, claim_citations)
    if reason is Reason.EXCLUDED_BENEFIT:
        lines.append(
            f"{info.name.capitalize()} får aldrig betalas ut till socialnämnden: förmånen undantas i {sfb}. "
            f"Hela {whole} betalas till personen."
        )
        return "\n".join(lines + claim_lines)
    if reason is Reason.NOT_SFB_BENEFIT:
        lines.append(
            f"{info.name.capitalize()} är ingen förmån enligt socialförsäkringsbalken (den regleras i "
            f"{info.citation}) och kan därför inte återsökas enligt {sfb}. Hela {whole} betalas till personen."
        )
        return "\n".join(lines + claim_lines)
    if reason is Reason.REQUEST_TOO_LATE:
        lines.append(too_late_message(decision, data.request_received) + f" Hela {whole} betalas till personen.")
        return "\n".join(lines + claim_lines)
    if reason is Reason.NO_OVERLAPPING_ASSISTANCE:
        lines.append(
            f"Inget ekonomiskt bistånd enligt {sol} har betalats till personen eller familjen för eller under "
            f"perioden {decision.period}, så det finns inget att återsöka enligt {sfb}. Hela {whole} betalas till "
            "personen."
        )
        _note_discretionary(lines, data)
        return "\n".join(lines)

    # ok or below_threshold: show the count.
    lines.append(
        f"Ekonomiskt bistånd enligt {sol} till personen och familjen för samma tid räknas med {format_money(counted)}:"
    )
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
        f"Det som kan betalas till nämnden är det lägsta av den retroaktiva ersättningen ({whole}) och biståndet "
        f"efter avdrag: {format_money(candidate)}."
    )
    if reason is Reason.BELOW_THRESHOLD:
        lines.append(
            f"Enligt {sfb} betalas ersättning till socialnämnden bara om beloppet överstiger 1 000 kr; exakt "
            "1 000,00 kr räcker inte. Lagtexten kan också läsas som att gränsen gäller hela den retroaktiva "
            "ersättningen. Vi använder den säkra läsningen att beloppet till nämnden måste överstiga 1 000 kr, "
            f"så nämnden får inget och hela {whole} betalas till personen."
        )
        return "\n".join(lines + claim_lines)
    rest = (
        f"Resten, {format_money(to_person)}, betalas till personen." if to_person else "Inget blir kvar till personen."
    )
    lines.append(f"Socialnämnden får {format_money(to_social_services)} enligt {sfb}. {rest}")
    lines.append(
        f"Begäran kom in {data.request_received.isoformat()}, i tid före utbetalningen (senast "
        f"{deadline(decision).isoformat()})."
    )
    lines.append(
        f"Personen ska få veta att nämnden har begärt återsökning och vad {agency} beslutar; nämnden kan överklaga "
        "beslutet."
    )
    return "\n".join(lines)


def _note_discretionary(lines: list[str], data: ReclaimInput) -> None:
    discretionary = [p.amount for p in data.assistance_payments if not p.counts]
    if discretionary:
        total = format_money(sum(discretionary, ZERO))
        lines.append(
            f"Bistånd enligt {cite('discretionary', data.decision.decision_date)} ({total}) räknas inte vid "
            "återsökning."
        )


# ---------------------------------------------------------------------------
# Nightly detection
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# The contract: JSON in, JSON out
# ---------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INPUT_KEYS: Final = frozenset(
    {
        "benefit",
        "decided_by",
        "decision_date",
        "retroactive_period",
        "retroactive_amount",
        "request_received",
        "payout_date",
        "assistance_payments",
        "repaid",
        "previously_reclaimed",
        "ledger",
        "decision_id",
    }
)
_PAYMENT_KEYS: Final = frozenset({"covers", "paid_on", "amount", "kind", "advance_with_written_notice", "id", "member"})
_LEDGER_KEYS: Final = frozenset({"payment_id", "start", "end", "amount", "decision_id"})


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] is None:
        raise InputError(where, "Uppgiften saknas.", code="required")
    return data[key]


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise InputError(
            f"{prefix}{unknown[0]}",
            f"Okänd uppgift; tillåtna uppgifter är {', '.join(sorted(allowed))}.",
            code="unknown_key",
        )


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise InputError(where, "Ange ett datum (ÅÅÅÅ-MM-DD), inte en tidpunkt.", code="date")
    if isinstance(value, dt.date):
        return plausible(value, where)
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise InputError(where, f"{value!r} är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-05-04.", code="date")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(where, f"{value} är inget riktigt datum.", code="date") from None
    return plausible(day, where)


def _period(value: Any, where: str) -> Period:
    if not isinstance(value, Mapping):
        raise InputError(where, "Ange perioden som {start, end}.", code="period")
    _check_keys(value, frozenset({"start", "end"}), f"{where}.")
    start = _date(_require(value, "start", f"{where}.start"), f"{where}.start")
    end = _date(_require(value, "end", f"{where}.end"), f"{where}.end")
    if end < start:
        raise InputError(
            f"{where}.end",
            f"Periodens sista dag {end.isoformat()} ligger före dess första dag {start.isoformat()}.",
            code="period_order",
        )
    return Period(start, end)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(where, "Ange true eller false.", code="bool")
    return value


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(where, "Ange en text.", code="text")
    return str(value)


def _payment(value: Any, index: int) -> AssistancePayment:
    where = f"assistance_payments[{index}]"
    if not isinstance(value, Mapping):
        raise InputError(where, "Varje utbetalning ska vara ett objekt med covers, paid_on, amount och kind.")
    _check_keys(value, _PAYMENT_KEYS, f"{where}.")
    covers_raw = value.get("covers")
    covers = None if covers_raw is None else _period(covers_raw, f"{where}.covers")
    kind_raw = _require(value, "kind", f"{where}.kind")
    try:
        kind = AssistanceKind(kind_raw)
    except ValueError:
        raise InputError(
            f"{where}.kind",
            f"Okänt slag av bistånd {kind_raw!r}; ange subsistence (försörjningsstöd), other_living (livsföring "
            "i övrigt) eller discretionary (bistånd utöver, 12 kap. 2 §).",
            code="kind",
        ) from None
    return AssistancePayment(
        paid_on=_date(_require(value, "paid_on", f"{where}.paid_on"), f"{where}.paid_on"),
        amount=parse_money(_require(value, "amount", f"{where}.amount"), field=f"{where}.amount"),
        kind=kind,
        covers=covers,
        advance_with_written_notice=_bool(
            value.get("advance_with_written_notice", False), f"{where}.advance_with_written_notice"
        ),
        id=_text(value.get("id"), f"{where}.id"),
        member=_text(value.get("member"), f"{where}.member"),
    )


def _ledger_entry(value: Any, index: int) -> LedgerEntry:
    where = f"ledger[{index}]"
    if not isinstance(value, Mapping):
        raise InputError(where, "Varje rad ska vara ett objekt med payment_id, start, end och amount.")
    _check_keys(value, _LEDGER_KEYS, f"{where}.")
    payment_id = _text(_require(value, "payment_id", f"{where}.payment_id"), f"{where}.payment_id")
    start = _date(_require(value, "start", f"{where}.start"), f"{where}.start")
    end = _date(_require(value, "end", f"{where}.end"), f"{where}.end")
    if end < start:
        raise InputError(f"{where}.end", "Sista dagen ligger före första dagen.", code="period_order")
    return LedgerEntry(
        payment_id=str(payment_id),
        start=start,
        end=end,
        amount=parse_money(_require(value, "amount", f"{where}.amount"), field=f"{where}.amount"),
        decision_id=_text(value.get("decision_id"), f"{where}.decision_id"),
    )


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InputError(where, "Ange en lista.", code="list")
    return list(value)


def parse_input(data: Mapping[str, Any]) -> ReclaimInput:
    """The contract's JSON input as a :class:`ReclaimInput`; :class:`InputError` names the bad field."""
    if not isinstance(data, Mapping):
        raise InputError("input", "Indata ska vara ett objekt.")
    _check_keys(data, _INPUT_KEYS, "")
    code = _require(data, "benefit", "benefit")
    info = benefit_by_code(code)
    decided_raw = _require(data, "decided_by", "decided_by")
    try:
        decided_by = Agency(decided_raw)
    except ValueError:
        raise InputError(
            "decided_by",
            f"Okänd myndighet {decided_raw!r}; återsökning gäller beslut av fk (Försäkringskassan) eller pm "
            "(Pensionsmyndigheten).",
            code="agency",
        ) from None
    decision = RetroactiveDecision(
        benefit=info.code,
        decided_by=decided_by,
        decision_date=_date(_require(data, "decision_date", "decision_date"), "decision_date"),
        period=_period(_require(data, "retroactive_period", "retroactive_period"), "retroactive_period"),
        amount=parse_money(_require(data, "retroactive_amount", "retroactive_amount"), field="retroactive_amount"),
        payout_date=_date(_require(data, "payout_date", "payout_date"), "payout_date"),
        id=_text(data.get("decision_id"), "decision_id"),
    )
    payments = [_payment(v, i) for i, v in enumerate(_list(data.get("assistance_payments"), "assistance_payments"))]
    ledger = [_ledger_entry(v, i) for i, v in enumerate(_list(data.get("ledger"), "ledger"))]
    return ReclaimInput(
        decision=decision,
        request_received=_date(_require(data, "request_received", "request_received"), "request_received"),
        assistance_payments=payments,
        repaid=parse_money(data.get("repaid", "0.00"), field="repaid"),
        previously_reclaimed=parse_money(data.get("previously_reclaimed", "0.00"), field="previously_reclaimed"),
        ledger=ledger,
    )


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rule-scenario kind ``reclaim`` (contracts/README.md): JSON in, JSON out."""
    return calculate(parse_input(data)).as_dict()


__all__ = [
    "BENEFITS",
    "PRO_RATA_CITATION",
    "REPAYMENT_CLAIM_REASONS",
    "RULE_CITATIONS",
    "THRESHOLD",
    "Agency",
    "Allocation",
    "AssistanceKind",
    "AssistancePayment",
    "Benefit",
    "BenefitStatus",
    "LedgerEntry",
    "Overlap",
    "Period",
    "Reason",
    "ReclaimInput",
    "ReclaimResult",
    "RetroactiveDecision",
    "allocate_against_ledger",
    "available_assistance",
    "benefit_by_code",
    "calculate",
    "cite",
    "deadline",
    "detect_overlaps",
    "evaluate",
    "extend_ledger",
    "is_too_late",
    "parse_input",
    "repayment_claim_provision",
    "too_late_message",
]
