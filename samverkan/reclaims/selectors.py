"""Reads for återsökning, always scoped to the official's organisation.

The socialnämnd sees its own reclaims (every status); Försäkringskassan or Pensionsmyndigheten
sees a reclaim only once it has been sent to it (``request_received`` set): a draft is the
nämnd's own working material. Anything else is 404.

:func:`detection_candidates` is the read half of the nightly detection: which retroactive
decisions overlap counted bistånd of the household of an aktuellt ärende, and have no reclaim yet.
It reads FK's and PM's rows as the system (the agencies' duty to disclose on their own
initiative); nothing of it reaches the nämnd except through the gate (``services``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from samverkan.accounts.models import Organisation
from samverkan.assistance.models import Payment, PaymentKind
from samverkan.cases.models import Case, CaseMember
from samverkan.domain.errors import DomainError
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.reclaim import (
    BENEFITS,
    Agency,
    AssistanceKind,
    AssistancePayment,
    LedgerEntry,
    Period,
    RetroactiveDecision,
    detect_overlaps,
)
from samverkan.people.models import Person
from samverkan.reclaims.models import PendingBenefit, Reclaim, ReclaimLedgerEntry
from samverkan.registries.models import BenefitDecision

AGENCY_TYPES = (OrganisationType.FK, OrganisationType.PM)
COUNTED_KINDS = (PaymentKind.SUBSISTENCE, PaymentKind.OTHER_LIVING)


# --- Scoped reads for views and the API ---------------------------------------------------------


def reclaims_visible_to(organisation: Organisation) -> QuerySet[Reclaim]:
    """The nämnd's own reclaims, and those sent to the agency ``organisation`` is."""
    return Reclaim.objects.filter(
        Q(organisation=organisation) | Q(agency=organisation, request_received__isnull=False)
    ).select_related("case", "person", "agency", "organisation", "sent_by", "settled_by")


def reclaims_of_organisation(organisation: Organisation, *, status: str | None = None) -> QuerySet[Reclaim]:
    qs = Reclaim.objects.filter(organisation=organisation).select_related("case", "person", "agency")
    return qs.filter(status=status) if status else qs


def incoming_reclaims(agency: Organisation, *, status: str | None = None) -> QuerySet[Reclaim]:
    """Requests sent to Försäkringskassan or Pensionsmyndigheten, most urgent first."""
    qs = Reclaim.objects.filter(agency=agency, request_received__isnull=False).select_related(
        "case", "person", "organisation"
    )
    qs = qs.filter(status=status) if status else qs
    return qs.order_by("status", "deadline", "pk")


def advance_requests_to(agency: Organisation, *, person: Person | None = None) -> QuerySet[PendingBenefit]:
    """Requests under SFB 107 kap. 5 § that socialnämnder made in advance to ``agency`` and that await its
    decision: what crossed the gate to the agency (the person, the benefit awaited, when the request came in,
    which nämnd and its ärende), shown where the agency decides."""
    found = PendingBenefit.objects.filter(
        agency=agency, status=PendingBenefit.Status.AWAITING, requested_at__isnull=False
    ).select_related("organisation", "person", "case")
    if person is not None:
        found = found.filter(person=person)
    return found.order_by("requested_at", "pk")


def reclaims_of_case(case: Case) -> QuerySet[Reclaim]:
    return Reclaim.objects.filter(case=case).select_related("person", "agency").order_by("-drafted_at")


def pending_benefits_of_case(case: Case) -> QuerySet[PendingBenefit]:
    return PendingBenefit.objects.filter(case=case).select_related("person", "agency")


def unregistered_advances(case: Case) -> list[Payment]:
    """The latest advance per person and benefit paid in the case with no pending benefit registered."""
    registered = set(PendingBenefit.objects.filter(case=case).values_list("person_id", "benefit"))
    advances = (
        Payment.objects.filter(case=case, organisation=case.organisation)
        .exclude(advance_benefit="")
        .select_related("recipient")
        .order_by("-paid_on")
    )
    found: dict[tuple[int, str], Payment] = {}
    for payment in advances:  # the latest advance per person and benefit
        key = (payment.recipient_id, payment.advance_benefit)
        if key not in registered and key not in found:
            found[key] = payment
    return list(found.values())


def agencies() -> QuerySet[Organisation]:
    """Försäkringskassan and Pensionsmyndigheten: the agencies a reclaim can be sent to."""
    return Organisation.objects.filter(org_type__in=[t.value for t in AGENCY_TYPES]).order_by("name")


def ledger_of_reclaim(reclaim: Reclaim) -> QuerySet[ReclaimLedgerEntry]:
    return ReclaimLedgerEntry.objects.filter(reclaim=reclaim).select_related("payment", "person")


# --- What a calculation needs -------------------------------------------------------------------


def household_persons(case: Case) -> list[Person]:
    return [m.person for m in case.members.select_related("person").order_by("relation", "person__birth_date")]


def household_payments(case: Case, period: Period) -> list[Payment]:
    """Bistånd the nämnd paid to anyone in the case's household for days inside ``period``.

    Every kind is returned (12 kap. 2 § bistånd too, so the explanation can say it does not
    count); the domain decides what counts.
    """
    return list(
        Payment.objects.filter(
            organisation=case.organisation,
            recipient__in=CaseMember.objects.filter(case=case).values("person"),
            period_start__lte=period.end,
            period_end__gte=period.start,
        )
        .select_related("recipient")
        .order_by("period_start", "paid_on", "pk")
    )


def ledger_for_payments(payment_ids: Iterable[int], *, exclude_reclaim: Reclaim | None = None) -> list[LedgerEntry]:
    """The ledger rows of these payments, as domain entries (earlier reclaims' claims)."""
    qs = ReclaimLedgerEntry.objects.filter(payment_id__in=list(payment_ids))
    if exclude_reclaim is not None:
        qs = qs.exclude(reclaim=exclude_reclaim)
    return [
        LedgerEntry(payment_id=str(pid), start=start, end=end, amount=amount, decision_id=str(rid))
        for pid, start, end, amount, rid in qs.values_list("payment_id", "start", "end", "amount", "reclaim_id")
    ]


def earlier_reclaims_for(payment_ids: Iterable[int], *, exclude_reclaim: Reclaim | None = None) -> list[Reclaim]:
    """Reclaims that already took money from these payments (named when a second claim is refused)."""
    qs = Reclaim.objects.filter(ledger_entries__payment_id__in=list(payment_ids)).distinct()
    if exclude_reclaim is not None:
        qs = qs.exclude(pk=exclude_reclaim.pk)
    return list(qs.order_by("pk"))


def domain_payment(payment: Payment, *, benefit: str, household: str | None = None) -> AssistancePayment:
    """A stored payment as the domain's :class:`AssistancePayment`.

    ``advance_with_written_notice`` holds only for an advance on *this* benefit with a written
    decision saying it would be reclaimed: the safe reading of SoL (2025:400) 33 kap. 2 §, which
    allows a claim on the person only for bistånd given as an advance on the benefit in question.
    """
    return AssistancePayment(
        paid_on=payment.paid_on,
        amount=payment.amount,
        kind=AssistanceKind(payment.kind),
        covers=Period(payment.period_start, payment.period_end),
        advance_with_written_notice=payment.advance_benefit == benefit and payment.advance_written_notice,
        id=str(payment.pk),
        member=payment.recipient.full_name,
        household=household,
    )


# --- Nightly detection: the read half -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A retroactive decision that overlaps counted bistånd of the household of an aktuellt ärende."""

    case_id: int
    organisation_id: int
    decision_id: int
    person_id: int
    benefit: str
    counted_assistance: Decimal
    deadline: dt.date


def _reclaimable_codes() -> list[str]:
    return [code for code, b in BENEFITS.items() if b.reclaimable]


def retroactive_decisions(*, payout_from: dt.date) -> QuerySet[BenefitDecision]:
    """Granted retroactive decisions by FK or PM of a benefit that can be reclaimed at all
    (SFB 107 kap. 5 §), paid out on or after ``payout_from`` (amount, period and payout day known)."""
    return BenefitDecision.objects.filter(
        payout_date__gte=payout_from,
        outcome=BenefitDecision.Outcome.GRANTED,
        benefit__in=_reclaimable_codes(),
        retroactive_amount__isnull=False,
        retroactive_start__isnull=False,
        retroactive_end__isnull=False,
        organisation__org_type__in=[t.value for t in AGENCY_TYPES],
    )


def retroactive_decision_ids(*, payout_from: dt.date) -> list[int]:
    """What the nightly run goes through, most urgent payout first."""
    return list(
        retroactive_decisions(payout_from=payout_from).order_by("payout_date", "pk").values_list("pk", flat=True)
    )


def chunked(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _active_assistance_memberships(
    person_ids: Iterable[int], case_ids: Sequence[int] | None
) -> list[tuple[int, int, int]]:
    """(case, organisation, person) for each aktuellt ärende om ekonomiskt bistånd the persons are in."""
    qs = CaseMember.objects.filter(
        person_id__in=list(person_ids),
        case__case_type=CaseType.ASSISTANCE.value,
        case__status=Case.Status.ACTIVE,
        case__organisation__org_type=OrganisationType.SOCIAL_SERVICES.value,
    )
    if case_ids is not None:
        qs = qs.filter(case_id__in=list(case_ids))
    return list(qs.values_list("case_id", "case__organisation_id", "person_id"))


def detection_candidates(
    *, decision_ids: Sequence[int], case_ids: Sequence[int] | None = None
) -> tuple[list[Candidate], int]:
    """Candidates among ``decision_ids`` (one chunk), most urgent first, and how many were skipped.

    A decision (see :func:`retroactive_decisions`) is a candidate for an aktuellt ärende om
    ekonomiskt bistånd (optionally only among ``case_ids``) when the person is in the case's
    household, the nämnd has no reclaim for the decision yet, and the retroactive period overlaps
    counted bistånd (SoL 12 kap. 1 §) the nämnd paid to anyone in the household. The overlap is the
    domain's sweep (:func:`samverkan.domain.reclaim.detect_overlaps`). Five queries per chunk,
    whatever the number of cases: the work follows the decisions, not the caseload.
    """
    rows = list(
        BenefitDecision.objects.filter(pk__in=list(decision_ids)).values_list(
            "pk",
            "person_id",
            "organisation__org_type",
            "benefit",
            "decision_date",
            "retroactive_start",
            "retroactive_end",
            "retroactive_amount",
            "payout_date",
        )
    )
    if not rows:
        return [], 0
    memberships = _active_assistance_memberships({r[1] for r in rows}, case_ids)
    if not memberships:
        return [], 0
    cases_of_person: dict[int, list[int]] = defaultdict(list)
    organisation_of: dict[int, int] = {}
    for case_id, organisation_id, person_id in memberships:
        cases_of_person[person_id].append(case_id)
        organisation_of[case_id] = organisation_id
    done = set(
        Reclaim.objects.filter(decision_id__in=[r[0] for r in rows]).values_list("organisation_id", "decision_id")
    )
    decisions: list[RetroactiveDecision] = []
    meta: list[tuple[int, int, int]] = []  # (case, decision, person) per domain decision
    skipped = 0
    for pk, person_id, org_type, benefit, decided, start, end, amount, payout in rows:
        if start is None or end is None or amount is None or payout is None:  # excluded by the query
            continue
        for case_id in cases_of_person.get(person_id, ()):
            if (organisation_of[case_id], pk) in done:
                continue
            try:
                decisions.append(
                    RetroactiveDecision(
                        benefit=benefit,
                        decided_by=Agency(org_type),
                        decision_date=decided,
                        period=Period(start, end),
                        amount=amount,
                        payout_date=payout,
                        id=str(pk),
                        household=str(case_id),
                    )
                )
            except DomainError:
                skipped += 1  # an inconsistent agency record (e.g. period after the decision): never reclaimed
                continue
            meta.append((case_id, pk, person_id))
    if not decisions:
        return [], skipped
    wanted = {m[0] for m in meta}
    households: dict[int, list[int]] = defaultdict(list)  # person -> wanted cases
    for case_id, person_id in CaseMember.objects.filter(case_id__in=list(wanted)).values_list("case_id", "person_id"):
        households[person_id].append(case_id)
    first = min(d.period.start for d in decisions)
    last = max(d.period.end for d in decisions)
    payments: list[AssistancePayment] = []
    for pk, recipient, org_id, kind, amount, start, end, paid_on in Payment.objects.filter(
        recipient_id__in=list(households),
        kind__in=[k.value for k in COUNTED_KINDS],
        period_start__lte=last,
        period_end__gte=first,
        amount__gt=0,
    ).values_list("pk", "recipient_id", "organisation_id", "kind", "amount", "period_start", "period_end", "paid_on"):
        for case_id in households[recipient]:
            if organisation_of[case_id] == org_id:
                payments.append(
                    AssistancePayment(
                        paid_on=paid_on,
                        amount=amount,
                        kind=AssistanceKind(kind),
                        covers=Period(start, end),
                        id=str(pk),
                        household=str(case_id),
                    )
                )
    found = [
        Candidate(
            case_id=meta[o.decision_index][0],
            organisation_id=organisation_of[meta[o.decision_index][0]],
            decision_id=meta[o.decision_index][1],
            person_id=meta[o.decision_index][2],
            benefit=o.decision.benefit,
            counted_assistance=o.counted_assistance,
            deadline=o.deadline,
        )
        for o in detect_overlaps(decisions, payments)
    ]
    return found, skipped
