"""Administrative questions, the unit dashboard and the e-mail guard over JSON, scoped to the caller's organisation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.models import Organisation, Unit
from samverkan.cases.selectors import cases_for_organisation
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.clock import today
from samverkan.core.idempotency import idempotent
from samverkan.core.validation import CODE, CONSENT_END, HAPPENED, LINE, LONG_TEXT, NOTE, PLANNED, TextRules
from samverkan.domain.pii import check_outgoing_email
from samverkan.messaging import selectors, services
from samverkan.messaging.access import EMAIL, QUESTIONS
from samverkan.messaging.models import AdminQuestion

PREFIX = "/messaging/"
router = Router(tags=["Kommunikation"], auth=django_auth)


class AnswerOut(Schema):
    kind: str
    body: str
    author: str
    author_role: str
    answered_on: dt.date
    basis: str


class QuestionOut(Schema):
    id: int
    topic: str
    status: str
    status_label: str
    deadline: dt.date
    deadline_status: str
    sent_on: dt.date
    answered_on: dt.date | None
    sender: str
    sender_role: str
    sender_phone: str
    sender_organisation: str
    recipient_organisation: str
    recipient_role: str
    person: str
    body: str
    meeting_reason: str
    basis: str
    answers: list[AnswerOut]


class QuestionIn(Schema):
    case_id: int
    recipient_organisation: Annotated[str, CODE]
    topic: Annotated[str, CODE]
    body: Annotated[str, LONG_TEXT]
    meeting_reason: Annotated[str, NOTE] = ""
    proposed_meeting_on: Annotated[dt.date, PLANNED] | None = None
    recipient_unit_id: int | None = None
    sender_phone: Annotated[str, TextRules(40)] = ""
    secrecy_reviewed: bool = False
    record_consent: bool = False
    consent_valid_to: Annotated[dt.date, CONSENT_END] | None = None


class AnswerIn(Schema):
    body: Annotated[str, LONG_TEXT]
    kind: Annotated[str, CODE] = "answer"
    certificate_sent_on: Annotated[dt.date, HAPPENED] | None = None
    secrecy_reviewed: bool = False
    record_consent: bool = False
    consent_valid_to: Annotated[dt.date, CONSENT_END] | None = None


class DashboardOut(Schema):
    unit: str
    on: dt.date
    overdue: list[int]
    due_soon: list[int]
    not_due: list[int]
    answered: int
    median_days: float | None
    mean_days: float | None
    share_within_deadline: float | None


class EmailCheckIn(Schema):
    subject: Annotated[str, LINE] = ""
    body: Annotated[str, LONG_TEXT]


class EmailCheckOut(Schema):
    blocked: bool
    message: str
    findings: list[dict[str, Any]]


def _out(question: AdminQuestion, organisation: Organisation) -> QuestionOut:
    return QuestionOut(
        id=question.pk,
        topic=question.topic,
        status=question.status,
        status_label=question.status_label_for(organisation),
        deadline=question.deadline,
        deadline_status=str(selectors.deadline_state(question, today())),
        sent_on=question.sent_on,
        answered_on=question.answered_on,
        sender=question.sender.get_full_name(),
        sender_role=question.sender_role,
        sender_phone=question.sender_phone,
        sender_organisation=question.sender_organisation.code,
        recipient_organisation=question.recipient_organisation.code,
        recipient_role=question.recipient_role,
        person=question.person.masked_identity_number,
        body=question.body,
        meeting_reason=question.meeting_reason,
        basis=question.basis,
        answers=[
            AnswerOut(
                kind=a.kind,
                body=a.body,
                author=a.author.get_full_name(),
                author_role=a.author_role,
                answered_on=a.answered_on,
                basis=a.basis,
            )
            for a in question.answers.select_related("author").order_by("created_at", "pk")
        ],
    )


@router.get(
    "/questions",
    response={200: list[QuestionOut], **errors(*LOGIN, 422)},
    summary="Organisationens administrativa frågor",
)
@allowed(QUESTIONS)
def list_questions(request: HttpRequest, view: Annotated[str, CODE] = "att-besvara") -> list[QuestionOut]:
    organisation = organisation_of(request)
    return [_out(q, organisation) for q in selectors.question_list(organisation=organisation, view=view)[:200]]


@router.get(
    "/questions/{question_id}",
    response={200: QuestionOut, **errors(*LOGIN, 404, 422)},
    summary="En administrativ fråga",
)
@allowed(QUESTIONS)
def get_question(request: HttpRequest, question_id: int) -> QuestionOut:
    organisation = organisation_of(request)
    question = get_object_or_404(selectors.questions_for_organisation(organisation), pk=question_id)
    return _out(question, organisation)


@router.post(
    "/questions",
    response={201: QuestionOut, **errors(400, *LOGIN, 404, 422)},
    summary="Ställ en administrativ fråga",
    description="Frågan prövas i sekretessgrinden (samtycke eller egen sekretessprövning; impulsen kräver samtycke), "
    "fördelas enligt mottagarens rutin och får sista svarsdag 7 dagar fram.",
)
@allowed(QUESTIONS)
@idempotent
def send_question(request: HttpRequest, data: QuestionIn) -> Status[QuestionOut]:
    organisation = organisation_of(request)
    case = get_object_or_404(cases_for_organisation(organisation), pk=data.case_id)
    recipient = Organisation.objects.filter(code=data.recipient_organisation).first()
    if recipient is None:
        raise ValidationError({"recipient_organisation": "Okänd organisation."})
    unit = Unit.objects.filter(pk=data.recipient_unit_id).first() if data.recipient_unit_id else None
    question = services.admin_question_send(
        sender=request.user,  # type: ignore[arg-type]
        case=case,
        recipient_organisation=recipient,
        topic=data.topic,
        body=data.body,
        meeting_reason=data.meeting_reason,
        proposed_meeting_on=data.proposed_meeting_on,
        recipient_unit=unit,
        sender_phone=data.sender_phone,
        secrecy_reviewed=data.secrecy_reviewed,
        record_consent=data.record_consent,
        consent_valid_to=data.consent_valid_to,
    )
    return Status(201, _out(question, organisation))


@router.post(
    "/questions/{question_id}/answers",
    response={201: QuestionOut, **errors(400, *LOGIN, 404, 422)},
    summary="Besvara en fråga",
)
@allowed(QUESTIONS)
@idempotent
def answer_question(request: HttpRequest, question_id: int, data: AnswerIn) -> Status[QuestionOut]:
    organisation = organisation_of(request)
    question = get_object_or_404(
        selectors.questions_for_organisation(organisation).filter(recipient_organisation=organisation), pk=question_id
    )
    services.admin_question_answer(
        question=question,
        author=request.user,  # type: ignore[arg-type]
        body=data.body,
        kind=data.kind,
        certificate_sent_on=data.certificate_sent_on,
        secrecy_reviewed=data.secrecy_reviewed,
        record_consent=data.record_consent,
        consent_valid_to=data.consent_valid_to,
    )
    question.refresh_from_db()
    return Status(201, _out(question, organisation))


@router.get(
    "/dashboard",
    response={200: DashboardOut, **errors(*LOGIN, 404, 422)},
    summary="Öppna, snart förfallna och förfallna frågor per enhet",
)
@allowed(QUESTIONS)
def dashboard(request: HttpRequest, unit_id: int | None = None) -> DashboardOut:
    organisation = organisation_of(request)
    unit = request.unit if unit_id is None else get_object_or_404(Unit, pk=unit_id, organisation=organisation)  # type: ignore[attr-defined]
    board = selectors.unit_dashboard(organisation=organisation, unit=unit)
    return DashboardOut(
        unit=unit.name,
        on=board.on,
        overdue=[q.pk for q in board.overdue],
        due_soon=[q.pk for q in board.due_soon],
        not_due=[q.pk for q in board.not_due],
        answered=board.stats.answered,
        median_days=board.stats.median_days,
        mean_days=board.stats.mean_days,
        share_within_deadline=board.stats.share_within_deadline,
    )


@router.post(
    "/email/check",
    response={200: EmailCheckOut, **errors(*LOGIN, 422)},
    summary="Pröva ett mejl mot spärren för personuppgifter",
    description="Samma kontroll som innan ett mejl skickas: personnummer, samordningsnummer och namn på personer "
    "i organisationens ärenden. Inget skickas och inget lagras.",
)
@allowed(EMAIL)
def check_email(request: HttpRequest, data: EmailCheckIn) -> EmailCheckOut:
    organisation = organisation_of(request)
    names = selectors.guard_names_for(organisation=organisation, texts=(data.subject, data.body))
    check = check_outgoing_email(data.subject, data.body, names)
    return EmailCheckOut(
        blocked=check.blocked,
        message=check.message,
        findings=[
            {"type": f.type.value, "part": f.part.value, "line": f.line, "column": f.column} for f in check.findings
        ],
    )
