"""Searching the audit log: filters, pagination and the security officer's scope."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.disclosures.models import AuditEntry
from samverkan.reports import selectors
from samverkan.reports.selectors import AuditFilters
from tests.reports.conftest import MONDAY, WEEK, at, make_person, org, page_text

pytestmark = pytest.mark.django_db


def week(**filters: Any) -> AuditFilters:
    return AuditFilters(start=WEEK.start, end=WEEK.end, **filters)


def search(organisation: str, **filters: Any) -> list[AuditEntry]:
    return list(selectors.audit_search(organisation=org(organisation), filters=week(**filters)))


def test_filters_by_person_official_category_basis_and_event_group(lookup: Any, user_named: Any) -> None:
    sara, omar = user_named("sara.lind"), user_named("omar.haddad")
    anna, bo = make_person("Anna", "Ek"), make_person("Bo", "Ek")
    a = lookup(sara, anna, at(MONDAY, 9), categories=["identity"])
    b = lookup(omar, bo, at(MONDAY, 10), categories=["payment_amount"], event="disclosure.denied")
    assert {e.pk for e in search("sorby-socialnamnd")} >= {a.pk, b.pk}
    assert [e.pk for e in search("sorby-socialnamnd", identity_number=anna.identity_number[2:])] == [a.pk]
    assert [e.pk for e in search("sorby-socialnamnd", official=omar)] == [b.pk]
    assert [e.pk for e in search("sorby-socialnamnd", category="payment_amount")] == [b.pk]
    assert {e.pk for e in search("sorby-socialnamnd", basis="duty")} == {a.pk, b.pk}
    assert search("sorby-socialnamnd", basis="consent") == []
    assert {e.pk for e in search("sorby-socialnamnd", event_group="lookup")} == {a.pk, b.pk}
    assert search("sorby-socialnamnd", event_group="consent") == []


def test_the_period_is_in_swedish_local_days(lookup: Any, user_named: Any) -> None:
    late = lookup(user_named("sara.lind"), make_person("Ulla", "Natt"), at(WEEK.end, 23, 30))
    assert late.pk in {e.pk for e in search("sorby-socialnamnd")}
    after = AuditFilters(start=WEEK.end.replace(day=WEEK.end.day + 1), end=WEEK.end.replace(day=WEEK.end.day + 1))
    assert late.pk not in {e.pk for e in selectors.audit_search(organisation=org("sorby-socialnamnd"), filters=after)}


def test_a_security_officer_sees_entries_of_own_officials_own_data_and_data_received(
    lookup: Any, user_named: Any
) -> None:
    person = make_person("Karl", "Scope")
    by_sorby = lookup(user_named("sara.lind"), person, at(MONDAY, 9), discloser="fk")  # FK's data to Sörby
    by_af = lookup(user_named("ali.karimi"), person, at(MONDAY, 9), discloser="pm")  # between AF and PM only
    sorby = {e.pk for e in search("sorby-socialnamnd")}
    fk = {e.pk for e in search("fk")}
    assert by_sorby.pk in sorby and by_sorby.pk in fk  # Sörby's official; FK's data
    assert by_af.pk not in sorby and by_af.pk not in fk
    assert by_af.pk in {e.pk for e in search("af")} and by_af.pk in {e.pk for e in search("pm")}


def test_search_page_lists_and_logs_a_search_for_a_person(client_for: Any, lookup: Any, user_named: Any) -> None:
    person = make_person("Greta", "Sökt")
    lookup(user_named("sara.lind"), person, at(MONDAY, 9))
    client = client_for("lars.ek")
    before = AuditEntry.objects.filter(event="logreview.searched").count()
    response = client.post("/uppfoljning/logggranskning/sok/", {"identity_number": person.identity_number}, follow=True)
    assert response.status_code == 200
    text = page_text(response)
    # The lookup, and the search itself (written before the results are read).
    assert "2 loggposter" in text and "Logggranskning: sökning på person" in text
    assert "Greta Sökt" in text and "Testgatan" not in text
    logged = AuditEntry.objects.filter(event="logreview.searched").order_by("-sequence")
    assert logged.count() == before + 1 and logged[0].person == person and logged[0].actor == user_named("lars.ek")


def test_a_malformed_identity_number_is_a_clear_error(client_for: Any) -> None:
    response = client_for("lars.ek").post("/uppfoljning/logggranskning/sok/", {"identity_number": "123"})
    assert response.status_code == 400
    assert "Numret går inte att tolka" in page_text(response)


def test_another_organisations_official_cannot_be_chosen(client_for: Any, user_named: Any) -> None:
    response = client_for("lars.ek").get(
        "/uppfoljning/logggranskning/sok/", {"official": user_named("fredrik.holm").pk}
    )
    assert response.status_code == 400


def test_search_results_are_paginated_fifty_a_page(client_for: Any, lookup: Any, user_named: Any) -> None:
    omar = user_named("omar.haddad")
    person = make_person("Paula", "Sida")
    for minute in range(55):
        lookup(omar, person, at(MONDAY, 9, minute))
    client = client_for("lars.ek")
    query = {"official": omar.pk, "start": "2025-03-03", "end": "2025-03-09"}
    first = page_text(client.get("/uppfoljning/logggranskning/sok/", query))
    assert "55 loggposter" in first and "Sida 1 av 2" in first and first.count("Paula Sida") == 50
    second = page_text(client.get("/uppfoljning/logggranskning/sok/", {**query, "sida": 2}))
    assert "Sida 2 av 2" in second and second.count("Paula Sida") == 5


def test_without_a_person_official_or_first_day_the_search_covers_the_last_thirty_days(
    client_for: Any, lookup: Any, user_named: Any
) -> None:
    old = make_person("Olle", "Gammal")
    lookup(user_named("sara.lind"), old, at(MONDAY, 9))  # March 2025: outside the window
    response = client_for("lars.ek").get("/uppfoljning/logggranskning/sok/", {"event_group": "lookup"})
    text = page_text(response)
    assert response.status_code == 200 and "visas de senaste 30 dagarna" in text
    assert "Olle Gammal" not in text
    landing = page_text(client_for("lars.ek").get("/uppfoljning/logggranskning/sok/"))
    assert "visas de senaste 30 dagarna" in landing and "Olle Gammal" not in landing
    with_start = page_text(client_for("lars.ek").get("/uppfoljning/logggranskning/sok/", {"start": "2025-03-01"}))
    assert "Olle Gammal" in with_start and "visas de senaste 30 dagarna" not in with_start


def test_a_very_long_result_is_counted_only_up_to_the_cap(
    client_for: Any, lookup: Any, user_named: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samverkan.reports import views

    monkeypatch.setattr(views.CappedPaginator, "cap", 20)
    person = make_person("Many", "Rader")
    for minute in range(25):
        lookup(user_named("omar.haddad"), person, at(MONDAY, 10, minute))
    text = page_text(
        client_for("lars.ek").post(
            "/uppfoljning/logggranskning/sok/", {"identity_number": person.identity_number}, follow=True
        )
    )
    assert "Fler än 20 loggposter" in text
    assert text.count("Many Rader") == 20  # one page of at most 50 rows, the count stops at 21
