"""Cases over JSON, scoped to the logged-in official's organisation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.cases import selectors
from samverkan.cases.access import CASES
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.validation import CODE

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


def _out(case: object) -> CaseOut:
    c = case  # typed loosely for Ninja; a Case
    return CaseOut(
        id=c.pk,  # type: ignore[attr-defined]
        reference=c.reference,  # type: ignore[attr-defined]
        case_type=c.case_type,  # type: ignore[attr-defined]
        status=c.status,  # type: ignore[attr-defined]
        opened_on=c.opened_on,  # type: ignore[attr-defined]
        closed_on=c.closed_on,  # type: ignore[attr-defined]
        unit=c.unit.name,  # type: ignore[attr-defined]
        members=[m.person.masked_identity_number for m in c.members.all()],  # type: ignore[attr-defined]
    )


@router.get("/", response={200: list[CaseOut], **errors(*LOGIN, 422)}, summary="Organisationens ärenden")
@allowed(CASES)
def list_cases(request: HttpRequest, status: Annotated[str, CODE] = "active") -> list[CaseOut]:
    qs = selectors.cases_for_organisation(organisation_of(request)).filter(status=status)
    return [_out(c) for c in qs.prefetch_related("members__person")[:500]]


@router.get("/{case_id}", response={200: CaseOut, **errors(*LOGIN, 404, 422)}, summary="Ett ärende")
@allowed(CASES)
def get_case(request: HttpRequest, case_id: int) -> CaseOut:
    case = get_object_or_404(selectors.cases_for_organisation(organisation_of(request)), pk=case_id)
    return _out(case)
