"""The case list: search by reference, name or identity number, filters, pages; never another organisation's case."""

from __future__ import annotations

import re
from typing import Any

import pytest

from samverkan.cases.models import Case

pytestmark = pytest.mark.django_db

URL = "/arenden/"


def references(response: Any) -> list[str]:
    return re.findall(r'<a href="/arenden/\d+/">([^<]+)</a>', response.content.decode())


def own_cases(**filters: Any) -> Any:
    return Case.objects.filter(organisation__code="sorby-socialnamnd", **filters)


def test_search_by_reference_finds_the_case(client_for: Any) -> None:
    case = own_cases(status="active").order_by("pk").first()
    assert case is not None
    response = client_for("sara.lind").post(URL, {"q": case.reference}, follow=True)
    assert response.status_code == 200
    assert references(response) == [case.reference]


def test_search_by_surname_finds_every_case_of_persons_with_that_name(client_for: Any) -> None:
    case = own_cases(status="active", subject__protected_identity=False).order_by("pk").first()
    assert case is not None
    surname = case.subject.last_name
    expected = set(
        own_cases(status="active", subject__last_name__icontains=surname).values_list("reference", flat=True)
    )
    found = references(client_for("sara.lind").post(URL, {"q": surname.lower()}, follow=True))
    assert set(found) == expected and case.reference in found


def test_search_by_identity_number_in_any_accepted_form_finds_the_household_cases(client_for: Any) -> None:
    case = own_cases(status="active").order_by("pk").first()
    assert case is not None
    number = case.subject.identity_number  # ÅÅÅÅMMDD-NNNN
    short = number[2:]  # ÅÅMMDD-NNNN
    for query in (number, short, number.replace("-", "")):
        assert case.reference in references(client_for("sara.lind").post(URL, {"q": query}, follow=True))


def test_a_malformed_identity_number_finds_nothing_and_says_so(client_for: Any) -> None:
    response = client_for("sara.lind").post(URL, {"q": "19900101-0000"}, follow=True)
    assert response.status_code == 200
    assert references(response) == []
    assert "Inga ärenden matchar." in response.content.decode()


def test_only_mine_and_status_filters(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    mine = set(own_cases(status="active", responsible=sara).values_list("reference", flat=True))
    client = client_for("sara.lind")
    first_page = references(client.get(URL, {"mine": "on"}))
    assert set(first_page) <= mine and len(first_page) == min(50, len(mine))
    closed = set(own_cases(status="closed").values_list("reference", flat=True))
    assert closed, "the demo world has closed cases"
    assert set(references(client.get(URL, {"status": "closed"}))) == closed
    every = client.get(URL, {"status": "all"})
    assert f"{own_cases().count()} ärenden" in every.content.decode()


def test_pages_of_fifty_cover_every_case_once(client_for: Any) -> None:
    client = client_for("sara.lind")
    seen: list[str] = []
    page = 1
    while True:
        response = client.get(URL, {"status": "all", "sida": page})
        found = references(response)
        seen.extend(found)
        if "Nästa sida" not in response.content.decode():
            break
        assert len(found) == 50
        page += 1
    assert sorted(seen) == sorted(own_cases().values_list("reference", flat=True))


def test_another_organisations_case_is_never_listed_even_when_searched_for(client_for: Any) -> None:
    foreign = Case.objects.exclude(organisation__code="sorby-socialnamnd").order_by("pk").first()
    assert foreign is not None
    client = client_for("sara.lind")
    for query in (foreign.reference, foreign.subject.identity_number, foreign.subject.last_name):
        response = client.post(URL, {"q": query, "status": "all"}, follow=True)
        assert f'href="/arenden/{foreign.pk}/"' not in response.content.decode()


def test_a_too_long_search_gets_a_swedish_error(client_for: Any) -> None:
    response = client_for("sara.lind").post(URL, {"q": "x" * 61}, follow=True)
    assert response.status_code == 400
    assert "Rätta följande" in response.content.decode() and "60 tecken" in response.content.decode()


def test_the_start_page_shows_the_latest_fifteen_and_links_to_all_of_mine(client_for: Any, user_named: Any) -> None:
    total = own_cases(status="active", responsible=user_named("sara.lind")).count()
    response = client_for("sara.lind").get("/")
    assert len(references(response)) == min(15, total)
    if total > 15:
        assert f"Visa alla {total} ärenden där du är ansvarig" in response.content.decode()
