"""The gate over JSON: /api/v1/disclosures/ (session auth, scoped) and POST /api/v1/rules/disclosure."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _body(gate: Gate, **changes: Any) -> dict[str, Any]:
    return {
        "discloser": "af",
        "identity_number": gate.client.identity_number,
        "case_id": gate.case.pk,
        "categories": [*AF_DUTY, "case_notes"],
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "period_start": None,
        "period_end": None,
        **changes,
    }


def test_make_a_request_and_read_it_back(gate: Gate, client_for: Any) -> None:
    gate.consent(categories=["case_notes"])
    client = client_for("sara.lind")
    response = client.post("/api/v1/disclosures/", _body(gate), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert sorted(data["released"]) == sorted(AF_DUTY)
    assert data["review"] == ["case_notes"]
    assert data["person"].endswith("****")
    decisions = {d["category"]: d for d in data["decisions"]}
    assert decisions["jobseeker_category"]["basis"] == "duty"
    assert "förordningen (2008:975)" in decisions["jobseeker_category"]["citation"]
    assert decisions["identity"]["values"]
    assert decisions["case_notes"]["values"] == []
    again = client.get(f"/api/v1/disclosures/{data['id']}")
    assert again.status_code == 200 and again.json()["review"] == ["case_notes"]
    assert data["id"] in [r["id"] for r in client.get("/api/v1/disclosures/").json()]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"categories": ["identity", "skostorlek"]}, "categories"),
        ({"discloser": "banken"}, "discloser"),
        ({"period_start": "2026-02-30", "period_end": "2026-03-01"}, "period_start"),
        ({"identity_number": "19811318-0000"}, "identity_number"),
    ],
)
def test_bad_input_gets_a_swedish_error_naming_the_field_and_nothing_is_stored(
    gate: Gate, client_for: Any, changes: dict[str, Any], field: str
) -> None:
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    response = client_for("sara.lind").post(
        "/api/v1/disclosures/", _body(gate, **changes), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["error"].startswith(f"{field}: ")
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == before


def test_rules_endpoint_decides_a_disclosure_like_the_cli(client: Any) -> None:
    response = client.post(
        "/api/v1/rules/disclosure",
        {
            "date": "2026-11-20",
            "requester": "social_services",
            "requester_handles_assistance": True,
            "discloser": "af",
            "active_case": True,
            "categories": ["jobseeker_category", "case_notes"],
            "consents": [
                {
                    "recorded_by": "af",
                    "recipient": "social_services",
                    "categories": ["case_notes"],
                    "purpose": "Planering",
                    "valid_from": "2026-11-01",
                    "valid_to": None,
                    "form": "written",
                    "withdrawn_on": None,
                }
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["released"] == ["jobseeker_category"]
    assert data["review"] == ["case_notes"]
    assert "förordningen (2008:975)" in data["citations"]["jobseeker_category"]


def test_rules_endpoint_names_an_unknown_organisation_type_in_swedish(client: Any) -> None:
    response = client.post(
        "/api/v1/rules/disclosure",
        {"date": "2026-11-20", "requester": "social_services", "discloser": "banken", "categories": ["identity"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "discloser"
    assert "Okänd organisationstyp" in response.json()["error"]
