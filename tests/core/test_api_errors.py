"""The API answers every error in one shape with a Swedish message, through the handlers registered once on
the NinjaAPI: authentication (401), permission (403), not found (404), validation (422: Ninja's parameters
and bodies; 400: the services' and the rules' own checks) and a malformed body (400). Huge numbers and
dates beyond the calendar are refused, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from samverkan.cases.models import Case
from samverkan.disclosures.models import AuditEntry, DisclosureRequest

pytestmark = pytest.mark.django_db

SHAPE = {"error", "code", "field", "detail"}
ENGLISH = ("Unauthorized", "Forbidden", "Not Found", "No ", "matches the given query", "Cannot parse", "Field required")


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == SHAPE
    assert body["error"] and not [w for w in ENGLISH if w in body["error"]]
    if code is not None:
        assert body["code"] == code
    return body


def test_without_a_login_the_answer_is_401_in_swedish(world: None) -> None:
    body = _error(Client().get("/api/v1/cases/"), 401, "not_authenticated")
    assert body["error"] == "Du måste vara inloggad."


def test_a_role_without_access_gets_403_with_the_reason(client_for: Any) -> None:
    body = _error(client_for("sara.lind").get("/api/v1/registries/records"), 403, "permission_denied")
    assert body["error"] == "Din organisation har inte tillgång till det här."
    refused = _error(client_for("sara.lind").get("/api/v1/reports/log-review/entries"), 403, "permission_denied")
    assert "informationssäkerhetsansvariga" in refused["error"]


def test_an_object_out_of_reach_is_404_in_swedish(client_for: Any) -> None:
    foreign = Case.objects.filter(organisation__code="fk").first()
    assert foreign is not None
    body = _error(client_for("sara.lind").get(f"/api/v1/cases/{foreign.pk}"), 404, "not_found")
    assert body["error"] == "Det du söker finns inte."


def test_a_malformed_body_is_refused_in_swedish(client_for: Any) -> None:
    response = client_for("sara.lind").post("/api/v1/disclosures/", "{", content_type="application/json")
    body = _error(response, 400, "bad_request")
    assert body["error"] == "Innehållet gick inte att läsa. Skicka giltig JSON."


def test_a_missing_field_is_named_with_a_swedish_message(client_for: Any) -> None:
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    response = client_for("sara.lind").post(
        "/api/v1/disclosures/",
        json.dumps({"discloser": "af", "identity_number": "19121212-1212", "categories": ["identity"]}),
        content_type="application/json",
    )
    body = _error(response, 422, "validation")
    assert (body["field"], body["error"]) == ("purpose", "purpose: Uppgiften saknas.")
    assert body["detail"] == {"purpose": ["Uppgiften saknas."]}
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == before


def test_a_services_refusal_is_400_with_every_field(client_for: Any) -> None:
    from samverkan.people.models import Person

    patient = Person.objects.filter(cases__organisation__code="region-malarmark").first()
    case = Case.objects.filter(organisation__code="region-malarmark", members__person=patient).first()
    assert case is not None
    response = client_for("helena.strom").post(
        "/api/v1/messaging/questions",
        {"case_id": case.pk, "recipient_organisation": "banken", "topic": "review_meeting", "body": "Möte?"},
        content_type="application/json",
    )
    body = _error(response, 400)
    assert body["field"] == "recipient_organisation"
    assert body["detail"] == {"recipient_organisation": ["Okänd organisation."]}


@pytest.mark.parametrize("offset", ["99999999999999999999", "-1"])
def test_a_log_search_offset_beyond_the_column_is_refused_not_a_500(client_for: Any, offset: str) -> None:
    response = client_for("lars.ek").get("/api/v1/reports/log-review/entries", {"offset": offset})
    body = _error(response, 422, "validation")
    assert body["field"] == "offset"
    assert body["error"].startswith("offset: Ange ett tal som är ")


@pytest.mark.parametrize("person_id", ["99999999999999999999", "0"])
def test_a_record_search_for_a_person_id_beyond_the_column_is_refused_not_a_500(
    client_for: Any, person_id: str
) -> None:
    response = client_for("fredrik.holm").get("/api/v1/registries/records", {"person_id": person_id})
    body = _error(response, 422, "validation")
    assert body["field"] == "person_id"


def test_the_reclaim_rule_refuses_a_period_from_year_1_to_9999_without_login(world: None) -> None:
    data = {
        "benefit": "sickness_benefit",
        "decided_by": "fk",
        "decision_date": "2026-10-01",
        "retroactive_period": {"start": "0001-01-01", "end": "9999-12-31"},
        "retroactive_amount": "10000.00",
        "request_received": "2026-10-02",
        "payout_date": "2026-10-10",
        "assistance_payments": [
            {
                "covers": {"start": "0001-01-01", "end": "9999-12-31"},
                "paid_on": "2026-01-01",
                "amount": "5000.00",
                "kind": "subsistence",
            }
        ],
    }
    body = _error(Client().post("/api/v1/rules/reclaim", data, content_type="application/json"), 400, "date_range")
    assert body["field"] == "retroactive_period.start"
    assert body["error"] == "retroactive_period.start: Ange ett datum från 1900-01-01 till och med 2099-12-31."


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("sick_leave_chain", {"sick_leave_start": "9999-12-31", "on": "9999-12-31", "employment": "employed"}, None),
        (
            "disclosure",
            {
                "date": "9999-12-31",
                "requester": "social_services",
                "discloser": "af",
                "categories": ["identity"],
                "period_start": "9999-12-01",
                "period_end": "9999-12-31",
            },
            None,
        ),
        ("identity", {"number": "121212-1212", "on": "9999-12-31"}, "on"),
    ],
)
def test_every_rule_refuses_a_date_beyond_its_range(
    world: None, kind: str, data: dict[str, Any], field: str | None
) -> None:
    body = _error(Client().post(f"/api/v1/rules/{kind}", data, content_type="application/json"), 400, "date_range")
    assert body["error"].endswith("Ange ett datum från 1900-01-01 till och med 2099-12-31.")
    if field:
        assert body["field"] == field
