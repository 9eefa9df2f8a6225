"""The gate's compiled-once statements (samverkan.core.prepared) give what the ORM gives, on every database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.consents.models import Consent
from samverkan.core.prepared import PreparedInsert, PreparedRead, PreparedUpdate
from samverkan.people.models import Household, Person

pytestmark = pytest.mark.django_db


def _persons(born_after: dt.date, ids: list[int]) -> object:
    return (
        Person.objects.filter(birth_date__gt=born_after, pk__in=ids)
        .order_by("pk")
        .values_list("pk", "birth_date", "last_name")
    )


PERSONS = PreparedRead(_persons)


def test_a_prepared_read_returns_what_values_list_returns_for_each_call_s_values() -> None:
    people = list(Person.objects.order_by("pk"))
    assert len(people) >= 4
    day = dt.date(1980, 1, 1)
    for chosen in ([p.pk for p in people[:3]], [people[-1].pk], [p.pk for p in people]):
        assert PERSONS.rows(day, chosen) == list(_persons(day, chosen))  # type: ignore[call-overload]
    # Dates come back as dates (SQLite stores them as text: the compiler's converters run).
    assert all(isinstance(row[1], dt.date) for row in PERSONS.rows(dt.date(1900, 1, 1), [p.pk for p in people]))


def test_a_prepared_read_compiles_once_per_shape_and_asks_the_database_once_per_call() -> None:
    read = PreparedRead(_persons)
    ids = list(Person.objects.values_list("pk", flat=True)[:2])
    read.rows(dt.date(1900, 1, 1), ids)
    with CaptureQueriesContext(connection) as queries:
        read.rows(dt.date(1950, 1, 1), ids)
        read.rows(dt.date(1950, 1, 1), list(reversed(ids)))
    assert len(queries.captured_queries) == 2
    assert len(read._compiled) == 1


def test_a_list_argument_is_deduplicated_and_an_empty_one_reads_nothing() -> None:
    person = Person.objects.order_by("pk").first()
    assert person is not None
    assert PERSONS.rows(dt.date(1900, 1, 1), [person.pk, person.pk]) == [
        (person.pk, person.birth_date, person.last_name)
    ]
    with CaptureQueriesContext(connection) as queries:
        assert PERSONS.rows(dt.date(1900, 1, 1), []) == []
    assert queries.captured_queries == []


def test_a_value_equal_to_a_constant_of_the_builder_still_goes_to_its_own_place() -> None:
    # The builder's constant ("active") and the argument are both strings: the argument's place is found by its
    # sentinel, never by equality with the call's value.
    read = PreparedRead(
        lambda purpose: Consent.objects.filter(status="active", purpose=purpose).order_by("pk").values_list("pk")
    )
    consent = Consent.objects.filter(status="active").order_by("pk").first()
    assert consent is not None
    assert read.rows(consent.purpose) == list(
        Consent.objects.filter(status="active", purpose=consent.purpose).order_by("pk").values_list("pk")
    )
    assert read.rows("active") == []


def test_a_bool_or_none_argument_is_refused_when_compiling() -> None:
    read = PreparedRead(lambda flag: Consent.objects.filter(child_agrees=flag).values_list("pk"))
    with pytest.raises(TypeError, match="bool or None"):
        read.rows(True)


def test_a_prepared_update_changes_only_the_rows_of_its_filter() -> None:
    first, second = Household.objects.create(code="prep-a"), Household.objects.create(code="prep-b")
    move = PreparedUpdate(lambda pk: Household.objects.filter(pk=pk), ("code",))
    assert move.run(first.pk, "prep-a2") == 1
    assert move.run(second.pk, "prep-b2") == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.code, second.code) == ("prep-a2", "prep-b2")


def test_a_prepared_insert_saves_the_objects_and_sets_their_keys_like_bulk_create() -> None:
    insert = PreparedInsert(Household)
    for codes in (["prep-1"], ["prep-2", "prep-3", "prep-4"], ["prep-5"]):
        saved = insert.insert([Household(code=code) for code in codes])
        assert all(h.pk is not None and not h._state.adding for h in saved)
        assert [Household.objects.get(pk=h.pk).code for h in saved] == codes


def test_a_prepared_insert_refuses_an_object_that_already_has_a_key() -> None:
    existing = Household.objects.create(code="prep-existing")
    with pytest.raises(ValueError, match="without a primary key"):
        PreparedInsert(Household).insert([existing])


def test_a_prepared_insert_of_many_rows_is_left_to_bulk_create() -> None:
    many = [Household(code=f"prep-many-{n}") for n in range(40)]
    saved = PreparedInsert(Household).insert(many)
    assert len({h.pk for h in saved}) == 40
    assert Household.objects.filter(code__startswith="prep-many-").count() == 40
