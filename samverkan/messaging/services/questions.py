"""Administrative questions (seed 004, docs/domain.md §8): send, answer, assess for FK's contact person, close.

Each write is one transaction: the question or answer passes the gate (a consent, or the author's own secrecy
review), is stored with the gate's snapshot, logged and notified in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.passage import IMPULSE_CATEGORY, QUESTION_CATEGORY, Passage
from samverkan.disclosures.validation import validation_error
from samverkan.domain.deadlines import answer_deadline, escalation_date, reminder_date
from samverkan.domain.organisations import Role
from samverkan.domain.rehab import ReviewMeetingRequest, meeting_request_consent, review_meeting_problems
from samverkan.messaging import routing
from samverkan.messaging.models import AdminAnswer, AdminQuestion, Notification, Topic
from samverkan.messaging.services.common import (
    SharingTerms,
    consented_passage,
    notify,
    organisation_of,
    phone_of,
    required_text,
    unit_of,
)
from samverkan.people.models import Person

#: The rehab domain's field names → the question form's.
_MEETING_FIELDS = {"reason": "meeting_reason", "meeting_on": "proposed_meeting_on", "requested_by": "topic"}


def _schedule_follow_ups(question: AdminQuestion) -> None:
    """Ask the task worker to remind and escalate this question when the time comes (if it can defer)."""
    from samverkan.messaging.tasks import follow_up_question

    backend = follow_up_question.get_backend()
    if not backend.supports_defer:
        return  # the batch command `samverkan messaging remind` covers it
    zone = ZoneInfo(settings.TIME_ZONE)
    for day in (question.reminder_on, escalation_date(question.deadline)):
        moment = dt.datetime.combine(day, dt.time(7, 30), tzinfo=zone)
        follow_up_question.using(run_after=moment).enqueue(question.pk)


@dataclass(frozen=True)
class _Draft:
    """A question's checked input, before it meets the gate."""

    person: Person
    role: Role
    text: str
    phone: str
    meeting_reason: str
    proposed_meeting_on: dt.date | None


def _question_person(*, case: Case, organisation: Organisation, person: Person | None) -> Person:
    """The person asked about: a member of the sender's own aktuellt ärende."""
    if case.organisation_id != organisation.pk:
        raise ValidationError({"case_reference": "Ärendet hör inte till din organisation."})
    if not case.is_active:
        raise ValidationError(
            {"case_reference": "Ärendet är avslutat; administrativa frågor ställs i aktuella ärenden."}
        )
    subject = person or case.subject
    if not case.members.filter(person=subject).exists():
        raise ValidationError({"case_reference": "Personen finns inte i ärendet."})
    return subject


def _check_topic(organisation: Organisation, recipient: Organisation, topic: str) -> None:
    problem = routing.topic_problem(organisation.type, recipient.type, topic)
    if problem is not None:
        field = (
            "topic"
            if topic in Topic.values and recipient.type in routing.PARTNERS.get(organisation.type, frozenset())
            else "recipient_organisation"
        )
        raise ValidationError({field: problem})


def _meeting_request(
    *, topic: str, organisation: Organisation, reason: str, meeting_on: dt.date | None, day: dt.date
) -> tuple[str, dt.date | None]:
    """The reason and proposed day of an avstämningsmöte, checked by the rehab domain; none for other topics."""
    if topic != Topic.REVIEW_MEETING:
        return "", None
    problems = review_meeting_problems(
        ReviewMeetingRequest(
            requested_by=organisation.type.value, reason=reason, requested_on=day, meeting_on=meeting_on
        )
    )
    if problems:
        raise validation_error(problems[0], _MEETING_FIELDS)
    return reason, meeting_on


def _question_draft(
    *,
    sender: User,
    organisation: Organisation,
    case: Case,
    person: Person | None,
    recipient: Organisation,
    topic: str,
    body: str,
    sender_phone: str,
    meeting_reason: str,
    proposed_meeting_on: dt.date | None,
    refers_to: AdminQuestion | None,
    day: dt.date,
) -> _Draft:
    """Every check of the sender's input; they run in a fixed order, so the first problem is the one reported."""
    subject = _question_person(case=case, organisation=organisation, person=person)
    role = routing.sender_role(sender)
    _check_topic(organisation, recipient, topic)
    text = required_text(body, "body", "Skriv din fråga. En tom fråga skickas inte.")
    phone = (sender_phone or phone_of(sender)).strip()
    if not phone:
        raise ValidationError(
            {"sender_phone": "Ange ett telefonnummer där du kan nås: avsändaren ska alltid gå att identifiera."}
        )
    reason, meeting_on = _meeting_request(
        topic=topic,
        organisation=organisation,
        reason=(meeting_reason or "").strip(),
        meeting_on=proposed_meeting_on,
        day=day,
    )
    if refers_to is not None and (
        refers_to.sender_organisation_id != organisation.pk
        or refers_to.recipient_organisation_id != recipient.pk
        or refers_to.person_id != subject.pk
    ):
        raise ValidationError(
            {"refers_to": "Påminnelsen kan bara gälla en egen fråga till samma mottagare om samma person."}
        )
    return _Draft(
        person=subject, role=role, text=text, phone=phone, meeting_reason=reason, proposed_meeting_on=meeting_on
    )


def _question_passage(
    *,
    sender: User,
    organisation: Organisation,
    recipient: Organisation,
    route: routing.Route,
    draft: _Draft,
    topic: str,
    case: Case,
    terms: SharingTerms,
) -> Passage:
    """The gate for the question (the impulse needs consent), with the consent registered first when asked."""
    categories = [QUESTION_CATEGORY, IMPULSE_CATEGORY] if topic == Topic.REHAB_NEED else [QUESTION_CATEGORY]
    passage = consented_passage(
        user=sender,
        organisation=organisation,
        recipient=recipient,
        recipient_case=route.case,
        person=draft.person,
        categories=categories,
        purpose=consent_purpose(topic, recipient),
        case=case,
        terms=terms,
        consent_required=frozenset({IMPULSE_CATEGORY}),
    )
    if topic == Topic.REVIEW_MEETING:
        # One rule with the rehabilitation page (SFB 30 kap. 10 §): a meeting is asked for on the insured's consent,
        # never on the sender's own secrecy review.
        allowed, why = meeting_request_consent(organisation.type.value, passage.basis == "consent")
        if not allowed:
            raise ValidationError({"record_consent": why})
    return passage


def _question_store(
    *,
    sender: User,
    organisation: Organisation,
    case: Case,
    recipient: Organisation,
    route: routing.Route,
    draft: _Draft,
    passage: Passage,
    topic: str,
    refers_to: AdminQuestion | None,
    day: dt.date,
) -> AdminQuestion:
    deadline = answer_deadline(day)
    return AdminQuestion.objects.create(
        topic=topic,
        body=draft.text,
        meeting_reason=draft.meeting_reason,
        proposed_meeting_on=draft.proposed_meeting_on,
        refers_to=refers_to,
        person=draft.person,
        sender=sender,
        sender_role=draft.role.value,
        sender_unit=unit_of(sender),
        sender_organisation=organisation,
        sender_phone=draft.phone,
        sender_case=case,
        recipient_organisation=recipient,
        recipient_unit=route.unit,
        recipient_case=route.case,
        recipient_role=route.role.value,
        assigned_to=route.user,
        routing_note=route.note,
        basis=passage.basis,
        basis_text=passage.basis_text,
        consent_id=passage.consent_id,
        gate_snapshot=passage.snapshot(),
        status=AdminQuestion.Status.OPEN,
        sent_on=day,
        sent_at=now(),
        deadline=deadline,
        reminder_on=reminder_date(deadline, sent_on=day),
    )


def _question_announce(question: AdminQuestion, *, passage: Passage) -> None:
    """Log ``admin_question.sent``, notify the official it was routed to and schedule the follow-up."""
    organisation = question.sender_organisation
    audit_message(
        event="admin_question.sent",
        actor=question.sender,
        organisation=organisation,
        recipient=question.recipient_organisation,
        question=question,
        passage=passage,
    )
    notify(
        user=question.assigned_to,
        kind=Notification.Kind.QUESTION_RECEIVED,
        text=f"Ny administrativ fråga ({question.get_topic_display()}) från {organisation.name}, att besvara "
        f"senast {question.deadline.isoformat()}.",
        question=question,
    )
    transaction.on_commit(lambda: _schedule_follow_ups(question))


@transaction.atomic
def admin_question_send(
    *,
    sender: User,
    case: Case,
    recipient_organisation: Organisation,
    topic: str,
    body: str,
    person: Person | None = None,
    meeting_reason: str = "",
    proposed_meeting_on: dt.date | None = None,
    recipient_unit: Unit | None = None,
    sender_phone: str = "",
    secrecy_reviewed: bool = False,
    record_consent: bool = False,
    consent_form: str = "written",
    consent_valid_to: dt.date | None = None,
    refers_to: AdminQuestion | None = None,
    on: dt.date | None = None,
) -> AdminQuestion:
    """Send an administrative question about ``person`` (default: the case's main person) to another organisation.

    Validates the channel and topic, routes the question by the receiving unit's routine,
    passes the gate (consent or the sender's own secrecy review; the impulse needs consent),
    stores it with its 7-day deadline, logs ``admin_question.sent`` and notifies the recipient,
    all in one transaction. Bad input raises a ValidationError naming the form field; nothing
    is stored or sent.
    """
    day = on or today()
    organisation = organisation_of(sender)
    recipient = recipient_organisation
    draft = _question_draft(
        sender=sender,
        organisation=organisation,
        case=case,
        person=person,
        recipient=recipient,
        topic=topic,
        body=body,
        sender_phone=sender_phone,
        meeting_reason=meeting_reason,
        proposed_meeting_on=proposed_meeting_on,
        refers_to=refers_to,
        day=day,
    )
    route = routing.route_question(
        person=draft.person, organisation=recipient, topic=topic, on=day, unit=recipient_unit
    )
    passage = _question_passage(
        sender=sender,
        organisation=organisation,
        recipient=recipient,
        route=route,
        draft=draft,
        topic=topic,
        case=case,
        terms=SharingTerms(secrecy_reviewed, record_consent, consent_form, consent_valid_to, day),
    )
    question = _question_store(
        sender=sender,
        organisation=organisation,
        case=case,
        recipient=recipient,
        route=route,
        draft=draft,
        passage=passage,
        topic=topic,
        refers_to=refers_to,
        day=day,
    )
    _question_announce(question, passage=passage)
    return question


def consent_purpose(topic: str, recipient: Organisation) -> str:
    if topic == Topic.REHAB_NEED:
        return (
            f"Informera {recipient.name} om behov av att kartlägga rehabiliteringsbehov utanför vården "
            "(lag (2019:1297) om koordineringsinsatser för sjukskrivna patienter, 4 §)"
        )
    return f"Administrativ dialog med {recipient.name} om sjukskrivning och rehabilitering"


def audit_message(
    *,
    event: str,
    actor: User,
    organisation: Organisation,
    recipient: Organisation,
    question: AdminQuestion,
    passage: Passage,
    answer: AdminAnswer | None = None,
) -> None:
    audit_append(
        event=event,
        actor=actor,
        organisation=organisation,
        recipient=recipient,
        person=question.person,
        categories=passage.categories,
        basis=passage.basis,
        purpose=f"Administrativ fråga: {question.get_topic_display()}",
        extra={
            "question_id": question.pk,
            "answer_id": answer.pk if answer is not None else None,
            "topic": question.topic,
            "deadline": question.deadline,
            **passage.audit_extra(),
        },
    )


def receiving_official(question: AdminQuestion, user: User) -> Organisation:
    """The user's organisation, when it is the one the question was sent to."""
    organisation = organisation_of(user)
    if organisation.pk != question.recipient_organisation_id:
        raise ValidationError(f"Bara {question.recipient_organisation.name} besvarar frågan.")
    return organisation


@transaction.atomic
def admin_question_close(*, question: AdminQuestion, closed_by: User, on: dt.date | None = None) -> AdminQuestion:
    """Close a question (either party): it needs nothing more. An unanswered question can be closed too."""
    locked = AdminQuestion.objects.select_for_update().get(pk=question.pk)
    organisation = organisation_of(closed_by)
    if organisation.pk not in (locked.sender_organisation_id, locked.recipient_organisation_id):
        raise ValidationError("Frågan hör inte till din organisation.")
    if locked.status == AdminQuestion.Status.CLOSED:
        raise ValidationError("Frågan är redan stängd.")
    locked.status = AdminQuestion.Status.CLOSED
    locked.closed_on = on or today()
    locked.closed_by = closed_by
    locked.save(update_fields=["status", "closed_on", "closed_by"])
    return locked


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    if notification.user_id != user.pk:
        raise ValidationError("Aviseringen är inte din.")
    if notification.read_at is None:
        notification.read_at = now()
        notification.save(update_fields=["read_at"])
    return notification
