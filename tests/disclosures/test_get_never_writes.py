"""Issue 17 point 2: a GET never writes to a table that records a disclosure or an audit entry.

Every demo user crawls every page without required arguments (from the URL resolver), every link to a
detail page those pages show it (so the ids are those of objects visible to its role), and every GET
operation of the OpenAPI document (path parameters filled with ids from the list answers). Before and
after, the rows of every gate and audit table are counted: they must be the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samverkan.core.demo import USERS

pytestmark = pytest.mark.django_db

#: Links followed per user beyond the pages without arguments (keeps the crawl within a minute or two).
LINKS_PER_USER = 25
#: Pages that end the session or are not the application's own.
SKIP = re.compile(r"^/(logga-ut|logout|static|media|admin/)|/logout/")
HREF = re.compile(r'href="(/[^"#?]*)[^"]*"')
PARAM = re.compile(r"\{(\w+)\}")


def gate_and_audit_models() -> list[type[Model]]:
    """Every table of the gate and the audit log, and every other table that records a disclosure."""
    found = list(apps.get_app_config("disclosures").get_models())
    found += [apps.get_model("assistance.ControlRunDisclosure"), apps.get_model("registries.Notice")]
    return found


def counts() -> dict[str, int]:
    """The rows of every gate and audit table, every audit entry counted: the security officer's search for a
    person in the log and its exports are POSTs now (issue 17), so no GET appends one."""
    found = {model._meta.label: model._default_manager.count() for model in gate_and_audit_models()}
    head = apps.get_model("disclosures.AuditChainHead").objects.first()
    found["disclosures.AuditChainHead.last_sequence"] = head.last_sequence if head else 0
    return found


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def pages_without_arguments() -> list[str]:
    """Every route of the URL resolver that needs no argument (regex routes such as the API's are left out)."""
    found = []
    for route in _routes(get_resolver().url_patterns):
        if "<" in route or "(" in route or "^" in route or "$" in route or "\\" in route:
            continue
        path = "/" + route
        if not SKIP.search(path) and not path.startswith("/api/"):
            found.append(path)
    return sorted(set(found))


def _links(html: str, base: str) -> list[str]:
    return [urlsplit(urljoin(base, href)).path for href in HREF.findall(html)]


def _ids(payload: Any) -> list[int]:
    items = payload.get("items", payload) if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        return []
    return [item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)]


def crawl_pages(client: Client) -> int:
    seen: set[str] = set()
    queue = pages_without_arguments()
    followed = 0
    while queue:
        path = queue.pop(0)
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, f"GET {path}: {response.status_code}"
        if "text/html" in response.get("Content-Type", "") and response.status_code == 200:
            for link in _links(response.content.decode(errors="replace"), path):
                if link not in seen and re.search(r"/\d+/", link) and followed < LINKS_PER_USER:
                    followed += 1
                    queue.append(link)
    return len(seen)


def crawl_api(client: Client, schema: dict[str, Any]) -> int:
    gets = sorted(path for path, operations in schema["paths"].items() if "get" in operations)
    ids: dict[str, list[int]] = {}
    done = 0
    for path in [p for p in gets if not PARAM.search(p)]:
        response = client.get(path)
        assert response.status_code < 500, f"GET {path}: {response.status_code}"
        done += 1
        if response.status_code == 200 and response.get("Content-Type", "").startswith("application/json"):
            ids[path] = _ids(response.json())
    for path in [p for p in gets if PARAM.search(p)]:
        list_path = path[: path.index("{")].rstrip("/")
        known = ids.get(list_path) or [1]
        url = PARAM.sub(str(known[0]), path)
        response = client.get(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        done += 1
    return done


def test_no_get_as_any_demo_user_writes_to_the_gate_or_the_audit_log(world: None) -> None:
    from samverkan.accounts.models import User

    schema = Client().get("/api/v1/openapi.json").json()
    before = counts()
    assert before["disclosures.AuditEntry"] > 0 and before["disclosures.DisclosureRequest"] > 0
    pages = operations = 0
    for username, *_rest in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        pages += crawl_pages(client)
        operations += crawl_api(client, schema)
        assert counts() == before, f"a GET as {username} wrote to the gate or the audit log"
    assert pages > len(USERS) * 10 and operations > len(USERS) * 5
    assert counts() == before
