"""The OpenAPI document is correct: every schema name belongs to one schema (Ninja silently merges two
classes of the same name, so an operation would be documented with another's shape), the lists are
documented with what the endpoints really return, and every error an operation can answer is documented
with the API's one error shape."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from samverkan.people.models import Person

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOut"


def _document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def _models_of(annotation: Any, seen: set[type[BaseModel]]) -> None:
    """Every pydantic model reachable from ``annotation`` (lists, unions, fields)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_of(field.annotation, seen)
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        _models_of(arg, seen)


def test_no_two_schemas_of_the_api_share_a_name() -> None:
    from samverkan.api import api

    seen: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _models_of(model, seen)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in seen:
        if model.__module__.startswith("samverkan."):
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert shared == {}
    assert set(by_name) <= set(_document()["components"]["schemas"])


def _item_schema(document: dict[str, Any], path: str) -> dict[str, Any]:
    listed = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["type"] == "array"
    name = listed["items"]["$ref"].rsplit("/", 1)[-1]
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


def test_the_gate_list_is_documented_with_the_gates_shape(client_for: Any) -> None:
    document = _document()
    schema = _item_schema(document, "/api/v1/disclosures/")
    client = client_for("sara.lind")
    case = client.get("/api/v1/cases/").json()[0]
    made = client.post(
        "/api/v1/disclosures/",
        {
            "discloser": "af",
            "identity_number": Person.objects.filter(case_memberships__case_id=case["id"]).first().identity_number,  # type: ignore[union-attr]
            "case_id": case["id"],
            "categories": ["identity"],
            "purpose": "Utredning av rätt till ekonomiskt bistånd",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    listed = client.get("/api/v1/disclosures/").json()
    assert listed
    assert set(listed[0]) == set(schema["properties"])
    assert set(schema["required"]) <= set(listed[0])


def test_the_portal_list_is_documented_with_the_portals_shape(world: None, settings: Any) -> None:
    from samverkan.disclosures.models import AuditEntry
    from tests.portal.conftest import portal_login

    settings.DEMO_MODE = True
    document = _document()
    schema = _item_schema(document, "/api/v1/mina-sidor/utlamnanden")
    seen = AuditEntry.objects.filter(event="disclosure.released", person__protected_identity=False).first()
    assert seen is not None and seen.person is not None
    client = portal_login(Client(), seen.person)
    listed = client.get("/api/v1/mina-sidor/utlamnanden").json()
    assert listed
    assert set(listed[0]) == set(schema["properties"])
    gate = _item_schema(document, "/api/v1/disclosures/")
    assert set(schema["properties"]) != set(gate["properties"])


def test_every_operation_behind_a_login_documents_401_and_403() -> None:
    missing = []
    for method, path, op in _operations(_document()):
        if not op.get("security"):
            continue
        person_read = path.startswith("/api/v1/mina-sidor/") and method == "get"  # no role, no CSRF: never 403
        wanted = {"401"} if person_read else {"401", "403"}
        if lacking := wanted - set(op["responses"]):
            missing.append(f"{method.upper()} {path}: {sorted(lacking)}")
    assert missing == []


def test_every_operation_documents_its_errors_with_the_one_error_shape() -> None:
    document = _document()
    shape = set(document["components"]["schemas"]["ErrorOut"]["properties"])
    wrong = []
    for method, path, op in _operations(document):
        has_input = any(p["in"] in ("path", "query") for p in op.get("parameters", [])) or "requestBody" in op
        if has_input and "422" not in op["responses"]:
            wrong.append(f"{method.upper()} {path}: 422 saknas")
        if "requestBody" in op and "400" not in op["responses"]:  # a body that is not JSON at all: 400
            wrong.append(f"{method.upper()} {path}: 400 saknas")
        if "{" in path and op.get("security") and "404" not in op["responses"] and "/rules/" not in path:
            wrong.append(f"{method.upper()} {path}: 404 saknas")
        for status, response in op["responses"].items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                ref = schema.get("$ref")
                if ref != ERROR_REF and (ref is not None or set(schema.get("properties", {})) != shape):
                    wrong.append(f"{method.upper()} {path} {status}: {ref or schema}")
    assert wrong == []


def test_the_documented_error_shape_is_the_one_the_api_answers(client_for: Any) -> None:
    schema = _document()["components"]["schemas"]["ErrorOut"]
    answered = Client().get("/api/v1/cases/")
    assert answered.status_code == 401
    assert set(answered.json()) == set(schema["properties"])
