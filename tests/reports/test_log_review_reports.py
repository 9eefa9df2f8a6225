"""The standing reports over the audit log, each positive and negative, scoped to the security
officer's own organisation. Entries are written in a quiet week of March 2025 (conftest.WEEK)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from samverkan.core import clock
from samverkan.disclosures.models import ReviewTask
from samverkan.disclosures.services import review_decide
from samverkan.domain.log_review import FindingKind
from samverkan.reports import selectors
from samverkan.reports.models import OfficialPerson
from samverkan.reports.selectors import Period
from tests.reports.conftest import MONDAY, WEEK, at, make_person, org

pytestmark = pytest.mark.django_db


def kinds(found: list[selectors.Finding]) -> list[tuple[str, int | None]]:
    return [(f.official.username if f.official else "", f.person.pk if f.person else None) for f in found]


def test_a_lookup_of_a_person_with_protected_identity_is_flagged_once_per_request(lookup: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    hidden = make_person("Vera", "Skog", protected=True)
    ordinary = make_person("Vera", "Strand")
    lookup(sara, hidden, at(MONDAY, 10), request_id=9001)
    lookup(sara, hidden, at(MONDAY, 10), request_id=9001, event="disclosure.denied")  # same request, other outcome
    lookup(sara, ordinary, at(MONDAY, 11))
    found = selectors.protected_identity_findings(org("sorby-socialnamnd"), WEEK)
    assert kinds(found) == [("sara.lind", hidden.pk)]
    assert found[0].key == "protected_identity:request:9001"
    assert found[0].unit is None  # never the official's unit for a protected person


def test_a_lookup_by_another_organisations_official_is_not_in_the_own_report(lookup: Any, user_named: Any) -> None:
    hidden = make_person("Vera", "Skog", protected=True)
    lookup(user_named("fredrik.holm"), hidden, at(MONDAY, 10), discloser="af")
    assert selectors.protected_identity_findings(org("sorby-socialnamnd"), WEEK) == []
    assert kinds(selectors.protected_identity_findings(org("fk"), WEEK)) == [("fredrik.holm", hidden.pk)]


def test_lookups_of_colleagues_and_of_namesakes(lookup: Any, user_named: Any) -> None:
    sara, omar = user_named("sara.lind"), user_named("omar.haddad")
    colleague = make_person("Omar Yusuf", "Haddad")
    herself = make_person("Sara Maria", "Lind")
    namesake = make_person("Erik", "Lind")
    linked = make_person("Anna", "Björk")
    stranger = make_person("Erik", "Lindqvist")
    OfficialPerson.objects.create(official=user_named("eva.berg"), person=linked, linked_at=clock.now())
    for person in (colleague, herself, namesake, linked, stranger):
        lookup(sara, person, at(MONDAY, 9))
    lookup(omar, namesake, at(MONDAY, 9))  # Lind is not Omar's surname
    found = selectors.relation_findings(org("sorby-socialnamnd"), WEEK)
    assert sorted(kinds(found[FindingKind.COLLEAGUE])) == sorted(
        [("sara.lind", colleague.pk), ("sara.lind", herself.pk), ("sara.lind", linked.pk)]
    )
    assert kinds(found[FindingKind.SAME_SURNAME]) == [("sara.lind", namesake.pk)]
    details = {f.person.pk: f.detail for f in found[FindingKind.COLLEAGUE] if f.person}
    assert details[herself.pk].startswith("Handläggaren har slagit på sig själv")
    assert "Omar Haddad" in details[colleague.pk] and "Eva Berg" in details[linked.pk]


def test_an_official_far_above_the_units_daily_normal_is_flagged(lookup: Any, user_named: Any, persons: Any) -> None:
    sara, omar = user_named("sara.lind"), user_named("omar.haddad")
    people = persons(30)
    for i, person in enumerate(people[:25]):
        lookup(sara, person, at(MONDAY, 8) + dt.timedelta(minutes=i))
    lookup(sara, people[0], at(MONDAY, 15))  # the same person again the same day counts once
    for day, count in ((MONDAY, 2), (MONDAY + dt.timedelta(days=1), 2), (MONDAY + dt.timedelta(days=2), 1)):
        for person in people[25 : 25 + count]:
            lookup(omar, person, at(day, 13))
    found = selectors.high_volume_findings(org("sorby-socialnamnd"), WEEK)
    assert [(f.official.username, f.day, f.extra["lookups"]) for f in found if f.official] == [
        ("sara.lind", MONDAY, 25)
    ]
    assert "25 personer" in found[0].detail


def test_many_lookups_when_the_whole_unit_works_that_much_are_not_flagged(
    lookup: Any, user_named: Any, persons: Any
) -> None:
    sara, omar = user_named("sara.lind"), user_named("omar.haddad")
    people = persons(40)
    for person in people[:25]:
        lookup(sara, person, at(MONDAY, 9))
    for person in people[:12]:
        lookup(omar, person, at(MONDAY, 10))
        lookup(omar, person, at(MONDAY + dt.timedelta(days=1), 10))
    assert selectors.high_volume_findings(org("sorby-socialnamnd"), WEEK) == []


def test_lookups_outside_working_hours_on_weekdays_weekends_and_holidays(
    lookup: Any, user_named: Any, persons: Any
) -> None:
    sara = user_named("sara.lind")
    p = persons(8)
    inside = [lookup(sara, p[0], at(MONDAY, 7, 0)), lookup(sara, p[1], at(MONDAY, 17, 59))]
    outside = [
        lookup(sara, p[2], at(MONDAY, 6, 59)),
        lookup(sara, p[3], at(MONDAY, 18, 0)),
        lookup(sara, p[4], at(dt.date(2025, 3, 8), 12, 0)),  # Saturday
    ]
    found = selectors.outside_hours_findings(org("sorby-socialnamnd"), WEEK)
    assert {f.entry.pk for f in found if f.entry} == {e.pk for e in outside}
    assert not {e.pk for e in inside} & {f.entry.pk for f in found if f.entry}
    saturday = next(f for f in found if f.day == dt.date(2025, 3, 8))
    assert "kl. 12.00, lördag" in saturday.detail


def test_a_lookup_on_a_public_holiday_is_outside_working_hours(lookup: Any, user_named: Any, persons: Any) -> None:
    national_day = lookup(user_named("sara.lind"), persons(1)[0], at(dt.date(2025, 6, 6), 10, 0))
    found = selectors.outside_hours_findings(org("sorby-socialnamnd"), Period(dt.date(2025, 6, 2), dt.date(2025, 6, 8)))
    assert [f.entry.pk for f in found if f.entry] == [national_day.pk]
    assert "kl. 10.00, Nationaldagen" in found[0].detail


def test_a_secrecy_review_decided_within_thirty_seconds_is_flagged_and_a_slow_one_is_not(user_named: Any) -> None:
    tasks = list(ReviewTask.objects.filter(organisation__code="af", status=ReviewTask.Status.OPEN).order_by("pk"))
    assert tasks, "the demo world leaves a consent-based request in Arbetsförmedlingen's queue"
    task = tasks[0]
    ali = user_named("ali.karimi")
    with clock.pinned(task.created_at + dt.timedelta(seconds=12), ticking=False):
        review_decide(task=task, decided_by=ali, approve=False, motivation="Prövat: menprövningen utfaller negativt.")
    day = timezone.localtime(task.created_at).date()
    found = selectors.fast_review_findings(org("af"), Period(day, day))
    mine = [f for f in found if f.task_id == task.pk]
    assert len(mine) == 1 and mine[0].official == ali and "12 sekunder" in mine[0].detail
    assert [
        f for f in selectors.fast_review_findings(org("sorby-socialnamnd"), Period(day, day)) if f.task_id == task.pk
    ] == []


def test_a_secrecy_review_that_took_time_is_not_flagged(user_named: Any) -> None:
    task = ReviewTask.objects.filter(organisation__code="af", status=ReviewTask.Status.OPEN).order_by("pk").first()
    assert task is not None
    with clock.pinned(task.created_at + dt.timedelta(minutes=20), ticking=False):
        review_decide(task=task, decided_by=user_named("ali.karimi"), approve=False, motivation="Menprövning gjord.")
    day = timezone.localtime(task.created_at).date()
    assert [f for f in selectors.fast_review_findings(org("af"), Period(day, day)) if f.task_id == task.pk] == []


def test_the_demo_world_shows_a_flagged_protected_identity_lookup_in_the_last_thirty_days(world: None) -> None:
    found = selectors.protected_identity_findings(org("sorby-socialnamnd"), selectors.default_period(clock.today()))
    assert found and all(f.person is not None and f.person.protected_identity for f in found)
