"""Issue 21 point 2: "Förfrågningar" pages through every request, filters them (mine, my unit, outcome, agency,
period, direction) and finds one by person or number — the search sent by POST, so no personnummer stands in
a URL — and the unit head sees the menu item for the page she may open."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from samverkan.disclosures.models import DisclosureRequest

pytestmark = pytest.mark.django_db

URL = "/forfragningar/"


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/forfragningar/(\d+)/"', html)]


def test_the_list_pages_through_every_request_newest_first(client_for: Any) -> None:
    client = client_for("sara.lind")
    made = DisclosureRequest.objects.filter(recipient__code="sorby-socialnamnd").count()
    assert made > 50, "the demo world has more than a page of requests"
    first = client.get(URL).content.decode()
    second = client.get(URL, {"sida": 2}).content.decode()
    assert f"{made} förfrågningar" in first
    assert _numbers(first) and _numbers(second) and not set(_numbers(first)) & set(_numbers(second))
    dates = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>", first)
    assert dates == sorted(dates, reverse=True)


def test_mine_shows_only_the_officials_own_requests(client_for: Any, user_named: Any) -> None:
    html = client_for("sara.lind").get(URL, {"whose": "mine"}).content.decode()
    shown = DisclosureRequest.objects.filter(pk__in=_numbers(html))
    assert shown.exists()
    assert set(shown.values_list("requested_by__username", flat=True)) == {"sara.lind"}


def test_a_request_from_three_months_ago_is_found_by_the_persons_number_without_it_in_a_url(
    client_for: Any, move_clock: Any
) -> None:
    client = client_for("sara.lind")
    old = DisclosureRequest.objects.filter(recipient__code="sorby-socialnamnd").order_by("pk").first()
    assert old is not None
    old.requested_on = dt.date(2026, 8, 12)
    old.save(update_fields=["requested_on"])
    number = old.person.identity_number
    sent = client.post(URL, {"q": number, "since": "2026-08-01", "until": "2026-08-31"})
    assert sent.status_code == 303
    location = sent["Location"]
    assert number not in location and number.replace("-", "") not in location and "sok=" in location
    found = client.get(location)
    html = found.content.decode()
    assert old.pk in _numbers(html)
    assert all(DisclosureRequest.objects.get(pk=n).person_id == old.person_id for n in _numbers(html))
    links = re.findall(r'href="([^"]*)"', html)
    assert not [link for link in links if number in link or number.replace("-", "") in link]
    by_number = client.get(client.post(URL, {"q": f"Nr {old.pk}"})["Location"]).content.decode()
    assert _numbers(by_number) == [old.pk]


def test_filters_by_outcome_agency_and_direction(client_for: Any) -> None:
    client = client_for("sara.lind")
    html = client.get(URL, {"counterpart": "af"}).content.decode()
    assert set(DisclosureRequest.objects.filter(pk__in=_numbers(html)).values_list("discloser__code", flat=True)) == {
        "af"
    }
    answered = client_for("ali.karimi").get(URL, {"direction": "answered"}).content.decode()
    assert set(
        DisclosureRequest.objects.filter(pk__in=_numbers(answered)).values_list("discloser__code", flat=True)
    ) == {"af"}
    bad = client.get(URL, {"since": "2026-09-01", "until": "2026-08-01"})
    assert bad.status_code == 400 and "Slutdatumet ligger före startdatumet." in bad.content.decode()


def test_the_unit_head_sees_the_menu_item_for_the_page_she_may_open(client_for: Any) -> None:
    home = client_for("eva.berg").get(reverse("core:home")).content.decode()
    assert ">Förfrågningar<" in home
    assert client_for("eva.berg").get(URL).status_code == 200
