"""The JSON API: send, answer, read, the dashboard and the e-mail check, scoped to the caller's organisation."""

from __future__ import annotations

import json
from typing import Any

import pytest

from samverkan.people.models import Person
from tests.messaging.conftest import case_of

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_send_answer_and_read_a_question(patient: Person, client_for: Any) -> None:
    helena = client_for("helena.strom")
    response = _post(
        helena,
        "/api/v1/messaging/questions",
        {
            "case_id": case_of(patient, "region-malarmark").pk,
            "recipient_organisation": "fk",
            "topic": "other",
            "body": "När kan vi ses?",
            "sender_phone": "0155-24 60 01",
            "secrecy_reviewed": True,
        },
    )
    assert response.status_code == 201, response.content
    sent = response.json()
    assert sent["status_label"] == "Väntar på svar"
    assert sent["person"].endswith("****")
    fredrik = client_for("fredrik.holm")
    answered = _post(
        fredrik, f"/api/v1/messaging/questions/{sent['id']}/answers", {"body": "I morgon.", "secrecy_reviewed": True}
    )
    assert answered.status_code == 201, answered.content
    assert answered.json()["status"] == "answered"
    assert client_for("ali.karimi").get(f"/api/v1/messaging/questions/{sent['id']}").status_code in (403, 404)


def test_bad_input_gives_swedish_errors(patient: Person, client_for: Any) -> None:
    response = _post(
        client_for("helena.strom"),
        "/api/v1/messaging/questions",
        {
            "case_id": case_of(patient, "region-malarmark").pk,
            "recipient_organisation": "fk",
            "topic": "review_meeting",
            "body": "Möte?",
            "secrecy_reviewed": True,
        },
    )
    assert response.status_code == 400
    assert "meeting_reason" in response.json()["detail"]


def test_dashboard_and_email_check(client_for: Any) -> None:
    client = client_for("fredrik.holm")
    board = client.get("/api/v1/messaging/dashboard")
    assert board.status_code == 200
    assert board.json()["unit"] == "Lokalt försäkringskontor Sörby"
    check = _post(client, "/api/v1/messaging/email/check", {"subject": "Hej", "body": "Gäller 19811218-9876"})
    assert check.json()["blocked"] is True
    assert check.json()["findings"][0]["type"] == "personnummer"
