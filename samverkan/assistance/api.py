"""Ekonomiskt bistånd over JSON: applications, their checklist and payments, scoped to the caller's socialnämnd."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.assistance import selectors
from samverkan.assistance.access import ASSISTANCE
from samverkan.assistance.models import Application
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors

PREFIX = "/assistance/"
router = Router(tags=["Ekonomiskt bistånd"], auth=django_auth)


class ControlOut(Schema):
    member: str
    code: str
    result: str
    title: str
    explanation: str
    source: str
    data_date: dt.date | None
    received_total: Decimal | None
    declared_total: Decimal | None


class PaymentOut(Schema):
    id: int
    kind: str
    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    paid_on: dt.date
    advance_benefit: str
    advance_written_notice: bool


class ApplicationOut(Schema):
    id: int
    case_reference: str
    month: dt.date
    status: str
    decision: str
    granted_amount: Decimal | None
    controls: list[ControlOut]
    payments: list[PaymentOut]


def _out(application: Application) -> ApplicationOut:
    checklist = selectors.checklist_for(
        organisation=application.organisation, case=application.case, month=application.month
    )
    return ApplicationOut(
        id=application.pk,
        case_reference=application.case.reference,
        month=application.month,
        status=application.status,
        decision=application.decision,
        granted_amount=application.granted_amount,
        controls=[
            ControlOut(
                member=m.label,
                code=r.code,
                result=r.result,
                title=r.title,
                explanation=r.explanation,
                source=r.source,
                data_date=r.data_date,
                received_total=r.received_total,
                declared_total=r.declared_total,
            )
            for m in checklist.members
            for r in m.results
        ],
        payments=[
            PaymentOut(
                id=p.pk,
                kind=p.kind,
                amount=p.amount,
                period_start=p.period_start,
                period_end=p.period_end,
                paid_on=p.paid_on,
                advance_benefit=p.advance_benefit,
                advance_written_notice=p.advance_written_notice,
            )
            for p in selectors.payments_for_application(application)
        ],
    )


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **errors(*LOGIN, 404, 422)},
    summary="En ansökan med kontroller och utbetalningar",
)
@allowed(ASSISTANCE)
def get_application(request: OfficialRequest, application_id: int) -> ApplicationOut:
    organisation = organisation_of(request)
    application = get_object_or_404(selectors.applications_for_organisation(organisation), pk=application_id)
    return _out(application)


@router.get(
    "/cases/{case_id}/applications",
    response={200: list[ApplicationOut], **errors(*LOGIN, 404, 422)},
    summary="Ärendets ansökningar",
)
@allowed(ASSISTANCE)
def case_applications(request: OfficialRequest, case_id: int) -> list[ApplicationOut]:
    organisation = organisation_of(request)
    case = get_object_or_404(selectors.assistance_cases(organisation), pk=case_id)
    return [_out(a) for a in selectors.applications_for_case(organisation=organisation, case=case)]
