"""The answer to an administrative question, and Försäkringskassan's contact person answering one (seed 004).

The answer passes the gate back to the sender in the transaction that stores it, logs it and notifies the sender.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import localdate

from samverkan.accounts.models import Organisation, User
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.passage import QUESTION_CATEGORY, Passage
from samverkan.disclosures.passage import disclosure_message_passage as message_passage
from samverkan.disclosures.validation import validation_error
from samverkan.domain.contact_person import SecrecyAssessment, contact_person_answer_problem
from samverkan.domain.organisations import Role
from samverkan.messaging import routing
from samverkan.messaging.medical import reason_problem
from samverkan.messaging.models import AdminAnswer, AdminQuestion, Notification, Topic
from samverkan.messaging.services.common import (
    consent_record_unless_covered,
    notify,
    phone_of,
    required_text,
    unit_of,
)
from samverkan.messaging.services.questions import audit_message, consent_purpose, receiving_official
from samverkan.notifications import events as notification_events


def _certificate_sent_on(
    question: AdminQuestion, *, kind: str, certificate_sent_on: dt.date | None, text: str, day: dt.date
) -> dt.date | None:
    """Check the kind of answer; the day the new certificate was sent, for a komplettering answered by one."""
    if question.topic != Topic.SUPPLEMENT:
        if kind != AdminAnswer.Kind.ANSWER:
            raise ValidationError({"kind": "Nytt intyg och motivering gäller bara kompletteringar."})
        return None
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
        if certificate_sent_on > day or certificate_sent_on < question.sent_on:
            raise ValidationError(
                {
                    "certificate_sent_on": "Det nya intyget ska ha skickats efter frågan och senast i dag "
                    f"({question.sent_on.isoformat()}–{day.isoformat()})."
                }
            )
        return certificate_sent_on
    problem = reason_problem(text)
    if problem is not None:
        raise ValidationError({"body": problem})
    return None


def _answer_passage(
    question: AdminQuestion,
    *,
    author: User,
    organisation: Organisation,
    as_contact_person: bool,
    secrecy_reviewed: bool,
    day: dt.date,
) -> Passage:
    if as_contact_person:
        return _contact_person_passage(question, author, organisation, day)
    return message_passage(
        author_organisation=organisation,
        other_organisation=question.sender_organisation,
        other_case=question.sender_case,
        person=question.person,
        categories=[QUESTION_CATEGORY],
        secrecy_reviewed=secrecy_reviewed,
        on=day,
    )


def _answer_store(
    question: AdminQuestion,
    *,
    author: User,
    role: Role,
    organisation: Organisation,
    kind: str,
    text: str,
    certificate_sent_on: dt.date | None,
    passage: Passage,
    as_contact_person: bool,
    day: dt.date,
) -> AdminAnswer:
    """The answer row, and the question marked answered (on the day, never before it was sent)."""
    answer = AdminAnswer.objects.create(
        question=question,
        kind=kind,
        body=text,
        certificate_sent_on=certificate_sent_on,
        author=author,
        author_role=role.value,
        author_unit=unit_of(author),
        author_organisation=organisation,
        author_phone=phone_of(author),
        basis=passage.basis,
        basis_text=passage.basis_text,
        consent_id=passage.consent_id,
        gate_snapshot=passage.snapshot(),
        secrecy_assessed_by=question.secrecy_assessed_by if as_contact_person else None,
        secrecy_assessed_at=question.secrecy_assessed_at if as_contact_person else None,
        answered_on=day,
        created_at=now(),
    )
    if question.status == AdminQuestion.Status.OPEN:
        question.status = AdminQuestion.Status.ANSWERED
        question.answered_on = max(day, question.sent_on)
        question.save(update_fields=["status", "answered_on"])
    return answer


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
    organisation = receiving_official(locked, author)
    if locked.status == AdminQuestion.Status.CLOSED:
        raise ValidationError("Frågan är stängd och kan inte besvaras.")
    role = routing.sender_role(author)
    text = required_text(body, "body", "Skriv ett svar. Ett tomt svar skickas inte.")
    sent_on = _certificate_sent_on(locked, kind=kind, certificate_sent_on=certificate_sent_on, text=text, day=day)
    if record_consent:
        consent_record_unless_covered(
            user=author,
            person=locked.person,
            recipient=locked.sender_organisation,
            categories=[QUESTION_CATEGORY],
            purpose=consent_purpose(locked.topic, locked.sender_organisation),
            case=locked.recipient_case,
            form=consent_form,
            valid_to=consent_valid_to,
            on=day,
            recipient_case=locked.sender_case,
        )
    as_contact_person = _answers_as_contact_person(locked, author)
    passage = _answer_passage(
        locked,
        author=author,
        organisation=organisation,
        as_contact_person=as_contact_person,
        secrecy_reviewed=secrecy_reviewed,
        day=day,
    )
    answer = _answer_store(
        locked,
        author=author,
        role=role,
        organisation=organisation,
        kind=kind,
        text=text,
        certificate_sent_on=sent_on,
        passage=passage,
        as_contact_person=as_contact_person,
        day=day,
    )
    audit_message(
        event="admin_question.answered",
        actor=author,
        organisation=organisation,
        recipient=locked.sender_organisation,
        question=locked,
        passage=passage,
        answer=answer,
    )
    notify(
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
    organisation = receiving_official(locked, assessor)
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
        notify(
            user=locked.assigned_to,
            kind=Notification.Kind.QUESTION_RECEIVED,
            text=f"{assessor.get_full_name()} har bedömt att sekretessen inte bryts: du kan svara på frågan "
            f"({locked.get_topic_display()}) om personen samtycke finns.",
            question=locked,
        )
    return locked
