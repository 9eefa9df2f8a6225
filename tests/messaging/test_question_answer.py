"""Answering, closing, and the komplettering's two kinds of answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.messaging.medical import medical_terms_in, reason_problem
from samverkan.messaging.models import AdminAnswer, AdminQuestion, Notification
from samverkan.messaging.services import admin_question_answer, admin_question_close
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def test_fk_official_answers_and_the_answer_passes_the_gate_back(
    patient: Person, send_question: Any, user_named: Any
) -> None:
    question = send_question(patient)
    fredrik = user_named("fredrik.holm")
    answer = admin_question_answer(
        question=question, author=fredrik, body="Vi bokar mötet den 3 december kl. 10.", secrecy_reviewed=True
    )
    question.refresh_from_db()
    assert question.status == AdminQuestion.Status.ANSWERED
    assert question.answered_on == today()
    assert answer.author_role == "insurance_investigator"
    assert answer.basis == "secrecy_review"
    entry = AuditEntry.objects.get(event="admin_question.answered", extra__answer_id=answer.pk)
    assert getattr(entry.organisation, "code", None) == "fk"
    assert getattr(entry.recipient, "code", None) == "region-malarmark"
    assert Notification.objects.filter(user=question.sender, question=question, kind="answer_received").exists()
    assert question.status_label_for(question.sender_organisation) == "Besvarad"


def test_answer_without_basis_is_refused_but_fk_can_record_consent(
    patient: Person, send_question: Any, user_named: Any
) -> None:
    question = send_question(patient)
    fredrik = user_named("fredrik.holm")
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(question=question, author=fredrik, body="Svar.")
    assert "secrecy_reviewed" in exc.value.message_dict
    question.refresh_from_db()
    assert question.status == AdminQuestion.Status.OPEN
    answer = admin_question_answer(
        question=question,
        author=fredrik,
        body="Svar.",
        record_consent=True,
        consent_valid_to=today() + dt.timedelta(days=90),
    )
    assert answer.basis == "consent"
    assert answer.consent is not None and answer.consent.discloser.code == "fk"


def test_only_the_receiving_organisation_answers(patient: Person, send_question: Any, user_named: Any) -> None:
    question = send_question(patient)
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(question=question, author=user_named("helena.strom"), body="Svar", secrecy_reviewed=True)
    assert "Bara Försäkringskassan besvarar frågan" in exc.value.messages[0]


def test_empty_answer_is_refused(patient: Person, send_question: Any, user_named: Any) -> None:
    question = send_question(patient)
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(question=question, author=user_named("fredrik.holm"), body=" ", secrecy_reviewed=True)
    assert exc.value.message_dict["body"] == ["Skriv ett svar. Ett tomt svar skickas inte."]


def test_closed_question_cannot_be_answered(patient: Person, send_question: Any, user_named: Any) -> None:
    question = send_question(patient)
    admin_question_close(question=question, closed_by=user_named("helena.strom"))
    with pytest.raises(ValidationError):
        admin_question_close(question=question, closed_by=user_named("fredrik.holm"))
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(question=question, author=user_named("fredrik.holm"), body="Svar", secrecy_reviewed=True)
    assert "stängd" in exc.value.messages[0]


def test_status_is_seen_from_each_side(patient: Person, send_question: Any) -> None:
    question = send_question(patient)
    assert question.status_label_for(question.recipient_organisation) == "Att besvara"
    assert question.status_label_for(question.sender_organisation) == "Väntar på svar"


@pytest.fixture
def supplement(patient: Person, send_question: Any) -> AdminQuestion:
    question: AdminQuestion = send_question(
        patient,
        sender="fredrik.holm",
        to="region-malarmark",
        topic="supplement",
        body="Intyget saknar en beskrivning av aktivitetsbegränsningen.",
        record_consent=False,
        secrecy_reviewed=True,
        days_ago=1,
    )
    assert question.assigned_to.username == "peter.lund"
    return question


def test_komplettering_needs_a_certificate_or_a_reason(supplement: AdminQuestion, user_named: Any) -> None:
    doctor = user_named("peter.lund")
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(question=supplement, author=doctor, body="Ok", kind="answer", secrecy_reviewed=True)
    assert "nytt intyg eller med en motivering" in " ".join(exc.value.message_dict["kind"])
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(
            question=supplement, author=doctor, body="Nytt intyg", kind="certificate", secrecy_reviewed=True
        )
    assert "certificate_sent_on" in exc.value.message_dict
    answer = admin_question_answer(
        question=supplement,
        author=doctor,
        body="Ett nytt intyg är skickat.",
        kind="certificate",
        certificate_sent_on=today(),
        secrecy_reviewed=True,
    )
    assert answer.kind == AdminAnswer.Kind.CERTIFICATE


def test_komplettering_reason_must_be_without_medical_details(supplement: AdminQuestion, user_named: Any) -> None:
    doctor = user_named("peter.lund")
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(
            question=supplement,
            author=doctor,
            body="Patienten har svår depression (F32.1) och kan inte komma.",
            kind="reason",
            secrecy_reviewed=True,
        )
    message = " ".join(exc.value.message_dict["body"])
    assert "”depression”" in message and "”F32.1”" in message
    answer = admin_question_answer(
        question=supplement,
        author=doctor,
        body="Patienten har inte kunnat komma på bokat besök; nytt intyg skickas efter besöket.",
        kind="reason",
        secrecy_reviewed=True,
    )
    assert answer.kind == AdminAnswer.Kind.REASON


def test_other_topics_cannot_be_answered_with_a_certificate(
    patient: Person, send_question: Any, user_named: Any
) -> None:
    question = send_question(patient)
    with pytest.raises(ValidationError) as exc:
        admin_question_answer(
            question=question, author=user_named("fredrik.holm"), body="Svar", kind="reason", secrecy_reviewed=True
        )
    assert "bara kompletteringar" in " ".join(exc.value.message_dict["kind"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Patienten har ryggsmärtor och diagnosen M54.5.", ["ryggsmärtor", "diagnosen", "M54.5"]),
        ("Medicineringen ändrades efter röntgen.", ["medicineringen", "röntgen"]),
        ("Patienten uteblev från besöket och ett nytt besök är bokat.", []),
        ("Ärende 2026-00012, E4 norrut, inga medicinska uppgifter.", []),
    ],
)
def test_medical_terms_are_found_as_words(text: str, found: list[str]) -> None:
    assert medical_terms_in(text) == found


def test_reason_may_not_be_empty() -> None:
    assert reason_problem("") is not None
    assert reason_problem("Ja.") is not None
    assert reason_problem("Patienten uteblev från besöket; nytt intyg skickas.") is None
