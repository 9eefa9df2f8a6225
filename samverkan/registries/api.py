"""The registries over JSON, scoped like the web pages.

- ``GET /api/v1/registries/records``: an agency's own records (FK, PM, AF, a-kassa officials);
- ``GET /api/v1/registries/notices``: the socialnämnd's inbox of proactive notices;
- ``POST /api/v1/registries/cases/{case_id}/lookup``: “Hämta uppgifter” for an own case, through
  the gate (every request stored and audited); failed sources are named in the answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.selectors import cases_for_organisation
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.api_params import Id
from samverkan.core.idempotency import idempotent
from samverkan.core.validation import CODE
from samverkan.registries import selectors
from samverkan.registries.access import REGISTRY, SOCIAL
from samverkan.registries.lookup import fetch_household
from samverkan.registries.records import AGENCY_CODES, KIND_SPECS, record_from_model

PREFIX = "/registries/"
router = Router(tags=["Myndigheternas register"], auth=django_auth)


class RecordOut(Schema):
    id: int
    kind: str
    kind_label: str
    external_id: str
    source: str
    person_id: int
    identity_number: str
    values: dict[str, Any]


class NoticeItemOut(Schema):
    category: str
    label: str
    value: str
    basis: str


class NoticeOut(Schema):
    id: int
    discloser: str
    person_id: int
    case_id: int
    event: str
    urgent: bool
    delivered_at: dt.datetime | None
    read_at: dt.datetime | None
    released_categories: list[str]
    items: list[NoticeItemOut]


class LookupIn(Schema):
    period_start: dt.date
    period_end: dt.date
    sources: list[str] | None = None


@router.get(
    "/records", response={200: list[RecordOut], **errors(400, *LOGIN, 422)}, summary="Den egna myndighetens poster"
)
@allowed(REGISTRY)
def list_records(
    request: OfficialRequest, person_id: Id | None = None, kind: Annotated[str, CODE] | None = None
) -> list[RecordOut]:
    organisation = organisation_of(request)
    if kind is not None and kind not in KIND_SPECS:
        raise HttpError(400, f"Okänd posttyp {kind!r}.")
    out = []
    for record_kind, row in selectors.records_for_api(organisation=organisation, person_id=person_id, kind=kind):
        data = record_from_model(record_kind, row, agency=organisation.org_type)
        out.append(
            RecordOut(
                id=row.pk,
                kind=record_kind,
                kind_label=KIND_SPECS[record_kind].label,
                external_id=row.external_id,
                source=row.source,
                person_id=row.person_id,
                identity_number=row.person.identity_number,
                values={k: v for k, v in data.to_json().items() if k not in ("kind", "external_id", "identity_number")},
            )
        )
    return out


@router.get(
    "/notices",
    response={200: list[NoticeOut], **errors(*LOGIN, 422)},
    summary="Inkorgen: meddelanden på eget initiativ",
)
@allowed(SOCIAL)
def list_notices(request: OfficialRequest, unread: bool = False) -> list[NoticeOut]:
    organisation = organisation_of(request)
    return [
        NoticeOut(
            id=n.pk,
            discloser=n.discloser.name,
            person_id=n.person_id,
            case_id=n.case_id,
            event=n.event,
            urgent=n.urgent,
            delivered_at=n.delivered_at,
            read_at=n.read_at,
            released_categories=list(n.released_categories),
            items=[
                NoticeItemOut(category=i["category"], label=i["label"], value=i["value"], basis=i.get("basis", ""))
                for i in n.items
            ],
        )
        for n in selectors.inbox(organisation=organisation, unread_only=unread)[:500]
    ]


@router.post(
    "/cases/{case_id}/lookup",
    response={200: dict[str, Any], **errors(400, *LOGIN, 404, 422)},
    summary="Hämta uppgifter för ett ärendes hushåll genom sekretessgrinden",
)
@allowed(SOCIAL)
@idempotent
def lookup(request: OfficialRequest, case_id: int, payload: LookupIn) -> dict[str, Any]:
    organisation = organisation_of(request)
    case = get_object_or_404(cases_for_organisation(organisation), pk=case_id)
    if payload.sources is not None and any(s not in AGENCY_CODES for s in payload.sources):
        raise HttpError(400, f"Okänd källa; välj bland {', '.join(AGENCY_CODES)}.")
    result = fetch_household(
        requester=request.user,
        case=case,
        period=(payload.period_start, payload.period_end),
        sources=payload.sources,
    )
    return result.to_json()
