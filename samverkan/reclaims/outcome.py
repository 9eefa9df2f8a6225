"""The agency's outcome of a request for återsökning: FK or PM registers how the retroactive amount was paid
out (:func:`reclaim_settle`) or refuses (:func:`reclaim_refuse`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.core.clock import today
from samverkan.disclosures.audit import audit_append
from samverkan.domain.money import ZERO, format_money
from samverkan.domain.reclaim import THRESHOLD, Period, allocate_against_ledger
from samverkan.notifications import events as notification_events
from samverkan.reclaims.access import AGENCY_ROLES
from samverkan.reclaims.calculation import domain_decision, household_calculation, lock_payments, write_ledger
from samverkan.reclaims.common import RECLAIM_CITATION, RECLAIM_PURPOSE, record_event, require_official
from samverkan.reclaims.models import Reclaim, ReclaimLedgerEntry


def _agency_check(reclaim: Reclaim, user: User, what: str) -> None:
    require_official(user, reclaim.agency, AGENCY_ROLES, what)
    if reclaim.status != Reclaim.Status.SENT:
        raise ValidationError(
            f"Återsökningen är {reclaim.get_status_display().lower()}; bara en skickad begäran kan avgöras.",
            code="not_sent",
        )


def _settle_errors(
    reclaim: Reclaim, to_social_services: Decimal, to_person: Decimal, settled_on: dt.date
) -> dict[str, str]:
    """The settlement's errors per field: the parts make up the retroactive amount, the nämnd's part is at most
    what it asked for and above the threshold, the day is neither in the future nor before the request."""
    errors: dict[str, str] = {}
    if to_social_services < 0:
        errors["to_social_services"] = "Beloppet får inte vara negativt."
    elif to_social_services > reclaim.to_social_services:
        errors["to_social_services"] = (
            f"Nämnden har begärt {format_money(reclaim.to_social_services)}; mer än så kan inte betalas till nämnden."
        )
    elif to_social_services <= THRESHOLD:
        errors["to_social_services"] = (
            f"Högst 1 000 kr betalas inte ut till socialnämnden ({RECLAIM_CITATION}). Registrera avslag i stället."
        )
    if to_person < 0:
        errors["to_person"] = "Beloppet får inte vara negativt."
    if not errors and to_social_services + to_person != reclaim.retroactive_amount:
        errors["to_person"] = (
            f"Beloppen till nämnden och till personen ska tillsammans vara det retroaktiva beloppet "
            f"{format_money(reclaim.retroactive_amount)}, inte {format_money(to_social_services + to_person)}."
        )
    if settled_on > today():
        errors["settled_on"] = "Beslutsdagen kan inte ligga i framtiden."
    elif reclaim.request_received and settled_on < reclaim.request_received:
        errors["settled_on"] = (
            f"Beslutet kan inte vara fattat före begäran kom in ({reclaim.request_received.isoformat()})."
        )
    return errors


def _rewrite_ledger(reclaim: Reclaim, to_social_services: Decimal, settled_on: dt.date) -> None:
    """Only part was paid to the nämnd: the ledger holds what was paid, the rest of the bistånd stays free
    for later claims."""
    calc = household_calculation(
        case=reclaim.case,
        decision=domain_decision(reclaim),
        request_received=reclaim.request_received or settled_on,
        exclude=reclaim,
    )
    lock_payments(calc)
    ReclaimLedgerEntry.objects.filter(reclaim=reclaim).delete()
    allocations = allocate_against_ledger(
        calc.data.assistance_payments,
        Period(reclaim.period_start, reclaim.period_end),
        to_social_services,
        calc.data.ledger,
    )
    write_ledger(reclaim, calc, allocations)


@transaction.atomic
def reclaim_settle(
    *,
    reclaim: Reclaim,
    settled_by: User,
    to_social_services: Decimal,
    to_person: Decimal,
    settled_on: dt.date,
) -> Reclaim:
    """FK or PM registers how the retroactive amount was paid out: to the nämnd and to the person.

    The two parts must make up the retroactive amount; the nämnd gets at most what it asked for
    and, by SFB 107 kap. 5 §, only more than 1 000 kr (otherwise register a refusal). The ledger
    is rewritten to what was actually paid to the nämnd.
    """
    reclaim = Reclaim.objects.select_for_update().select_related("agency", "case", "organisation").get(pk=reclaim.pk)
    _agency_check(reclaim, settled_by, "avgöra den här återsökningen")
    errors = _settle_errors(reclaim, to_social_services, to_person, settled_on)
    if errors:
        raise ValidationError(errors)
    if to_social_services != reclaim.to_social_services:
        _rewrite_ledger(reclaim, to_social_services, settled_on)
    reclaim.status = Reclaim.Status.PAID
    reclaim.paid_to_social_services = to_social_services
    reclaim.paid_to_person = to_person
    reclaim.settled_on = settled_on
    reclaim.settled_by = settled_by
    reclaim.save()
    record_event(
        reclaim,
        actor=settled_by,
        organisation=reclaim.agency,
        note=f"Till socialnämnden {format_money(to_social_services)}, till personen {format_money(to_person)}.",
    )
    audit_append(
        event="reclaim.paid",
        actor=settled_by,
        organisation=reclaim.agency,
        recipient=reclaim.organisation,
        person=reclaim.person,
        categories=("payment_amount", "payment_date"),
        basis=RECLAIM_CITATION,
        purpose=RECLAIM_PURPOSE,
        extra={
            "reclaim": reclaim.pk,
            "reference": reclaim.reference,
            "to_social_services": f"{to_social_services:.2f}",
            "to_person": f"{to_person:.2f}",
            "settled_on": settled_on.isoformat(),
        },
    )
    notification_events.reclaim_decided(reclaim=reclaim, actor=settled_by)
    return reclaim


@transaction.atomic
def reclaim_refuse(*, reclaim: Reclaim, refused_by: User, reason: str, refused_on: dt.date) -> Reclaim:
    """FK or PM refuses the request, with a reason; the bistånd is released from the ledger."""
    reclaim = Reclaim.objects.select_for_update().select_related("agency", "organisation").get(pk=reclaim.pk)
    _agency_check(reclaim, refused_by, "avgöra den här återsökningen")
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if len(reason) < 10:
        errors["reason"] = "Skriv skälet för avslaget (minst 10 tecken); socialnämnden och personen får veta det."
    if refused_on > today():
        errors["refused_on"] = "Beslutsdagen kan inte ligga i framtiden."
    elif reclaim.request_received and refused_on < reclaim.request_received:
        errors["refused_on"] = (
            f"Beslutet kan inte vara fattat före begäran kom in ({reclaim.request_received.isoformat()})."
        )
    if errors:
        raise ValidationError(errors)
    ReclaimLedgerEntry.objects.filter(reclaim=reclaim).delete()
    reclaim.status = Reclaim.Status.REFUSED
    reclaim.refusal_reason = reason
    reclaim.paid_to_social_services = ZERO
    reclaim.paid_to_person = reclaim.retroactive_amount
    reclaim.settled_on = refused_on
    reclaim.settled_by = refused_by
    reclaim.save()
    record_event(reclaim, actor=refused_by, organisation=reclaim.agency, note=reason)
    audit_append(
        event="reclaim.refused",
        actor=refused_by,
        organisation=reclaim.agency,
        recipient=reclaim.organisation,
        person=reclaim.person,
        basis=RECLAIM_CITATION,
        purpose=RECLAIM_PURPOSE,
        extra={"reclaim": reclaim.pk, "reference": reclaim.reference, "refused_on": refused_on.isoformat()},
    )
    notification_events.reclaim_decided(reclaim=reclaim, actor=refused_by)
    return reclaim
