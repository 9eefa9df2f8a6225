"""Bad input to the oversight API (issue 15): dates and months far outside any plausible range and
control characters answer 4xx with a Swedish message, never 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def test_a_log_search_from_year_1_to_9999_is_refused_with_the_range(client_for: Any) -> None:
    response = client_for("lars.ek").get(
        "/api/v1/reports/log-review/entries", {"start": "0001-01-01", "end": "9999-12-31"}
    )
    assert response.status_code == 422
    assert "Ange ett datum från 1900-01-01 till och med 2027-11-18." in _text(response)


def test_findings_for_a_period_in_9999_are_refused(client_for: Any) -> None:
    response = client_for("lars.ek").get(
        "/api/v1/reports/log-review/findings",
        {"kind": "protected_identity", "start": "9999-12-01", "end": "9999-12-31"},
    )
    assert response.status_code == 422


def test_statistics_for_months_in_9999_are_refused_with_the_range(client_for: Any) -> None:
    response = client_for("eva.berg").get("/api/v1/reports/statistics", {"start": "9999-12", "end": "9999-12"})
    assert response.status_code == 400
    assert "Ange en månad från 2000-01 till och med 2026-11." in _text(response)


@pytest.mark.parametrize("parameter", ["official", "category", "basis", "event_group"])
def test_a_nul_in_a_log_search_parameter_is_refused(client_for: Any, parameter: str) -> None:
    response = client_for("lars.ek").get("/api/v1/reports/log-review/entries", {parameter: "a\x00b"})
    assert response.status_code == 422
    assert "styrtecken" in _text(response)


@pytest.mark.parametrize("field", ["identity_number", "official", "category", "basis", "event_group"])
def test_a_nul_in_a_log_search_field_is_refused(client_for: Any, field: str) -> None:
    body = {"identity_number": "19960106-9967", field: "a\x00b"}
    response = client_for("lars.ek").post(
        "/api/v1/reports/log-review/entries/search", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert "styrtecken" in _text(response)


def test_a_review_note_with_a_control_character_is_refused(client_for: Any) -> None:
    response = client_for("lars.ek").post(
        "/api/v1/reports/log-review/findings/mark",
        json.dumps({"key": "protected_identity:request:1", "note": "Kontroll\u0000erad."}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "styrtecken" in _text(response)


def test_the_log_search_page_refuses_year_1_to_9999_with_the_range(client_for: Any) -> None:
    response = client_for("lars.ek").get(reverse("reports:log_search"), {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code in (200, 400)
    assert "Ange ett datum från 1900-01-01 till och med 2027-11-18." in response.content.decode()
