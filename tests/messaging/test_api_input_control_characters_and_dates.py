"""Bad input to the messaging API (issue 15): control characters, overlong text and implausible dates
are refused with a Swedish message before anything is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest

from samverkan.messaging.models import AdminQuestion
from samverkan.people.models import Person
from tests.messaging.conftest import case_of

pytestmark = pytest.mark.django_db


def _question(patient: Person, **changes: Any) -> dict[str, Any]:
    return {
        "case_id": case_of(patient, "region-malarmark").pk,
        "recipient_organisation": "fk",
        "topic": "other",
        "body": "När kan vi ses?",
        "sender_phone": "0155-24 60 01",
        "secrecy_reviewed": True,
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": "När\u0000kan vi ses?"}, "Texten innehåller otillåtna tecken (styrtecken)."),
        ({"sender_phone": "0155\n24 60 01"}, "Texten innehåller otillåtna tecken (styrtecken)."),
        ({"body": "x" * 4001}, "Texten får vara högst 4000 tecken."),
        ({"topic": "review_meeting", "meeting_reason": "Behov", "proposed_meeting_on": "1800-01-01"}, "2000-01-01"),
        ({"record_consent": True, "consent_valid_to": "2099-01-01"}, "Ett samtycke gäller högst 12 månader."),
    ],
)
def test_a_question_with_bad_text_or_an_implausible_date_is_refused_and_not_stored(
    patient: Person, client_for: Any, changes: dict[str, Any], message: str
) -> None:
    before = AdminQuestion.objects.count()
    response = client_for("helena.strom").post(
        "/api/v1/messaging/questions", data=json.dumps(_question(patient, **changes)), content_type="application/json"
    )
    assert response.status_code == 422
    assert message in json.dumps(response.json(), ensure_ascii=False)
    assert AdminQuestion.objects.count() == before


def test_a_question_may_have_several_lines(patient: Person, client_for: Any) -> None:
    response = client_for("helena.strom").post(
        "/api/v1/messaging/questions",
        data=json.dumps(_question(patient, body="Rad ett\r\nRad två\ttabb")),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


def test_the_question_list_refuses_a_nul_in_its_view_parameter(client_for: Any) -> None:
    assert client_for("fredrik.holm").get("/api/v1/messaging/questions?view=%00").status_code == 422
