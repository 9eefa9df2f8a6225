"""Mina sidor's e-ID login in Debian's chromium against a real OpenID Connect provider (npm's oidc-provider): the
person presses "Logga in med e-legitimation", logs in and consents on the provider's pages (authorization code flow
with PKCE, state and nonce), sees their cases, withdraws a consent, and logs out at the provider too (RP-initiated
logout): the next login asks for the e-ID again. Not one Content-Security-Policy violation on the portal's pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils.csp import CSP
from playwright.sync_api import expect

from samverkan.accounts.models import User
from samverkan.consents.models import Consent
from samverkan.core import clock
from samverkan.portal import selectors
from tests.browser.test_content_security_policy import Violations
from tests.oidc.conftest import CALLBACK, DevProvider, configure_portal, start_provider
from tests.portal.conftest import assistance_client_at_fk, fk_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser_provider(live_server: Any) -> Iterator[DevProvider]:
    """The provider with the live server's callback registered."""
    yield from start_provider(live_server.url)


@pytest.fixture
def portal_at_provider(
    page: Any, browser_provider: DevProvider, live_server: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> DevProvider:
    browser_provider.set_clock(clock.now())
    configure_portal(monkeypatch, issuer=browser_provider.issuer, host=live_server.url)
    # The login and logout forms lead to the provider: the policy's form-action names it, as settings.py does for
    # SAMVERKAN_OIDC_ISSUER in production (read once at start, before this test chose the port).
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, browser_provider.issuer]}
    # The provider's development pages ask for a web font: nothing leaves the machine.
    page.context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    return browser_provider


def test_person_logs_in_with_e_id_sees_cases_withdraws_a_consent_and_logs_out_at_the_provider(
    page: Any, portal_at_provider: DevProvider
) -> None:
    issuer = portal_at_provider.issuer
    person = assistance_client_at_fk()
    consent = fk_consent(User.objects.get(username="fredrik.holm"), person)
    violations = Violations(page)
    authorize_requests: list[str] = []
    callbacks: list[str] = []
    page.on("request", lambda r: authorize_requests.append(r.url) if r.url.startswith(f"{issuer}/auth?") else None)
    page.on("request", lambda r: callbacks.append(r.url) if CALLBACK in r.url else None)

    # To the provider: authorization code flow with PKCE (S256), state and nonce.
    page.goto("/mina-sidor/logga-in/")
    page.get_by_role("button", name="Logga in med e-legitimation").click()
    page.wait_for_url(f"{issuer}/interaction/**")
    sent = {k: v[0] for k, v in parse_qs(urlsplit(authorize_requests[0]).query).items()}
    assert sent["code_challenge_method"] == "S256" and len(sent["code_challenge"]) == 43
    assert sent["response_type"] == "code" and sent["state"] and sent["nonce"]

    # The provider's own login and consent pages.
    page.locator("input[name=login]").fill(person.identity_number)
    page.locator("input[name=password]").fill("test")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()

    # Back in Mina sidor: the callback carried the same state and the provider's issuer; the person's cases.
    page.wait_for_url("**/mina-sidor/")
    returned = {k: v[0] for k, v in parse_qs(urlsplit(callbacks[0]).query).items()}
    assert returned["state"] == sent["state"] and returned["iss"] == issuer
    expect(page.get_by_role("heading", name="Mina ärenden", level=1)).to_be_visible()
    assert person.full_name in page.locator("header").inner_text()
    for matter in selectors.matters_for(person):
        expect(page.get_by_text(matter.reference).first).to_be_visible()
    violations.collect("Mina ärenden")

    # A consent withdrawn.
    page.get_by_role("link", name="Mina samtycken").click()
    page.wait_for_url("**/mina-sidor/samtycken/")
    page.get_by_role(
        "link", name="Återkalla samtycket till Socialnämnden i Sörby kommun från Försäkringskassan"
    ).first.click()
    page.wait_for_url(f"**/mina-sidor/samtycken/{consent.pk}/aterkalla/")
    page.get_by_role("button", name="Återkalla samtycket").click()
    page.wait_for_url("**/mina-sidor/samtycken/")
    assert "Samtycket är återkallat" in page.get_by_role("status").inner_text()
    consent.refresh_from_db()
    assert consent.status == Consent.Status.WITHDRAWN and consent.withdrawn_by_person
    violations.collect("Mina samtycken")

    # Logging out ends the provider's session too: it asks, then sends the person back to the login page.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{issuer}/session/end?**")
    page.get_by_role("button", name="Ja, logga ut").click()
    page.wait_for_url("**/mina-sidor/logga-in/")
    assert "Du är utloggad från Mina sidor" in page.get_by_role("status").inner_text()
    violations.collect("utloggad")

    # The next e-ID login starts at the provider's login page again (no single sign-on left behind).
    page.get_by_role("button", name="Logga in med e-legitimation").click()
    page.wait_for_url(f"{issuer}/interaction/**")
    expect(page.locator("input[name=login]")).to_be_visible()
    violations.assert_none()
