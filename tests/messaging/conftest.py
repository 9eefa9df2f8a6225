"""Fixtures for communication: patients shared by a vårdcentral and Försäkringskassan, and a sent question."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.domain.consent import latest_valid_to
from samverkan.messaging.models import AdminQuestion
from samverkan.messaging.services import admin_question_send
from samverkan.people.models import Person


def patients_at(vc: str) -> list[Person]:
    """Persons sick-listed at ``vc`` with an aktuellt sjukpenningärende at FK, no question and no consent to FK yet."""
    return list(
        Person.objects.filter(protected_identity=False, admin_questions__isnull=True)
        .filter(cases__organisation__code="region-malarmark", cases__unit__code=vc, cases__status="active")
        .filter(cases__organisation__code="fk", cases__case_type="sickness", cases__status="active")
        .exclude(consents__recipient__code="fk")  # the demo's call-backs and plans may have recorded one
        .distinct()
        .order_by("pk")
    )


def case_of(person: Person, org_code: str) -> Case:
    case = (
        Case.objects.filter(organisation__code=org_code, status="active", members__person=person).order_by("pk").first()
    )
    assert case is not None
    return case


@pytest.fixture
def patient(world: None) -> Person:
    return patients_at("vc-angen")[0]


@pytest.fixture
def send_question(user_named: Any) -> Any:
    """Send a question from a vårdcentral official to FK (consent recorded on the spot unless told otherwise)."""

    def send(
        person: Person, *, sender: str = "helena.strom", to: str = "fk", days_ago: int = 0, **kwargs: Any
    ) -> AdminQuestion:
        from samverkan.accounts.models import Organisation

        user = user_named(sender)
        on = today() - dt.timedelta(days=days_ago)
        options: dict[str, Any] = {
            "topic": "review_meeting",
            "body": "Vi önskar ett avstämningsmöte.",
            "meeting_reason": "Patienten vill pröva arbete på deltid.",
            "record_consent": True,
            "consent_valid_to": latest_valid_to(on),
        }
        options.update(kwargs)
        return admin_question_send(
            sender=user,
            case=case_of(person, user.organisation.code),
            recipient_organisation=Organisation.objects.get(code=to),
            on=on,
            **options,
        )

    return send
