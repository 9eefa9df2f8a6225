"""The pages work under the Content-Security-Policy (issue 20 point 2), in Debian's chromium: the login, the start
page, a search sent by htmx, a case page, the messages and Mina sidor, with not one violation reported (neither a
``securitypolicyviolation`` event nor a console message about the policy)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from samverkan.cases.models import Case
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Collects every violation the page reports, from before the first script runs (Playwright's init scripts are not
#: subject to the page's policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Violations:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        self.events: list[str] = []
        self.htmx_requests: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("request", self._request)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def _request(self, request: Any) -> None:
        if request.headers.get("hx-request") == "true":
            self.htmx_requests.append(request.url)

    def collect(self, where: str) -> None:
        found = self.page.evaluate("window.__cspViolations || []")
        self.events.extend(f"{where}: {v}" for v in found)

    def assert_none(self) -> None:
        assert self.events == [] and self.console == [], (self.events, self.console)


def test_pages_and_htmx_work_under_the_policy_without_violations(page: Any) -> None:
    case = Case.objects.filter(
        organisation__code="sorby-socialnamnd",
        responsible__username="sara.lind",
        status="active",
        subject__protected_identity=False,
    ).first()
    assert case is not None
    seen = Violations(page)

    page.goto("/konto/logga-in/")
    seen.collect("inloggningen")
    browser_login(page, "sara.lind")
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "object"  # the static htmx script ran
    seen.collect("startsidan")

    # A form sent by htmx: the results are swapped in and the address gets the search's token.
    page.get_by_role("link", name="Sök person").click()
    page.get_by_label("Sök person (namn eller personnummer)").fill(case.subject.identity_number)
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("link", name=case.subject.full_name)).to_be_visible()
    page.wait_for_url("**/personer/?sok=*")
    assert seen.htmx_requests, "sökningen gick inte genom htmx"
    # No inline <style> from htmx (its indicator rule is in site.css).
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    seen.collect("personsökningen")

    page.goto(f"/arenden/{case.pk}/")
    expect(page.get_by_role("heading", name="Hushållet i ärendet")).to_be_visible()
    seen.collect("ärendet")

    page.goto("/kommunikation/fragor/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    seen.collect("frågorna")

    page.goto("/mina-sidor/logga-in/")
    expect(page.get_by_role("heading", name="Logga in på Mina sidor")).to_be_visible()
    seen.collect("Mina sidor")

    seen.assert_none()


def test_a_violation_would_be_seen(page: Any) -> None:
    """The listener works: an inline script without the nonce is refused and reported."""
    seen = Violations(page)
    page.goto("/konto/logga-in/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    seen.collect("test")
    assert any("script-src" in v for v in seen.events), seen.events


def test_the_admin_works_under_the_policy_without_violations(page: Any) -> None:
    seen = Violations(page)
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn", exact=True).fill("drift")
    page.get_by_label("Lösenord", exact=True).fill("samverkan-demo")
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url("**/admin/")
    seen.collect("admin")
    page.goto("/admin/accounts/user/")
    expect(page.locator("#result_list")).to_be_visible()
    seen.collect("admin, konton")
    page.goto("/admin/accounts/user/add/")
    expect(page.locator("form")).not_to_have_count(0)
    seen.collect("admin, nytt konto")
    seen.assert_none()
