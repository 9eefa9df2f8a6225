"""The employer's plan for return to work and the actors' request for an avstämningsmöte over JSON.

Registered on the app's one router (:data:`samverkan.rehab.api.router`, imported at its end). Every
operation declares who may use it (``samverkan.rehab.access``) and writes only through the services.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema, Status

from samverkan.accounts.access import allowed
from samverkan.accounts.models import User
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.clock import today
from samverkan.core.idempotency import idempotent
from samverkan.core.validation import LINE, LONG_TEXT, NOTE, PLANNED
from samverkan.people.selectors import persons_visible_to
from samverkan.rehab import employer_plans, selectors, services
from samverkan.rehab.access import ACTOR_MEETING, EMPLOYER_PLAN, FK_REHAB
from samverkan.rehab.api import router
from samverkan.rehab.employer_plans import MeasureInput
from samverkan.rehab.models import EmployerPlanVersion


class EmployerMeasureOut(Schema):
    what: str
    who: str
    starts_on: dt.date
    ends_on: dt.date | None


class EmployerVersionOut(Schema):
    number: int
    recorded_at: dt.datetime
    measures: list[EmployerMeasureOut]
    expected_return_on: dt.date | None
    adjustments: str
    contact_person: str
    change_note: str
    #: None: not passed to FK (no coordination released to the employer); else whether the gate released it.
    released_to_fk: bool | None
    gate_explanation: str


class PlanDeadlineOut(Schema):
    required: bool
    due: dt.date | None
    status: str
    explanation: str


class EmployerPlanOut(Schema):
    case: str
    sick_leave_start: dt.date | None
    expected_days: int | None
    deadline: PlanDeadlineOut | None
    versions: list[EmployerVersionOut]


class EmployerMeasureIn(Schema):
    what: Annotated[str, NOTE]
    who: Annotated[str, LINE]
    starts_on: Annotated[dt.date, PLANNED]
    ends_on: Annotated[dt.date, PLANNED] | None = None


class EmployerVersionIn(Schema):
    measures: list[EmployerMeasureIn]
    expected_return_on: Annotated[dt.date, PLANNED] | None = None
    adjustments: Annotated[str, LONG_TEXT] = ""
    contact_person: Annotated[str, LINE]
    change_note: Annotated[str, NOTE] = ""


class FkEmployerPlanOut(Schema):
    employer: str
    latest_version: int
    latest_recorded_on: dt.date
    #: Whether the gate released the latest version; ``explanation`` is its reason either way.
    latest_released: bool
    explanation: str
    #: The newest released version's content (None: none was released).
    released_version: int | None
    measures: list[EmployerMeasureOut]
    expected_return_on: dt.date | None
    adjustments: str
    contact_person: str


class MeetingRequestIn(Schema):
    coordination_id: int
    reason: Annotated[str, NOTE]
    patient_consented: bool = False


class MeetingRequestOut(Schema):
    id: int
    status: str
    requested_on: dt.date


def _version_out(version: EmployerPlanVersion) -> EmployerVersionOut:
    passages = list(version.passages.all())
    latest = max(passages, key=lambda p: p.pk) if passages else None
    return EmployerVersionOut(
        number=version.number,
        recorded_at=version.created_at,
        measures=[
            EmployerMeasureOut(what=m.what, who=m.who, starts_on=m.starts_on, ends_on=m.ends_on)
            for m in version.measures.all()
        ],
        expected_return_on=version.expected_return_on,
        adjustments=version.adjustments,
        contact_person=version.contact_person,
        change_note=version.change_note,
        released_to_fk=None if latest is None else latest.released,
        gate_explanation="" if latest is None else latest.explanation,
    )


def _plan_out(case_id: int, request: HttpRequest) -> EmployerPlanOut:
    case = employer_plans.employer_case(organisation=organisation_of(request), case_id=case_id)
    plan = employer_plans.plan_of(case)
    if plan is None:
        return EmployerPlanOut(
            case=case.reference, sick_leave_start=None, expected_days=None, deadline=None, versions=[]
        )
    deadline = employer_plans.deadline_of(plan, on=today())
    return EmployerPlanOut(
        case=case.reference,
        sick_leave_start=plan.sick_leave_start,
        expected_days=plan.expected_days,
        deadline=None
        if deadline is None
        else PlanDeadlineOut(
            required=deadline.required, due=deadline.due, status=str(deadline.status), explanation=deadline.explanation
        ),
        versions=[_version_out(v) for v in employer_plans.versions_of(plan)],
    )


@router.get(
    "/employer/cases/{case_id}/plan",
    response={200: EmployerPlanOut, **errors(*LOGIN, 404, 422)},
    summary="Arbetsgivarens plan för återgång i arbete: sista dag och versioner",
)
@allowed(EMPLOYER_PLAN)
def employer_plan(request: HttpRequest, case_id: int) -> EmployerPlanOut:
    return _plan_out(case_id, request)


@router.post(
    "/employer/cases/{case_id}/plan/versions",
    response={201: EmployerVersionOut, **errors(400, *LOGIN, 404, 422)},
    summary="Spara en ny version av planen för återgång i arbete (lämnas till Försäkringskassan genom grinden)",
)
@allowed(EMPLOYER_PLAN)
@idempotent
def employer_plan_version_add(
    request: OfficialRequest, case_id: int, payload: EmployerVersionIn
) -> Status[EmployerVersionOut]:
    case = employer_plans.employer_case(organisation=organisation_of(request), case_id=case_id)
    plan = employer_plans.plan_of(case)
    if plan is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"sick_leave_start": employer_plans.NO_PLAN})
    user: User = request.user
    version = employer_plans.employer_plan_version_add(
        plan=plan,
        recorded_by=user,
        measures=[
            MeasureInput(what=m.what, who=m.who, starts_on=m.starts_on, ends_on=m.ends_on) for m in payload.measures
        ],
        expected_return_on=payload.expected_return_on,
        adjustments=payload.adjustments,
        contact_person=payload.contact_person,
        change_note=payload.change_note,
    )
    return Status(201, _version_out(version))


@router.get(
    "/coordinations/{coordination_id}/employer-plans",
    response={200: list[FkEmployerPlanOut], **errors(*LOGIN, 404, 422)},
    summary="Arbetsgivarens plan i samordningen, som den kommit genom sekretessgrinden",
)
@allowed(FK_REHAB)
def coordination_employer_plans(request: HttpRequest, coordination_id: int) -> list[FkEmployerPlanOut]:
    coordination = get_object_or_404(selectors.coordinations_for(organisation_of(request)), pk=coordination_id)
    found = []
    for p in employer_plans.employer_plans_for_fk(coordination):
        shown = p.shown
        content = shown.content if shown is not None else {}
        found.append(
            FkEmployerPlanOut(
                employer=p.employer,
                latest_version=p.latest_number,
                latest_recorded_on=p.latest_recorded_on,
                latest_released=p.latest.released,
                explanation=p.latest.explanation,
                released_version=content.get("version"),
                measures=[
                    EmployerMeasureOut(
                        what=m["what"],
                        who=m["who"],
                        starts_on=dt.date.fromisoformat(m["starts_on"]),
                        ends_on=dt.date.fromisoformat(m["ends_on"]) if m.get("ends_on") else None,
                    )
                    for m in content.get("measures", [])
                ],
                expected_return_on=dt.date.fromisoformat(content["expected_return_on"])
                if content.get("expected_return_on")
                else None,
                adjustments=content.get("adjustments", ""),
                contact_person=content.get("contact_person", ""),
            )
        )
    return found


@router.post(
    "/persons/{person_id}/meeting-requests",
    response={201: MeetingRequestOut, **errors(400, *LOGIN, 404, 422)},
    summary="Begär avstämningsmöte hos Försäkringskassan (arbetsgivare, socialtjänst; kräver den försäkrades samtycke)",
)
@allowed(ACTOR_MEETING)
@idempotent
def meeting_request(request: OfficialRequest, person_id: int, payload: MeetingRequestIn) -> Status[MeetingRequestOut]:
    organisation = organisation_of(request)
    person = get_object_or_404(persons_visible_to(organisation), pk=person_id)
    coordination = selectors.coordination_released_to(
        organisation=organisation, person=person, coordination_id=payload.coordination_id
    )
    user: User = request.user
    meeting = services.meeting_request(
        coordination=coordination,
        requested_by=user,
        reason=payload.reason,
        patient_consented=payload.patient_consented,
    )
    return Status(201, MeetingRequestOut(id=meeting.pk, status=meeting.status, requested_on=meeting.requested_on))
