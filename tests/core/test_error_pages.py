"""Error pages: 400, 403, 404, 500 and a failed CSRF check are Swedish pages in the site's layout with a
way back, for anonymous and logged-in users; under /api/ they answer JSON in the API's error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

ENGLISH = ("Not Found", "Server Error", "Forbidden", "Bad Request", "CSRF verification failed", "The requested")


def _user(username: str) -> Any:
    from samverkan.accounts.models import User

    return User.objects.get(username=username)


def _assert_swedish_page(response: Any, status: int, heading: str, *, logged_in: bool) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html  # the site's layout
    assert f"<h1>{heading}" in html
    assert 'href="/">Till startsidan</a>' in html
    assert ("Logga ut" in html) is logged_in
    assert not [word for word in ENGLISH if word in html]
    return html


@pytest.mark.parametrize("who", [None, "sara.lind"])
def test_an_unknown_address_is_a_swedish_404_page(world: None, who: str | None) -> None:
    client = Client()
    if who:
        client.force_login(_user(who))
    _assert_swedish_page(client.get("/finns-inte/"), 404, "Sidan finns inte", logged_in=bool(who))


@pytest.mark.parametrize("who", [None, "sara.lind"])
def test_a_crash_is_a_swedish_500_page(world: None, who: str | None) -> None:
    client = Client()
    client.raise_request_exception = False
    if who:
        client.force_login(_user(who))
    html = _assert_swedish_page(client.get("/test-fel/krasch/"), 500, "Något gick fel", logged_in=bool(who))
    assert "avsiktligt fel" not in html  # never the exception's text


@pytest.mark.parametrize("who", [None, "sara.lind"])
def test_a_bad_request_is_a_swedish_400_page(world: None, who: str | None) -> None:
    client = Client()
    if who:
        client.force_login(_user(who))
    _assert_swedish_page(client.get("/test-fel/misstankt/"), 400, "Felaktig begäran", logged_in=bool(who))


@pytest.mark.parametrize("who", [None, "sara.lind"])
def test_a_refusal_is_a_swedish_403_page(world: None, who: str | None) -> None:
    client = Client()
    if who:
        client.force_login(_user(who))
    _assert_swedish_page(client.get("/test-fel/forbjuden/"), 403, "Du har inte behörighet", logged_in=bool(who))


def test_a_page_the_role_may_not_see_says_why_in_swedish(world: None) -> None:
    client = Client()
    client.force_login(_user("sara.lind"))
    html = _assert_swedish_page(client.get("/register/"), 403, "Du har inte behörighet", logged_in=True)
    assert "Din organisation har inte tillgång till det här." in html or "Din roll" in html


@pytest.mark.parametrize("who", [None, "sara.lind"])
def test_a_failed_csrf_check_is_a_swedish_page(world: None, who: str | None) -> None:
    client = Client(enforce_csrf_checks=True)
    if who:
        client.force_login(_user(who))
        response = client.post("/konto/logga-ut/")
    else:
        response = client.post("/konto/logga-in/", {"username": "sara.lind", "password": "x"})
    _assert_swedish_page(response, 403, "Formuläret kunde inte skickas", logged_in=bool(who))


def test_a_crash_on_mina_sidor_leads_back_to_mina_sidor(world: None) -> None:
    client = Client()
    client.raise_request_exception = False
    response = client.get("/mina-sidor/test-fel/krasch/")
    assert response.status_code == 500
    assert 'href="/mina-sidor/">Till startsidan</a>' in response.content.decode()


def _assert_api_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "code", "field", "detail"}
    assert body["code"] == code
    assert body["error"] and not [word for word in ENGLISH if word in body["error"]]
    return body


def test_the_api_answers_its_error_shape_for_an_unknown_address_and_a_crash(world: None) -> None:
    client = Client()
    client.raise_request_exception = False
    _assert_api_error(client.get("/api/v1/finns-inte/"), 404, "not_found")
    body = _assert_api_error(client.get("/api/v1/test-fel/krasch/"), 500, "server_error")
    assert "avsiktligt" not in body["error"]


def test_the_api_answers_a_failed_csrf_check_in_its_error_shape(world: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(_user("sara.lind"))
    response = client.post("/api/v1/disclosures/", {}, content_type="application/json")
    body = _assert_api_error(response, 403, "csrf_failed")
    assert "CSRF" in body["error"] and "försök igen" in body["error"]
