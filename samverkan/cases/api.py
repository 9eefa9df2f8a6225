"""Cases over JSON, scoped to the logged-in official's organisation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases import selectors, services
from samverkan.cases.access import CASES
from samverkan.cases.models import Case, JournalEntry
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.idempotency import idempotent
from samverkan.core.validation import CODE, TextRules

PREFIX = "/cases/"
router = Router(tags=["Ärenden"], auth=django_auth)


class CaseOut(Schema):
    id: int
    reference: str
    case_type: str
    status: str
    opened_on: dt.date
    closed_on: dt.date | None
    unit: str
    members: list[str]
    cancelled_at: dt.datetime | None = None


def _out(case: Case) -> CaseOut:
    return CaseOut(
        id=case.pk,
        reference=case.reference,
        case_type=case.case_type,
        status=case.status,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        unit=case.unit.name,
        members=[m.person.masked_identity_number for m in case.members.all()],
        cancelled_at=case.cancelled_at,
    )


@router.get("/", response={200: list[CaseOut], **errors(*LOGIN, 422)}, summary="Organisationens ärenden")
@allowed(CASES)
def list_cases(request: OfficialRequest, status: Annotated[str, CODE] = "active") -> list[CaseOut]:
    qs = selectors.cases_for_organisation(organisation_of(request)).filter(status=status)
    return [_out(c) for c in qs.prefetch_related("members__person")[:500]]


@router.get("/{case_id}", response={200: CaseOut, **errors(*LOGIN, 404, 422)}, summary="Ett ärende")
@allowed(CASES)
def get_case(request: OfficialRequest, case_id: int) -> CaseOut:
    case = get_object_or_404(selectors.cases_for_organisation(organisation_of(request)), pk=case_id)
    return _out(case)


class JournalEntryOut(Schema):
    id: int
    kind: str
    text: str
    written_by: str
    written_at: dt.datetime
    corrects: int | None
    voided_at: dt.datetime | None
    void_reason: str
    #: A saved lookup: the period, the agencies that answered, the gate's requests and the values they released.
    sources: dict[str, Any]
    citations: list[str]


class JournalNoteIn(Schema):
    text: Annotated[str, TextRules(8000, multiline=True)]
    corrects: int | None = None


def _entry_out(entry: JournalEntry) -> JournalEntryOut:
    return JournalEntryOut(
        id=entry.pk,
        kind=entry.kind,
        text=entry.text,
        written_by=entry.written_by.get_full_name() or entry.written_by.username,
        written_at=entry.written_at,
        corrects=entry.corrects_id,
        voided_at=entry.voided_at,
        void_reason=entry.void_reason,
        sources=entry.sources,
        citations=entry.citations,
    )


@router.get(
    "/{case_id}/journal",
    response={200: list[JournalEntryOut], **errors(*LOGIN, 404, 422)},
    summary="Ärendets journal",
    description="Journalanteckningarna, nyast först; en sparad hämtning med källor och lagrum.",
)
@allowed(CASES)
def list_journal(request: OfficialRequest, case_id: int) -> list[JournalEntryOut]:
    case = get_object_or_404(selectors.cases_for_organisation(organisation_of(request)), pk=case_id)
    return [_entry_out(e) for e in selectors.journal_for_case(case)[:500]]


@router.post(
    "/{case_id}/journal",
    response={201: JournalEntryOut, **errors(400, *LOGIN, 404, 422)},
    summary="Skriv en journalanteckning",
    description="En anteckning ändras eller tas aldrig bort; en rättelse är en ny anteckning som anger den "
    "anteckning den rättar (``corrects``).",
)
@allowed(CASES)
@idempotent
def write_journal_note(request: OfficialRequest, case_id: int, data: JournalNoteIn) -> Status[JournalEntryOut]:
    case = get_object_or_404(selectors.cases_for_organisation(organisation_of(request)), pk=case_id)
    corrects = None
    if data.corrects is not None:
        corrects = selectors.journal_for_case(case).filter(pk=data.corrects).first()
        if corrects is None:
            raise ValidationError({"corrects": "Anteckningen som rättas finns inte i ärendet."})
    entry = services.journal_note_write(case=case, actor=request.user, text=data.text, corrects=corrects)
    return Status(201, _entry_out(entry))
