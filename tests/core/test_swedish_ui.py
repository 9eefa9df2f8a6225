"""Nothing in the UI is English and no code is shown raw: the main pages, rendered as several roles
(blank forms and forms sent empty), have no English phrase and no snake_case code in their visible
text (including the options of every select)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = ["sara.lind", "eva.berg", "lars.ek", "fredrik.holm", "helena.strom", "ingrid.sandberg", "kim.wallin"]

ENGLISH = (
    "Select an option",
    "Submit",
    "This field is required",
    "Enter a valid",
    "Ensure this value",
    "Select a valid choice",
    "is not one of the available choices",
    "Currently",
    "Change",
    "Clear",
    "Unknown",
    "Yes",
    "No ",
    "None",
    "True",
    "False",
)
SNAKE_CASE = re.compile(r"(?<![\w.@/-])[a-z]+(?:_[a-z]+)+(?![\w.@/-])")
#: Pages that are not HTML or change something on GET.
SKIP = ("logga-ut", "export", ".pdf", ".csv", "oidc", "/admin/", "/api/")


class _Text(HTMLParser):
    """The visible text of a page: text outside script and style, and the labels of options."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def problems_in(html: str) -> list[str]:
    text = visible_text(html)
    found = [phrase for phrase in ENGLISH if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)]
    found += [f"kod {code}" for code in SNAKE_CASE.findall(text)]
    return found


def _plain_urls() -> list[str]:
    """Every GET address of the site without parameters."""
    urls: list[str] = []

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace and "<" not in str(p.pattern):
                urls.append(reverse(f"{namespace}:{p.name}"))

    walk(get_resolver().url_patterns, "", None)
    return sorted({u for u in urls if not any(s in u for s in SKIP)})


def _detail_urls() -> list[str]:
    """Pages with forms and codes: a case, its "Begär uppgifter" and "Hämta uppgifter", a search with results."""
    from samverkan.cases.models import Case

    case = Case.objects.filter(organisation__code="sorby-socialnamnd", case_type="assistance", status="active").first()
    assert case is not None
    return [
        reverse("cases:detail", args=[case.pk]),
        reverse("disclosures:request_create", args=[case.pk]),
        reverse("registries:case_lookup", args=[case.pk]),
        reverse("reports:log_search") + "?start=2026-01-01&end=2026-11-18",
        reverse("reports:log_search") + "?event_group=reclaim",
    ]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_can_open_is_swedish_without_raw_codes(world: None, username: str) -> None:
    from samverkan.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    shown, bad = 0, {}
    for url in [*_plain_urls(), *_detail_urls()]:
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        shown += 1
        if found := problems_in(response.content.decode()):
            bad[url] = found
    assert shown >= 3
    assert bad == {}, repr(bad)


@pytest.mark.parametrize("username", ["sara.lind", "fredrik.holm", "helena.strom"])
def test_a_form_sent_empty_answers_in_swedish(world: None, username: str) -> None:
    from samverkan.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    bad = {}
    for url in _plain_urls():
        if not url.rstrip("/").endswith(("nytt", "ny", "mejl", "franvaro")):
            continue
        response = client.post(url, {})
        if not (response.status_code in (200, 400) and response["Content-Type"].startswith("text/html")):
            continue
        if found := problems_in(response.content.decode()):
            bad[url] = found
    assert bad == {}, repr(bad)


def test_the_anonymous_pages_are_swedish(world: None) -> None:
    client = Client()
    for url in (reverse("accounts:login"), reverse("portal:login")):
        response = client.get(url)
        assert response.status_code == 200
        assert problems_in(response.content.decode()) == []


def test_the_checks_catch_what_they_look_for() -> None:
    assert problems_in("<select><option>- Select an option -</option></select>") == ["Select an option"]
    assert problems_in("<td>assistance_paid</td>") == ["kod assistance_paid"]
    assert problems_in('<a href="/x_y/">Ärenden</a><script>var a_b = 1;</script>') == []


def test_mina_sidor_is_swedish_for_the_person(world: None, settings: Any) -> None:
    from samverkan.disclosures.models import AuditEntry
    from tests.portal.conftest import portal_login

    settings.DEMO_MODE = True
    seen = AuditEntry.objects.filter(event="disclosure.released", person__protected_identity=False).first()
    assert seen is not None and seen.person is not None
    client = portal_login(Client(), seen.person)
    bad, shown = {}, 0
    for url in _plain_urls():
        if not url.startswith("/mina-sidor/"):
            continue
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        shown += 1
        if found := problems_in(response.content.decode()):
            bad[url] = found
    assert shown >= 3
    assert bad == {}, repr(bad)
