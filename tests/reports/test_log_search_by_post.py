"""Issue 17 (left over) and issue 16 point 6: the log search and its exports are POSTs.

A search for a person is logged once, on its POST ("logreview.searched"); the result page it redirects to
(``?sok=<token>``), its reloads and its pages are GETs that write nothing and hold no personnummer. The
exports are logged on their POST ("logreview.exported"); a GET of an export address writes nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from samverkan.core import searches
from samverkan.disclosures.models import AuditEntry
from tests.reports.conftest import MONDAY, at, make_person, page_text

pytestmark = pytest.mark.django_db

URL = "/uppfoljning/logggranskning/sok/"
EXPORT = "/uppfoljning/logggranskning/sok/export.csv"
REPORT_EXPORT = "/uppfoljning/logggranskning/rapport/protected_identity/export.csv"
ADDRESS = re.compile(r'(?:href|action|src|hx-[a-z-]+)="([^"]*)"')


def entries(event: str | None = None) -> int:
    rows = AuditEntry.objects.all()
    return (rows.filter(event=event) if event else rows).count()


def spellings(number: str) -> list[str]:
    return [number, number.replace("-", ""), number[2:], number[2:].replace("-", "")]


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_search_for_a_person_is_logged_once_on_its_post_and_never_on_the_get(
    client_for: Any, lookup: Any, user_named: Any
) -> None:
    person = make_person("Greta", "Postad")
    for minute in range(55):
        lookup(user_named("omar.haddad"), person, at(MONDAY, 9, minute))
    client = client_for("lars.ek")
    before, searched = entries(), entries("logreview.searched")
    posted = client.post(URL, {"identity_number": person.identity_number[2:], "start": "2025-03-01"})
    assert posted.status_code == 303
    location = posted["Location"]
    assert location.startswith(f"{URL}?{searches.PARAMETER}=")
    assert entries("logreview.searched") == searched + 1 and entries() == before + 1
    logged = AuditEntry.objects.filter(event="logreview.searched").order_by("-sequence").first()
    assert logged is not None and logged.person == person and logged.actor == user_named("lars.ek")
    # The result page, reloaded and paged: right, and not one entry more.
    first = client.get(location)
    text = page_text(first)
    assert first.status_code == 200 and "56 loggposter" in text and "Sida 1 av 2" in text
    token = location.split(f"{searches.PARAMETER}=", 1)[1]
    html = first.content.decode()
    assert f'href="?{searches.PARAMETER}={token}&amp;sida=2"' in html
    assert client.get(location).status_code == 200
    second = client.get(URL, {searches.PARAMETER: token, "sida": 2})
    assert "Sida 2 av 2" in page_text(second)
    assert entries() == before + 1
    for page in (first, second):
        for address in [location, *ADDRESS.findall(page.content.decode())]:
            assert not any(spelling in address for spelling in spellings(person.identity_number)), address


def test_an_old_get_with_a_person_is_not_run_and_writes_nothing(client_for: Any, lookup: Any, user_named: Any) -> None:
    person = make_person("Gustav", "Gammallänk")
    lookup(user_named("sara.lind"), person, at(MONDAY, 9))
    client = client_for("lars.ek")
    before = entries()
    response = client.get(URL, {"identity_number": person.identity_number, "start": "2025-03-01"})
    text = page_text(response)
    assert response.status_code == 200 and "Sökningen på en person har inte gjorts" in text
    assert "Gustav Gammallänk" not in text
    assert entries() == before


def test_a_search_without_a_person_still_works_as_a_link_and_writes_nothing(
    client_for: Any, lookup: Any, user_named: Any
) -> None:
    lookup(user_named("sara.lind"), make_person("Lisa", "Länk"), at(MONDAY, 9))
    before = entries()
    response = client_for("lars.ek").get(URL, {"start": "2025-03-03", "end": "2025-03-09"})
    assert response.status_code == 200 and "Lisa Länk" in page_text(response)
    assert entries() == before


def test_an_invalid_post_is_answered_with_the_form_and_writes_nothing(client_for: Any) -> None:
    before = entries()
    response = client_for("lars.ek").post(URL, {"identity_number": "123"})
    assert response.status_code == 400 and "Numret går inte att tolka" in page_text(response)
    assert entries() == before


def test_the_export_of_a_kept_search_is_logged_on_its_post_only(client_for: Any, lookup: Any, user_named: Any) -> None:
    person = make_person("Erik", "Export")
    lookup(user_named("sara.lind"), person, at(MONDAY, 9))
    client = client_for("lars.ek")
    location = client.post(URL, {"identity_number": person.identity_number, "start": "2025-03-01"})["Location"]
    token = location.split(f"{searches.PARAMETER}=", 1)[1]
    page = client.get(location).content.decode()
    assert f'action="{EXPORT}"' in page and f'name="{searches.PARAMETER}" value="{token}"' in page
    before, exported = entries(), entries("logreview.exported")
    got = client.get(EXPORT, {searches.PARAMETER: token})
    assert got.status_code == 302 and entries() == before
    response = client.post(EXPORT, {searches.PARAMETER: token})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "Erik Export" in streamed(response).decode("utf-8-sig")
    assert entries("logreview.exported") == exported + 1 and entries() == before + 1
    logged = AuditEntry.objects.filter(event="logreview.exported").order_by("-sequence").first()
    assert logged is not None and logged.person == person


def test_an_export_of_a_search_no_longer_kept_is_refused_and_writes_nothing(client_for: Any) -> None:
    before = entries()
    response = client_for("lars.ek").post(EXPORT, {searches.PARAMETER: "okand"}, follow=True)
    assert response.status_code == 200 and "Sökningen finns inte längre sparad" in page_text(response)
    assert entries() == before


def test_the_report_export_is_logged_on_its_post_only(client_for: Any, lookup: Any, user_named: Any) -> None:
    lookup(user_named("sara.lind"), make_person("Vera", "Skyddad", protected=True), at(MONDAY, 10))
    client = client_for("lars.ek")
    before, exported = entries(), entries("logreview.exported")
    got = client.get(REPORT_EXPORT, {"start": "2025-03-03", "end": "2025-03-09"})
    assert got.status_code == 302 and "/rapport/protected_identity/?start=2025-03-03" in got["Location"]
    assert entries() == before
    report = client.get("/uppfoljning/logggranskning/rapport/protected_identity/", {"start": "2025-03-03"})
    assert f'action="{REPORT_EXPORT}"' in report.content.decode()
    response = client.post(REPORT_EXPORT, {"start": "2025-03-03", "end": "2025-03-09"})
    assert response.status_code == 200 and "Vera Skyddad" in response.content.decode("utf-8-sig")
    assert entries("logreview.exported") == exported + 1 and entries() == before + 1
