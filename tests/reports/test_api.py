"""The oversight API: same scope and roles as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from samverkan.disclosures.models import AuditEntry
from samverkan.reports.models import ReviewMark
from tests.reports.conftest import MONDAY, at, make_person

pytestmark = pytest.mark.django_db


def test_findings_can_be_listed_and_marked_over_the_api(client_for: Any, lookup: Any, user_named: Any) -> None:
    lookup(user_named("sara.lind"), make_person("Vera", "Skog", protected=True), at(MONDAY, 10), request_id=7301)
    client = client_for("lars.ek")
    listed = client.get(
        "/api/v1/reports/log-review/findings",
        {"kind": "protected_identity", "start": "2025-03-03", "end": "2025-03-09"},
    )
    assert listed.status_code == 200
    [finding] = listed.json()
    assert (
        finding["key"] == "protected_identity:request:7301"
        and finding["protected_identity"]
        and not finding["reviewed"]
    )
    marked = client.post(
        "/api/v1/reports/log-review/findings/mark",
        json.dumps({"key": finding["key"], "note": "Kontrollerad.", "start": "2025-03-03", "end": "2025-03-09"}),
        content_type="application/json",
    )
    assert marked.status_code == 201 and marked.json()["reviewed"] and marked.json()["review_note"] == "Kontrollerad."
    assert ReviewMark.objects.filter(key=finding["key"]).exists()
    again = client.post(
        "/api/v1/reports/log-review/findings/mark",
        json.dumps({"key": finding["key"], "note": "Igen."}),
        content_type="application/json",
    )
    assert again.status_code == 400 and "redan granskat" in json.dumps(again.json(), ensure_ascii=False)


def test_the_log_can_be_searched_over_the_api_and_a_person_search_is_logged(
    client_for: Any, lookup: Any, user_named: Any
) -> None:
    person = make_person("Api", "Sökt")
    lookup(user_named("sara.lind"), person, at(MONDAY, 10))
    response = client_for("lars.ek").post(
        "/api/v1/reports/log-review/entries/search",
        json.dumps({"identity_number": person.identity_number, "official": "sara.lind"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [e["person_id"] for e in response.json()] == [person.pk]
    assert AuditEntry.objects.filter(event="logreview.searched", person=person).exists()


def test_statistics_and_finsam_over_the_api(client_for: Any) -> None:
    own = client_for("eva.berg").get("/api/v1/reports/statistics", {"start": "2025-01", "end": "2025-02"})
    assert own.status_code == 200 and [s["code"] for s in own.json()][:3] == ["lookups", "bases", "consents"]
    finsam = client_for("ingrid.sandberg").get("/api/v1/reports/finsam", {"start": "2025-01", "end": "2025-02"})
    assert finsam.status_code == 200
    for section in finsam.json():
        for figure in section["figures"]:
            assert figure["shown"] or figure["value"] is None


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("sara.lind", "/api/v1/reports/log-review/findings?kind=protected_identity"),
        ("sara.lind", "/api/v1/reports/statistics"),
        ("eva.berg", "/api/v1/reports/finsam"),
        ("ingrid.sandberg", "/api/v1/reports/statistics"),
    ],
)
def test_the_api_refuses_the_wrong_roles(client_for: Any, username: str, url: str) -> None:
    assert client_for(username).get(url).status_code == 403


def test_a_person_is_never_searched_for_in_a_url(client_for: Any, lookup: Any, user_named: Any) -> None:
    person = make_person("Api", "Adress")
    before = AuditEntry.objects.filter(event="logreview.searched").count()
    listed = client_for("lars.ek").get(
        "/api/v1/reports/log-review/entries", {"identity_number": person.identity_number}
    )
    assert listed.status_code == 200  # the parameter is not one: ignored, nothing searched or logged
    assert AuditEntry.objects.filter(event="logreview.searched").count() == before
    schema = client_for("lars.ek").get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/reports/log-review/entries"]["get"].get("parameters", [])
    assert "identity_number" not in {p["name"] for p in parameters}
