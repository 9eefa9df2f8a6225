"""The generated access test (issue 16): every page and every API operation, as every demo role, answers
what its one declaration says — and another organisation's (or another vårdcentral's) object, addressed by
id in any route that takes one, is a 404.

The routes come from the URL resolver and the Ninja routers (the same operations as the OpenAPI document),
so a new route without a declaration fails :func:`test_every_route_and_operation_declares_who_may_use_it`,
and a new declared route is probed by the matrix without editing this file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from samverkan.accounts.access import Audience, access_of
from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.accounts.routes import Operation, Route, api_operations, page_routes
from samverkan.core.demo import USERS

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = [u[0] for u in USERS]
#: An id no object has: the declaration decides before any lookup, so an allowed caller gets 404 and a refused
#: one 403.
NO_SUCH_ID = 987654
STRING_VALUES = {"fmt": "csv", "kind": "x"}
HREF = re.compile(r'href="(/[^"#?]*)[^"]*"')
#: Links followed per official when collecting the ids of objects it may see.
LINKS_PER_USER = 40


def _values(params: tuple[str, ...]) -> dict[str, Any]:
    return {p: STRING_VALUES.get(p, NO_SUCH_ID) for p in params}


def _official_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_route_and_operation_declares_who_may_use_it(world: None) -> None:
    pages = page_routes()
    operations = api_operations()
    assert len(pages) > 100 and len(operations) > 30
    assert [r.pattern for r in pages if r.access is None] == []
    assert [f"{o.method} {o.path}" for o in operations if o.access is None] == []
    schema = Client().get("/api/v1/openapi.json").json()
    documented = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    assert documented == {(o.method, o.path) for o in operations}


def _expect_page(route: Route, user: User, status: int) -> str | None:
    access = route.access
    assert access is not None
    if access.audience is Audience.PUBLIC:
        return None if status < 500 else f"{status}"
    if access.audience is Audience.PERSON:  # an official has no person session: the portal's login
        return None if status in (302, 403) else f"{status}, väntat inloggning på Mina sidor"
    if access.allows(user):
        return None if status not in (401, 403) and status < 500 else f"{status}, väntat tillåten"
    return None if status == 403 else f"{status}, väntat 403"


def _expect_operation(operation: Operation, user: User, status: int) -> str | None:
    access = operation.access
    assert access is not None
    if access.audience is Audience.PUBLIC:
        return None if status < 500 else f"{status}"
    if access.audience is Audience.PERSON:
        return None if status == 401 else f"{status}, väntat 401"
    if access.allows(user):
        return None if status not in (401, 403) and status < 500 else f"{status}, väntat tillåten"
    return None if status == 403 else f"{status}, väntat 403"


def _call(client: Client, operation: Operation, url: str) -> int:
    if operation.method == "GET":
        return client.get(url).status_code
    return client.generic(operation.method, url, json.dumps({}), content_type="application/json").status_code


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_route_answers_each_role_as_its_declaration_says(username: str, user_named: Any) -> None:
    user = user_named(username)
    client = _official_client(user)
    wrong = []
    for route in page_routes():
        url = route.url(_values(route.params))
        problem = _expect_page(route, user, client.get(url).status_code)
        if problem:
            wrong.append(f"GET {url} ({route.access.name if route.access else '?'}): {problem}")
    for operation in api_operations():
        url = operation.url(_values(operation.params))
        problem = _expect_operation(operation, user, _call(client, operation, url))
        if problem:
            wrong.append(f"{operation.method} {url}: {problem}")
    assert wrong == [], f"{username}: " + "; ".join(wrong)


def test_without_a_login_official_pages_go_to_the_login_and_the_api_answers_401(world: None) -> None:
    client = Client()
    for route in page_routes():
        access = route.access
        assert access is not None
        if access.audience is Audience.PUBLIC:
            continue
        response = client.get(route.url(_values(route.params)))
        assert response.status_code == 302, route.pattern
        login = "/mina-sidor/logga-in/" if access.audience is Audience.PERSON else "/konto/logga-in/"
        assert response["Location"].startswith(login), route.pattern
    for operation in api_operations():
        if operation.access is not None and operation.access.audience is Audience.PUBLIC:
            continue
        assert _call(client, operation, operation.url(_values(operation.params))) == 401, operation.path


# --- Another organisation's objects ------------------------------------------------------------------


def _twin_of(user: User) -> User:
    """The same roles at a second organisation of the same type (not in the demo world: added per test)."""
    assert user.unit is not None
    own = user.unit.organisation
    organisation, _ = Organisation.objects.get_or_create(
        code=f"{own.code}-andra",
        defaults={"name": f"{own.name} (andra)", "org_type": own.org_type, "municipality": "Norrby"},
    )
    unit, _ = Unit.objects.get_or_create(
        organisation=organisation,
        code=user.unit.code,
        defaults={"name": user.unit.name, "handles_assistance": user.unit.handles_assistance},
    )
    twin = User.objects.create(
        username=f"{user.username}.andra", first_name=user.first_name, last_name="Andra", unit=unit
    )
    for role in user.roles:
        RoleAssignment.objects.create(user=twin, role=role.value)
    return User.objects.select_related("unit__organisation").get(pk=twin.pk)


def _seen_by(client: Client) -> dict[str, tuple[Route, dict[str, Any]]]:
    """One object per route with an id that ``client`` opened with 200 (crawling its pages and links)."""
    by_pattern = {r.pattern: r for r in page_routes()}
    queue = [
        r.url({}) for r in page_routes() if not r.params and not r.pattern.startswith(("konto/logga-", "mina-sidor/"))
    ]
    seen: set[str] = set()
    found: dict[str, tuple[Route, dict[str, Any]]] = {}
    followed = 0
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.kwargs and match.route in by_pattern:
            found.setdefault(match.route, (by_pattern[match.route], dict(match.kwargs)))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode(errors="replace")):
            link = urlsplit(urljoin(path, href)).path
            if link in seen or not re.search(r"/\d+/", link) or followed >= LINKS_PER_USER:
                continue
            try:
                route = resolve(link).route
            except Resolver404:
                continue
            if route not in found:
                followed += 1
                queue.append(link)
    return found


def _last_param_end(pattern: str) -> int:
    return max(m.end() for m in re.finditer(r"<[^>]+>", pattern))


def _same_objects(seen: dict[str, tuple[Route, dict[str, Any]]]) -> Iterator[tuple[Route, dict[str, Any]]]:
    """Every route that addresses the objects of a seen one: the seen URL itself, and each route that shares
    its path up to the last id (``…/<int:case_id>/avsluta/`` beside ``…/<int:case_id>/``)."""
    for route in page_routes():
        if not route.params:
            continue
        for seen_route, values in seen.values():
            if set(route.params) <= set(values) and (
                route.pattern == seen_route.pattern
                or route.pattern[: _last_param_end(route.pattern)]
                == seen_route.pattern[: _last_param_end(seen_route.pattern)]
            ):
                yield route, {**STRING_VALUES, **values}
                break


def _api_ids(client: Client) -> dict[str, list[int]]:
    """The ids each API list operation shows the caller, by the list's path."""
    found: dict[str, list[int]] = {}
    for operation in api_operations():
        if operation.method != "GET" or operation.params:
            continue
        response = client.get(operation.path)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("application/json"):
            body = response.json()
            items = body.get("items", body) if isinstance(body, dict) else body
            if isinstance(items, list):
                found[operation.path.rstrip("/")] = [i["id"] for i in items if isinstance(i, dict) and "id" in i]
    return found


def _refused_elsewhere(owner: User, other: User) -> tuple[int, list[str]]:
    """``other`` asks for every object ``owner`` sees, by id: a 404 (or the declaration's 403, where the route is
    not for ``other``'s role at all). Returns (probes, wrong answers)."""
    asking = _official_client(other)
    probes = 0
    wrong = []
    for route, values in _same_objects(_seen_by(_official_client(owner))):
        url = route.url(values)
        response = asking.get(url)
        if response.status_code == 405:
            response = asking.post(url, {})
        expected = 404 if route.access is not None and route.access.allows(other) else 403
        probes += 1
        if response.status_code != expected:
            wrong.append(f"{url}: {response.status_code}")
    for list_path, ids in _api_ids(_official_client(owner)).items():
        for operation in api_operations():
            detail = operation.method == "GET" and len(operation.params) == 1
            if ids and detail and operation.path == f"{list_path}/{{{operation.params[0]}}}":
                probes += 1
                status = asking.get(operation.url({operation.params[0]: ids[0]})).status_code
                if status != 404:
                    wrong.append(f"{operation.path} ({ids[0]}): {status}")
    return probes, wrong


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_another_organisations_objects_are_not_found(username: str, user_named: Any) -> None:
    user = user_named(username)
    twin = _twin_of(user)
    probes, wrong = _refused_elsewhere(user, twin)
    assert wrong == [], f"{twin.username} når {username}s objekt: " + "; ".join(wrong)
    if access_of(resolve("/arenden/").func).allows(user):  # type: ignore[union-attr]
        assert probes > 3, f"{username}: för få objekt att pröva ({probes})"


@pytest.mark.parametrize(("owner", "other"), [("helena.strom", "mats.falk"), ("mats.falk", "helena.strom")])
def test_another_vardcentrals_patients_are_not_found(owner: str, other: str, user_named: Any) -> None:
    probes, wrong = _refused_elsewhere(user_named(owner), user_named(other))
    assert probes > 3
    assert wrong == [], f"{other} når {owner}s patienter: " + "; ".join(wrong)
