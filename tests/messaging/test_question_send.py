"""Sending an administrative question: routing, deadline, the gate, the audit entry, and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.messaging.models import AdminQuestion, Notification
from samverkan.people.models import Person
from tests.messaging.conftest import case_of, patients_at

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_review_meeting_question_is_routed_to_fk_case_officer_with_seven_day_deadline(
    patient: Person, send_question: Any
) -> None:
    question = send_question(patient)
    assert question.status == AdminQuestion.Status.OPEN
    assert question.assigned_to.username == "fredrik.holm"  # responsible for the FK case, insurance investigator
    assert question.recipient_role == "insurance_investigator"
    assert question.recipient_case is not None
    assert question.recipient_case.organisation.code == "fk"
    assert question.recipient_case.members.filter(person=patient).exists()
    assert question.deadline == today() + dt.timedelta(days=7)
    assert question.reminder_on <= question.deadline
    assert question.sender_role == "rehab_coordinator"
    assert question.sender_phone  # the sender is always identified, with a phone
    assert question.sender_unit.code == "vc-angen"
    assert Notification.objects.filter(user=question.assigned_to, question=question, kind="question_received").exists()


def test_sending_is_a_disclosure_logged_with_basis_consent(patient: Person, send_question: Any) -> None:
    question = send_question(patient)
    consent = Consent.objects.get(person=patient, discloser__code="region-malarmark", recipient__code="fk")
    assert consent.categories == ["admin_question"]
    assert question.basis == "consent"
    assert question.consent == consent
    assert "12 kap. 2 §" in question.basis_text
    entry = AuditEntry.objects.get(event="admin_question.sent", extra__question_id=question.pk)
    assert getattr(entry.organisation, "code", None) == "region-malarmark"
    assert getattr(entry.recipient, "code", None) == "fk"
    assert entry.person == patient
    assert entry.categories == ["admin_question"]
    assert entry.basis == "consent"
    assert question.gate_snapshot["released"] == ["admin_question"]


def test_sender_secrecy_review_is_a_basis_without_consent(patient: Person, send_question: Any) -> None:
    question = send_question(patient, topic="other", meeting_reason="", record_consent=False, secrecy_reviewed=True)
    assert question.basis == "secrecy_review"
    assert "10 kap. 2 §" in question.basis_text
    assert AuditEntry.objects.filter(
        event="admin_question.sent", extra__question_id=question.pk, basis="secrecy_review"
    ).exists()


def test_without_consent_or_secrecy_review_the_gate_denies_and_nothing_is_sent(
    patient: Person, send_question: Any
) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        send_question(patient, topic="other", record_consent=False)
    message = " ".join(_errors(exc)["secrecy_reviewed"])
    assert "Frågan skickas inte" in message
    assert "samtycke" in message
    assert not AdminQuestion.objects.filter(person=patient).exists()
    assert AuditEntry.objects.count() == audit_before


def test_empty_question_is_refused_in_swedish_and_nothing_stored(patient: Person, send_question: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        send_question(patient, body="   ")
    assert _errors(exc)["body"] == ["Skriv din fråga. En tom fråga skickas inte."]
    assert not AdminQuestion.objects.filter(person=patient).exists()
    assert not Consent.objects.filter(person=patient, recipient__code="fk", discloser__code="region-malarmark").exists()


def test_review_meeting_without_reason_is_refused(patient: Person, send_question: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        send_question(patient, meeting_reason="")
    assert "Varför avstämningsmöte önskas behöver framgå" in " ".join(_errors(exc)["meeting_reason"])
    assert not AdminQuestion.objects.filter(person=patient).exists()


def test_question_to_a_unit_without_recipient_is_refused(user_named: Any, send_question: Any) -> None:
    """Björkhagen's routine sends kompletteringar to a sick-listing doctor, and it has none."""
    person = patients_at("vc-bjorkhagen")[0]
    with pytest.raises(ValidationError) as exc:
        send_question(
            person,
            sender="fredrik.holm",
            to="region-malarmark",
            topic="supplement",
            record_consent=False,
            secrecy_reviewed=True,
        )
    message = " ".join(_errors(exc)["recipient_unit"])
    assert "Vårdcentralen Björkhagen har ingen mottagare" in message
    assert "sjukskrivande läkare" in message
    assert not AdminQuestion.objects.filter(person=person).exists()


def test_question_to_an_organisation_outside_the_channel_is_refused(patient: Person, send_question: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        send_question(patient, to="af", topic="contact")
    assert "skickar inte administrativa frågor till Arbetsförmedlingen" in " ".join(
        _errors(exc)["recipient_organisation"]
    )


def test_supplement_is_asked_by_fk_not_by_healthcare(patient: Person, send_question: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        send_question(patient, topic="supplement")
    assert "begärs av Försäkringskassan" in " ".join(_errors(exc)["topic"])


def test_rehab_need_impulse_requires_the_patients_consent(patient: Person, send_question: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        send_question(patient, topic="rehab_need", record_consent=False, secrecy_reviewed=True)
    message = " ".join(_errors(exc)["record_consent"])
    assert "4 § lagen (2019:1297) om koordineringsinsatser för sjukskrivna patienter" in message
    assert "bara med patientens samtycke" in message
    assert not AdminQuestion.objects.filter(person=patient).exists()


def test_rehab_need_impulse_with_consent_recorded_on_the_spot_is_sent(patient: Person, send_question: Any) -> None:
    question = send_question(patient, topic="rehab_need", meeting_reason="")
    consent = Consent.objects.get(person=patient, discloser__code="region-malarmark", recipient__code="fk")
    assert sorted(consent.categories) == ["admin_question", "care_coordination_need"]
    assert question.basis == "consent"
    entry = AuditEntry.objects.get(event="admin_question.sent", extra__question_id=question.pk)
    assert entry.categories == ["admin_question", "care_coordination_need"]


def test_consent_recorded_on_the_spot_is_checked_by_the_consent_rules(patient: Person, send_question: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        send_question(patient, consent_valid_to=today() + dt.timedelta(days=800))
    assert "högst 12 månader" in " ".join(_errors(exc)["consent_valid_to"])
    assert not Consent.objects.filter(person=patient, recipient__code="fk").exists()


def test_case_of_another_organisation_cannot_be_used(patient: Person, user_named: Any) -> None:
    from samverkan.accounts.models import Organisation
    from samverkan.messaging.services import admin_question_send

    with pytest.raises(ValidationError) as exc:
        admin_question_send(
            sender=user_named("helena.strom"),
            case=case_of(patient, "fk"),
            recipient_organisation=Organisation.objects.get(code="fk"),
            topic="contact",
            body="Fråga",
            secrecy_reviewed=True,
        )
    assert "hör inte till din organisation" in " ".join(_errors(exc)["case_reference"])


def test_social_worker_asks_fk_for_a_review_meeting_only_with_the_insureds_consent(
    user_named: Any, send_question: Any
) -> None:
    person = (
        Person.objects.filter(
            protected_identity=False,
            cases__organisation__code="sorby-socialnamnd",
            cases__case_type="assistance",
            cases__status="active",
        )
        .filter(cases__organisation__code="fk", cases__status="active")
        .exclude(admin_questions__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    assert person is not None
    with pytest.raises(ValidationError) as exc:
        send_question(person, sender="sara.lind", record_consent=False, secrecy_reviewed=True)
    assert "30 kap. 10 § socialförsäkringsbalken" in " ".join(_errors(exc)["record_consent"])
    assert not AdminQuestion.objects.filter(person=person).exists()
    question = send_question(
        person, sender="sara.lind", topic="other", meeting_reason="", record_consent=False, secrecy_reviewed=True
    )
    assert question.recipient_organisation.code == "fk"
    assert question.sender_role == "social_worker"


def test_an_existing_consent_is_not_registered_twice(patient: Person, send_question: Any) -> None:
    send_question(patient)
    send_question(patient, topic="other", meeting_reason="")
    assert Consent.objects.filter(person=patient, discloser__code="region-malarmark", recipient__code="fk").count() == 1
