"""Writes for communication. Each one is a transaction; each disclosure records its audit entry in it.

Administrative questions (seed 004, docs/domain.md §8):
:func:`admin_question_send`, :func:`admin_question_answer`, :func:`admin_question_close`;
the deadline follow-up :func:`question_remind` / :func:`answer_reminders_send` and
:func:`question_escalate` / :func:`overdue_questions_escalate` (idempotent: each question is
reminded once and escalated once, recorded in :class:`AnswerReminder` and :class:`Escalation`).

E-mail (seed 004: "Personuppgifter får inte mejlas"): :func:`email_send` runs the guard of
:mod:`samverkan.domain.pii` over subject and body with the names of the persons in the sender's
organisation's cases; a blocked message is not sent and is logged without the personal data.
Absence with a stand-in: :func:`absence_register`, :func:`absence_cancel`.

Contact directory: :func:`responsible_officials_lookup` (a cross-organisation read, shown only
with a basis and audited), :func:`contact_assignment_set`, :func:`routing_rule_set`.

Call-backs (seed 004: "Återkoppling … görs snarast"): :func:`callback_request`, :func:`callback_done`,
:func:`callback_remind` / :func:`callback_reminders_send` (once per call-back, :class:`CallbackReminder`).
The contact person's meeting once a term: :func:`term_meeting_book`, :func:`term_meeting_held`,
:func:`term_meeting_reminders_send` (once per vårdcentral, term and reason).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.timezone import localdate

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.cases.selectors import active_assistance_case_for
from samverkan.consents.case_types import infer_case_type
from samverkan.consents.selectors import consents_counting_for
from samverkan.consents.services import consent_register
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.passage import IMPULSE_CATEGORY, QUESTION_CATEGORY, Passage
from samverkan.disclosures.passage import disclosure_message_passage as message_passage
from samverkan.disclosures.validation import validation_error
from samverkan.domain.callback import SOURCE as CALLBACK_SOURCE
from samverkan.domain.callback import callback_due_date, callback_in_time, callback_overdue
from samverkan.domain.contact_person import (
    TERM_MEETING_SOURCE,
    SecrecyAssessment,
    TermMeetingReminder,
    contact_person_answer_problem,
    term_meeting_problem,
    term_meeting_reminder,
    term_of,
)
from samverkan.domain.deadlines import (
    ANSWER_DEADLINE_SOURCE,
    add_working_days,
    answer_deadline,
    escalation_date,
    escalation_due,
    reminder_date,
)
from samverkan.domain.disclosure import duty_categories
from samverkan.domain.organisations import (
    INTEGRATION_ONLY_TYPES,
    UNIT_SEPARATED_TYPES,
    OrganisationType,
    Role,
    role_allowed_at,
)
from samverkan.domain.pii import EmailCheck, check_outgoing_email, check_text
from samverkan.domain.rehab import ReviewMeetingRequest, meeting_request_consent, review_meeting_problems
from samverkan.messaging import routing
from samverkan.messaging.medical import reason_problem
from samverkan.messaging.models import (
    Absence,
    AdminAnswer,
    AdminQuestion,
    AnswerReminder,
    BlockedEmail,
    Callback,
    CallbackReminder,
    ContactAssignment,
    EmailKind,
    Escalation,
    Notification,
    RoutingRule,
    SentEmail,
    TermMeeting,
    TermMeetingReminderSent,
    Topic,
)
from samverkan.messaging.selectors import absence_on, guard_names_for
from samverkan.notifications import events as notification_events
from samverkan.people.models import Person
from samverkan.people.selectors import persons_visible_to

logger = logging.getLogger(__name__)

BODY_MAX_LENGTH = 4000
#: The consent fields of the question and answer forms (consent_register's field → ours).
_CONSENT_FIELDS = {
    "valid_to": "consent_valid_to",
    "valid_from": "consent_valid_to",
    "form": "consent_form",
    "taken_by_name": "consent_form",
    "taken_on": "consent_form",
}
#: The rehab domain's field names → the question form's.
_MEETING_FIELDS = {"reason": "meeting_reason", "meeting_on": "proposed_meeting_on", "requested_by": "topic"}


def _organisation_of(user: User) -> Organisation:
    organisation = user.organisation
    if organisation is None:
        raise ValidationError("Ditt konto hör inte till någon enhet.")
    return organisation


def _unit_of(user: User) -> Unit:
    unit = user.unit
    if unit is None:
        raise ValidationError("Ditt konto hör inte till någon enhet.")
    return unit


def _phone_of(user: User) -> str:
    return user.phone or (user.unit.phone if user.unit is not None else "")


def _text(value: str, field: str, empty: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: empty}, code="required")
    if len(text) > BODY_MAX_LENGTH:
        raise ValidationError({field: f"Texten får vara högst {BODY_MAX_LENGTH} tecken."}, code="length")
    return text


def _remap(exc: ValidationError, mapping: dict[str, str], default: str) -> ValidationError:
    """A consent_register error moved onto the question form's consent fields."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({default: exc.messages})
    moved: dict[str, list[str]] = {}
    for key, errors in exc.error_dict.items():
        target = mapping.get(key, default)
        moved.setdefault(target, []).extend(m for e in errors for m in e.messages)
    return ValidationError(moved)


def _notify(*, user: User, kind: str, text: str, question: AdminQuestion) -> Notification:
    notification, _ = Notification.objects.update_or_create(
        user=user, kind=kind, question=question, defaults={"text": text, "created_at": now(), "read_at": None}
    )
    return notification


def _mail_official(*, to: User, subject: str, body: str) -> None:
    """A notice by e-mail after the transaction commits. Never personal data: only a link to Samverkan."""
    if not to.email:
        return
    check = check_outgoing_email(subject, body)
    if check.blocked:  # pragma: no cover - the texts are built without personal data
        logger.error("notice e-mail not sent: the guard found personal data in a system text")
        return
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to.email])

    def send() -> None:
        # A mail server that is down must not undo the question: log it, the in-app notice stands.
        try:
            message.send()
        except Exception:  # any transport error
            logger.exception("notice e-mail to an official could not be sent")

    transaction.on_commit(send)


def _record_consent(
    *,
    user: User,
    person: Person,
    recipient: Organisation,
    categories: Sequence[str],
    purpose: str,
    case: Case | None,
    form: str,
    valid_to: dt.date | None,
    on: dt.date,
    recipient_case: Case | None = None,
) -> None:
    """Register the person's consent, unless one the organisation recorded already covers these categories.

    The consent is given for the kind of ärende the recipient has the person in (``recipient_case``),
    or, when it has none, the kind its organisation type handles for this purpose.
    """
    organisation = _organisation_of(user)
    kind = (
        recipient_case.case_type
        if recipient_case is not None
        else infer_case_type(recipient_type=recipient.org_type, purpose=purpose)
    )
    counting = consents_counting_for(
        person=person, discloser=organisation, recipient=recipient, on=on, case_type=kind or None
    )
    if any(set(categories) <= set(c.categories) for c in counting):
        return
    try:
        consent_register(
            registered_by=user,
            person=person,
            recipient=recipient,
            categories=list(categories),
            purpose=purpose,
            valid_from=on,
            valid_to=valid_to,
            form=form or "written",
            case_type=kind,
            taken_on=on,
            case=case,
        )
    except ValidationError as exc:
        raise _remap(exc, _CONSENT_FIELDS, "record_consent") from exc


# --- Administrative questions ------------------------------------------------------------------


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
    organisation = _organisation_of(sender)
    if case.organisation_id != organisation.pk:
        raise ValidationError({"case_reference": "Ärendet hör inte till din organisation."})
    if not case.is_active:
        raise ValidationError(
            {"case_reference": "Ärendet är avslutat; administrativa frågor ställs i aktuella ärenden."}
        )
    subject = person or case.subject
    if not case.members.filter(person=subject).exists():
        raise ValidationError({"case_reference": "Personen finns inte i ärendet."})
    role = routing.sender_role(sender)
    problem = routing.topic_problem(organisation.type, recipient_organisation.type, topic)
    if problem is not None:
        field = (
            "topic"
            if topic in Topic.values
            and recipient_organisation.type in routing.PARTNERS.get(organisation.type, frozenset())
            else "recipient_organisation"
        )
        raise ValidationError({field: problem})
    text = _text(body, "body", "Skriv din fråga. En tom fråga skickas inte.")
    phone = (sender_phone or _phone_of(sender)).strip()
    if not phone:
        raise ValidationError(
            {"sender_phone": "Ange ett telefonnummer där du kan nås: avsändaren ska alltid gå att identifiera."}
        )
    reason = (meeting_reason or "").strip()
    if topic == Topic.REVIEW_MEETING:
        problems = review_meeting_problems(
            ReviewMeetingRequest(
                requested_by=organisation.type.value,
                reason=reason,
                requested_on=day,
                meeting_on=proposed_meeting_on,
            )
        )
        if problems:
            raise validation_error(problems[0], _MEETING_FIELDS)
    else:
        reason = ""
        proposed_meeting_on = None
    if refers_to is not None and (
        refers_to.sender_organisation_id != organisation.pk
        or refers_to.recipient_organisation_id != recipient_organisation.pk
        or refers_to.person_id != subject.pk
    ):
        raise ValidationError(
            {"refers_to": "Påminnelsen kan bara gälla en egen fråga till samma mottagare om samma person."}
        )

    route = routing.route_question(
        person=subject, organisation=recipient_organisation, topic=topic, on=day, unit=recipient_unit
    )
    categories = [QUESTION_CATEGORY, IMPULSE_CATEGORY] if topic == Topic.REHAB_NEED else [QUESTION_CATEGORY]
    if record_consent:
        _record_consent(
            user=sender,
            person=subject,
            recipient=recipient_organisation,
            categories=categories,
            purpose=_consent_purpose(topic, recipient_organisation),
            case=case,
            form=consent_form,
            valid_to=consent_valid_to,
            on=day,
            recipient_case=route.case,
        )
    passage = message_passage(
        author_organisation=organisation,
        other_organisation=recipient_organisation,
        other_case=route.case,
        person=subject,
        categories=categories,
        secrecy_reviewed=secrecy_reviewed,
        on=day,
        consent_required=frozenset({IMPULSE_CATEGORY}),
    )
    if topic == Topic.REVIEW_MEETING:
        # One rule with the rehabilitation page (SFB 30 kap. 10 §): a meeting is asked for on the insured's consent,
        # never on the sender's own secrecy review.
        allowed, why = meeting_request_consent(organisation.type.value, passage.basis == "consent")
        if not allowed:
            raise ValidationError({"record_consent": why})
    deadline = answer_deadline(day)
    question = AdminQuestion.objects.create(
        topic=topic,
        body=text,
        meeting_reason=reason,
        proposed_meeting_on=proposed_meeting_on,
        refers_to=refers_to,
        person=subject,
        sender=sender,
        sender_role=role.value,
        sender_unit=_unit_of(sender),
        sender_organisation=organisation,
        sender_phone=phone,
        sender_case=case,
        recipient_organisation=recipient_organisation,
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
    _audit_message(
        event="admin_question.sent",
        actor=sender,
        organisation=organisation,
        recipient=recipient_organisation,
        question=question,
        passage=passage,
    )
    label = question.get_topic_display()
    _notify(
        user=route.user,
        kind=Notification.Kind.QUESTION_RECEIVED,
        text=f"Ny administrativ fråga ({label}) från {organisation.name}, att besvara senast {deadline.isoformat()}.",
        question=question,
    )
    transaction.on_commit(lambda: _schedule_follow_ups(question))
    return question


def _consent_purpose(topic: str, recipient: Organisation) -> str:
    if topic == Topic.REHAB_NEED:
        return (
            f"Informera {recipient.name} om behov av att kartlägga rehabiliteringsbehov utanför vården "
            "(lag (2019:1297) om koordineringsinsatser för sjukskrivna patienter, 4 §)"
        )
    return f"Administrativ dialog med {recipient.name} om sjukskrivning och rehabilitering"


def _audit_message(
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


def _receiving_official(question: AdminQuestion, user: User) -> Organisation:
    organisation = _organisation_of(user)
    if organisation.pk != question.recipient_organisation_id:
        raise ValidationError(f"Bara {question.recipient_organisation.name} besvarar frågan.")
    return organisation


@transaction.atomic
def admin_question_answer(
    *,
    question: AdminQuestion,
    author: User,
    body: str,
    kind: str = AdminAnswer.Kind.ANSWER,
    certificate_sent_on: dt.date | None = None,
    secrecy_reviewed: bool = False,
    record_consent: bool = False,
    consent_form: str = "written",
    consent_valid_to: dt.date | None = None,
    on: dt.date | None = None,
) -> AdminAnswer:
    """Answer a question received by the author's organisation; the answer passes the gate back to the sender.

    A komplettering is answered by a new certificate (``kind="certificate"``, with the day it was
    sent) or by a reason without medical details (``kind="reason"``, checked by
    :func:`samverkan.messaging.medical.reason_problem`).
    """
    day = on or today()
    locked = AdminQuestion.objects.select_for_update().select_related("sender_case__unit", "person").get(pk=question.pk)
    organisation = _receiving_official(locked, author)
    if locked.status == AdminQuestion.Status.CLOSED:
        raise ValidationError("Frågan är stängd och kan inte besvaras.")
    role = routing.sender_role(author)
    text = _text(body, "body", "Skriv ett svar. Ett tomt svar skickas inte.")
    if locked.topic == Topic.SUPPLEMENT:
        if kind not in (AdminAnswer.Kind.CERTIFICATE, AdminAnswer.Kind.REASON):
            raise ValidationError(
                {
                    "kind": "En komplettering besvaras med ett nytt intyg eller med en motivering utan medicinska "
                    "uppgifter. Välj vilket."
                }
            )
        if kind == AdminAnswer.Kind.CERTIFICATE:
            if certificate_sent_on is None:
                raise ValidationError({"certificate_sent_on": "Ange vilken dag det nya intyget skickades."})
            if certificate_sent_on > day or certificate_sent_on < locked.sent_on:
                raise ValidationError(
                    {
                        "certificate_sent_on": "Det nya intyget ska ha skickats efter frågan och senast i dag "
                        f"({locked.sent_on.isoformat()}–{day.isoformat()})."
                    }
                )
        else:
            problem = reason_problem(text)
            if problem is not None:
                raise ValidationError({"body": problem})
            certificate_sent_on = None
    else:
        if kind != AdminAnswer.Kind.ANSWER:
            raise ValidationError({"kind": "Nytt intyg och motivering gäller bara kompletteringar."})
        certificate_sent_on = None
    if record_consent:
        _record_consent(
            user=author,
            person=locked.person,
            recipient=locked.sender_organisation,
            categories=[QUESTION_CATEGORY],
            purpose=_consent_purpose(locked.topic, locked.sender_organisation),
            case=locked.recipient_case,
            form=consent_form,
            valid_to=consent_valid_to,
            on=day,
            recipient_case=locked.sender_case,
        )
    as_contact_person = _answers_as_contact_person(locked, author)
    passage = (
        message_passage(
            author_organisation=organisation,
            other_organisation=locked.sender_organisation,
            other_case=locked.sender_case,
            person=locked.person,
            categories=[QUESTION_CATEGORY],
            secrecy_reviewed=secrecy_reviewed,
            on=day,
        )
        if not as_contact_person
        else _contact_person_passage(locked, author, organisation, day)
    )
    answer = AdminAnswer.objects.create(
        question=locked,
        kind=kind,
        body=text,
        certificate_sent_on=certificate_sent_on,
        author=author,
        author_role=role.value,
        author_unit=_unit_of(author),
        author_organisation=organisation,
        author_phone=_phone_of(author),
        basis=passage.basis,
        basis_text=passage.basis_text,
        consent_id=passage.consent_id,
        gate_snapshot=passage.snapshot(),
        secrecy_assessed_by=locked.secrecy_assessed_by if as_contact_person else None,
        secrecy_assessed_at=locked.secrecy_assessed_at if as_contact_person else None,
        answered_on=day,
        created_at=now(),
    )
    if locked.status == AdminQuestion.Status.OPEN:
        locked.status = AdminQuestion.Status.ANSWERED
        locked.answered_on = max(day, locked.sent_on)
        locked.save(update_fields=["status", "answered_on"])
    _audit_message(
        event="admin_question.answered",
        actor=author,
        organisation=organisation,
        recipient=locked.sender_organisation,
        question=locked,
        passage=passage,
        answer=answer,
    )
    _notify(
        user=locked.sender,
        kind=Notification.Kind.ANSWER_RECEIVED,
        text=f"Svar från {organisation.name} på din administrativa fråga ({locked.get_topic_display()}).",
        question=locked,
    )
    notification_events.question_answered(answer=answer, actor=author)
    return answer


def _answers_as_contact_person(question: AdminQuestion, author: User) -> bool:
    """The author answers as Försäkringskassan's contact person for a vårdcentral: the question was routed
    to the contact person and the author holds that assignment (seed 004)."""
    return question.recipient_role == Role.FK_CONTACT_PERSON.value and author.has_role(Role.FK_CONTACT_PERSON)


def _contact_person_passage(question: AdminQuestion, author: User, organisation: Organisation, day: dt.date) -> Passage:
    """The gate for the contact person's answer about a person: a consent registered by Försäkringskassan must
    count (their own secrecy tick is not a basis), and a försäkringsutredare must have assessed that secrecy is
    not broken (samverkan.domain.contact_person). Raises a ValidationError naming the field otherwise."""
    try:
        passage: Passage | None = message_passage(
            author_organisation=organisation,
            other_organisation=question.sender_organisation,
            other_case=question.sender_case,
            person=question.person,
            categories=[QUESTION_CATEGORY],
            secrecy_reviewed=False,
            on=day,
        )
    except ValidationError:
        passage = None
    consent_counts = passage is not None and passage.basis == "consent" and passage.consent_id is not None
    assessment = None
    if question.secrecy_assessed_by is not None and question.secrecy_assessed_at is not None:
        assessor = question.secrecy_assessed_by
        assessment = SecrecyAssessment(
            by_investigator=assessor.has_role(Role.INSURANCE_INVESTIGATOR) and assessor.organisation == organisation,
            by_the_contact_person=assessor.pk == author.pk,
            on=localdate(question.secrecy_assessed_at),
        )
    problem = contact_person_answer_problem(
        consent_counts=consent_counts, assessment=assessment, question_sent_on=question.sent_on, answered_on=day
    )
    if problem is not None:
        raise validation_error(problem)
    assert passage is not None
    return passage


@transaction.atomic
def contact_question_assess(*, question: AdminQuestion, assessor: User) -> AdminQuestion:
    """A försäkringsutredare at the receiving organisation assesses that the contact person may answer this
    question about a person without breaking secrecy (seed 004); recorded with who and when, and logged."""
    locked = AdminQuestion.objects.select_for_update().select_related("person").get(pk=question.pk)
    organisation = _receiving_official(locked, assessor)
    if locked.recipient_role != Role.FK_CONTACT_PERSON.value:
        raise ValidationError("Frågan är inte ställd till Försäkringskassans kontaktperson.")
    if not assessor.has_role(Role.INSURANCE_INVESTIGATOR):
        raise ValidationError("Bara en försäkringsutredare kan bedöma att sekretessen inte bryts.")
    if locked.status == AdminQuestion.Status.CLOSED:
        raise ValidationError("Frågan är stängd.")
    locked.secrecy_assessed_by = assessor
    locked.secrecy_assessed_at = now()
    locked.save(update_fields=["secrecy_assessed_by", "secrecy_assessed_at"])
    audit_append(
        event="admin_question.secrecy_assessed",
        actor=assessor,
        organisation=organisation,
        recipient=locked.sender_organisation,
        person=locked.person,
        categories=[QUESTION_CATEGORY],
        basis="assessment",
        purpose=f"Administrativ fråga: {locked.get_topic_display()}",
        extra={"question_id": locked.pk},
    )
    if locked.assigned_to_id != assessor.pk:
        _notify(
            user=locked.assigned_to,
            kind=Notification.Kind.QUESTION_RECEIVED,
            text=f"{assessor.get_full_name()} har bedömt att sekretessen inte bryts: du kan svara på frågan "
            f"({locked.get_topic_display()}) om personen samtycke finns.",
            question=locked,
        )
    return locked


@transaction.atomic
def admin_question_close(*, question: AdminQuestion, closed_by: User, on: dt.date | None = None) -> AdminQuestion:
    """Close a question (either party): it needs nothing more. An unanswered question can be closed too."""
    locked = AdminQuestion.objects.select_for_update().get(pk=question.pk)
    organisation = _organisation_of(closed_by)
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


# --- Reminder and escalation -------------------------------------------------------------------


def _question_url(question: AdminQuestion) -> str:
    """The question's address; absolute when ``SAMVERKAN_BASE_URL`` is configured (e.g. ``https://samverkan.example``)."""
    base = str(getattr(settings, "SAMVERKAN_BASE_URL", "") or "").rstrip("/")
    return base + reverse("messaging:question_detail", args=[question.pk])


@transaction.atomic
def question_remind(*, question: AdminQuestion, on: dt.date | None = None) -> bool:
    """Remind the recipient of an unanswered question from its reminder day up to the deadline; once only.

    Returns True when a reminder was sent now. Safe to run any number of times and in parallel:
    the reminder row is unique per question (:class:`AnswerReminder`).
    """
    day = on or today()
    locked = AdminQuestion.objects.select_for_update().select_related("assigned_to").get(pk=question.pk)
    if locked.status != AdminQuestion.Status.OPEN or not (locked.reminder_on <= day <= locked.deadline):
        return False
    _reminder, created = AnswerReminder.objects.get_or_create(
        question=locked, defaults={"sent_to": locked.assigned_to, "sent_on": day, "sent_at": now()}
    )
    if not created:
        return False
    label = locked.get_topic_display()
    text = f"Påminnelse: en administrativ fråga ({label}) ska besvaras senast {locked.deadline.isoformat()}."
    _notify(user=locked.assigned_to, kind=Notification.Kind.REMINDER, text=text, question=locked)
    _mail_official(
        to=locked.assigned_to,
        subject=f"Påminnelse: administrativ fråga att besvara senast {locked.deadline.isoformat()}",
        body=f"{text}\n\nLogga in i Samverkan och öppna frågan: {_question_url(locked)}\n\n"
        f"Överenskommen svarstid: {ANSWER_DEADLINE_SOURCE}",
    )
    return True


def _unit_managers(unit: Unit) -> list[User]:
    managers = list(
        User.objects.filter(unit=unit, is_active=True, role_assignments__role=Role.UNIT_MANAGER.value).order_by(
            "username"
        )
    )
    if managers:
        return managers
    return list(
        User.objects.filter(
            unit__organisation=unit.organisation, is_active=True, role_assignments__role=Role.UNIT_MANAGER.value
        ).order_by("username")
    )


@transaction.atomic
def question_escalate(*, question: AdminQuestion, on: dt.date | None = None) -> bool:
    """Escalate an unanswered question to the receiving unit's manager from the first working day after the deadline.

    Once only (:class:`Escalation` is unique per question). The manager of the receiving unit is
    notified; when the unit has none, a manager elsewhere in the organisation; when there is no
    manager at all, the escalation is recorded with a note and the assigned official is told.
    """
    day = on or today()
    locked = (
        AdminQuestion.objects.select_for_update()
        .select_related("recipient_unit__organisation", "assigned_to")
        .get(pk=question.pk)
    )
    if locked.status != AdminQuestion.Status.OPEN or not escalation_due(locked.deadline, day):
        return False
    managers = _unit_managers(locked.recipient_unit)
    note = "" if managers else f"Ingen enhetschef är registrerad hos {locked.recipient_unit.organisation.name}."
    _escalation, created = Escalation.objects.get_or_create(
        question=locked,
        defaults={
            "escalated_to": managers[0] if managers else None,
            "escalated_on": day,
            "escalated_at": now(),
            "note": note,
        },
    )
    if not created:
        return False
    label = locked.get_topic_display()
    text = (
        f"Eskalering: en administrativ fråga ({label}) till {locked.recipient_unit.name} är obesvarad; "
        f"sista svarsdag var {locked.deadline.isoformat()}."
    )
    for person in managers or [locked.assigned_to]:
        _notify(user=person, kind=Notification.Kind.ESCALATION, text=text, question=locked)
        _mail_official(
            to=person,
            subject="Eskalering: obesvarad administrativ fråga",
            body=f"{text}\n\nLogga in i Samverkan och öppna frågan: {_question_url(locked)}\n\n"
            f"Överenskommen svarstid: {ANSWER_DEADLINE_SOURCE}",
        )
    return True


def reminders_due(on: dt.date) -> list[int]:
    """Ids of open questions that should have their reminder on ``on`` and have not."""
    return list(
        AdminQuestion.objects.filter(
            status=AdminQuestion.Status.OPEN,
            reminder_on__lte=on,
            deadline__gte=on,
            answer_reminder__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def escalations_due(on: dt.date) -> list[int]:
    """Ids of open questions past their deadline that have not been escalated (the domain rule decides each)."""
    return list(
        AdminQuestion.objects.filter(status=AdminQuestion.Status.OPEN, deadline__lt=on, escalation__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def answer_reminders_send(
    *, on: dt.date | None = None, ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> int:
    """Send every due reminder; one transaction per question, so one bad question does not stop the rest."""
    day = on or today()
    sent = 0
    for pk in reminders_due(day) if ids is None else ids:
        try:
            if question_remind(question=AdminQuestion.objects.get(pk=pk), on=day):
                sent += 1
        except Exception:  # a nightly job continues past one bad item
            logger.exception("reminder for admin question %s failed", pk)
        if progress is not None:
            progress(1)
    return sent


def overdue_questions_escalate(
    *, on: dt.date | None = None, ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> int:
    """Escalate every overdue question that is due for it; one transaction per question."""
    day = on or today()
    escalated = 0
    for pk in escalations_due(day) if ids is None else ids:
        try:
            if question_escalate(question=AdminQuestion.objects.get(pk=pk), on=day):
                escalated += 1
        except Exception:
            logger.exception("escalation of admin question %s failed", pk)
        if progress is not None:
            progress(1)
    return escalated


# --- Routines and contact persons --------------------------------------------------------------


@transaction.atomic
def routing_rule_set(*, unit: Unit, topic: str, role: str) -> RoutingRule:
    """Set the unit's routine: questions on ``topic`` go to ``role``."""
    if topic not in Topic.values:
        raise ValidationError({"topic": "Välj ett ämne i listan."})
    try:
        chosen = Role(role)
    except ValueError as exc:
        raise ValidationError({"role": "Välj en roll i listan."}) from exc
    if not role_allowed_at(chosen, unit.organisation.type):
        raise ValidationError({"role": f"Rollen {chosen.label} finns inte hos {unit.organisation.type.label}."})
    rule, _ = RoutingRule.objects.update_or_create(unit=unit, topic=topic, defaults={"role": chosen.value})
    return rule


@transaction.atomic
def contact_assignment_set(*, unit: Unit, contact: User, since: dt.date | None = None) -> ContactAssignment:
    """Name Försäkringskassan's contact person for a vårdcentral (seed 004)."""
    if unit.organisation.type is not OrganisationType.HEALTHCARE:
        raise ValidationError(
            {"unit": "Kontaktpersoner utses för vårdcentraler och kliniker inom hälso- och sjukvården."}
        )
    organisation = contact.organisation
    if organisation is None or organisation.type is not OrganisationType.FK:
        raise ValidationError({"contact": "Kontaktpersonen ska arbeta på Försäkringskassan."})
    if not contact.has_role(Role.FK_CONTACT_PERSON):
        raise ValidationError({"contact": f"{contact} har inte uppdraget som kontaktperson för vårdcentral."})
    assignment, _ = ContactAssignment.objects.update_or_create(
        unit=unit, defaults={"contact": contact, "since": since or today()}
    )
    return assignment


# --- E-mail ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailResult:
    """What happened to one e-mail: sent (with the stand-in's automatic reply, if any) or blocked."""

    sent: bool
    check: EmailCheck
    email: SentEmail | None = None
    blocked: BlockedEmail | None = None
    auto_reply: str = ""

    @property
    def message_lines(self) -> list[str]:
        return self.check.message.splitlines()


def _next_working_day_after(day: dt.date) -> dt.date:
    return add_working_days(day, 1)


def absence_reply_text(absence: Absence) -> str:
    """The automatic reply (seed 004): when the official is back, and whom to contact meanwhile."""
    user, stand_in = absence.user, absence.stand_in
    back = _next_working_day_after(absence.ends_on)
    roles = ", ".join(stand_in.role_labels()) or "handläggare"
    unit = stand_in.unit.name if stand_in.unit is not None else ""
    contact = ", ".join(p for p in (stand_in.email, _phone_of(stand_in)) if p)
    lines = [
        f"Automatiskt svar: {user.get_full_name()} är frånvarande {absence.starts_on.isoformat()}–"
        f"{absence.ends_on.isoformat()} och åter {back.isoformat()}. Mejlet läses inte under frånvaron.",
        f"Ersättare: {stand_in.get_full_name()} ({roles}, {unit}){': ' + contact if contact else ''}.",
    ]
    if absence.message:
        lines.append(absence.message)
    return "\n".join(lines)


def _signature(user: User) -> str:
    organisation = user.organisation
    parts = [user.get_full_name(), ", ".join(user.role_labels())]
    if user.unit is not None:
        parts.append(user.unit.name)
    if organisation is not None:
        parts.append(organisation.name)
    phone = _phone_of(user)
    if phone:
        parts.append(f"tfn {phone}")
    return "\n-- \n" + "\n".join(p for p in parts if p) + "\nSkickat via Samverkan."


@transaction.atomic
def email_send(*, sender: User, recipient: User, kind: str, subject: str, body: str) -> EmailResult:
    """Send an e-mail through Django's mail backend, unless the guard finds personal data.

    Allowed only for general questions, contact requests and meeting confirmations (seed 004).
    The guard (:func:`samverkan.domain.pii.check_outgoing_email`) stops any personnummer or
    samordningsnummer and any name of a person in a case of the sender's organisation; then
    nothing is sent, the attempt is logged without the personal data (:class:`BlockedEmail`),
    and the result's message tells the sender what to remove and which secure channel to use.
    When the recipient is absent, the stand-in is named in an automatic reply.
    """
    organisation = _organisation_of(sender)
    if kind not in EmailKind.values:
        raise ValidationError(
            {
                "kind": "Mejl får bara användas för generella frågor, kontaktförfrågningar och mötesbekräftelser. "
                "Frågor om en person ställs som administrativ fråga."
            }
        )
    if recipient.pk == sender.pk:
        raise ValidationError({"recipient": "Välj en annan mottagare än dig själv."})
    if not recipient.is_active or not recipient.email:
        raise ValidationError({"recipient": f"{recipient} har ingen e-postadress i Samverkan."})
    subject_text = (subject or "").strip()
    if not subject_text:
        raise ValidationError({"subject": "Skriv en ämnesrad."})
    if len(subject_text) > 200:
        raise ValidationError({"subject": "Ämnesraden får vara högst 200 tecken."})
    body_text = _text(body, "body", "Skriv ett meddelande. Ett tomt mejl skickas inte.")
    names = guard_names_for(organisation=organisation, texts=(subject_text, body_text))
    check = check_outgoing_email(subject_text, body_text, names)
    if check.blocked:
        blocked = BlockedEmail.objects.create(
            sender=sender,
            sender_organisation=organisation,
            recipient=recipient,
            kind=kind,
            findings=[{"type": f.type.value, "part": f.part.value, "line": f.line} for f in check.findings],
            blocked_at=now(),
        )
        logger.info("e-mail %s blocked by the personal-data guard: %s finding(s)", blocked.pk, len(check.findings))
        return EmailResult(sent=False, check=check, blocked=blocked)
    absence = absence_on(recipient)
    auto_reply = absence_reply_text(absence) if absence is not None else ""
    email = SentEmail.objects.create(
        sender=sender,
        sender_organisation=organisation,
        recipient=recipient,
        kind=kind,
        subject=subject_text,
        body=body_text,
        auto_reply=auto_reply,
        sent_at=now(),
    )
    label = EmailKind(kind).label
    message = EmailMessage(
        subject=f"[{label}] {subject_text}",
        body=body_text + _signature(sender),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[sender.email] if sender.email else None,
        headers={"X-Samverkan-Kind": kind},
    )
    message.send()
    if auto_reply and sender.email:
        EmailMessage(
            subject=f"Automatiskt svar: {subject_text}",
            body=auto_reply,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[sender.email],
            headers={"Auto-Submitted": "auto-replied"},
        ).send()
    return EmailResult(sent=True, check=check, email=email, auto_reply=auto_reply)


# --- Absence -----------------------------------------------------------------------------------


@transaction.atomic
def absence_register(
    *,
    user: User,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    stand_in: User | None,
    message: str = "",
    on: dt.date | None = None,
) -> Absence:
    """Register an absence with a stand-in at the same organisation (named in the automatic reply)."""
    day = on or today()
    organisation = _organisation_of(user)
    if starts_on is None:
        raise ValidationError({"starts_on": "Ange första frånvarodagen."})
    if ends_on is None:
        raise ValidationError({"ends_on": "Ange sista frånvarodagen."})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "Sista frånvarodagen ligger före den första."})
    if ends_on < day:
        raise ValidationError({"ends_on": "Frånvaron har redan passerat."})
    if stand_in is None:
        raise ValidationError({"stand_in": "Ange en ersättare: frånvaromeddelandet ska hänvisa till någon."})
    if stand_in.pk == user.pk:
        raise ValidationError({"stand_in": "Ersättaren ska vara någon annan än du."})
    if not stand_in.is_active or stand_in.organisation != organisation:
        raise ValidationError({"stand_in": f"Ersättaren ska arbeta hos {organisation.name}."})
    if Absence.objects.filter(
        user=user, cancelled_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists():
        raise ValidationError({"starts_on": "Du har redan registrerad frånvaro under den perioden."})
    note = (message or "").strip()
    if len(note) > 300:
        raise ValidationError({"message": "Meddelandet får vara högst 300 tecken."})
    if note:
        names = guard_names_for(organisation=organisation, texts=(note,))
        check = check_text(note, names)
        if check.blocked:
            raise ValidationError({"message": check.message.splitlines()})
    return Absence.objects.create(
        user=user, starts_on=starts_on, ends_on=ends_on, stand_in=stand_in, message=note, created_at=now()
    )


@transaction.atomic
def absence_cancel(*, absence: Absence, cancelled_by: User) -> Absence:
    if absence.user_id != cancelled_by.pk:
        raise ValidationError("Du kan bara ändra din egen frånvaro.")
    if absence.cancelled_at is None:
        absence.cancelled_at = now()
        absence.save(update_fields=["cancelled_at"])
    return absence


# --- Contact directory: the responsible official at another agency -----------------------------


@dataclass(frozen=True)
class CaseContact:
    case_type: str
    responsible: User | None
    unit_name: str


@dataclass(frozen=True)
class AgencyContact:
    """One other organisation in the lookup: shown with its basis, or not shown with the reason."""

    organisation: Organisation
    shown: bool
    basis: str = ""
    basis_text: str = ""
    cases: tuple[CaseContact, ...] = ()
    reason: str = ""


#: Organisations that keep individual cases and may be asked (a samordningsförbund has none; CSN and Skatteverket
#: reach Samverkan by system integration only, with no officials and no ärenden).
_LOOKUP_TYPES = [
    t.value for t in OrganisationType if t is not OrganisationType.FINSAM and t not in INTEGRATION_ONLY_TYPES
]


def _lookup_basis(
    *, viewer: User, own: Organisation, other: Organisation, person: Person, on: dt.date
) -> tuple[str, str]:
    """("consent" | "duty", Swedish text) when the two collaborate on the person with a basis, else ("", "")."""
    counting = consents_counting_for(person=person, discloser=other, recipient=own, on=on)
    if counting:
        consent = counting[0]
        return (
            "consent",
            f"Samtycke som {other.name} har registrerat (gäller till och med {consent.valid_to.isoformat()}; "
            "12 kap. 2 § offentlighets- och sekretesslagen)",
        )
    unit = viewer.unit
    if (
        own.type is OrganisationType.SOCIAL_SERVICES
        and unit is not None
        and unit.handles_assistance
        and duty_categories(other.type, own.type, on=on)
        and active_assistance_case_for(organisation=own, person=person) is not None
    ):
        return (
            "duty",
            f"Aktuellt ärende om ekonomiskt bistånd; {other.name} har uppgiftsskyldighet mot socialnämnden "
            "(15 kap. 10–11 §§ socialtjänstlagen (2025:400), förordning (2008:975))",
        )
    return "", ""


@transaction.atomic
def responsible_officials_lookup(*, viewer: User, person: Person, on: dt.date | None = None) -> list[AgencyContact]:
    """The responsible officials of the person's cases at the other agencies, where a basis allows it.

    Who handles a person's matter at another agency is that agency's secret data (that the
    person has a matter there at all is). It is shown only when the two organisations
    collaborate on the person with a basis: a consent the other agency has recorded for the
    viewer's organisation, or the duty to disclose to a socialnämnd that handles an aktuellt
    ärende om ekonomiskt bistånd. Each shown answer is a cross-organisation read, logged
    (``read.cross_org``). Without a basis nothing is said, not even whether a case exists.
    """
    day = on or today()
    own = _organisation_of(viewer)
    if not persons_visible_to(own).filter(pk=person.pk).exists():
        raise ValidationError({"identity_number": "Personen finns inte i något av din organisations ärenden."})
    result: list[AgencyContact] = []
    others = Organisation.objects.filter(org_type__in=_LOOKUP_TYPES).exclude(pk=own.pk).order_by("name")
    for other in others:
        basis, text = _lookup_basis(viewer=viewer, own=own, other=other, person=person, on=day)
        if not basis:
            result.append(
                AgencyContact(
                    organisation=other,
                    shown=False,
                    reason="Visas inte: det finns varken samtycke eller uppgiftsskyldighet mellan er om personen.",
                )
            )
            continue
        cases = list(
            Case.objects.filter(organisation=other, status=Case.Status.ACTIVE, members__person=person)
            .select_related("responsible__unit", "unit")
            .order_by("-opened_on", "pk")
            .distinct()
        )
        contacts = tuple(
            CaseContact(
                case_type=c.type.label,
                responsible=c.responsible,
                unit_name="" if person.protected_identity else c.unit.name,
            )
            for c in cases
        )
        audit_append(
            event="read.cross_org",
            actor=viewer,
            organisation=other,
            recipient=own,
            person=person,
            categories=[],
            basis=basis,
            purpose="Kontaktuppgift till ansvarig handläggare (kontaktkatalogen)",
            extra={"what": "responsible_official", "cases": len(cases)},
        )
        result.append(AgencyContact(organisation=other, shown=True, basis=basis, basis_text=text, cases=contacts))
    return result


def person_for_lookup(*, viewer: User, identity_number: str) -> Person:
    """The person with ``identity_number`` among those in the viewer's organisation's cases."""
    from samverkan.cases.services import person_by_identity_number

    own = _organisation_of(viewer)
    person = person_by_identity_number(identity_number)
    if not persons_visible_to(own).filter(pk=person.pk).exists():
        raise ValidationError({"identity_number": "Personen finns inte i något av din organisations ärenden."})
    return person


# --- Call-back requests ("ring mig", seed 004) -------------------------------------------------

CALLBACK_SUBJECT_MAX = 200
CALLBACK_NOTE_MAX = 200
CALLBACK_DEFAULT_NOTE = "Återkopplat"


def _guarded_line(*, organisation: Organisation, value: str, field: str, maximum: int, empty: str = "") -> str:
    """One line of free text that must carry no personal data (the e-mail guard of samverkan.domain.pii)."""
    text = " ".join((value or "").split())
    if not text:
        if empty:
            raise ValidationError({field: empty}, code="required")
        return ""
    if len(text) > maximum:
        raise ValidationError({field: f"Texten får vara högst {maximum} tecken."}, code="length")
    check = check_text(text, guard_names_for(organisation=organisation, texts=(text,)))
    if check.blocked:
        raise ValidationError({field: check.message.splitlines()}, code="personal_data")
    return text


def _callback_url(callback: Callback) -> str:
    base = str(getattr(settings, "SAMVERKAN_BASE_URL", "") or "").rstrip("/")
    return base + reverse("messaging:callbacks") + f"#aterkoppling-{callback.pk}"


def _notify_callback(*, user: User, kind: str, text: str, callback: Callback) -> None:
    Notification.objects.update_or_create(
        user=user, kind=kind, callback=callback, defaults={"text": text, "created_at": now(), "read_at": None}
    )


@transaction.atomic
def callback_request(
    *,
    requester: User,
    subject: str,
    channel: str,
    recipient: User | None = None,
    recipient_organisation: Organisation | None = None,
    recipient_unit: Unit | None = None,
    case: Case | None = None,
    phone: str = "",
    time_window: str = "",
    secrecy_reviewed: bool = False,
    record_consent: bool = False,
    consent_form: str = "written",
    consent_valid_to: dt.date | None = None,
    on: dt.date | None = None,
) -> Callback:
    """Ask another official to call back (seed 004: "Återkoppling … görs snarast"), due the next working day.

    The recipient is ``recipient`` (a named official, of any organisation, or of the own) or, when
    none is named, the official the routine of ``recipient_organisation`` (or of ``recipient_unit``)
    names for contacts, as for an administrative question. The subject carries no personal data (the
    guard). ``case`` names the ärende (its main person); when the recipient is another organisation,
    that the person is a client there passes the gate like an administrative question. Logged as
    ``callback.requested`` and notified in the same transaction. Bad input raises a ValidationError
    naming the field; nothing is stored.
    """
    day = on or today()
    organisation = _organisation_of(requester)
    text = _guarded_line(
        organisation=organisation,
        value=subject,
        field="subject",
        maximum=CALLBACK_SUBJECT_MAX,
        empty="Skriv vad återkopplingen gäller (utan personuppgifter).",
    )
    if channel not in Callback.Channel.values:
        raise ValidationError({"channel": "Välj telefon, Samverkan-meddelande eller videomöte."})
    number = " ".join((phone or "").split())
    if len(number) > 40:
        raise ValidationError({"phone": "Telefonnumret får vara högst 40 tecken."})
    if number and not re.fullmatch(r"[0-9+ ()\-]{5,40}", number):
        raise ValidationError({"phone": "Skriv ett telefonnummer med siffror, t.ex. 0155-24 60 00."})
    window = _guarded_line(organisation=organisation, value=time_window, field="time_window", maximum=100)
    if channel == Callback.Channel.PHONE:
        number = number or _phone_of(requester)
        if not number:
            raise ValidationError({"phone": "Ange ett telefonnummer att ringa."})
    if channel == Callback.Channel.VIDEO and not window:
        raise ValidationError({"time_window": "Ange när ett videomöte passar, t.ex. ”tisdag kl. 9–11”."})
    person = None
    if case is not None:
        if case.organisation_id != organisation.pk:
            raise ValidationError({"case_reference": "Ärendet hör inte till din organisation."})
        if not case.is_active:
            raise ValidationError({"case_reference": "Ärendet är avslutat."})
        person = case.subject

    named = recipient is not None
    note = ""
    if recipient is not None:
        target_org = recipient.organisation
        if recipient.pk == requester.pk:
            raise ValidationError({"recipient": "Välj någon annan än dig själv."})
        if not recipient.is_active or target_org is None or recipient.unit is None:
            raise ValidationError({"recipient": "Handläggaren finns inte i Samverkan."})
        if not recipient.has_role(*routing.QUESTION_ROLES) or target_org.type not in routing.QUESTION_ORG_TYPES:
            raise ValidationError(
                {"recipient": f"{recipient.get_full_name()} tar inte emot begäranden om återkoppling."}
            )
        unit = recipient.unit
        user = recipient
        other_case = routing.receiving_case(person=person, organisation=target_org) if person is not None else None
    else:
        if recipient_organisation is None and recipient_unit is not None:
            recipient_organisation = recipient_unit.organisation
        if recipient_organisation is None:
            raise ValidationError({"recipient": "Välj en handläggare eller en organisation som ska återkoppla."})
        target_org = recipient_organisation
        if target_org.type not in routing.QUESTION_ORG_TYPES:
            raise ValidationError(
                {"recipient_organisation": f"{target_org.name} tar inte emot begäranden om återkoppling."}
            )
        route = routing.route_question(
            person=person, organisation=target_org, topic=Topic.CONTACT, on=day, unit=recipient_unit
        )
        if route.user.pk == requester.pk:
            raise ValidationError({"recipient": "Rutinen pekar ut dig själv; välj en namngiven handläggare."})
        unit, user, other_case, note = route.unit, route.user, route.case, route.note

    same_org = target_org.pk == organisation.pk
    passage: Passage | None = None
    if person is not None and same_org:
        own_unit = _unit_of(requester)
        if organisation.type in UNIT_SEPARATED_TYPES and unit.pk != own_unit.pk:
            raise ValidationError(
                {
                    "case_reference": "Inom regionen följer åtkomsten vårdrelationen (4 kap. 1 § patientdatalagen): "
                    "en återkoppling om en patient till en annan vårdenhet skickas utan ärende, eller som "
                    "administrativ fråga."
                }
            )
    elif person is not None:
        if record_consent:
            _record_consent(
                user=requester,
                person=person,
                recipient=target_org,
                categories=[QUESTION_CATEGORY],
                purpose=f"Kontakt med {target_org.name} om personens ärende (begäran om återkoppling)",
                case=case,
                form=consent_form,
                valid_to=consent_valid_to,
                on=day,
                recipient_case=other_case,
            )
        passage = message_passage(
            author_organisation=organisation,
            other_organisation=target_org,
            other_case=other_case,
            person=person,
            categories=[QUESTION_CATEGORY],
            secrecy_reviewed=secrecy_reviewed,
            on=day,
        )
    due = callback_due_date(day)
    callback = Callback.objects.create(
        subject=text,
        requester=requester,
        requester_organisation=organisation,
        requester_unit=_unit_of(requester),
        recipient=user,
        recipient_organisation=target_org,
        recipient_unit=unit,
        named=named,
        routing_note=note,
        case=case,
        person=person,
        basis=passage.basis if passage is not None else "",
        basis_text=passage.basis_text if passage is not None else "",
        consent_id=passage.consent_id if passage is not None else None,
        gate_snapshot=passage.snapshot() if passage is not None else {},
        channel=channel,
        phone=number,
        time_window=window,
        status=Callback.Status.OPEN,
        requested_on=day,
        requested_at=now(),
        due_on=due,
    )
    audit_append(
        event="callback.requested",
        actor=requester,
        organisation=organisation,
        recipient=target_org if passage is not None else None,
        person=person,
        categories=passage.categories if passage is not None else (),
        basis=passage.basis if passage is not None else "",
        purpose="Begäran om återkoppling",
        extra={
            "callback_id": callback.pk,
            "recipient_id": user.pk,
            "recipient_organisation": target_org.code,
            "channel": channel,
            "due_on": due,
            "named": named,
            **(passage.audit_extra() if passage is not None else {}),
        },
    )
    _notify_callback(
        user=user,
        kind=Notification.Kind.CALLBACK_RECEIVED,
        text=f"{requester.get_full_name()} ({organisation.name}) ber om återkoppling "
        f"({Callback.Channel(channel).label.lower()}) senast {due.isoformat()}.",
        callback=callback,
    )
    return callback


@transaction.atomic
def callback_done(*, callback: Callback, done_by: User, note: str = "", on: dt.date | None = None) -> Callback:
    """Mark a call-back done (the recipient, or a colleague at the recipient's unit), with a short note."""
    day = on or today()
    locked = Callback.objects.select_for_update(of=("self",)).select_related("requester").get(pk=callback.pk)
    organisation = _organisation_of(done_by)
    if organisation.pk != locked.recipient_organisation_id or (
        done_by.pk != locked.recipient_id and done_by.unit_id != locked.recipient_unit_id
    ):
        raise ValidationError(
            "Bara den som ska återkoppla (eller en kollega på samma enhet) kan markera det som gjort."
        )
    if locked.status == Callback.Status.DONE:
        raise ValidationError("Återkopplingen är redan gjord.")
    text = _guarded_line(organisation=organisation, value=note, field="note", maximum=CALLBACK_NOTE_MAX)
    locked.status = Callback.Status.DONE
    locked.done_on = max(day, locked.requested_on)
    locked.done_at = now()
    locked.done_by = done_by
    locked.done_note = text or CALLBACK_DEFAULT_NOTE
    locked.save(update_fields=["status", "done_on", "done_at", "done_by", "done_note"])
    audit_append(
        event="callback.done",
        actor=done_by,
        organisation=organisation,
        person=locked.person,
        purpose="Begäran om återkoppling",
        extra={"callback_id": locked.pk, "in_time": callback_in_time(locked.due_on, locked.done_on)},
    )
    if locked.requester_id != done_by.pk:
        _notify_callback(
            user=locked.requester,
            kind=Notification.Kind.CALLBACK_DONE,
            text=f"{done_by.get_full_name()} har återkopplat: {locked.done_note}",
            callback=locked,
        )
    return locked


def callback_reminders_due(on: dt.date) -> list[int]:
    """Ids of open call-backs past their due day that have not been reminded."""
    return list(
        Callback.objects.filter(status=Callback.Status.OPEN, due_on__lt=on, reminder__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def callback_remind(*, callback: Callback, on: dt.date | None = None) -> bool:
    """Remind the recipient of an overdue call-back, once (in the app and by e-mail without personal data)."""
    day = on or today()
    locked = Callback.objects.select_for_update(of=("self",)).select_related("recipient").get(pk=callback.pk)
    if not (locked.status == Callback.Status.OPEN and callback_overdue(locked.due_on, day)):
        return False
    _reminder, created = CallbackReminder.objects.get_or_create(
        callback=locked, defaults={"sent_to": locked.recipient, "sent_on": day, "sent_at": now()}
    )
    if not created:
        return False
    text = f"Påminnelse: en begäran om återkoppling skulle ha besvarats senast {locked.due_on.isoformat()}."
    _notify_callback(user=locked.recipient, kind=Notification.Kind.CALLBACK_REMINDER, text=text, callback=locked)
    _mail_official(
        to=locked.recipient,
        subject="Påminnelse: återkoppling",
        body=f"{text}\n\nLogga in i Samverkan och se Mina återkopplingar: {_callback_url(locked)}\n\n{CALLBACK_SOURCE}",
    )
    return True


def callback_reminders_send(
    *, on: dt.date | None = None, ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> int:
    """Remind every overdue call-back once; one transaction per call-back."""
    day = on or today()
    sent = 0
    for pk in callback_reminders_due(day) if ids is None else ids:
        try:
            if callback_remind(callback=Callback.objects.get(pk=pk), on=day):
                sent += 1
        except Exception:  # a nightly job continues past one bad item
            logger.exception("reminder for call-back %s failed", pk)
        if progress is not None:
            progress(1)
    return sent


# --- The contact person's meeting once a term (seed 004) ---------------------------------------


def _term_meeting_url() -> str:
    base = str(getattr(settings, "SAMVERKAN_BASE_URL", "") or "").rstrip("/")
    return base + reverse("messaging:term_meetings")


@transaction.atomic
def term_meeting_book(
    *,
    assignment: ContactAssignment,
    booked_by: User,
    meeting_on: dt.date | None,
    meeting_time: dt.time | None,
    place: str = "",
    video_link: str = "",
    on: dt.date | None = None,
) -> TermMeeting:
    """The contact person books (or moves) the term's meeting with the vårdcentral: day, time, place or video link."""
    day = on or today()
    if booked_by.pk != assignment.contact_id:
        raise ValidationError("Bara vårdcentralens kontaktperson bokar terminsmötet.")
    if meeting_on is None:
        raise ValidationError({"meeting_on": "Ange dag för mötet."})
    if meeting_time is None:
        raise ValidationError({"meeting_time": "Ange klockslag för mötet."})
    problem = term_meeting_problem(meeting_on=meeting_on, on=day)
    if problem is not None:
        raise validation_error(problem)
    where = " ".join((place or "").split())
    link = (video_link or "").strip()
    if len(where) > 200:
        raise ValidationError({"place": "Platsen får vara högst 200 tecken."})
    if link and not link.startswith("https://"):
        raise ValidationError({"video_link": "Videolänken ska börja med https://."})
    if len(link) > 300:
        raise ValidationError({"video_link": "Videolänken får vara högst 300 tecken."})
    if not where and not link:
        raise ValidationError({"place": "Ange plats eller videolänk för mötet."})
    period = term_of(meeting_on)
    zone = ZoneInfo(settings.TIME_ZONE)
    starts_at = dt.datetime.combine(meeting_on, meeting_time, tzinfo=zone)
    meeting = (
        TermMeeting.objects.select_for_update()
        .filter(unit=assignment.unit, term_year=period.year, term=period.term.value)
        .first()
    )
    if meeting is not None and meeting.status == TermMeeting.Status.HELD:
        raise ValidationError({"meeting_on": f"Mötet för {period.label} är redan genomfört."})
    event = "term_meeting.booked" if meeting is None else "term_meeting.moved"
    if meeting is None:
        meeting = TermMeeting(unit=assignment.unit, term_year=period.year, term=period.term.value)
    meeting.contact = booked_by
    meeting.starts_at = starts_at
    meeting.place = where
    meeting.video_link = link
    meeting.booked_at = now()
    meeting.save()
    audit_append(
        event=event,
        actor=booked_by,
        organisation=_organisation_of(booked_by),
        purpose="Kontaktpersonens terminsmöte med vårdcentralen",
        extra={"term_meeting_id": meeting.pk, "unit_id": assignment.unit_id, "term": f"{period.term}{period.year}"},
    )
    return meeting


@transaction.atomic
def term_meeting_held(*, meeting: TermMeeting, by: User, note: str = "", on: dt.date | None = None) -> TermMeeting:
    """Record the meeting as held, with a short note about routines (never about patients: the guard checks it)."""
    day = on or today()
    locked = TermMeeting.objects.select_for_update().get(pk=meeting.pk)
    organisation = _organisation_of(by)
    if by.pk != locked.contact_id:
        raise ValidationError("Bara kontaktpersonen som bokade mötet kan registrera det som genomfört.")
    if locked.status == TermMeeting.Status.HELD:
        raise ValidationError("Mötet är redan registrerat som genomfört.")
    if localdate(locked.starts_at) > day:
        raise ValidationError({"note": "Mötet har inte ägt rum än."})
    text = (note or "").strip()
    if len(text) > 1000:
        raise ValidationError({"note": "Anteckningen får vara högst 1000 tecken."})
    if text:
        names = guard_names_for(organisation=organisation, texts=(text,))
        names += guard_names_for(organisation=locked.unit.organisation, texts=(text,))
        check = check_text(text, names)
        if check.blocked:
            raise ValidationError({"note": check.message.splitlines()})
    locked.status = TermMeeting.Status.HELD
    locked.held_on = localdate(locked.starts_at)
    locked.note = text
    locked.save(update_fields=["status", "held_on", "note"])
    audit_append(
        event="term_meeting.held",
        actor=by,
        organisation=organisation,
        purpose="Kontaktpersonens terminsmöte med vårdcentralen",
        extra={"term_meeting_id": locked.pk, "unit_id": locked.unit_id},
    )
    return locked


def term_meeting_reminders_send(*, on: dt.date | None = None) -> int:
    """E-mail each contact person, once per vårdcentral, term and reason: the term has started with no meeting
    booked, or a booked meeting is a few days away. The e-mail names no person (the meeting is about routines)."""
    day = on or today()
    period = term_of(day)
    sent = 0
    for assignment in ContactAssignment.objects.select_related("unit", "contact").order_by("pk"):
        meeting = TermMeeting.objects.filter(
            unit=assignment.unit, term_year=period.year, term=period.term.value
        ).first()
        kind = term_meeting_reminder(
            on=day,
            meeting_on=localdate(meeting.starts_at) if meeting is not None else None,
            held=meeting is not None and meeting.status == TermMeeting.Status.HELD,
        )
        if kind is None:
            continue
        try:
            with transaction.atomic():
                _row, created = TermMeetingReminderSent.objects.get_or_create(
                    unit=assignment.unit,
                    term_year=period.year,
                    term=period.term.value,
                    kind=kind.value,
                    defaults={"contact": assignment.contact, "meeting": meeting, "sent_on": day, "sent_at": now()},
                )
                if not created:
                    continue
                if kind is TermMeetingReminder.NOT_BOOKED:
                    subject = f"Terminsmöte att boka: {assignment.unit.name}"
                    body = (
                        f"{period.label.capitalize()} har börjat och inget terminsmöte med {assignment.unit.name} "
                        "är bokat."
                    )
                else:
                    assert meeting is not None
                    local = meeting.starts_at.astimezone(ZoneInfo(settings.TIME_ZONE))
                    subject = f"Terminsmöte {local:%Y-%m-%d}: {assignment.unit.name}"
                    body = f"Påminnelse: terminsmötet med {assignment.unit.name} är {local:%Y-%m-%d kl. %H:%M}."
                _mail_official(
                    to=assignment.contact,
                    subject=subject,
                    body=f"{body}\n\nLogga in i Samverkan: {_term_meeting_url()}\n\n{TERM_MEETING_SOURCE}",
                )
                sent += 1
        except Exception:
            logger.exception("term meeting reminder for unit %s failed", assignment.unit_id)
    return sent


__all__ = [
    "AgencyContact",
    "EmailResult",
    "absence_cancel",
    "absence_register",
    "admin_question_answer",
    "admin_question_close",
    "admin_question_send",
    "answer_reminders_send",
    "callback_done",
    "callback_remind",
    "callback_reminders_send",
    "callback_request",
    "contact_assignment_set",
    "email_send",
    "notification_mark_read",
    "overdue_questions_escalate",
    "question_escalate",
    "question_remind",
    "responsible_officials_lookup",
    "routing_rule_set",
    "term_meeting_book",
    "term_meeting_held",
    "term_meeting_reminders_send",
]
