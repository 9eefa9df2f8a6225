"""A request to the gate is made once, however often it is sent (issue 15).

- The form: back after POST and submit again used to make a second request (and second audit
  entries); the form's one-time token now sends the repeat to the first request.
- The API: ``POST /api/v1/disclosures/`` with the same ``Idempotency-Key`` makes one request and
  answers the same body; the same key with another body is refused with 422 in Swedish.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from samverkan.core.idempotency import KEY_REUSED
from samverkan.core.once import FIELD
from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int]:
    return DisclosureRequest.objects.count(), AuditEntry.objects.count()


def test_the_request_form_sent_twice_makes_one_request(gate: Gate, client_for: Any) -> None:
    client = client_for("sara.lind")
    url = reverse("disclosures:request_create", args=[gate.case.pk])
    token = re.findall(rf'name="{FIELD}" value="([^"]+)"', client.get(url).content.decode())[0]
    data = {
        "discloser": str(gate.af.pk),
        "person": str(gate.client.pk),
        "categories": ["jobseeker_category"],
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "period_start": "",
        "period_end": "",
        FIELD: token,
    }
    first = client.post(url, data)
    assert first.status_code == 302
    after_first = _counts()
    again = client.post(url, data)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert _counts() == after_first
    assert DisclosureRequest.objects.filter(case=gate.case, person=gate.client).count() == 1


def _body(gate: Gate, **changes: Any) -> dict[str, Any]:
    return {
        "discloser": "af",
        "identity_number": gate.client.identity_number,
        "case_id": gate.case.pk,
        "categories": AF_DUTY,
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        **changes,
    }


def test_the_api_with_the_same_idempotency_key_makes_one_request_and_answers_the_same(
    gate: Gate, client_for: Any
) -> None:
    client = client_for("sara.lind")
    headers = {"Idempotency-Key": "3f0c1a6e-5b7d-4c1e-9a2b-000000000001"}
    first = client.post("/api/v1/disclosures/", _body(gate), content_type="application/json", headers=headers)
    assert first.status_code == 201, first.content
    after_first = _counts()
    again = client.post("/api/v1/disclosures/", _body(gate), content_type="application/json", headers=headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert _counts() == after_first
    assert DisclosureRequest.objects.filter(case=gate.case, person=gate.client).count() == 1


def test_the_same_key_with_another_body_is_refused_in_swedish(gate: Gate, client_for: Any) -> None:
    client = client_for("sara.lind")
    headers = {"Idempotency-Key": "nyckel-1"}
    assert (
        client.post("/api/v1/disclosures/", _body(gate), content_type="application/json", headers=headers).status_code
        == 201
    )
    before = _counts()
    other = client.post(
        "/api/v1/disclosures/",
        _body(gate, purpose="Ett annat ändamål i ärendet"),
        content_type="application/json",
        headers=headers,
    )
    assert other.status_code == 422
    assert other.json()["error"] == KEY_REUSED
    assert _counts() == before


def test_a_refused_call_frees_its_key_and_calls_without_a_key_work_as_before(gate: Gate, client_for: Any) -> None:
    client = client_for("sara.lind")
    headers = {"Idempotency-Key": "nyckel-2"}
    bad = client.post(
        "/api/v1/disclosures/", _body(gate, discloser="banken"), content_type="application/json", headers=headers
    )
    assert bad.status_code == 400
    good = client.post("/api/v1/disclosures/", _body(gate), content_type="application/json", headers=headers)
    assert good.status_code == 201  # the key was not spent on the refused call
    plain = client.post("/api/v1/disclosures/", _body(gate), content_type="application/json")
    assert plain.status_code == 201 and plain.json()["id"] != good.json()["id"]


def test_a_malformed_key_is_refused_in_swedish(gate: Gate, client_for: Any) -> None:
    response = client_for("sara.lind").post(
        "/api/v1/disclosures/", _body(gate), content_type="application/json", headers={"Idempotency-Key": "x" * 300}
    )
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["error"]


def test_the_openapi_document_names_the_header(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/disclosures/"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in operation["parameters"])
    assert "409" in operation["responses"]
