"""FK's contact person answers a question about a person only with FK's registered consent and an
investigator's assessment that secrecy is not broken (seed 004); both are recorded on the answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.messaging.models import AdminQuestion
from samverkan.messaging.services import admin_question_answer, contact_question_assess
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(patient: Person, send_question: Any) -> AdminQuestion:
    sent = send_question(
        patient, topic="contact", body="Vem är försäkringsutredare?", record_consent=False, secrecy_reviewed=True
    )
    assert sent.recipient_role == "fk_contact_person"
    return sent


def _answer(question: AdminQuestion, user_named: Any, **kwargs: Any) -> Any:
    return admin_question_answer(
        question=question, author=user_named("anna.sjoberg"), body="Din utredare är Fredrik Holm.", **kwargs
    )


def test_the_contact_persons_own_secrecy_tick_is_not_enough(question: AdminQuestion, user_named: Any) -> None:
    contact_question_assess(question=question, assessor=user_named("fredrik.holm"))
    with pytest.raises(ValidationError) as caught:
        _answer(question, user_named, secrecy_reviewed=True)
    assert "Din egen sekretessprövning räcker inte" in caught.value.message_dict["record_consent"][0]
    question.refresh_from_db()
    assert question.status == AdminQuestion.Status.OPEN and not question.answers.exists()


def test_a_consent_without_an_investigators_assessment_is_not_enough(question: AdminQuestion, user_named: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        _answer(question, user_named, record_consent=True, consent_valid_to=today() + dt.timedelta(days=90))
    assert "secrecy_assessment" in caught.value.message_dict
    contact_question_assess(question=question, assessor=user_named("anna.sjoberg"))  # she is an investigator too
    with pytest.raises(ValidationError) as caught:
        _answer(question, user_named, record_consent=True, consent_valid_to=today() + dt.timedelta(days=90))
    assert "annan försäkringsutredare" in caught.value.message_dict["secrecy_assessment"][0]


def test_with_consent_and_assessment_the_answer_is_sent_and_records_both(
    question: AdminQuestion, user_named: Any
) -> None:
    fredrik = user_named("fredrik.holm")
    contact_question_assess(question=question, assessor=fredrik)
    assert AuditEntry.objects.filter(event="admin_question.secrecy_assessed", extra__question_id=question.pk).exists()
    answer = _answer(question, user_named, record_consent=True, consent_valid_to=today() + dt.timedelta(days=90))
    assert answer.basis == "consent" and answer.consent is not None and answer.consent.discloser.code == "fk"
    assert answer.secrecy_assessed_by == fredrik and answer.secrecy_assessed_at is not None


def test_only_an_investigator_at_the_receiver_assesses(question: AdminQuestion, user_named: Any) -> None:
    with pytest.raises(ValidationError):
        contact_question_assess(question=question, assessor=user_named("maria.nystrom"))
    with pytest.raises(ValidationError):
        contact_question_assess(question=question, assessor=user_named("helena.strom"))


def test_other_answers_are_unchanged(patient: Person, send_question: Any, user_named: Any) -> None:
    question = send_question(patient)  # a review meeting question, to the investigator
    answer = admin_question_answer(
        question=question, author=user_named("anna.sjoberg"), body="Ok.", secrecy_reviewed=True
    )
    assert answer.basis == "secrecy_review" and answer.secrecy_assessed_by is None


def test_the_investigator_assesses_on_the_question_page(question: AdminQuestion, client_for: Any) -> None:
    client = client_for("fredrik.holm")
    page = client.get(reverse("messaging:question_detail", args=[question.pk])).content.decode()
    assert "Jag har bedömt att sekretessen inte bryts" in page
    response = client.post(reverse("messaging:question_assess", args=[question.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.secrecy_assessed_by is not None and question.secrecy_assessed_by.username == "fredrik.holm"
    page = client.get(reverse("messaging:question_detail", args=[question.pk])).content.decode()
    assert "Bedömt av Fredrik Holm" in page
