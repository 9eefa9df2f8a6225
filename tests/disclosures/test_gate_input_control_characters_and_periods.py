"""Bad input to the gate (issue 15): control characters and implausible periods are refused before
anything is asked or stored, on SQLite and PostgreSQL alike (PostgreSQL answered 500 for a NUL)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _body(gate: Gate, **changes: Any) -> dict[str, Any]:
    return {
        "discloser": "af",
        "identity_number": gate.client.identity_number,
        "case_id": gate.case.pk,
        "categories": list(AF_DUTY),
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "period_start": None,
        "period_end": None,
        **changes,
    }


def _text(response: Any) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def _counts() -> tuple[int, int]:
    return DisclosureRequest.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize(
    "changes",
    [
        {"purpose": "a\u0000b"},
        {"purpose": "a\u001bb"},
        {"discloser": "af\u0000"},
        {"categories": ["identity\u0000"]},
        {"identity_number": "19811218\u00009877"},
        {"purpose": "x" * 501},
    ],
)
def test_the_api_refuses_control_characters_and_overlong_text_and_stores_nothing(
    gate: Gate, client_for: Any, changes: dict[str, Any]
) -> None:
    before = _counts()
    response = client_for("sara.lind").post(
        "/api/v1/disclosures/", _body(gate, **changes), content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert _counts() == before


def test_a_purpose_with_a_nul_is_refused_with_a_swedish_message(gate: Gate, client_for: Any) -> None:
    response = client_for("sara.lind").post(
        "/api/v1/disclosures/", _body(gate, purpose="a\u0000b"), content_type="application/json"
    )
    assert response.status_code == 422
    assert "Texten innehåller otillåtna tecken (styrtecken)." in _text(response)


def test_a_period_from_1800_is_refused_with_the_range_before_anything_is_asked(gate: Gate, client_for: Any) -> None:
    before = _counts()
    response = client_for("sara.lind").post(
        "/api/v1/disclosures/",
        _body(gate, period_start="1800-01-01", period_end="1800-12-31"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Ange ett datum från 1900-01-01 till och med 2027-11-18." in _text(response)
    assert _counts() == before


def test_the_request_form_refuses_a_purpose_with_a_control_character(gate: Gate, client_for: Any) -> None:
    before = _counts()
    response = client_for("sara.lind").post(
        reverse("disclosures:request_create", args=[gate.case.pk]),
        {
            "discloser": gate.af.pk,
            "person": gate.client.pk,
            "categories": list(AF_DUTY),
            "purpose": "Utredning\u0007",
        },
    )
    assert response.status_code in (200, 400)
    assert "styrtecken" in response.content.decode()
    assert _counts() == before
