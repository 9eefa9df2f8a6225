"""Writes for återsökning (SFB 107 kap. 5 §): each a transaction that records its audit entry.

The flow across organisations:

1. The socialsekreterare registers a benefit the person awaits (:func:`pending_benefit_register`)
   while bistånd is paid as an advance.
2. Försäkringskassan or Pensionsmyndigheten records a retroactive decision. The registries call
   :func:`reclaim_on_retroactive_decision`; the nightly :func:`reclaims_detect` catches any it
   missed. For each aktuellt ärende whose household includes the person, the decision passes the
   secrecy gate as a proactive disclosure of the duty categories, and only then a
   :class:`~samverkan.reclaims.models.Reclaim` is drafted (:func:`reclaim_draft`), with the
   calculation of ``samverkan.domain.reclaim`` and the payout day as the deadline.
3. The socialsekreterare sends it (:func:`reclaim_send`): it is computed again against the ledger,
   the counted bistånd is entered in the ledger (so no later request can take it again) and the
   request reaches the agency that day.
4. The agency's official registers the split (:func:`reclaim_settle`) or refuses
   (:func:`reclaim_refuse`). A draft whose payout day has come is too late
   (:func:`reclaim_mark_too_late`), with whether the nämnd may claim from the person under SoL
   (2025:400) 33 kap. 2 §.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.models import Payment
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import now, today
from samverkan.core.references import next_reference
from samverkan.disclosures import notices
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.notices import (
    REQUIRED_CATEGORIES,
    ReleasedDecision,
    decision_candidates,
    notify_retroactive_decision,
)
from samverkan.disclosures.passage import Passage, disclosure_message_passage
from samverkan.domain.errors import DomainError
from samverkan.domain.money import ZERO, format_money
from samverkan.domain.organisations import CaseType, OrganisationType, Role
from samverkan.domain.reclaim import (
    BENEFITS,
    THRESHOLD,
    Agency,
    Period,
    Reason,
    ReclaimInput,
    ReclaimResult,
    RetroactiveDecision,
    allocate_against_ledger,
    available_assistance,
    calculate,
    cite,
    repayment_claim_provision,
)
from samverkan.notifications import events as notification_events
from samverkan.people.models import Person
from samverkan.reclaims import selectors
from samverkan.reclaims.access import AGENCY_ROLES, SOCIAL_ROLES
from samverkan.reclaims.models import PendingBenefit, Reclaim, ReclaimEvent, ReclaimLedgerEntry

logger = logging.getLogger(__name__)


class HasPk(Protocol):
    """A recorded decision (the agency's row), of which återsökning uses only the id."""

    pk: Any


#: "107 kap. 5 § socialförsäkringsbalken (2010:110)"; one wording since the återsökning rules began.
RECLAIM_CITATION = cite("reclaim", dt.date(2025, 7, 1))

RECLAIM_PURPOSE = "Återsökning av retroaktiv ersättning enligt 107 kap. 5 § socialförsäkringsbalken"
#: What the nämnd tells FK or PM when it asks in advance (bistånd granted "i avvaktan på" the benefit), and
#: when it sends the request with the bistånd to deduct. Both pass the gate's message passage: no duty and
#: usually no consent, so the nämnd's own secrecy review decides that the disclosure is necessary for its
#: own work — asking for the payment under SFB 107 kap. 5 § (OSL 10 kap. 2 §).
ADVANCE_REQUEST_CATEGORIES = ("identity", "assistance_decision")
SEND_CATEGORIES = ("identity", "assistance_payment")

#: Who may act for the socialnämnd and for the agency.


# --- Helpers ------------------------------------------------------------------------------------


def _require_official(user: User, organisation: Organisation, roles: Sequence[Role], what: str) -> None:
    if user.organisation is None or user.organisation.pk != organisation.pk or not user.has_role(*roles):
        raise ValidationError(f"Du får inte {what}.", code="forbidden")


def _tell_agency(
    organisation: Organisation, agency: Organisation, person: Person, categories: Sequence[str], on: dt.date
) -> Passage:
    """The gate's decision for the nämnd telling ``agency`` about ``person``: sending a request under SFB
    107 kap. 5 § is the nämnd's own decision that the disclosure is necessary for its work (OSL 10 kap. 2 §)."""
    return disclosure_message_passage(
        author_organisation=organisation,
        other_organisation=agency,
        other_case=None,
        person=person,
        categories=categories,
        secrecy_reviewed=True,
        on=on,
    )


def _event(reclaim: Reclaim, *, actor: User | None, organisation: Organisation, note: str = "") -> None:
    ReclaimEvent.objects.create(
        reclaim=reclaim, status=reclaim.status, at=now(), actor=actor, organisation=organisation, note=note
    )


def _next_reference(organisation: Organisation, year: int) -> str:
    """The reclaim's number ``ÅS-ÅÅÅÅ-NNNNN`` from the organisation's counter (locked until the reclaim is stored)."""
    return next_reference(
        rows=Reclaim.objects.filter(organisation=organisation),
        organisation=organisation,
        series="reclaim",
        year=year,
        prefix=f"ÅS-{year}-",
    )


def _domain_decision(reclaim: Reclaim) -> RetroactiveDecision:
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


def _calculate(
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


def _store_result(reclaim: Reclaim, calc: Calculation, on: dt.date) -> None:
    result = calc.result
    reclaim.reason = result.reason.value
    reclaim.to_social_services = result.to_social_services
    reclaim.to_person = result.to_person
    reclaim.counted_assistance = result.counted_assistance
    reclaim.repayment_claim_possible = result.repayment_claim_possible
    reclaim.repayment_claim_citations = _claim_provisions(result, calc)
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


def _write_ledger(reclaim: Reclaim, calc: Calculation, allocations: Sequence[Any]) -> None:
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


def _lock_payments(calc: Calculation) -> None:
    """Serialise requests on the same bistånd (PostgreSQL; SQLite write transactions already are)."""
    if calc.payments:
        list(Payment.objects.select_for_update().filter(pk__in=[p.pk for p in calc.payments.values()]))


# --- Pending benefits ---------------------------------------------------------------------------


@transaction.atomic
def pending_benefit_register(
    *,
    registered_by: User,
    case: Case,
    person: Person,
    benefit: str,
    agency: Organisation,
    applied_on: dt.date,
    note: str = "",
) -> PendingBenefit:
    """Note that ``person`` awaits ``benefit`` from FK or PM while the nämnd pays bistånd in advance."""
    organisation = case.organisation
    _require_official(registered_by, organisation, SOCIAL_ROLES, "registrera förmåner i det här ärendet")
    if case.case_type != CaseType.ASSISTANCE.value or not case.is_active:
        raise ValidationError("Förmåner i avvaktan registreras i ett aktuellt ärende om ekonomiskt bistånd.")
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": "Personen ska ingå i hushållet i ärendet."})
    info = BENEFITS.get(benefit)
    if info is None:
        raise ValidationError({"benefit": "Välj förmånen i listan."})
    if not info.reclaimable:
        why = info.note or f"Förmånen kan inte återsökas enligt {RECLAIM_CITATION}."
        raise ValidationError(
            {
                "benefit": f"{info.name.capitalize()} kan aldrig betalas ut till socialnämnden ({RECLAIM_CITATION}). "
                f"{why}"
            }
        )
    if agency.org_type not in (OrganisationType.FK.value, OrganisationType.PM.value):
        raise ValidationError({"agency": "Välj Försäkringskassan eller Pensionsmyndigheten."})
    if Agency(agency.org_type) not in info.decided_by:
        who = " eller ".join(a.swedish for a in info.decided_by)
        raise ValidationError({"agency": f"{info.name.capitalize()} beslutas av {who}."})
    if applied_on > today():
        raise ValidationError({"applied_on": "Ansökningsdagen kan inte ligga i framtiden."})
    if PendingBenefit.objects.filter(
        case=case, person=person, benefit=benefit, agency=agency, status=PendingBenefit.Status.AWAITING
    ).exists():
        raise ValidationError(f"{info.name.capitalize()} för {person.full_name} är redan registrerad som väntad.")
    passage = _tell_agency(organisation, agency, person, ADVANCE_REQUEST_CATEGORIES, today())
    pending = PendingBenefit.objects.create(
        organisation=organisation,
        case=case,
        person=person,
        benefit=benefit,
        agency=agency,
        applied_on=applied_on,
        note=note.strip(),
        created_by=registered_by,
        requested_at=now(),
        request_basis=passage.basis_text[:300],
        request_decision=passage.snapshot(),
    )
    audit_append(
        event="reclaim.pending_registered",
        actor=registered_by,
        organisation=organisation,
        recipient=agency,
        person=person,
        categories=passage.categories,
        basis=passage.basis_text,
        purpose=RECLAIM_PURPOSE,
        extra={
            "case": case.pk,
            "pending_benefit": pending.pk,
            "benefit": benefit,
            "agency": agency.code,
            **passage.audit_extra(),
        },
    )
    return pending


@transaction.atomic
def pending_benefit_withdraw(*, pending: PendingBenefit, withdrawn_by: User) -> PendingBenefit:
    _require_official(withdrawn_by, pending.organisation, SOCIAL_ROLES, "ändra förmåner i det här ärendet")
    if pending.status != PendingBenefit.Status.AWAITING:
        raise ValidationError("Förmånen väntas inte längre.")
    pending.status = PendingBenefit.Status.WITHDRAWN
    pending.withdrawn_at = now()
    pending.save(update_fields=["status", "withdrawn_at"])
    audit_append(
        event="reclaim.pending_withdrawn",
        actor=withdrawn_by,
        organisation=pending.organisation,
        recipient=pending.agency if pending.requested_at else None,
        person=pending.person,
        purpose=RECLAIM_PURPOSE,
        extra={"pending_benefit": pending.pk},
    )
    return pending


# --- Drafting -----------------------------------------------------------------------------------


def _claim_provisions(result: ReclaimResult, calc: Calculation) -> list[str]:
    """The provisions a claim on the person rests on: those of the counted advances when a claim is possible,
    else those of the bistånd paid for the period (what a claim would have rested on), by the day each was paid."""
    if result.repayment_claim_possible:
        return [c.text for c in result.repayment_claim_citations]
    dates = sorted({p.paid_on for p in calc.payments.values()})
    return list(dict.fromkeys(repayment_claim_provision(d).text for d in dates))


def _too_late_text(reclaim: Reclaim, result: ReclaimResult, on: dt.date) -> str:
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


@transaction.atomic
def reclaim_draft(
    *,
    case: Case,
    released: ReleasedDecision,
    drafted_by: User | None = None,
    on: dt.date | None = None,
) -> Reclaim:
    """Draft the request in ``case`` from the decision as the gate released it to the nämnd.

    Works only from the released facts (:class:`~samverkan.disclosures.notices.ReleasedDecision`), never
    from the agency's rows. Idempotent: an existing reclaim of the nämnd for the decision is returned
    unchanged. A draft made on or after the payout day is ``too_late`` at once, with the explanation.
    """
    on = on or today()
    organisation = case.organisation
    existing = Reclaim.objects.filter(organisation=organisation, decision_id=released.decision_id).first()
    if existing is not None:
        return existing
    domain_decision = released.domain()
    agency = released.agency
    person = released.person
    calc = _calculate(case=case, decision=domain_decision, request_received=max(on, domain_decision.decision_date))
    pending = (
        PendingBenefit.objects.select_for_update()
        .filter(case=case, person=person, benefit=released.benefit, agency=agency)
        .exclude(status=PendingBenefit.Status.WITHDRAWN)
        .order_by("status", "-applied_on")
        .first()
    )
    reclaim = Reclaim(
        organisation=organisation,
        reference=_next_reference(organisation, on.year),
        case=case,
        person=person,
        agency=agency,
        decision_id=released.decision_id,
        pending_benefit=pending,
        disclosure_request_id=released.request.pk,
        benefit=released.benefit,
        decision_date=domain_decision.decision_date,
        period_start=domain_decision.period.start,
        period_end=domain_decision.period.end,
        retroactive_amount=domain_decision.amount,
        payout_date=domain_decision.payout_date,
        deadline=calc.result.deadline,
        drafted_at=now(),
        drafted_by=drafted_by,
    )
    # A request made in advance (bistånd granted "i avvaktan på" this benefit) reached the agency on that day.
    advance = pending if pending is not None and pending.status == PendingBenefit.Status.AWAITING else None
    advance_received = advance.requested_on if advance is not None else None
    _store_result(reclaim, calc, on)
    if on >= reclaim.payout_date and (advance_received is None or advance_received >= reclaim.payout_date):
        reclaim.status = Reclaim.Status.TOO_LATE
        reclaim.too_late_explanation = _too_late_text(reclaim, calc.result, on)
    try:
        with transaction.atomic():
            reclaim.save()
    except IntegrityError:  # a concurrent run drafted it first
        return Reclaim.objects.get(organisation=organisation, decision_id=released.decision_id)
    if pending is not None and pending.status == PendingBenefit.Status.AWAITING:
        pending.status = PendingBenefit.Status.DECIDED
        pending.save(update_fields=["status"])
    _event(
        reclaim, actor=drafted_by, organisation=organisation, note="Upprättad efter beslut om retroaktiv ersättning."
    )
    audit_append(
        event="reclaim.drafted",
        actor=drafted_by,
        organisation=organisation,
        person=person,
        recipient=None,
        basis=RECLAIM_CITATION,
        purpose=RECLAIM_PURPOSE,
        extra={
            "reclaim": reclaim.pk,
            "reference": reclaim.reference,
            "case": case.pk,
            "decision": released.decision_id,
            "disclosure_request": released.request.pk,
            "status": reclaim.status,
            "reason": reclaim.reason,
            "to_social_services": f"{reclaim.to_social_services:.2f}",
        },
    )
    if advance is not None and advance_received is not None and reclaim.status == Reclaim.Status.DRAFT:
        try:
            with transaction.atomic():
                return _send(reclaim, sent_by=advance.created_by, received=advance_received, advance=advance)
        except ValidationError as exc:  # nothing to claim after all (threshold, already reclaimed): stays a draft
            _event(reclaim, actor=None, organisation=organisation, note=" ".join(exc.messages))
    return reclaim


def drafted_pairs(decision_ids: Sequence[int]) -> set[tuple[int, int]]:
    """(nämnd, decision) pairs that already have a reclaim: the gate tells no nämnd twice."""
    return set(Reclaim.objects.filter(decision_id__in=list(decision_ids)).values_list("organisation_id", "decision_id"))


def _release_and_draft(*, case: Case, decision_id: int, actor: User | None, on: dt.date) -> tuple[Reclaim | None, str]:
    """The agency's notice of the decision passes the gate to the case's nämnd; draft from what it released."""
    gate, released = notify_retroactive_decision(
        decision_id=decision_id, case=case, purpose=RECLAIM_PURPOSE, actor=actor, on=on
    )
    if released is None:
        missing = sorted(REQUIRED_CATEGORIES - gate.released)
        return None, "Sekretessgrinden lämnade inte ut beslutet: " + ", ".join(missing or ["beslutets uppgifter"])
    return reclaim_draft(case=case, released=released, on=on), ""


def reclaim_on_retroactive_decision(
    decision: int | HasPk, *, actor: User | None = None, on: dt.date | None = None
) -> list[Reclaim]:
    """Called when FK or PM has recorded a (retroactive) decision: draft the reclaims it gives rise to.

    The gate finds the aktuella ärenden about ekonomiskt bistånd whose household includes the person
    and whose bistånd overlaps the retroactive period (:func:`~samverkan.disclosures.notices.decision_candidates`);
    for each, the decision passes the gate (proactive disclosure of the duty categories) and a request is
    drafted from what it released. Safe to call for any decision and more than once: a decision that is
    not a granted retroactive SFB benefit gives nothing, one already drafted gives the existing reclaims.
    Each case is its own transaction, so one failing case does not stop the others.
    """
    on = on or today()
    decision_id = decision if isinstance(decision, int) else int(decision.pk)
    drafted = list(Reclaim.objects.filter(decision_id=decision_id).order_by("pk"))
    for candidate in decision_candidates(decision_id, drafted=drafted_pairs):
        case = Case.objects.select_related("organisation", "unit").get(pk=candidate.case_id)
        try:
            with transaction.atomic():
                reclaim, problem = _release_and_draft(case=case, decision_id=decision_id, actor=actor, on=on)
        except (DomainError, ValidationError, IntegrityError) as exc:
            logger.exception("Återsökning: beslut %s i ärende %s", decision_id, case.pk)
            reclaim, problem = None, str(exc)
        if reclaim is not None:
            drafted.append(reclaim)
        else:
            logger.info("Ingen återsökning för beslut %s i ärende %s: %s", decision_id, case.pk, problem)
    return drafted


# --- Sending ------------------------------------------------------------------------------------


def _refusal_message(reclaim: Reclaim, calc: Calculation) -> str:
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


@transaction.atomic
def reclaim_mark_too_late(*, reclaim: Reclaim, on: dt.date | None = None, actor: User | None = None) -> Reclaim:
    """A draft whose payout day has come: ``too_late``, saying whether a claim on the person is possible."""
    on = on or today()
    reclaim = Reclaim.objects.select_for_update().select_related("agency", "case").get(pk=reclaim.pk)
    if reclaim.status != Reclaim.Status.DRAFT:
        return reclaim
    if on < reclaim.payout_date:
        raise ValidationError(f"Det är inte för sent: begäran kan skickas till och med {reclaim.deadline.isoformat()}.")
    calc = _calculate(case=reclaim.case, decision=_domain_decision(reclaim), request_received=on, exclude=reclaim)
    _store_result(reclaim, calc, on)
    reclaim.status = Reclaim.Status.TOO_LATE
    reclaim.too_late_explanation = _too_late_text(reclaim, calc.result, on)
    reclaim.save()
    _event(reclaim, actor=actor, organisation=reclaim.organisation, note=reclaim.too_late_explanation)
    audit_append(
        event="reclaim.too_late",
        actor=actor,
        organisation=reclaim.organisation,
        person=reclaim.person,
        basis=RECLAIM_CITATION,
        purpose=RECLAIM_PURPOSE,
        extra={
            "reclaim": reclaim.pk,
            "reference": reclaim.reference,
            "repayment_claim_possible": reclaim.repayment_claim_possible,
        },
    )
    return reclaim


@transaction.atomic
def reclaim_send(*, reclaim: Reclaim, sent_by: User, on: dt.date | None = None) -> Reclaim:
    """Send the request to FK or PM: it reaches the agency the same day (electronically).

    Computed again against the ledger at this moment; the claimed bistånd is entered in the
    ledger in the same transaction, so a second request can never take it again. Refused with a
    Swedish message and nothing stored when there is nothing to claim (already reclaimed, at most
    1 000 kr, excluded benefit). On or after the payout day the draft becomes ``too_late``
    instead (returned with that status).
    """
    on = on or today()
    reclaim = Reclaim.objects.select_for_update().select_related("agency", "case", "organisation").get(pk=reclaim.pk)
    _require_official(sent_by, reclaim.organisation, SOCIAL_ROLES, "skicka den här återsökningen")
    if reclaim.status != Reclaim.Status.DRAFT:
        raise ValidationError(
            f"Återsökningen är redan {reclaim.get_status_display().lower()} och kan inte skickas igen.",
            code="not_draft",
        )
    return _send(reclaim, sent_by=sent_by, received=on)


def _send(
    reclaim: Reclaim, *, sent_by: User | None, received: dt.date, advance: PendingBenefit | None = None
) -> Reclaim:
    """The request reaches the agency on ``received`` (today, or the day of the request made in advance)."""
    if received >= reclaim.payout_date:
        return reclaim_mark_too_late(reclaim=reclaim, on=received, actor=sent_by)
    calc = _calculate(case=reclaim.case, decision=_domain_decision(reclaim), request_received=received, exclude=reclaim)
    _lock_payments(calc)
    # Read the ledger again under the locks: another request may have just taken the same bistånd.
    calc = _calculate(case=reclaim.case, decision=_domain_decision(reclaim), request_received=received, exclude=reclaim)
    if calc.result.reason is not Reason.OK:
        raise ValidationError(_refusal_message(reclaim, calc), code=calc.result.reason.value)
    passage = _tell_agency(reclaim.organisation, reclaim.agency, reclaim.person, SEND_CATEGORIES, today())
    _store_result(reclaim, calc, received)
    reclaim.status = Reclaim.Status.SENT
    reclaim.request_received = received
    reclaim.sent_at = now()
    reclaim.sent_by = sent_by
    reclaim.save()
    _write_ledger(reclaim, calc, calc.result.allocations)
    amount = format_money(reclaim.to_social_services)
    if advance is None:
        note = f"Begäran om {amount} skickad till {reclaim.agency.name}."
    else:
        note = (
            f"Begäran kom in till {reclaim.agency.name} i förväg, {received.isoformat()}, när biståndet beviljades i "
            f"avvaktan på förmånen; beslutet matchades mot den och {amount} begärs."
        )
    _event(reclaim, actor=sent_by, organisation=reclaim.organisation, note=note)
    audit_append(
        event="reclaim.sent",
        actor=sent_by,
        organisation=reclaim.organisation,
        recipient=reclaim.agency,
        person=reclaim.person,
        categories=passage.categories,
        basis=passage.basis_text,
        purpose=RECLAIM_PURPOSE,
        extra={
            "reclaim": reclaim.pk,
            "reference": reclaim.reference,
            "decision": reclaim.decision_id,
            "request_received": received.isoformat(),
            "to_social_services": f"{reclaim.to_social_services:.2f}",
            "advance_request": advance.pk if advance is not None else None,
            **passage.audit_extra(),
        },
    )
    return reclaim


# --- The agency's outcome -----------------------------------------------------------------------


def _agency_check(reclaim: Reclaim, user: User, what: str) -> None:
    _require_official(user, reclaim.agency, AGENCY_ROLES, what)
    if reclaim.status != Reclaim.Status.SENT:
        raise ValidationError(
            f"Återsökningen är {reclaim.get_status_display().lower()}; bara en skickad begäran kan avgöras.",
            code="not_sent",
        )


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
    if errors:
        raise ValidationError(errors)
    if to_social_services != reclaim.to_social_services:
        # Only part was paid to the nämnd: the rest of the bistånd stays free for later claims.
        calc = _calculate(
            case=reclaim.case,
            decision=_domain_decision(reclaim),
            request_received=reclaim.request_received or settled_on,
            exclude=reclaim,
        )
        _lock_payments(calc)
        ReclaimLedgerEntry.objects.filter(reclaim=reclaim).delete()
        allocations = allocate_against_ledger(
            calc.data.assistance_payments,
            Period(reclaim.period_start, reclaim.period_end),
            to_social_services,
            calc.data.ledger,
        )
        _write_ledger(reclaim, calc, allocations)
    reclaim.status = Reclaim.Status.PAID
    reclaim.paid_to_social_services = to_social_services
    reclaim.paid_to_person = to_person
    reclaim.settled_on = settled_on
    reclaim.settled_by = settled_by
    reclaim.save()
    _event(
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
    _event(reclaim, actor=refused_by, organisation=reclaim.agency, note=reason)
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


# --- Nightly detection --------------------------------------------------------------------------


@dataclass
class DetectionReport:
    decisions: int = 0
    candidates: int = 0
    drafted: int = 0
    already_drafted: int = 0
    denied: int = 0
    skipped: int = 0
    too_late_marked: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.decisions} retroaktiva beslut, {self.candidates} med bistånd för samma tid i ett aktuellt ärende, "
            f"{self.drafted} nya utkast, {self.already_drafted} fanns redan, {self.denied} stoppade av "
            f"sekretessgrinden, {self.skipped} beslut med ofullständiga uppgifter, {self.too_late_marked} "
            f"utkast för sent, {len(self.errors)} fel"
        )


#: How far back a payout may lie and still be detected (then as ``too_late``): the gate's
#: "current period" is a year; a month of slack covers a missed night or a holiday.
DETECT_LOOKBACK_DAYS = 31


def _detect_batched(candidates: Sequence[notices.Candidate], *, on: dt.date, report: DetectionReport) -> bool:
    """A chunk's candidates through the gate's batch path, in ONE transaction with their drafts (issue 19).

    The notices are decided, stored and logged together (:func:`~samverkan.disclosures.notices.
    notify_retroactive_decisions`), then each released decision is drafted. If any draft fails, nothing of the
    chunk is kept and False is returned: the caller then goes one candidate at a time, as before, so a notice is
    never kept without its draft and a rerun never repeats one. A run killed part-way loses the whole chunk,
    which the next run does again.
    """
    try:
        with transaction.atomic():
            done = drafted_pairs([c.decision_id for c in candidates])
            todo = [c for c in candidates if (c.organisation_id, c.decision_id) not in done]
            results = notices.notify_retroactive_decisions(todo, purpose=RECLAIM_PURPOSE, on=on)
            cases = Case.objects.select_related("organisation", "unit").in_bulk(sorted({c.case_id for c in todo}))
            drafted = denied = 0
            for candidate, (_gate, released) in zip(todo, results, strict=True):
                if released is None:
                    denied += 1
                    continue
                reclaim_draft(case=cases[candidate.case_id], released=released, on=on)
                drafted += 1
    except (DomainError, ValidationError, IntegrityError):
        logger.warning("Återsökning: en kandidat i satsen misslyckades; satsen görs om en i taget", exc_info=True)
        return False
    report.already_drafted += len(candidates) - len(todo)
    report.drafted += drafted
    report.denied += denied
    return True


def reclaims_detect(
    *,
    on: dt.date | None = None,
    chunk_size: int = 500,
    lookback_days: int = DETECT_LOOKBACK_DAYS,
    progress: Callable[[int], None] | None = None,
    decision_ids: Sequence[int] | None = None,
    case_ids: Sequence[int] | None = None,
    batch: bool = True,
) -> DetectionReport:
    """Find every retroactive decision that overlaps paid bistånd in an aktuellt ärende, and draft.

    Goes through the retroactive decisions of FK and PM paid out from ``lookback_days`` ago on
    (``decision_ids``: the list to go through, as given by
    :func:`samverkan.disclosures.notices.retroactive_decision_ids`), across every aktuellt ärende om ekonomiskt bistånd
    at every socialnämnd (``case_ids``: only these cases). Idempotent and resumable: a decision
    already drafted by the nämnd is never drafted again (the database's unique key holds even for
    concurrent runs); a run that stops part-way is simply run again. One transaction per chunk of
    decisions for the reads; the writes of a chunk's candidates go through the gate's batch path in one
    transaction (``batch``, :func:`_detect_batched`), and if one of them fails, one transaction per
    candidate, so one bad item is reported and the run goes on. Finally drafts whose payout day has come
    are marked ``too_late``. ``progress`` is called with the number of decisions done per chunk.
    """
    on = on or today()
    report = DetectionReport()
    payout_from = on - dt.timedelta(days=lookback_days)
    ids = list(decision_ids) if decision_ids is not None else notices.retroactive_decision_ids(payout_from=payout_from)
    report.decisions = len(ids)
    for chunk in notices.chunked(ids, chunk_size):
        with transaction.atomic():
            candidates, skipped = notices.detection_candidates(
                decision_ids=chunk, case_ids=case_ids, drafted=drafted_pairs
            )
        report.skipped += skipped
        report.candidates += len(candidates)
        if batch and candidates and _detect_batched(candidates, on=on, report=report):
            if progress is not None:
                progress(len(chunk))
            continue
        for candidate in candidates:
            try:
                with transaction.atomic():
                    if Reclaim.objects.filter(
                        organisation_id=candidate.organisation_id, decision_id=candidate.decision_id
                    ).exists():
                        report.already_drafted += 1
                        continue
                    case = Case.objects.select_related("organisation", "unit").get(pk=candidate.case_id)
                    reclaim, _problem = _release_and_draft(
                        case=case, decision_id=candidate.decision_id, actor=None, on=on
                    )
                if reclaim is None:
                    report.denied += 1
                else:
                    report.drafted += 1
            except (DomainError, ValidationError, IntegrityError) as exc:
                report.errors.append(f"beslut {candidate.decision_id} i ärende {candidate.case_id}: {exc}")
                logger.exception("Återsökning: beslut %s i ärende %s", candidate.decision_id, candidate.case_id)
        if progress is not None:
            progress(len(chunk))
    for reclaim in Reclaim.objects.filter(status=Reclaim.Status.DRAFT, payout_date__lte=on).order_by("pk"):
        try:
            reclaim_mark_too_late(reclaim=reclaim, on=on)
            report.too_late_marked += 1
        except (DomainError, ValidationError) as exc:
            report.errors.append(f"{reclaim.reference}: {exc}")
    return report
