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
