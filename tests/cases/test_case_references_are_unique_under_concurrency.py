"""Case references come from one allocator that really serialises (issue 15).

The old allocator read ``MAX(reference)`` with ``select_for_update()``, which Django drops on an
aggregate: on PostgreSQL concurrent creates read the same maximum and collided on the unique
constraint. The allocator now locks a counter row per (organisation, series, year).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from samverkan.accounts.models import User
from samverkan.cases import services
from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.core.models import ReferenceCounter
from samverkan.core.references import next_reference_number
from samverkan.people.models import Person
from tests.conftest import ensure_world

THREADS = 6
CASES_PER_THREAD = 2


def _subjects(count: int) -> list[str]:
    people = Person.objects.filter(protected_identity=False, birth_date__lt=dt.date(2000, 1, 1)).order_by("pk")
    numbers = list(people.values_list("identity_number", flat=True)[:count])
    assert len(numbers) == count
    return numbers


def _create_cases(sara_id: int, numbers: list[str], opened_on: dt.date) -> list[str]:
    sara = User.objects.select_related("unit__organisation").get(pk=sara_id)
    assert sara.unit is not None
    references = []
    for number in numbers:
        case = services.case_create(
            organisation=sara.unit.organisation,
            unit=sara.unit,
            case_type="assistance",
            subject_identity_number=number,
            responsible=sara,
            opened_on=opened_on,
            actor=sara,
        )
        references.append(case.reference)
    return references


@pytest.mark.django_db(transaction=True)
def test_cases_created_at_the_same_time_get_unique_consecutive_references() -> None:
    """On PostgreSQL from several threads at once; SQLite serialises every writer, so there one after another."""
    ensure_world()
    sara = User.objects.select_related("unit__organisation").get(username="sara.lind")
    organisation = sara.unit.organisation  # type: ignore[union-attr]
    opened_on = today()
    prefix = f"{opened_on.year}-"
    before = [r for r in Case.objects.filter(organisation=organisation).values_list("reference", flat=True)]
    highest = max((int(r[len(prefix) :]) for r in before if r.startswith(prefix)), default=0)
    numbers = _subjects(THREADS * CASES_PER_THREAD)
    batches = [numbers[i::THREADS] for i in range(THREADS)]

    made: list[str] = []
    failures: list[BaseException] = []
    if connection.vendor == "postgresql":
        start = threading.Barrier(THREADS)

        def worker(batch: list[str]) -> None:
            try:
                start.wait(timeout=30)
                made.extend(_create_cases(sara.pk, batch, opened_on))
            except BaseException as exc:  # collected and asserted below
                failures.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(batch,)) for batch in batches]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not any(t.is_alive() for t in threads)
    else:
        for batch in batches:
            made.extend(_create_cases(sara.pk, batch, opened_on))

    assert failures == []
    expected = [f"{prefix}{n:05d}" for n in range(highest + 1, highest + 1 + THREADS * CASES_PER_THREAD)]
    assert sorted(made) == expected
    counter = ReferenceCounter.objects.get(organisation=organisation, series="case", year=opened_on.year)
    assert counter.last == highest + THREADS * CASES_PER_THREAD


@pytest.mark.django_db
def test_the_next_reference_follows_a_reference_stored_without_the_allocator(user_named: Callable[[str], Any]) -> None:
    sara = user_named("sara.lind")
    number = _subjects(1)[0]
    case = services.case_create(
        organisation=sara.unit.organisation,
        unit=sara.unit,
        case_type="assistance",
        subject_identity_number=number,
        responsible=sara,
        opened_on=today(),
        actor=sara,
    )
    year = today().year
    Case.objects.filter(pk=case.pk).update(reference=f"{year}-00900")  # e.g. an import
    other = Person.objects.filter(protected_identity=False, birth_date__lt=dt.date(2000, 1, 1)).order_by("-pk").first()
    assert other is not None
    following = services.case_create(
        organisation=sara.unit.organisation,
        unit=sara.unit,
        case_type="assistance",
        subject_identity_number=other.identity_number,
        responsible=sara,
        opened_on=today(),
        actor=sara,
    )
    assert following.reference == f"{year}-00901"


@pytest.mark.django_db
def test_a_new_counter_starts_above_the_highest_number_already_used_and_counts_on(
    user_named: Callable[[str], Any],
) -> None:
    organisation = user_named("sara.lind").unit.organisation
    with transaction.atomic():
        assert next_reference_number(organisation=organisation, series="test", year=2026, highest_used=lambda: 4) == 5
        assert next_reference_number(organisation=organisation, series="test", year=2026, highest_used=lambda: 0) == 6
