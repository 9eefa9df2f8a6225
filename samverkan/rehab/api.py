"""Rehabilitation coordination over JSON: FK reads its own coordinations; any actor reads its part of a
plan through the gate; a measure is added with every rule of the web form."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.models import Organisation, User
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.models import Case
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.clock import today
from samverkan.core.idempotency import idempotent
from samverkan.core.validation import CODE, NOTE, PLANNED
from samverkan.people.models import Person
from samverkan.rehab import selectors, services
from samverkan.rehab.access import ACTOR_PLAN, FK_REHAB
from samverkan.rehab.models import PlanMeasure, RehabCoordination

PREFIX = "/rehab/"
router = Router(tags=["Rehabiliteringssamordning"], auth=django_auth)


class MeasureOut(Schema):
    id: int
    description: str
    kind: str
    need_area: str
    responsible: str
    starts_on: dt.date
    ends_on: dt.date | None
    follow_up_on: dt.date | None
    status: str
    overdue: bool


class MeetingOut(Schema):
    id: int
    status: str
    requested_by: str
    reason: str
    meeting_on: dt.date | None
    mode: str
    parties: list[str]


class CoordinationOut(Schema):
    id: int
    reference: str
    status: str
    person: str
    has_employer: bool
    has_sgi: bool
    work_capacity_reduced: bool
    application_date: dt.date
    first_plan_on: dt.date | None
    days_to_first_plan: int
    timeliness: str
    measures: list[MeasureOut]
    meetings: list[MeetingOut]


class MeasureIn(Schema):
    description: Annotated[str, NOTE]
    kind: Annotated[str, CODE]
    need_area: Annotated[str, CODE]
    responsible_organisation: Annotated[str, CODE]
    starts_on: Annotated[dt.date, PLANNED]
    ends_on: Annotated[dt.date, PLANNED] | None = None
    follow_up_on: Annotated[dt.date, PLANNED] | None = None
    status: Annotated[str, CODE] = "planned"


class ActorMeasureOut(Schema):
    description: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None
    follow_up_on: dt.date | None
    status: str
    overdue: bool


class ActorMeetingOut(Schema):
    meeting_on: dt.date | None
    mode: str
    status: str
    parties: list[str]


class ActorFactOut(Schema):
    label: str
    value: str


class ActorPlanOut(Schema):
    #: False: the organisation has not asked yet (``POST …/plan`` asks; a GET never does).
    asked: bool
    request_id: int | None
    outcomes: dict[str, str]
    explanations: dict[str, str]
    #: What the gate stored as released (the last answer); ``measures`` and ``meetings`` only in a POST's answer.
    facts: list[ActorFactOut]
    measures: list[ActorMeasureOut]
    meetings: list[ActorMeetingOut]


def _out(coordination: RehabCoordination, on: dt.date) -> CoordinationOut:
    timeliness = selectors.plan_timeliness(coordination, on=on)
    case = coordination.case
    return CoordinationOut(
        id=coordination.pk,
        reference=case.reference,
        status=case.status,
        person=case.subject.masked_identity_number,
        has_employer=coordination.has_employer,
        has_sgi=coordination.has_sgi,
        work_capacity_reduced=coordination.work_capacity_reduced,
        application_date=coordination.application_date,
        first_plan_on=coordination.first_plan_on,
        days_to_first_plan=timeliness.days,
        timeliness=str(timeliness.status),
        measures=[
            MeasureOut(
                id=m.pk,
                description=m.description,
                kind=m.kind,
                need_area=m.need_area,
                responsible=m.responsible.code,
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                follow_up_on=m.follow_up_on,
                status=m.status,
                overdue=selectors.is_overdue(m, on),
            )
            for m in coordination.measures.select_related("responsible")
        ],
        meetings=[
            MeetingOut(
                id=m.pk,
                status=m.status,
                requested_by=m.requested_by_party,
                reason=m.reason,
                meeting_on=m.meeting_on,
                mode=m.mode,
                parties=selectors.meeting_parties(m),
            )
            for m in coordination.meetings.all()
        ],
    )


@router.get(
    "/coordinations",
    response={200: list[CoordinationOut], **errors(*LOGIN, 422)},
    summary="Försäkringskassans samordningsärenden",
)
@allowed(FK_REHAB)
def list_coordinations(request: HttpRequest, status: Annotated[str, CODE] = "active") -> list[CoordinationOut]:
    organisation = organisation_of(request)
    on = today()
    return [_out(c, on) for c in selectors.coordination_list(organisation=organisation, status=status or None)]


@router.get(
    "/coordinations/{coordination_id}",
    response={200: CoordinationOut, **errors(*LOGIN, 404, 422)},
    summary="Ett samordningsärende",
)
@allowed(FK_REHAB)
def get_coordination(request: HttpRequest, coordination_id: int) -> CoordinationOut:
    coordination = get_object_or_404(selectors.coordinations_for(organisation_of(request)), pk=coordination_id)
    return _out(coordination, today())


@router.post(
    "/coordinations/{coordination_id}/measures",
    response={201: MeasureOut, **errors(400, *LOGIN, 404, 422)},
    summary="Lägg till en insats i rehabiliteringsplanen",
)
@allowed(FK_REHAB)
@idempotent
def add_measure(request: OfficialRequest, coordination_id: int, payload: MeasureIn) -> Status[MeasureOut]:
    coordination = get_object_or_404(selectors.coordinations_for(organisation_of(request)), pk=coordination_id)
    responsible = Organisation.objects.filter(code=payload.responsible_organisation).first()
    if responsible is None:
        raise ValidationError({"responsible": "Okänd organisation."})
    measure: PlanMeasure = services.measure_add(
        coordination=coordination,
        added_by=request.user,
        description=payload.description,
        kind=payload.kind,
        need_area=payload.need_area,
        responsible=responsible,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        follow_up_on=payload.follow_up_on,
        status=payload.status,
    )
    return Status(
        201,
        MeasureOut(
            id=measure.pk,
            description=measure.description,
            kind=measure.kind,
            need_area=measure.need_area,
            responsible=responsible.code,
            starts_on=measure.starts_on,
            ends_on=measure.ends_on,
            follow_up_on=measure.follow_up_on,
            status=measure.status,
            overdue=False,
        ),
    )


def _actor_person(request: HttpRequest, person_id: int) -> tuple[Organisation, Person, Case | None]:
    organisation = organisation_of(request)
    person, case = selectors.person_and_case(organisation, person_id)
    return organisation, person, case


@router.get(
    "/persons/{person_id}/plan",
    response={200: ActorPlanOut, **errors(*LOGIN, 404, 422)},
    summary="Försäkringskassans senaste svar om min del av rehabiliteringsplanen (frågar inte grinden)",
)
@allowed(ACTOR_PLAN)
def actor_plan(request: HttpRequest, person_id: int) -> ActorPlanOut:
    organisation, person, _case = _actor_person(request, person_id)
    return _plan_out(selectors.rehab_plan_last_asked(organisation=organisation, person=person))


@router.post(
    "/persons/{person_id}/plan",
    response={200: ActorPlanOut, **errors(*LOGIN, 404, 422)},
    summary="Begär min del av rehabiliteringsplanen genom sekretessgrinden (loggas)",
)
@allowed(ACTOR_PLAN)
@idempotent
def actor_plan_fetch(request: OfficialRequest, person_id: int) -> ActorPlanOut:
    _organisation, person, case = _actor_person(request, person_id)
    user: User = request.user
    return _plan_out(selectors.rehab_plan_for_actor(requester=user, person=person, case=case, on=today()))


def _plan_out(view: selectors.ActorPlanView) -> ActorPlanOut:
    return ActorPlanOut(
        asked=view.asked,
        request_id=view.request_id,
        outcomes=view.outcomes,
        explanations=view.explanations,
        facts=[ActorFactOut(label=str(f.get("label", "")), value=str(f.get("value", ""))) for f in view.shown],
        measures=[
            ActorMeasureOut(
                description=m.description,
                kind=m.kind,
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                follow_up_on=m.follow_up_on,
                status=m.status,
                overdue=m.overdue,
            )
            for c in view.coordinations
            for m in c.measures
        ],
        meetings=[
            ActorMeetingOut(meeting_on=m.meeting_on, mode=m.mode, status=m.status, parties=m.parties)
            for c in view.coordinations
            for m in c.meetings
        ],
    )


# The employer's plan and the actors' meeting requests register their operations on this router.
from samverkan.rehab import employer_api  # noqa: E402, F401
