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

from samverkan.domain.reclaim.allocation import allocate_against_ledger, available_assistance, extend_ledger
from samverkan.domain.reclaim.benefits import (
    BENEFITS,
    PRO_RATA_CITATION,
    RULE_CITATIONS,
    THRESHOLD,
    Agency,
    Benefit,
    BenefitStatus,
    benefit_by_code,
    cite,
    repayment_claim_provision,
)
from samverkan.domain.reclaim.calculation import calculate
from samverkan.domain.reclaim.model import (
    REPAYMENT_CLAIM_REASONS,
    Allocation,
    AssistanceKind,
    AssistancePayment,
    LedgerEntry,
    Period,
    Reason,
    ReclaimInput,
    ReclaimResult,
    RetroactiveDecision,
)
from samverkan.domain.reclaim.overlaps import Overlap, detect_overlaps
from samverkan.domain.reclaim.scenario import evaluate, parse_input
from samverkan.domain.reclaim.timing import deadline, is_too_late, too_late_message

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
