"""FK's list of coordinations pages, filters and searches (issue 21.2) without a personnummer in the URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.rehab import selectors
from samverkan.rehab.views import coordinations as views
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db

LIST = "/rehab/"


def _link(pk: int) -> str:
    return f'"/rehab/{pk}/"'


def _listed(client: Any, url: str) -> str:
    """The list of coordinations on the page (the requested meetings and late follow-ups link to them too)."""
    html = client.get(url).content.decode()
    return html[html.index('id="coordinations"') : html.index('id="requested"')]


def test_the_list_searches_by_personnummer_by_post_and_shows_a_token(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open(responsible=rehab.fk_user)
    assert reverse("rehab:list") == LIST
    client = client_for("fredrik.holm")
    posted = client.post(LIST, {"q": rehab.person.identity_number})
    assert posted.status_code == 303
    assert rehab.person.identity_number not in posted["Location"] and "sok=" in posted["Location"]
    page = _listed(client, posted["Location"])
    assert _link(coordination.pk) in page and "1 samordningsärende " in page
    by_reference = _listed(client, client.post(LIST, {"q": coordination.case.reference})["Location"])
    assert _link(coordination.pk) in by_reference
    other = _listed(client, client.post(LIST, {"q": "Ingen Sådan Person"})["Location"])
    assert _link(coordination.pk) not in other and "Inga samordningsärenden matchar" in other


def test_the_filters_are_plain_links(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open(responsible=rehab.fk_user)
    client = client_for("fredrik.holm")
    assert _link(coordination.pk) in _listed(client, LIST)
    assert _link(coordination.pk) in _listed(client, LIST + "?whose=mine")
    assert _link(coordination.pk) in _listed(client, LIST + "?whose=unit&status=all")
    assert _link(coordination.pk) not in _listed(client, LIST + "?status=closed")
    started = coordination.application_date.isoformat()
    assert _link(coordination.pk) in _listed(client, f"{LIST}?since={started}&until={started}")
    assert _link(coordination.pk) not in _listed(client, f"{LIST}?until=2000-01-01")
    assert _link(coordination.pk) not in _listed(client_for("maria.nystrom"), LIST + "?whose=mine")


def test_bad_filters_are_refused_in_swedish(rehab: Rehab, client_for: Any) -> None:
    client = client_for("fredrik.holm")
    bad = client.get(LIST + "?since=2026-12-01&until=2026-01-01")
    assert bad.status_code == 400 and "Slutdatumet ligger före startdatumet" in bad.content.decode()
    assert client.get(LIST + "?status=inget").status_code == 400


def test_the_list_pages(rehab: Rehab, client_for: Any, monkeypatch: Any) -> None:
    rehab.open(responsible=rehab.fk_user)
    monkeypatch.setattr(views, "COORDINATIONS_PER_PAGE", 1)
    found = list(selectors.coordination_search(organisation=rehab.fk, user=rehab.fk_user, status="active"))
    assert len(found) >= 2
    client = client_for("fredrik.holm")
    first = _listed(client, LIST)
    second = _listed(client, LIST + "?sida=2")
    assert _link(found[0].pk) in first and _link(found[0].pk) not in second
    assert _link(found[1].pk) in second
