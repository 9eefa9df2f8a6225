"""A new user's first minutes, in Debian's chromium: log in, find a person, open a case."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.cases.models import Case
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_socialsekreterare_logs_in_finds_a_person_and_opens_the_case(page: Any) -> None:
    case = Case.objects.filter(
        organisation__code="sorby-socialnamnd",
        responsible__username="sara.lind",
        status="active",
        subject__protected_identity=False,
    ).first()
    assert case is not None
    browser_login(page, "sara.lind")
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    page.get_by_role("link", name="Sök person").click()
    page.get_by_label("Sök person (namn eller personnummer)").fill(case.subject.identity_number)
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("link", name=case.subject.full_name)).to_be_visible()
    # htmx shows the results and puts the search's token in the address, never the number (issue 16 point 6).
    page.wait_for_url("**/personer/?sok=*")
    assert case.subject.identity_number[2:8] not in page.url
    page.get_by_role("link", name=case.subject.full_name).click()
    page.get_by_role("link", name=case.reference).first.click()
    assert page.get_by_role("heading", level=1).inner_text().endswith(case.reference)
    expect(page.get_by_role("heading", name="Hushållet i ärendet")).to_be_visible()


def test_login_page_lists_demo_accounts_and_logs_in_with_one_click(page: Any) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_role("button", name="Logga in som Fredrik Holm, Försäkringsutredare").click()
    page.wait_for_url("**/")
    assert "Försäkringskassan" in page.locator("header").inner_text()


def test_wrong_password_is_refused_in_swedish(page: Any) -> None:
    browser_login_page = page
    browser_login_page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn", exact=True).fill("sara.lind")
    page.get_by_label("Lösenord", exact=True).fill("fel-lösenord")
    page.get_by_role("button", name="Logga in", exact=True).click()
    assert "korrekt användarnamn och lösenord" in page.content()


def test_forms_work_without_javascript(browser: Any, live_server: Any, transactional_db: None, settings: Any) -> None:
    from tests.conftest import ensure_world

    ensure_world()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    browser_login(page, "sara.lind")
    case = Case.objects.filter(organisation__code="sorby-socialnamnd").first()
    assert case is not None
    number = case.subject.identity_number
    page.goto("/personer/")
    page.get_by_label("Sök person (namn eller personnummer)").fill(number)
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name="Sökresultat")).to_be_visible()
    # Sent by POST and shown at a token: the number is not in the address (issue 16 point 6).
    assert "/personer/?sok=" in page.url and number[2:8] not in page.url
    page.goto("/personer/?q=a")  # an old link still finds, at a token
    expect(page.get_by_role("heading", name="Sökresultat")).to_be_visible()
    assert "q=a" not in page.url
    context.close()
