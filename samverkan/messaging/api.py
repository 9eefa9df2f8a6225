"""Administrative questions, the unit dashboard, the e-mail guard, call-backs and the contact person's term meetings
over JSON, scoped to the caller's organisation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from samverkan.accounts.access import allowed
from samverkan.accounts.models import Organisation, Unit
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.selectors import cases_for_organisation
from samverkan.core.api_auth import organisation_of
from samverkan.core.api_errors import LOGIN, errors
from samverkan.core.clock import today
from samverkan.core.idempotency import idempotent
from samverkan.core.validation import CODE, CONSENT_END, HAPPENED, LINE, LONG_TEXT, NOTE, PLANNED, TextRules
from samverkan.domain.callback import callback_overdue
from samverkan.domain.contact_person import Term, TermPeriod
from samverkan.domain.pii import check_outgoing_email
from samverkan.messaging import selectors, services
from samverkan.messaging.access import CALLBACKS, EMAIL, QUESTIONS, TERM_MEETINGS
from samverkan.messaging.models import AdminQuestion, Callback

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
def list_questions(request: OfficialRequest, view: Annotated[str, CODE] = "att-besvara") -> list[QuestionOut]:
    organisation = organisation_of(request)
    return [_out(q, organisation) for q in selectors.question_list(organisation=organisation, view=view)[:200]]


@router.get(
    "/questions/{question_id}",
    response={200: QuestionOut, **errors(*LOGIN, 404, 422)},
    summary="En administrativ fråga",
)
@allowed(QUESTIONS)
def get_question(request: OfficialRequest, question_id: int) -> QuestionOut:
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
def send_question(request: OfficialRequest, data: QuestionIn) -> Status[QuestionOut]:
    organisation = organisation_of(request)
    case = get_object_or_404(cases_for_organisation(organisation), pk=data.case_id)
    recipient = Organisation.objects.filter(code=data.recipient_organisation).first()
    if recipient is None:
        raise ValidationError({"recipient_organisation": "Okänd organisation."})
    unit = Unit.objects.filter(pk=data.recipient_unit_id).first() if data.recipient_unit_id else None
    question = services.admin_question_send(
        sender=request.user,
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
def answer_question(request: OfficialRequest, question_id: int, data: AnswerIn) -> Status[QuestionOut]:
    organisation = organisation_of(request)
    question = get_object_or_404(
        selectors.questions_for_organisation(organisation).filter(recipient_organisation=organisation), pk=question_id
    )
    services.admin_question_answer(
        question=question,
        author=request.user,
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
def dashboard(request: OfficialRequest, unit_id: int | None = None) -> DashboardOut:
    organisation = organisation_of(request)
    unit = request.unit if unit_id is None else get_object_or_404(Unit, pk=unit_id, organisation=organisation)
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
    response={200: EmailCheckOut, **errors(400, *LOGIN, 422)},
    summary="Pröva ett mejl mot spärren för personuppgifter",
    description="Samma kontroll som innan ett mejl skickas: personnummer, samordningsnummer och namn på personer "
    "i organisationens ärenden. Inget skickas och inget lagras.",
)
@allowed(EMAIL)
def check_email(request: OfficialRequest, data: EmailCheckIn) -> EmailCheckOut:
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


# --- Call-back requests ------------------------------------------------------------------------


class CallbackOut(Schema):
    id: int
    subject: str
    status: str
    status_label: str
    requester: str
    requester_organisation: str
    recipient: str
    recipient_organisation: str
    recipient_unit: str
    channel: str
    phone: str
    time_window: str
    case_reference: str | None
    person: str | None
    basis: str
    requested_on: dt.date
    due_on: dt.date
    overdue: bool
    done_on: dt.date | None
    done_note: str


class CallbackIn(Schema):
    subject: Annotated[str, LINE]
    channel: Annotated[str, CODE]
    recipient_id: int | None = None
    recipient_organisation: Annotated[str, CODE] | None = None
    case_id: int | None = None
    phone: Annotated[str, TextRules(40)] = ""
    time_window: Annotated[str, TextRules(100)] = ""
    secrecy_reviewed: bool = False
    record_consent: bool = False
    consent_valid_to: Annotated[dt.date, CONSENT_END] | None = None


class CallbackDoneIn(Schema):
    note: Annotated[str, LINE] = ""


def _callback_out(callback: Callback, organisation: Organisation) -> CallbackOut:
    own = callback.requester_organisation_id == organisation.pk
    return CallbackOut(
        id=callback.pk,
        subject=callback.subject,
        status=callback.status,
        status_label=callback.get_status_display(),
        requester=callback.requester.get_full_name(),
        requester_organisation=callback.requester_organisation.code,
        recipient=callback.recipient.get_full_name(),
        recipient_organisation=callback.recipient_organisation.code,
        recipient_unit=callback.recipient_unit.name,
        channel=callback.channel,
        phone=callback.phone,
        time_window=callback.time_window,
        case_reference=callback.case.reference if own and callback.case is not None else None,
        person=callback.person.masked_identity_number if callback.person is not None else None,
        basis=callback.basis,
        requested_on=callback.requested_on,
        due_on=callback.due_on,
        overdue=callback.is_open and callback_overdue(callback.due_on, today()),
        done_on=callback.done_on,
        done_note=callback.done_note,
    )


@router.get(
    "/callbacks",
    response={200: list[CallbackOut], **errors(*LOGIN, 422)},
    summary="Mina återkopplingar",
    description="view: till-mig (öppna till mig och min enhet), fran-mig (öppna som jag har begärt), klara.",
)
@allowed(CALLBACKS)
def list_callbacks(request: OfficialRequest, view: Annotated[str, CODE] = "till-mig") -> list[CallbackOut]:
    organisation = organisation_of(request)
    user = request.user
    qs = selectors.callbacks_for(user)
    if view == "fran-mig":
        qs = qs.filter(requester=user, status=Callback.Status.OPEN)
    elif view == "klara":
        qs = qs.filter(status=Callback.Status.DONE)
    else:
        qs = qs.filter(status=Callback.Status.OPEN).exclude(requester=user)
    return [_callback_out(c, organisation) for c in qs[:200]]


@router.post(
    "/callbacks",
    response={201: CallbackOut, **errors(400, *LOGIN, 404, 422)},
    summary="Be om återkoppling",
    description="Till en namngiven handläggare (recipient_id) eller till en organisation (recipient_organisation, "
    "fördelas enligt dess rutin för kontakter). Ämnet får inte innehålla personuppgifter. Ett ärende (case_id) "
    "till en annan organisation prövas i sekretessgrinden. Återkoppling senast nästa arbetsdag.",
)
@allowed(CALLBACKS)
@idempotent
def request_callback(request: OfficialRequest, data: CallbackIn) -> Status[CallbackOut]:
    organisation = organisation_of(request)
    case = get_object_or_404(cases_for_organisation(organisation), pk=data.case_id) if data.case_id else None
    recipient = None
    if data.recipient_id is not None:
        recipient = selectors.callback_recipients(request.user).filter(pk=data.recipient_id).first()
        if recipient is None:
            raise ValidationError({"recipient_id": "Okänd mottagare."})
    target = None
    if data.recipient_organisation:
        target = Organisation.objects.filter(code=data.recipient_organisation).first()
        if target is None:
            raise ValidationError({"recipient_organisation": "Okänd organisation."})
    callback = services.callback_request(
        requester=request.user,
        subject=data.subject,
        channel=data.channel,
        recipient=recipient,
        recipient_organisation=target,
        case=case,
        phone=data.phone,
        time_window=data.time_window,
        secrecy_reviewed=data.secrecy_reviewed,
        record_consent=data.record_consent,
        consent_valid_to=data.consent_valid_to,
    )
    return Status(201, _callback_out(callback, organisation))


@router.post(
    "/callbacks/{callback_id}/done",
    response={200: CallbackOut, **errors(400, *LOGIN, 404, 422)},
    summary="Markera en återkoppling som gjord",
)
@allowed(CALLBACKS)
def mark_callback_done(request: OfficialRequest, callback_id: int, data: CallbackDoneIn) -> CallbackOut:
    organisation = organisation_of(request)
    callback = get_object_or_404(selectors.callbacks_for(request.user), pk=callback_id)
    done = services.callback_done(callback=callback, done_by=request.user, note=data.note)
    return _callback_out(done, organisation)


# --- The contact person's meeting once a term --------------------------------------------------


class TermMeetingOut(Schema):
    id: int | None
    assignment_id: int
    unit: str
    contact: str
    term: str
    term_label: str
    state: str
    starts_at: dt.datetime | None
    place: str
    video_link: str
    note: str
    reminder: str | None


class TermMeetingIn(Schema):
    meeting_on: Annotated[dt.date, PLANNED]
    meeting_time: dt.time
    place: Annotated[str, LINE] = ""
    video_link: Annotated[str, TextRules(300)] = ""


class TermMeetingHeldIn(Schema):
    note: Annotated[str, TextRules(1000, multiline=True)] = ""


def _row_out(row: selectors.TermMeetingRow) -> TermMeetingOut:
    m = row.meeting
    return TermMeetingOut(
        id=m.pk if m is not None else None,
        assignment_id=row.assignment.pk,
        unit=row.assignment.unit.name,
        contact=row.assignment.contact.get_full_name(),
        term=f"{row.period.term}{row.period.year}",
        term_label=row.period.label,
        state=row.state,
        starts_at=m.starts_at if m is not None else None,
        place=m.place if m is not None else "",
        video_link=m.video_link if m is not None else "",
        note=m.note if m is not None else "",
        reminder=str(row.reminder) if row.reminder is not None else None,
    )


@router.get(
    "/term-meetings",
    response={200: list[TermMeetingOut], **errors(*LOGIN, 422)},
    summary="Terminens möten mellan kontaktpersonen och vårdcentralerna",
)
@allowed(TERM_MEETINGS)
def list_term_meetings(request: OfficialRequest) -> list[TermMeetingOut]:
    return [_row_out(r) for r in selectors.term_meeting_rows(request.user)]


def _row_for(request: OfficialRequest, unit_id: int) -> selectors.TermMeetingRow:
    for row in selectors.term_meeting_rows(request.user):
        if row.assignment.unit_id == unit_id:
            return row
    raise Http404


@router.post(
    "/term-meetings/{assignment_id}/booking",
    response={200: TermMeetingOut, **errors(400, *LOGIN, 404, 422)},
    summary="Boka eller flytta terminsmötet med en vårdcentral",
    description="Bara vårdcentralens kontaktperson. Ett möte per termin (vårtermin januari–juni, hösttermin "
    "juli–december); plats eller videolänk.",
)
@allowed(TERM_MEETINGS)
def book_term_meeting(request: OfficialRequest, assignment_id: int, data: TermMeetingIn) -> TermMeetingOut:
    user = request.user
    assignment = get_object_or_404(selectors.term_meeting_assignments(user).filter(contact=user), pk=assignment_id)
    services.term_meeting_book(
        assignment=assignment,
        booked_by=request.user,
        meeting_on=data.meeting_on,
        meeting_time=data.meeting_time,
        place=data.place,
        video_link=data.video_link,
    )
    return _row_out(_row_for(request, assignment.unit_id))


@router.post(
    "/term-meetings/meetings/{meeting_id}/held",
    response={200: TermMeetingOut, **errors(400, *LOGIN, 404, 422)},
    summary="Registrera terminsmötet som genomfört",
    description="En kort anteckning om rutiner, utan uppgifter om patienter.",
)
@allowed(TERM_MEETINGS)
def term_meeting_held(request: OfficialRequest, meeting_id: int, data: TermMeetingHeldIn) -> TermMeetingOut:
    meeting = get_object_or_404(selectors.term_meetings_visible_to(request.user), pk=meeting_id)
    held = services.term_meeting_held(meeting=meeting, by=request.user, note=data.note)
    assignment = get_object_or_404(selectors.term_meeting_assignments(request.user), unit=held.unit_id)
    period = TermPeriod(held.term_year, Term(held.term))
    return _row_out(selectors.TermMeetingRow(assignment=assignment, period=period, meeting=held, reminder=None))
