from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command


def test_rules_endpoint_evaluates_identity_like_the_cli(client: Any) -> None:
    response = client.post(
        "/api/v1/rules/identity", {"number": "121212+1212", "on": "2026-11-22"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["normalized"] == "19121212-1212"


def test_rules_endpoint_evaluates_the_sick_leave_chain(client: Any) -> None:
    data = {"sick_leave_start": "2026-01-05", "on": "2026-05-04", "employment": "employed", "expected_days": 150}
    response = client.post("/api/v1/rules/sick_leave_chain", data, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (body["day"], body["assessed_against"], body["next_milestone"]) == (120, "employer_work", "2026-07-04")
    assert body["citations"] == ["27 kap. 46 § SFB", "27 kap. 47 § SFB", "30 kap. 6 § SFB"]


def test_rules_endpoint_reports_a_sick_leave_chain_input_error_in_swedish(client: Any) -> None:
    data = {"sick_leave_start": "2026-01-05", "on": "2026-01-04", "employment": "employed"}
    response = client.post("/api/v1/rules/sick_leave_chain", data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "on" and "före sjukperiodens första dag" in response.json()["error"]


def test_rules_endpoint_refuses_an_unknown_kind_in_swedish(client: Any) -> None:
    response = client.post("/api/v1/rules/taxes", {}, content_type="application/json")
    assert response.status_code == 400
    assert "Okänd regelsort" in response.json()["error"]


def test_openapi_schema_is_published(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/rules/{kind}" in schema["paths"]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
