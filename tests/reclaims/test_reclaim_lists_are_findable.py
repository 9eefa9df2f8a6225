"""The återsökning lists page, filter and search (issue 21.2), with the person's number never in a URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.reclaims import views
from samverkan.reclaims.models import Reclaim

pytestmark = pytest.mark.django_db


def test_the_list_searches_by_personnummer_by_post_and_shows_a_token(sent: Reclaim, client_for: Any) -> None:
    client = client_for("sara.lind")
    posted = client.post(reverse("reclaims:list"), {"q": sent.person.identity_number})
    assert posted.status_code == 303
    assert sent.person.identity_number not in posted["Location"] and "sok=" in posted["Location"]
    page = client.get(posted["Location"]).content.decode()
    assert sent.reference in page
    other = client.get(client.post(reverse("reclaims:list"), {"q": "ÅS-1999-99999"})["Location"]).content.decode()
    assert sent.reference not in other and "0 återsökningar" in other


def test_the_filters_are_plain_links_and_bad_ones_are_refused_in_swedish(sent: Reclaim, client_for: Any) -> None:
    client = client_for("sara.lind")
    assert sent.reference in client.get(reverse("reclaims:list") + "?status=sent").content.decode()
    assert sent.reference not in client.get(reverse("reclaims:list") + "?status=draft").content.decode()
    assert sent.reference in client.get(reverse("reclaims:list") + "?whose=mine").content.decode()
    bad = client.get(reverse("reclaims:list") + "?since=2026-12-01&until=2026-01-01")
    assert bad.status_code == 400 and "Slutdatumet ligger före startdatumet" in bad.content.decode()


def test_the_agency_sees_its_incoming_requests_by_search(sent: Reclaim, client_for: Any) -> None:
    client = client_for("fredrik.holm")
    assert sent.reference in client.get(reverse("reclaims:incoming") + "?status=sent").content.decode()
    found = client.get(client.post(reverse("reclaims:incoming"), {"q": sent.reference})["Location"]).content.decode()
    assert sent.reference in found


def test_the_list_pages(sent: Reclaim, client_for: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(views, "RECLAIMS_PER_PAGE", 1)
    own = Reclaim.objects.filter(organisation=sent.organisation).order_by("status", "deadline", "pk")
    assert own.count() >= 2
    client = client_for("sara.lind")
    first = client.get(reverse("reclaims:list")).content.decode()
    second = client.get(reverse("reclaims:list") + "?sida=2").content.decode()
    assert own[0].reference in first and own[0].reference not in second
    assert own[1].reference in second
