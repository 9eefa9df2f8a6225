"""Writes of cases: each one a transaction, validated against the domain rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case, CaseMember, JournalEntry
from samverkan.core import clock
from samverkan.core.references import next_reference
from samverkan.core.validation import HAPPENED, TextRules
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.models import DisclosureRequest
from samverkan.disclosures.selectors import requests_for_case
from samverkan.domain.disclosure import CATEGORIES
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.organisations import CASE_TYPES_BY_ORGANISATION_TYPE, CaseType, OrganisationType
from samverkan.people.models import Person


def person_by_identity_number(identity_number: str, *, field: str = "identity_number") -> Person:
    try:
        normalized = normalize_identity_number(identity_number, on=clock.today())
    except InvalidIdentityNumber as exc:
        raise ValidationError({field: exc.message}, code=exc.code) from exc
    try:
        return Person.objects.get(identity_number=normalized)
    except Person.DoesNotExist as exc:
        raise ValidationError(
            {field: f"Ingen person med nummer {normalized} finns i folkbokföringsregistret."}, code="not_found"
        ) from exc


def _next_reference(organisation: Organisation, year: int) -> str:
    """The case's diarienummer ``ÅÅÅÅ-NNNNN`` from the organisation's counter (locked until the case is stored)."""
    return next_reference(
        rows=Case.objects.filter(organisation=organisation),
        organisation=organisation,
        series="case",
        year=year,
        prefix=f"{year}-",
    )


#: A case's short description: a few lines.
SUMMARY_RULES = TextRules(2000, multiline=True)
#: A journal entry's text.
JOURNAL_TEXT_RULES = TextRules(8000, multiline=True)
#: The reason for a makulering (of a case or a journal entry).
REASON_RULES = TextRules(1000, multiline=True)

CANCELLED_UNCHANGEABLE = "Ärendet är makulerat och kan inte ändras."


@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    unit: Unit,
    case_type: str,
    subject_identity_number: str,
    responsible: User | None,
    opened_on: dt.date,
    actor: User | None,
    summary: str = "",
    reference: str | None = None,
) -> Case:
    """Open a case; audited, since an aktuellt ärende and its household decide what the gate releases.

    ``actor`` is the official who opened it (None: the system, e.g. demo seeding or an import).
    """
    allowed = CASE_TYPES_BY_ORGANISATION_TYPE[organisation.type]
    try:
        kind = CaseType(case_type)
    except ValueError as exc:
        raise ValidationError({"case_type": f"Okänd ärendetyp {case_type!r}."}) from exc
    if kind not in allowed:
        raise ValidationError(
            {"case_type": f"{organisation.type.label} handlägger inte ärenden av typen {kind.label}."}
        )
    if unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Enheten hör inte till din organisation."})
    if responsible is not None and (responsible.unit is None or responsible.unit.organisation_id != organisation.pk):
        raise ValidationError({"responsible": "Ansvarig handläggare måste arbeta i din organisation."})
    HAPPENED.check(opened_on, field="opened_on")
    SUMMARY_RULES.check(summary, field="summary")
    subject = person_by_identity_number(subject_identity_number, field="subject_identity_number")
    case = Case.objects.create(
        organisation=organisation,
        unit=unit,
        case_type=kind.value,
        subject=subject,
        responsible=responsible,
        opened_on=opened_on,
        summary=summary,
        reference=reference or _next_reference(organisation, opened_on.year),
    )
    CaseMember.objects.create(case=case, person=subject, relation=CaseMember.Relation.APPLICANT)
    _audit(case, "case.opened", actor=actor, person=subject, relation=CaseMember.Relation.APPLICANT)
    return case


def _audit(case: Case, event: str, *, actor: User | None, person: Person, **extra: str) -> None:
    """One audit entry per change of a case or its household (who may be asked about whom)."""
    audit_append(
        event=event,
        actor=actor,
        organisation=case.organisation,
        person=person,
        purpose=f"Ärende {case.reference} ({case.type.label})",
        extra={"case_id": case.pk, "reference": case.reference, "case_type": case.case_type, **extra},
    )


@transaction.atomic
def case_add_member(*, case: Case, identity_number: str, relation: str, actor: User | None) -> CaseMember:
    if case.organisation.org_type != OrganisationType.SOCIAL_SERVICES.value:
        raise ValidationError(
            "Hushållsmedlemmar finns bara i socialtjänstens ärenden; det här ärendet gäller en person."
        )
    if case.is_cancelled:
        raise ValidationError(CANCELLED_UNCHANGEABLE)
    if relation not in CaseMember.Relation.values:
        raise ValidationError({"relation": "Välj en relation i listan."})
    if relation == CaseMember.Relation.APPLICANT:
        raise ValidationError({"relation": "Ärendet har redan en sökande."})
    person = person_by_identity_number(identity_number)
    if CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"identity_number": "Personen finns redan i ärendets hushåll."})
    member = CaseMember.objects.create(case=case, person=person, relation=relation)
    _audit(case, "case.member_added", actor=actor, person=person, relation=relation)
    return member


@transaction.atomic
def case_close(*, case: Case, closed_on: dt.date, actor: User | None) -> Case:
    if case.is_cancelled:
        raise ValidationError(CANCELLED_UNCHANGEABLE)
    if not case.is_active:
        raise ValidationError("Ärendet är redan avslutat.")
    HAPPENED.check(closed_on, field="closed_on")
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": "Ett ärende kan inte avslutas före det öppnades."})
    case.status = Case.Status.CLOSED
    case.closed_on = closed_on
    case.save(update_fields=["status", "closed_on", "updated_at"])
    _audit(case, "case.closed", actor=actor, person=case.subject, closed_on=closed_on.isoformat())
    return case


# --- Makulering of a case opened by mistake ----------------------------------------------------------------------


def case_cancel_refusal(case: Case) -> str | None:
    """Why the case may not be struck out, in Swedish (None: it may).

    Makulering is for a case opened by mistake (the wrong person, a duplicate) in which nothing has happened yet.
    A case in which the secrecy gate has been asked, or disclosed anything, must keep its log: those requests were
    made *for this ärende*, the person can see them under "Vem har sett mina uppgifter", and the authority must be
    able to show on what basis each was made. Striking the case out would make it look as if that basis had never
    existed, so the nämnd closes the case instead (avsluta), which keeps the history and ends the aktuellt ärende
    just the same. The same holds for everything else that was done in the case and belongs to it (applications,
    payments, consents, reclaims, rehabilitation, administrative questions): those are the case's handling and
    are refused alike. Household members and journal entries do not stop a makulering; they stay, readable.
    """
    requests = DisclosureRequest.objects.filter(case=case).count()
    if requests:
        return (
            f"Ärendet kan inte makuleras: {requests} begäran{'den' if requests > 1 else ''} om uppgifter har gjorts "
            "eller tagits emot i ärendet genom sekretessgrinden, och loggen över dem ska finnas kvar och gå att "
            "förklara. Avsluta ärendet i stället."
        )
    for relation in Case._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "cases" or model is DisclosureRequest:
            continue
        if model._default_manager.filter(**{relation.field.name: case}).exists():
            return (
                f"Ärendet kan inte makuleras: det finns redan {model._meta.verbose_name_plural} i ärendet, "
                "och handläggningen ska finnas kvar. Avsluta ärendet i stället."
            )
    return None


@transaction.atomic
def case_cancel(*, case: Case, reason: str, actor: User) -> Case:
    """Strike out (makulera) a case opened by mistake: status ``cancelled``, with the reason, who and when; audited.

    A makulerat ärende is no aktuellt ärende: the gate treats it as closed (``Case.is_active``) and refuses it
    as the ärende of a request (``disclosures.services.gate_request``); it leaves the default case list, and it
    cannot be reopened, closed or changed. Refused when the case already has requests through the gate or other
    handling (:func:`case_cancel_refusal`): such a case is closed instead.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.is_cancelled:
        raise ValidationError("Ärendet är redan makulerat.")
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": "Skriv varför ärendet makuleras."})
    REASON_RULES.check(text, field="reason")
    if (refusal := case_cancel_refusal(locked)) is not None:
        raise ValidationError(refusal, code="has_handling")
    locked.status = Case.Status.CANCELLED
    locked.cancelled_at = clock.now()
    locked.cancelled_by = actor
    locked.cancellation_reason = text
    locked.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason", "updated_at"])
    # The reason is free text and stays on the case; the log names the event, the actor and the case only.
    _audit(locked, "case.cancelled", actor=actor, person=locked.subject, previous_status=case.status)
    case.refresh_from_db()
    return locked


# --- The journal (journalanteckningar) ----------------------------------------------------------------------------


def _journal_writable(case: Case) -> None:
    if case.is_cancelled:
        raise ValidationError(CANCELLED_UNCHANGEABLE)


def _journal_audit(
    entry: JournalEntry, event: str, *, actor: User, categories: Iterable[str] = (), **extra: Any
) -> None:
    case = entry.case
    audit_append(
        event=event,
        actor=actor,
        organisation=case.organisation,
        person=case.subject,
        categories=sorted(set(categories)),
        purpose=f"Journal i ärende {case.reference} ({case.type.label})",
        extra={"case_id": case.pk, "reference": case.reference, "entry_id": entry.pk, "kind": entry.kind, **extra},
    )


@transaction.atomic
def journal_note_write(*, case: Case, actor: User, text: str, corrects: JournalEntry | None = None) -> JournalEntry:
    """Write a plain journal note in the case (or a correction of an earlier entry, which stays as it was)."""
    _journal_writable(case)
    body = (text or "").strip()
    if not body:
        raise ValidationError({"text": "Skriv en anteckning."})
    JOURNAL_TEXT_RULES.check(body, field="text")
    if corrects is not None and corrects.case_id != case.pk:
        raise ValidationError({"corrects": "Anteckningen som rättas hör inte till ärendet."})
    entry = JournalEntry.objects.create(
        case=case,
        kind=JournalEntry.Kind.NOTE,
        text=body,
        written_by=actor,
        written_at=clock.now(),
        corrects=corrects,
    )
    extra: dict[str, Any] = {"corrects": corrects.pk} if corrects is not None else {}
    _journal_audit(entry, "journal.note_written", actor=actor, **extra)
    return entry


def _released_copy(requests: list[Any]) -> tuple[dict[str, Any], list[str]]:
    """What the gate released in ``requests`` as the recipient sees it: per request its decisions, with the
    values of the shown categories copied from the decision rows (``DisclosureDecision.shown_values``)."""
    copied = []
    agencies: dict[int, dict[str, Any]] = {}
    citations: list[str] = []
    for request in requests:
        decisions = []
        for decision in request.decisions.all():
            values = decision.shown_values
            outcome = decision.effective_outcome
            decisions.append(
                {
                    "category": decision.category,
                    "category_label": CATEGORIES[decision.category].label
                    if decision.category in CATEGORIES
                    else decision.category,
                    "outcome": outcome,
                    "basis": decision.basis,
                    "citation": decision.citation,
                    "values": values,
                }
            )
            if values:
                summary = agencies.setdefault(
                    request.discloser_id,
                    {"organisation": request.discloser.code, "name": request.discloser.name, "released": 0},
                )
                summary["released"] += 1
                if decision.citation and decision.citation not in citations:
                    citations.append(decision.citation)
        copied.append(
            {
                "request_id": request.pk,
                "discloser": request.discloser.code,
                "discloser_name": request.discloser.name,
                "person_id": request.person_id,
                "person": request.person.full_name,
                "requested_on": request.requested_on.isoformat(),
                "decisions": decisions,
            }
        )
    return {"agencies": list(agencies.values()), "requests": copied}, citations


@transaction.atomic
def journal_lookup_save(*, case: Case, actor: User, request_ids: Iterable[int], text: str = "") -> JournalEntry:
    """Save the result of a household lookup ("Hämta uppgifter") in the case's journal.

    ``request_ids`` are the gate's requests the lookup made. Only requests the case's organisation made in this
    case are read, and what is saved is copied from the gate's decision rows (the values released to the
    organisation, at once or after a review), never read again from the agencies' registers. ``text`` is the
    official's own comment (optional).
    """
    _journal_writable(case)
    if actor.organisation is None or actor.organisation.pk != case.organisation_id:
        raise ValidationError("Ärendet hör inte till din organisation.")
    wanted = sorted({int(pk) for pk in request_ids})
    if not wanted:
        raise ValidationError({"requests": "Det finns ingen hämtning att spara. Hämta uppgifterna först."})
    comment = (text or "").strip()
    JOURNAL_TEXT_RULES.check(comment, field="text")
    found = list(
        requests_for_case(case)
        .filter(pk__in=wanted, kind="request")
        .order_by("person__last_name", "person__first_name", "discloser__name", "pk")
    )
    if len(found) != len(wanted):
        raise ValidationError(
            {"requests": "Hämtningen hittades inte bland ärendets förfrågningar. Gör om hämtningen och spara igen."}
        )
    periods = {(r.period_start, r.period_end) for r in found}
    start, end = next(iter(periods))
    if len(periods) != 1 or start is None or end is None:
        raise ValidationError({"requests": "Förfrågningarna hör inte till samma hämtning. Gör om hämtningen."})
    sources, citations = _released_copy(found)
    sources = {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "request_ids": wanted,
        **sources,
    }
    entry = JournalEntry.objects.create(
        case=case,
        kind=JournalEntry.Kind.LOOKUP,
        text=comment,
        written_by=actor,
        written_at=clock.now(),
        sources=sources,
        citations=citations,
    )
    released = [d["category"] for r in sources["requests"] for d in r["decisions"] if d["values"]]
    _journal_audit(entry, "journal.lookup_saved", actor=actor, categories=released, request_ids=wanted)
    return entry


@transaction.atomic
def journal_entry_void(*, entry: JournalEntry, actor: User, reason: str) -> JournalEntry:
    """Mark an entry written in error as makulerad, with the reason; it stays in the journal, struck out."""
    locked = JournalEntry.objects.select_for_update().select_related("case").get(pk=entry.pk)
    _journal_writable(locked.case)
    if locked.is_voided:
        raise ValidationError("Anteckningen är redan makulerad.")
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": "Skriv varför anteckningen makuleras."})
    REASON_RULES.check(text, field="reason")
    locked.voided_at = clock.now()
    locked.voided_by = actor
    locked.void_reason = text
    locked.save(update_fields=["voided_at", "voided_by", "void_reason"])
    _journal_audit(locked, "journal.entry_voided", actor=actor)
    return locked
