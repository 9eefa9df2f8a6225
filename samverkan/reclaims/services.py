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
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.accounts.models import User
from samverkan.cases.models import Case
from samverkan.core.clock import now, today
from samverkan.disclosures import notices
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.notices import (
    REQUIRED_CATEGORIES,
    ReleasedDecision,
    decision_candidates,
    notify_retroactive_decision,
)
from samverkan.domain.errors import DomainError
from samverkan.domain.money import format_money
from samverkan.domain.reclaim import Reason
from samverkan.reclaims.access import SOCIAL_ROLES
from samverkan.reclaims.calculation import (
    domain_decision,
    household_calculation,
    lock_payments,
    refusal_message,
    store_result,
    too_late_text,
    write_ledger,
)
from samverkan.reclaims.common import RECLAIM_CITATION as RECLAIM_CITATION
from samverkan.reclaims.common import RECLAIM_PURPOSE as RECLAIM_PURPOSE
from samverkan.reclaims.common import SEND_CATEGORIES, reclaim_reference, record_event, require_official, tell_agency
from samverkan.reclaims.models import PendingBenefit, Reclaim
from samverkan.reclaims.outcome import reclaim_refuse as reclaim_refuse
from samverkan.reclaims.outcome import reclaim_settle as reclaim_settle
from samverkan.reclaims.pending import pending_benefit_register as pending_benefit_register
from samverkan.reclaims.pending import pending_benefit_withdraw as pending_benefit_withdraw

logger = logging.getLogger(__name__)


class HasPk(Protocol):
    """A recorded decision (the agency's row), of which återsökning uses only the id."""

    pk: Any


# --- Drafting -----------------------------------------------------------------------------------


def _pending_for(case: Case, released: ReleasedDecision) -> PendingBenefit | None:
    """The benefit registered as awaited that the decision answers (locked: the draft marks it decided)."""
    return (
        PendingBenefit.objects.select_for_update()
        .filter(case=case, person=released.person, benefit=released.benefit, agency=released.agency)
        .exclude(status=PendingBenefit.Status.WITHDRAWN)
        .order_by("status", "-applied_on")
        .first()
    )


def _audit_drafted(reclaim: Reclaim, released: ReleasedDecision, drafted_by: User | None) -> None:
    audit_append(
        event="reclaim.drafted",
        actor=drafted_by,
        organisation=reclaim.organisation,
        person=released.person,
        recipient=None,
        basis=RECLAIM_CITATION,
        purpose=RECLAIM_PURPOSE,
        extra={
            "reclaim": reclaim.pk,
            "reference": reclaim.reference,
            "case": reclaim.case.pk,
            "decision": released.decision_id,
            "disclosure_request": released.request.pk,
            "status": reclaim.status,
            "reason": reclaim.reason,
            "to_social_services": f"{reclaim.to_social_services:.2f}",
        },
    )


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
    decision = released.domain()
    calc = household_calculation(case=case, decision=decision, request_received=max(on, decision.decision_date))
    pending = _pending_for(case, released)
    reclaim = Reclaim(
        organisation=organisation,
        reference=reclaim_reference(organisation, on.year),
        case=case,
        person=released.person,
        agency=released.agency,
        decision_id=released.decision_id,
        pending_benefit=pending,
        disclosure_request_id=released.request.pk,
        benefit=released.benefit,
        decision_date=decision.decision_date,
        period_start=decision.period.start,
        period_end=decision.period.end,
        retroactive_amount=decision.amount,
        payout_date=decision.payout_date,
        deadline=calc.result.deadline,
        drafted_at=now(),
        drafted_by=drafted_by,
    )
    # A request made in advance (bistånd granted "i avvaktan på" this benefit) reached the agency on that day.
    advance = pending if pending is not None and pending.status == PendingBenefit.Status.AWAITING else None
    advance_received = advance.requested_on if advance is not None else None
    store_result(reclaim, calc, on)
    if on >= reclaim.payout_date and (advance_received is None or advance_received >= reclaim.payout_date):
        reclaim.status = Reclaim.Status.TOO_LATE
        reclaim.too_late_explanation = too_late_text(reclaim, calc.result, on)
    try:
        with transaction.atomic():
            reclaim.save()
    except IntegrityError:  # a concurrent run drafted it first
        return Reclaim.objects.get(organisation=organisation, decision_id=released.decision_id)
    if pending is not None and pending.status == PendingBenefit.Status.AWAITING:
        pending.status = PendingBenefit.Status.DECIDED
        pending.save(update_fields=["status"])
    record_event(
        reclaim, actor=drafted_by, organisation=organisation, note="Upprättad efter beslut om retroaktiv ersättning."
    )
    _audit_drafted(reclaim, released, drafted_by)
    if advance is not None and advance_received is not None and reclaim.status == Reclaim.Status.DRAFT:
        try:
            with transaction.atomic():
                return _send(reclaim, sent_by=advance.created_by, received=advance_received, advance=advance)
        except ValidationError as exc:  # nothing to claim after all (threshold, already reclaimed): stays a draft
            record_event(reclaim, actor=None, organisation=organisation, note=" ".join(exc.messages))
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


@transaction.atomic
def reclaim_mark_too_late(*, reclaim: Reclaim, on: dt.date | None = None, actor: User | None = None) -> Reclaim:
    """A draft whose payout day has come: ``too_late``, saying whether a claim on the person is possible."""
    on = on or today()
    reclaim = Reclaim.objects.select_for_update().select_related("agency", "case").get(pk=reclaim.pk)
    if reclaim.status != Reclaim.Status.DRAFT:
        return reclaim
    if on < reclaim.payout_date:
        raise ValidationError(f"Det är inte för sent: begäran kan skickas till och med {reclaim.deadline.isoformat()}.")
    calc = household_calculation(
        case=reclaim.case, decision=domain_decision(reclaim), request_received=on, exclude=reclaim
    )
    store_result(reclaim, calc, on)
    reclaim.status = Reclaim.Status.TOO_LATE
    reclaim.too_late_explanation = too_late_text(reclaim, calc.result, on)
    reclaim.save()
    record_event(reclaim, actor=actor, organisation=reclaim.organisation, note=reclaim.too_late_explanation)
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
    require_official(sent_by, reclaim.organisation, SOCIAL_ROLES, "skicka den här återsökningen")
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
    calc = household_calculation(
        case=reclaim.case, decision=domain_decision(reclaim), request_received=received, exclude=reclaim
    )
    lock_payments(calc)
    # Read the ledger again under the locks: another request may have just taken the same bistånd.
    calc = household_calculation(
        case=reclaim.case, decision=domain_decision(reclaim), request_received=received, exclude=reclaim
    )
    if calc.result.reason is not Reason.OK:
        raise ValidationError(refusal_message(reclaim, calc), code=calc.result.reason.value)
    passage = tell_agency(reclaim.organisation, reclaim.agency, reclaim.person, SEND_CATEGORIES, today())
    store_result(reclaim, calc, received)
    reclaim.status = Reclaim.Status.SENT
    reclaim.request_received = received
    reclaim.sent_at = now()
    reclaim.sent_by = sent_by
    reclaim.save()
    write_ledger(reclaim, calc, calc.result.allocations)
    amount = format_money(reclaim.to_social_services)
    if advance is None:
        note = f"Begäran om {amount} skickad till {reclaim.agency.name}."
    else:
        note = (
            f"Begäran kom in till {reclaim.agency.name} i förväg, {received.isoformat()}, när biståndet beviljades i "
            f"avvaktan på förmånen; beslutet matchades mot den och {amount} begärs."
        )
    record_event(reclaim, actor=sent_by, organisation=reclaim.organisation, note=note)
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
