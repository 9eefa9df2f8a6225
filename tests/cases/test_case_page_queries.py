"""The case page reads a fixed number of queries, however many members, journal entries and requests the case has
(issue 20: a query per row would come back unnoticed as the cases grow)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.cases import services
from samverkan.cases.models import Case
from samverkan.core.demo import synthetic_identity_number
from samverkan.people.models import Person
from tests.registries.conftest import assistance_client_known_to

pytestmark = pytest.mark.django_db

#: What the page of a socialnämnd's ärende om ekonomiskt bistånd reads: the session, the official, the unit and
#: organisation, the roles, the case, each panel's rows, the menu's badge, the household, the journal, the
#: session's save. Raise it only for a new panel or section, never for a row.
CASE_PAGE_MAX_QUERIES = 23


@pytest.fixture(autouse=True)
def _fast_sources(settings: Any) -> None:
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in ("fk", "pm", "af", "unemployment_fund")}


def _case() -> Case:
    return Case.objects.get(
        organisation__code="sorby-socialnamnd",
        case_type="assistance",
        status="active",
        members__person=assistance_client_known_to("fk"),
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _grow(client: Client, case: Case, official: User) -> None:
    """Three more household members, journal notes with a correction and a makulering, and a household lookup
    (a request per person and agency, each with its decisions and, for some, a review task)."""
    for serial in range(3):
        number = synthetic_identity_number(dt.date(2012 + serial, 3, 14), 970 + serial)
        Person.objects.create(
            identity_number=number,
            identity_type="personnummer",
            birth_date=dt.date(2012 + serial, 3, 14),
            first_name="Frågeprov",
            last_name=f"Barn{serial}",
        )
        services.case_add_member(case=case, identity_number=number, relation="child", actor=official)
    first = services.journal_note_write(case=case, actor=official, text="Första anteckningen.")
    services.journal_note_write(case=case, actor=official, text="Rättelse.", corrects=first)
    note = services.journal_note_write(case=case, actor=official, text="Skrevs i fel ärende.")
    services.journal_entry_void(entry=note, actor=official, reason="Fel ärende.")
    period = {"period_start": "2026-09-01", "period_end": "2026-11-18", "sources": ["fk", "af"]}
    assert client.post(reverse("registries:case_lookup", args=[case.pk]), period).status_code == 200


def test_the_case_page_reads_the_same_queries_however_much_the_case_holds(
    client_for: Any, user_named: Any, django_assert_max_num_queries: Any
) -> None:
    client, case = client_for("sara.lind"), _case()
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    before = _queries(client, url)
    _grow(client, case, user_named("sara.lind"))
    assert case.members.count() >= 4 and case.disclosure_requests.count() >= 4
    after = _queries(client, url)
    assert after == before, "a query per member, journal entry or request is back on the case page"
    with django_assert_max_num_queries(CASE_PAGE_MAX_QUERIES):
        client.get(url)
