"""The log review's detection rules (samverkan.domain.log_review), without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkan.domain import log_review as rules
from samverkan.domain.deadlines import SWEDISH_TIME
from samverkan.domain.log_review import DailyVolume, FindingKind, Official, PersonName

SARA = Official(id=1, first_name="Sara", last_name="Lind", organisation_id=10, unit_id=100)
OMAR = Official(id=2, first_name="Omar", last_name="Haddad", organisation_id=10, unit_id=100)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SWEDISH_TIME)


def test_a_person_with_a_colleagues_name_is_a_colleague_with_all_given_names_considered() -> None:
    person = PersonName(id=7, first_name="Omar Ali", last_name="HADDAD")
    relation = rules.relationship(person, SARA, [OMAR])
    assert relation is not None and relation.kind is FindingKind.COLLEAGUE and relation.official == OMAR


def test_looking_up_oneself_is_a_colleague_lookup() -> None:
    relation = rules.relationship(PersonName(8, "Sara Maria", "Lind"), SARA, [OMAR])
    assert relation is not None and relation.kind is FindingKind.COLLEAGUE and relation.official == SARA


def test_a_linked_person_record_decides_and_names_are_then_not_compared() -> None:
    linked = Official(id=2, first_name="Omar", last_name="Haddad", person_id=55)
    assert rules.relationship(PersonName(55, "Anna", "Berg"), SARA, [linked]).kind is FindingKind.COLLEAGUE  # type: ignore[union-attr]
    # Same name as the linked official but another person record: not the colleague.
    assert rules.relationship(PersonName(56, "Omar", "Haddad"), SARA, [linked]) is None


def test_same_surname_as_the_looking_official_but_another_first_name() -> None:
    relation = rules.relationship(PersonName(9, "Erik", " lind "), SARA, [OMAR])
    assert relation is not None and relation.kind is FindingKind.SAME_SURNAME


def test_a_surname_that_only_contains_the_officials_is_not_the_same() -> None:
    assert rules.relationship(PersonName(9, "Erik", "Lindqvist"), SARA, [OMAR]) is None
    assert rules.relationship(PersonName(9, "Erik", "Lind-Berg"), SARA, [OMAR]) is None
    # A colleague's surname is not the looking official's surname.
    assert rules.relationship(PersonName(9, "Erik", "Haddad"), SARA, [OMAR]) is None


def test_names_compare_case_insensitively_with_accents_kept() -> None:
    assert rules.normalise_name("  ÅBERG ") == rules.normalise_name("åberg")
    assert rules.normalise_name("Åberg") != rules.normalise_name("Aberg")
    assert rules.normalise_name("Lind - Berg") == "lind-berg"


def test_volume_far_above_the_units_median_and_at_least_twenty_is_flagged() -> None:
    day = dt.date(2025, 3, 3)
    volumes = [
        DailyVolume(1, 100, day, 21),
        DailyVolume(2, 100, day, 2),
        DailyVolume(2, 100, day + dt.timedelta(days=1), 3),
        DailyVolume(1, 100, day + dt.timedelta(days=1), 1),
    ]
    found = rules.volume_findings(volumes)
    assert [(f.actor_id, f.day, f.lookups, f.unit_median) for f in found] == [(1, day, 21, 2.5)]


def test_volume_below_twenty_or_not_three_times_the_median_is_not_flagged() -> None:
    day = dt.date(2025, 3, 3)
    assert rules.volume_findings([DailyVolume(1, 100, day, 19), *[DailyVolume(2, 100, day, 1)] * 3]) == []
    assert rules.volume_findings([DailyVolume(1, 100, day, 30), *[DailyVolume(2, 100, day, 10)] * 3]) == []
    # Exactly three times the median is not "more than" three times.
    assert (
        rules.volume_findings(
            [DailyVolume(1, 100, day, 30), DailyVolume(2, 100, day, 10), DailyVolume(3, 100, day, 10)]
        )
        == []
    )


def test_each_unit_has_its_own_normal() -> None:
    day = dt.date(2025, 3, 3)
    volumes = [
        DailyVolume(1, 100, day, 25),
        DailyVolume(2, 100, day, 24),
        DailyVolume(3, 200, day, 25),
        DailyVolume(4, 200, day, 1),
        DailyVolume(5, 200, day, 2),
    ]
    assert [f.actor_id for f in rules.volume_findings(volumes)] == [3]


@pytest.mark.parametrize(
    ("moment", "outside"),
    [
        (at(dt.date(2025, 3, 3), 6, 59), True),
        (at(dt.date(2025, 3, 3), 7, 0), False),
        (at(dt.date(2025, 3, 3), 17, 59), False),
        (at(dt.date(2025, 3, 3), 18, 0), True),
        (at(dt.date(2025, 3, 8), 12, 0), True),  # Saturday
        (at(dt.date(2025, 6, 6), 10, 0), True),  # Sveriges nationaldag
        (at(dt.date(2025, 6, 20), 10, 0), True),  # midsommarafton
        (dt.datetime(2025, 3, 3, 16, 30, tzinfo=dt.UTC), False),  # 17.30 in Sweden
        (dt.datetime(2025, 3, 3, 17, 30, tzinfo=dt.UTC), True),  # 18.30 in Sweden
    ],
)
def test_outside_working_hours_uses_swedish_time_and_holidays(moment: dt.datetime, outside: bool) -> None:
    assert rules.outside_working_hours(moment) is outside


def test_non_working_days_of_a_period() -> None:
    assert rules.non_working_days(dt.date(2025, 6, 5), dt.date(2025, 6, 9)) == [
        dt.date(2025, 6, 6),
        dt.date(2025, 6, 7),
        dt.date(2025, 6, 8),
    ]


def test_a_review_decided_within_thirty_seconds_is_fast() -> None:
    created = at(dt.date(2025, 3, 3), 10)
    assert rules.is_fast_review(created, created + dt.timedelta(seconds=30))
    assert not rules.is_fast_review(created, created + dt.timedelta(seconds=31))
    assert not rules.is_fast_review(created, created - dt.timedelta(seconds=1))


def test_finding_keys_round_trip_and_one_request_is_one_finding() -> None:
    key = rules.lookup_key(FindingKind.PROTECTED_IDENTITY, entry_id=5, request_id=77)
    assert key == "protected_identity:request:77"
    assert rules.lookup_key(FindingKind.OUTSIDE_HOURS, entry_id=5, request_id=None) == "outside_hours:entry:5"
    parsed = rules.parse_key(rules.volume_key(actor_id=3, day=dt.date(2025, 3, 3)))
    assert parsed is not None and parsed.kind is FindingKind.HIGH_VOLUME and parsed.day == dt.date(2025, 3, 3)
    assert rules.parse_key(rules.review_key(task_id=9)) == rules.ParsedKey(FindingKind.FAST_REVIEW, "task", 9)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "nonsense",
        "protected_identity:task:1",
        "fast_review:entry:1",
        "high_volume:entry:1",
        "high_volume:actor:1:2025-02-30",
        "other:entry:1",
    ],
)
def test_malformed_finding_keys_are_refused(key: str) -> None:
    assert rules.parse_key(key) is None
