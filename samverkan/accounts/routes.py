"""Every page route (from the URL resolver) and every API operation (from the Ninja routers and the OpenAPI
document), each with its one access declaration: for the access table (`samverkan access table`, docs/access.md)
and the generated access tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from ninja.utils import normalize_path

from samverkan.accounts.access import Access, access_of

#: Routes that are not the application's own pages: the Django admin (its own staff login), the JSON API
#: (enumerated operation by operation below) and the framework's schema pages.
NOT_PAGES = re.compile(r"^(admin/|api/v1/)")
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
API_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    pattern: str  # "arenden/<int:case_id>/"
    name: str
    callback: Any

    @property
    def access(self) -> Access | None:
        return access_of(self.callback)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(m.group("name") for m in PARAM.finditer(self.pattern))

    def url(self, values: dict[str, Any]) -> str:
        return "/" + PARAM.sub(lambda m: str(values[m.group("name")]), self.pattern)


@dataclass(frozen=True)
class Operation:
    method: str  # "GET", "POST"
    path: str  # "/api/v1/cases/{case_id}"
    view_func: Any

    @property
    def access(self) -> Access | None:
        return access_of(self.view_func)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(API_PARAM.findall(self.path))

    def url(self, values: dict[str, Any]) -> str:
        return API_PARAM.sub(lambda m: str(values[m.group(1)]), self.path)


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry.callback)


def page_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if not NOT_PAGES.match(r.pattern)]


def api_operations() -> list[Operation]:
    from samverkan.api import api

    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                full = normalize_path(f"/api/v1/{prefix}/{path}")
                for method in operation.methods:
                    found.append(Operation(method, full, operation.view_func))
    return found


def _who(access: Access | None) -> tuple[str, str, str]:
    if access is None:
        return ("**saknar deklaration**", "", "")
    if access.audience.value == "public":
        return ("alla (ingen inloggning)", "", "")
    if access.audience.value == "person":
        return ("den enskilde på Mina sidor", "", "")
    roles = "; ".join(sorted(r.label for r in access.roles)) or "alla roller"
    types = "; ".join(sorted(t.label for t in access.org_types)) or "alla"
    return (roles, types, access.basis)


def access_table() -> str:
    """docs/access.md: who may use every page and API operation, from the one declaration of each."""
    lines = [
        "# Vem får använda vad",
        "",
        "Genererad av `samverkan access table` från deklarationerna i varje apps `access.py` "
        "(`samverkan.accounts.access`); `tests/accounts/test_access_doc.py` kontrollerar att den är aktuell och "
        "`tests/accounts/test_access_matrix.py` att varje sida och operation svarar som deklarationen säger. "
        "I en region ser en vårdcentral bara sina egna patienter (4 kap. 1 § patientdatalagen).",
        "",
        "| sida eller operation | deklaration | roller | organisationstyper | grund |",
        "|---|---|---|---|---|",
    ]
    for route in sorted(page_routes(), key=lambda r: r.pattern):
        access = route.access
        roles, types, basis = _who(access)
        lines.append(f"| `/{route.pattern}` | {access.name if access else ''} | {roles} | {types} | {basis} |")
    for operation in sorted(api_operations(), key=lambda o: (o.path, o.method)):
        access = operation.access
        roles, types, basis = _who(access)
        name = access.name if access else ""
        lines.append(f"| `{operation.method} {operation.path}` | {name} | {roles} | {types} | {basis} |")
    return "\n".join(lines) + "\n"
