"""The one allocator of reference numbers (a case's ``2026-00042``, a reclaim's ``ÅS-2026-00007``).

Each (organisation, series, year) has a :class:`~samverkan.core.models.ReferenceCounter` row. The
allocator locks that row (``SELECT … FOR UPDATE``; on SQLite every write transaction is
``IMMEDIATE`` and so already serialised) and keeps the lock until the caller's transaction ends,
so the number and the row that uses it are committed together and no other transaction gets the
same number in between. A missing counter is created first (two creators race on the unique
constraint; the loser waits for the winner's lock). The next number is one above both the counter
and the highest number already used in the series (``highest_used``), so references stored without
the allocator (the demo world, an import) never collide with the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet

from samverkan.accounts.models import Organisation
from samverkan.core.models import ReferenceCounter


def _locked(organisation: Organisation, series: str, year: int) -> ReferenceCounter | None:
    return (
        ReferenceCounter.objects.select_for_update().filter(organisation=organisation, series=series, year=year).first()
    )


def next_reference_number(
    *, organisation: Organisation, series: str, year: int, highest_used: Callable[[], int]
) -> int:
    """The next number of ``series`` for ``organisation`` and ``year``.

    Call it inside the transaction that stores the reference: the counter stays locked until it
    ends. ``highest_used()`` is the highest number already stored in the series (0 when none).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference_number ska anropas i den transaktion som sparar numret.")
    counter = _locked(organisation, series, year)
    if counter is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(organisation=organisation, series=series, year=year, last=0)
        except IntegrityError:
            pass  # created by another transaction a moment ago: wait for its lock below
        counter = _locked(organisation, series, year)
        assert counter is not None
    number = max(counter.last, highest_used()) + 1
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=number)
    return number


def number_in(reference: str | None, prefix: str) -> int:
    """The number of a reference written ``<prefix>NNNNN`` (0 for None or another form)."""
    if not reference or not reference.startswith(prefix):
        return 0
    tail = reference[len(prefix) :]
    return int(tail) if tail.isdigit() else 0


def next_reference(*, rows: QuerySet[Any], organisation: Organisation, series: str, year: int, prefix: str) -> str:
    """The next reference ``<prefix>NNNNN`` of ``series``: the counter's next number, never below the highest
    already stored among ``rows`` (the organisation's rows of the model, whose ``reference`` starts with
    ``prefix``). Call it inside the transaction that stores the row."""

    def highest_used() -> int:
        last = rows.filter(reference__startswith=prefix).aggregate(m=Max("reference"))["m"]
        return number_in(last, prefix)

    number = next_reference_number(organisation=organisation, series=series, year=year, highest_used=highest_used)
    return f"{prefix}{number:05d}"
