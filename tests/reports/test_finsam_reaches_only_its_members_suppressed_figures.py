"""Issue 16 point 5: a samordningsförbund reaches statistics only for its members and always with small cells
suppressed — on every page and export it can reach, and over the API."""

from __future__ import annotations

import re
from typing import Any

import pytest

from samverkan.accounts.models import Organisation
from samverkan.accounts.routes import api_operations, page_routes

pytestmark = pytest.mark.django_db

STATISTICS = re.compile(r"statisti|samordningsforbund|finsam", re.IGNORECASE)


def test_every_statistics_page_and_operation_but_the_forbunds_own_refuses_it(client_for: Any) -> None:
    client = client_for("ingrid.sandberg")
    reached = []
    for route in page_routes():
        wanted = STATISTICS.search(route.pattern) and not route.params
        if wanted and client.get("/" + route.pattern, {"since": "2020-01-01"}).status_code == 200:
            reached.append(route.pattern)
    for operation in api_operations():
        wanted = operation.method == "GET" and STATISTICS.search(operation.path)
        if wanted and client.get(operation.path).status_code == 200:
            reached.append(operation.path)
    assert sorted(reached) == ["/api/v1/reports/finsam", "uppfoljning/samordningsforbund/"]
    assert client.get("/rehab/statistik/", {"since": "2020-01-01"}).status_code == 403


def test_the_forbunds_figures_are_its_members_only_and_small_cells_are_hidden(client_for: Any) -> None:
    client = client_for("ingrid.sandberg")
    federation = Organisation.objects.get(code="finsam-sorby")
    members = {o.name for o in federation.members.all()}
    html = client.get("/uppfoljning/samordningsforbund/").content.decode()
    assert any(name in html for name in members)
    # Rows are the members' own figures (the columns of the lookup table name the agencies they asked).
    for row_header in re.findall(r'<th scope="row">([^<]+)</th>', html):
        organisation = Organisation.objects.filter(name=row_header.strip()).first()
        assert organisation is None or organisation.name in members, row_header
    exported = client.get("/uppfoljning/samordningsforbund/export.csv").content.decode("utf-8-sig")
    # Every cell is either suppressed or based on at least five persons: no 1–4 stands alone in a cell.
    for row in exported.splitlines()[1:]:
        for cell in row.split(";")[1:]:
            assert cell.strip() not in {"1", "2", "3", "4"}, row
    for section in client.get("/api/v1/reports/finsam").json():
        for row in section.get("rows", []):
            for value in row.get("values", row.get("cells", [])):
                shown = value.get("value") if isinstance(value, dict) else value
                assert shown not in (1, 2, 3, 4, "1", "2", "3", "4"), row
