"""Issue 16 point 6: a search by personnummer never puts the number in a URL.

The person search, the case list and the register's search are sent by POST and shown at ``?sok=<token>``
(samverkan.core.searches): no address the browser is sent to, no ``Location``, no link or form on the result
page and no htmx history entry holds the number, in any spelling, and the result is still right.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import unquote

import pytest

from samverkan.cases.models import Case
from samverkan.core import searches
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db

#: Every attribute that holds an address the browser may request or put in its history.
ADDRESS = re.compile(r'(?:href|action|src|formaction|hx-[a-z-]+)="([^"]*)"')


def spellings(number: str) -> list[str]:
    """``19960106-9967`` → also ``199601069967``, ``960106-9967`` and ``9601069967``."""
    return [number, number.replace("-", ""), number[2:], number[2:].replace("-", "")]


def digits_of(text: str) -> str:
    return "".join(c for c in unquote(text) if c.isdigit())


def addresses(response: Any) -> list[str]:
    """Every address of a followed response: the redirects, the page itself, its headers and its HTML."""
    found = [url for url, _status in getattr(response, "redirect_chain", [])]
    found.append(f"{response.request['PATH_INFO']}?{response.request.get('QUERY_STRING', '')}")
    found += [response[name] for name in ("Location", "HX-Push-Url", "HX-Redirect") if response.has_header(name)]
    if "text/html" in response.get("Content-Type", ""):
        found += ADDRESS.findall(response.content.decode())
    return found


def assert_no_number_in_addresses(response: Any, number: str) -> None:
    assert addresses(response), "nothing to check"
    for address in addresses(response):
        for spelling in spellings(number):
            assert spelling not in unquote(address), f"{spelling} in {address}"
        # Ten digits of the number in a row, however separated or encoded, are not there either.
        assert number[2:].replace("-", "") not in digits_of(address), address


def own_person() -> Person:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", subject__protected_identity=False).first()
    assert case is not None
    return case.subject


def test_a_person_search_by_any_spelling_of_the_number_is_posted_and_shown_at_a_token(client_for: Any) -> None:
    person = own_person()
    client = client_for("sara.lind")
    for spelling in spellings(person.identity_number):
        response = client.post("/personer/", {"q": spelling}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain and response.redirect_chain[0][1] == 303
        assert response.request["QUERY_STRING"].startswith(f"{searches.PARAMETER}=")
        assert f'href="/personer/{person.pk}/"' in response.content.decode()
        assert_no_number_in_addresses(response, person.identity_number)


def test_the_result_page_can_be_reloaded_and_the_form_still_holds_the_search(client_for: Any) -> None:
    person = own_person()
    client = client_for("sara.lind")
    response = client.post("/personer/", {"q": person.identity_number}, follow=True)
    again = client.get(response.redirect_chain[-1][0])
    assert again.status_code == 200 and f'href="/personer/{person.pk}/"' in again.content.decode()
    assert f'value="{person.identity_number}"' in again.content.decode()
    assert '<form method="post"' in again.content.decode()


def test_an_htmx_search_answers_with_the_results_and_pushes_the_token_not_the_number(client_for: Any) -> None:
    person = own_person()
    response = client_for("sara.lind").post("/personer/", {"q": person.identity_number}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Push-Url"].startswith(f"/personer/?{searches.PARAMETER}=")
    assert f'href="/personer/{person.pk}/"' in response.content.decode()
    assert "<h1>" not in response.content.decode()  # the results only
    assert_no_number_in_addresses(response, person.identity_number)


def test_an_old_link_with_the_number_is_moved_into_a_token(client_for: Any) -> None:
    person = own_person()
    response = client_for("sara.lind").get("/personer/", {"q": person.identity_number})
    assert response.status_code == 303
    assert response["Location"].startswith(f"/personer/?{searches.PARAMETER}=")
    assert digits_of(person.identity_number[2:]) not in digits_of(response["Location"])
    shown = client_for("sara.lind").get(response["Location"])
    assert f'href="/personer/{person.pk}/"' in shown.content.decode()
    assert_no_number_in_addresses(shown, person.identity_number)


def test_a_token_is_of_its_own_session_and_expires(client_for: Any, user_named: Any, move_clock: Any) -> None:
    from django.test import Client

    from samverkan.core import clock

    person = own_person()
    client = client_for("sara.lind")
    response = client.post("/personer/", {"q": person.identity_number}, follow=True)
    result_url = response.redirect_chain[-1][0]
    other = Client()  # the same official, another session
    other.force_login(user_named("sara.lind"))
    elsewhere = other.get(result_url)
    assert elsewhere.status_code == 200 and f'href="/personer/{person.pk}/"' not in elsewhere.content.decode()
    assert "Sökningen finns inte längre sparad" in elsewhere.content.decode()
    still = client.get(result_url)
    assert f'href="/personer/{person.pk}/"' in still.content.decode()
    # The official stays active (the session's idle timeout is shorter) until the kept search has expired.
    until = clock.now() + searches.LIFETIME + dt.timedelta(minutes=5)
    while clock.now() < until:
        move_clock(clock.now() + dt.timedelta(minutes=20))
        assert client.get("/").status_code == 200
    later = client.get(result_url)
    assert later.status_code == 200
    assert f'href="/personer/{person.pk}/"' not in later.content.decode()
    assert "Sökningen finns inte längre sparad" in later.content.decode()


def test_an_empty_search_goes_back_to_the_empty_form(client_for: Any) -> None:
    response = client_for("sara.lind").post("/personer/", {"q": "  "})
    assert response.status_code == 303 and response["Location"] == "/personer/"


def test_the_case_list_search_by_number_is_posted_and_its_pages_carry_the_token(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", status="active").order_by("pk").first()
    assert case is not None
    number = case.subject.identity_number
    client = client_for("sara.lind")
    for spelling in spellings(number):
        response = client.post("/arenden/", {"q": spelling, "status": "all"}, follow=True)
        assert response.status_code == 200
        assert f'href="/arenden/{case.pk}/"' in response.content.decode()
        assert_no_number_in_addresses(response, number)
    every = client.post("/arenden/", {"status": "all"}, follow=True)
    token = every.request["QUERY_STRING"].removeprefix(f"{searches.PARAMETER}=")
    assert token and "Nästa sida" in every.content.decode()
    assert f'href="?{searches.PARAMETER}={token}&amp;sida=2"' in every.content.decode()
    second = client.get("/arenden/", {searches.PARAMETER: token, "sida": 2})
    assert "Sida 2 av" in second.content.decode()


def test_the_case_list_filters_alone_still_work_as_links(client_for: Any) -> None:
    response = client_for("sara.lind").get("/arenden/", {"mine": "on"})
    assert response.status_code == 200
    assert re.search(r'<input[^>]*name="mine"[^>]*checked', response.content.decode())


def test_the_register_search_by_number_is_posted_and_shown_at_a_token(client_for: Any) -> None:
    known = Person.objects.filter(case_memberships__case__organisation__code="fk", protected_identity=False).first()
    assert known is not None
    client = client_for("fredrik.holm")
    for spelling in spellings(known.identity_number):
        response = client.post("/register/", {"q": spelling}, follow=True)
        assert response.status_code == 200
        assert known.full_name in response.content.decode()
        assert_no_number_in_addresses(response, known.identity_number)


def test_a_token_of_one_search_page_is_not_read_by_another(client_for: Any) -> None:
    person = own_person()
    client = client_for("sara.lind")
    response = client.post("/personer/", {"q": person.identity_number}, follow=True)
    token = response.request["QUERY_STRING"].removeprefix(f"{searches.PARAMETER}=")
    cases = client.get("/arenden/", {searches.PARAMETER: token})
    assert "Sökningen finns inte längre sparad" in cases.content.decode()
