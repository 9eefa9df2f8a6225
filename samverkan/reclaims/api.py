"""Återsökningar over JSON (read only), scoped like the web pages.

The socialnämnd reads its own reclaims; Försäkringskassan and Pensionsmyndigheten read the
requests sent to them. Anything else is 404. The calculation itself is ``POST /api/v1/rules/reclaim``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, cast

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.validation import CODE
from samverkan.reclaims import selectors
from samverkan.reclaims.access import RECLAIM_AGENCY, RECLAIM_PARTY
from samverkan.reclaims.models import Reclaim

PREFIX = "/reclaims/"
router = Router(tags=["Återsökning"], auth=django_auth)


class AllocationOut(Schema):
    member: str | None
    start: dt.date
    end: dt.date
    days: int
    payment_days: int
    counted: str
    claimed: str


class ReclaimOut(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    social_services: str
    agency: str
    agency_type: str
    person: str
    benefit: str
    benefit_name: str
    decision_date: dt.date
    period_start: dt.date
    period_end: dt.date
    retroactive_amount: str
    payout_date: dt.date
    deadline: dt.date
    reason: str
    to_social_services: str
    to_person: str
    counted_assistance: str
    request_received: dt.date | None
    settled_on: dt.date | None
    paid_to_social_services: str | None
    paid_to_person: str | None
    refusal_reason: str
    repayment_claim_possible: bool
    too_late_explanation: str
    citations: list[str]


class ReclaimDetailOut(ReclaimOut):
    explanation: str
    allocations: list[AllocationOut]


def _money(value: object) -> str | None:
    return None if value is None else f"{value:.2f}"


def _fields(reclaim: Reclaim) -> dict[str, Any]:
    return {
        "id": reclaim.pk,
        "reference": reclaim.reference,
        "status": reclaim.status,
        "status_label": reclaim.get_status_display(),
        "social_services": reclaim.organisation.name,
        "agency": reclaim.agency.name,
        "agency_type": reclaim.agency.org_type,
        # The number only, masked: the API does not need more to tie the row to the person.
        "person": reclaim.person.masked_identity_number,
        "benefit": reclaim.benefit,
        "benefit_name": reclaim.benefit_name,
        "decision_date": reclaim.decision_date,
        "period_start": reclaim.period_start,
        "period_end": reclaim.period_end,
        "retroactive_amount": _money(reclaim.retroactive_amount),
        "payout_date": reclaim.payout_date,
        "deadline": reclaim.deadline,
        "reason": reclaim.reason,
        "to_social_services": _money(reclaim.to_social_services),
        "to_person": _money(reclaim.to_person),
        "counted_assistance": _money(reclaim.counted_assistance),
        "request_received": reclaim.request_received,
        "settled_on": reclaim.settled_on,
        "paid_to_social_services": _money(reclaim.paid_to_social_services),
        "paid_to_person": _money(reclaim.paid_to_person),
        "refusal_reason": reclaim.refusal_reason,
        "repayment_claim_possible": reclaim.repayment_claim_possible,
        "too_late_explanation": reclaim.too_late_explanation,
        "citations": list(reclaim.citations),
    }


@router.get("/", response={200: list[ReclaimOut], **errors(*LOGIN, 422)}, summary="Återsökningar (egna och inkommande)")
@allowed(RECLAIM_PARTY)
def list_reclaims(request: OfficialRequest, status: Annotated[str, CODE] | None = None) -> list[ReclaimOut]:
    qs = selectors.reclaims_visible_to(organisation_of(request)).order_by("deadline", "pk")
    if status:
        qs = qs.filter(status=status)
    return [ReclaimOut(**_fields(r)) for r in qs[:500]]


class AdvanceRequestOut(Schema):
    id: int
    social_services: str
    case_reference: str
    person_id: int
    identity_number: str
    benefit: str
    benefit_name: str
    applied_on: dt.date
    requested_at: dt.datetime
    basis: str


@router.get(
    "/advance-requests",
    response={200: list[AdvanceRequestOut], **errors(*LOGIN, 422)},
    summary="Begäranden om återsökning gjorda i förväg, i väntan på myndighetens beslut",
    description="Försäkringskassan och Pensionsmyndigheten: socialnämndernas begäranden enligt 107 kap. 5 § "
    "socialförsäkringsbalken som gjordes när biståndet beviljades i avvaktan på förmånen. Ett beslut om "
    "retroaktiv ersättning matchas mot begäran när det registreras.",
)
@allowed(RECLAIM_AGENCY)
def list_advance_requests(request: OfficialRequest, person_id: int | None = None) -> list[AdvanceRequestOut]:
    organisation = organisation_of(request)
    found = selectors.advance_requests_to(organisation)
    if person_id is not None:
        found = found.filter(person_id=person_id)
    return [
        AdvanceRequestOut(
            id=r.pk,
            social_services=r.organisation.name,
            case_reference=r.case.reference,
            person_id=r.person_id,
            identity_number=r.person.identity_number,
            benefit=r.benefit,
            benefit_name=r.get_benefit_display(),
            applied_on=r.applied_on,
            requested_at=cast(dt.datetime, r.requested_at),  # the selector keeps only requests that came in
            basis=r.request_basis,
        )
        for r in found[:500]
    ]


@router.get(
    "/{reclaim_id}",
    response={200: ReclaimDetailOut, **errors(*LOGIN, 404, 422)},
    summary="En återsökning med beräkningen",
)
@allowed(RECLAIM_PARTY)
def get_reclaim(request: OfficialRequest, reclaim_id: int) -> ReclaimDetailOut:
    reclaim = get_object_or_404(selectors.reclaims_visible_to(organisation_of(request)), pk=reclaim_id)
    allocations = [
        AllocationOut(
            member=a.get("member"),
            start=dt.date.fromisoformat(a["start"]),
            end=dt.date.fromisoformat(a["end"]),
            days=a["days"],
            payment_days=a["payment_days"],
            counted=a["counted"],
            claimed=a["claimed"],
        )
        for a in reclaim.calculation.get("result", {}).get("allocations", [])
    ]
    return ReclaimDetailOut(**_fields(reclaim), explanation=reclaim.explanation, allocations=allocations)
