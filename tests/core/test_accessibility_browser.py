"""Accessible by construction: axe-core (WCAG 2.1 AA) finds no serious or critical violation on the
officials' pages, for every role of the demo world, in Debian's chromium.

The portal's own pages are checked in tests/portal/test_portal_browser.py. Here one browser context
per official visits that official's start page, the lists its menu offers and the detail pages of
the first record it can see; every violation found on any page is reported together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import browser_login
from tests.portal.axe import BLOCKING_IMPACTS, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _first(model_path: str, **filters: Any) -> int | None:
    from django.apps import apps

    app, name = model_path.split(".")
    row = apps.get_model(app, name).objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()
    return int(row) if row is not None else None


def _detail(template: str, model_path: str, **filters: Any) -> Callable[[], str | None]:
    def url() -> str | None:
        pk = _first(model_path, **filters)
        return template.format(pk) if pk is not None else None

    url.__qualname__ = f"{template} ({model_path})"
    return url


#: Per demo official: pages to check (plain URLs, or callables that find a detail page in the demo world).
PAGES: dict[str, list[str | Callable[[], str | None]]] = {
    "sara.lind": [
        "/",
        "/personer/?q=a",
        "/arenden/",
        "/arenden/nytt/",
        _detail("/arenden/{}/", "cases.Case", organisation__code="sorby-socialnamnd"),
        _detail("/arenden/{}/begar-uppgifter/", "cases.Case", organisation__code="sorby-socialnamnd", status="active"),
        "/forfragningar/",
        _detail("/forfragningar/{}/", "disclosures.DisclosureRequest", recipient__code="sorby-socialnamnd"),
        "/bistand/ansokningar/",
        _detail("/bistand/ansokningar/{}/", "assistance.Application", organisation__code="sorby-socialnamnd"),
        "/bistand/kontrollkorningar/",
        "/atersokning/",
        _detail("/atersokning/{}/", "reclaims.Reclaim", organisation__code="sorby-socialnamnd"),
        "/kommunikation/",
        "/kommunikation/fragor/",
        "/kommunikation/fragor/ny/",
        _detail("/kommunikation/fragor/{}/", "messaging.AdminQuestion", sender_organisation__code="sorby-socialnamnd"),
        _detail("/personer/{}/", "people.Person", cases__organisation__code="sorby-socialnamnd"),
        "/kommunikation/kontakter/",
        "/kommunikation/mejl/",
        "/kommunikation/aviseringar/",
    ],
    "fredrik.holm": [
        "/",
        "/samtycken/",
        "/samtycken/nytt/",
        "/granskning/",
        "/register/",
        _detail("/register/person/{}/", "people.Person", cases__organisation__code="fk"),
        "/atersokning/inkommande/",
        "/rehab/",
        _detail("/rehab/{}/", "rehab.RehabCoordination", case__organisation__code="fk"),
        _detail("/rehab/{}/historik/", "rehab.RehabCoordination", case__organisation__code="fk"),
        "/kommunikation/fragor/oversikt/",
    ],
    "maria.nystrom": ["/rehab/", "/rehab/ny/", "/rehab/statistik/"],
    "ali.karimi": [
        "/",
        "/granskning/",
        _detail("/granskning/{}/", "disclosures.ReviewTask", organisation__code="af"),
        "/register/",
    ],
    "kim.wallin": ["/", "/register/"],
    "helena.strom": ["/", "/rehab/vard/"],
    "karin.olsson": ["/"],
    "lars.ek": [
        "/uppfoljning/logggranskning/",
        "/uppfoljning/logggranskning/rapport/protected_identity/",
        "/uppfoljning/logggranskning/personposter/",
        "/uppfoljning/logggranskning/sok/",
    ],
    "eva.berg": ["/uppfoljning/statistik/"],
    "ingrid.sandberg": ["/uppfoljning/samordningsforbund/"],
    "admin": ["/", "/drift/korningar/", "/konto/handlaggare/", "/konto/handlaggare/ny/"],
}


def test_no_official_page_has_a_serious_accessibility_violation(browser: Any, page: Any, live_server: Any) -> None:
    found: list[str] = []
    checked = 0
    context = page.context
    for username, pages in PAGES.items():
        context.clear_cookies()
        browser_login(page, username)
        for item in pages:
            url = item() if callable(item) else item
            if url is None:
                found.append(f"{username}: ingen post att visa för {getattr(item, '__qualname__', item)}")
                continue
            response = page.goto(url)
            if response is None or response.status >= 400:
                found.append(f"{username} {url}: HTTP {response and response.status}")
                continue
            checked += 1
            blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING_IMPACTS]
            if blocking:
                found.append(f"{username} {url}:\n{describe(blocking)}")
    assert checked >= 40
    assert not found, "\n\n".join(found)
