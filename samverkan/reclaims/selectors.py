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
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.models import Payment, PaymentKind
from samverkan.cases.models import Case, CaseMember
from samverkan.domain.organisations import OrganisationType
from samverkan.domain.reclaim import (
    AssistanceKind,
    AssistancePayment,
    LedgerEntry,
    Period,
)
from samverkan.people.models import Person
from samverkan.people.selectors import person_matches
from samverkan.reclaims.models import PendingBenefit, Reclaim, ReclaimLedgerEntry

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


def reclaim_search(
    reclaims: QuerySet[Reclaim],
    *,
    user: User,
    incoming: bool,
    query: str = "",
    status: str = "",
    whose: str = "all",
    counterpart: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Reclaim]:
    """An återsökning list with its filters, most urgent first: status, the official's own ärenden (the nämnd: the
    case's responsible or who drafted or sent it; FK/PM: who settled it), the other organisation, the deadline,
    and a search by the person, the reclaim's number (ÅS-…) or the case reference."""
    if status in Reclaim.Status.values:
        reclaims = reclaims.filter(status=status)
    if whose == "mine":
        reclaims = reclaims.filter(
            Q(settled_by=user) if incoming else Q(case__responsible=user) | Q(drafted_by=user) | Q(sent_by=user)
        )
    if counterpart:
        reclaims = (
            reclaims.filter(organisation__code=counterpart) if incoming else reclaims.filter(agency__code=counterpart)
        )
    if since is not None:
        reclaims = reclaims.filter(deadline__gte=since)
    if until is not None:
        reclaims = reclaims.filter(deadline__lte=until)
    text = (query or "").strip()
    if text:
        reclaims = reclaims.filter(
            Q(reference__iexact=text) | Q(case__reference__iexact=text) | person_matches(text, path="person__")
        )
    return reclaims.order_by("status", "deadline", "pk")


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
