"""The one interface every agency data source has (ARCHITECTURE.md, "Sources").

A source answers for one agency (``fk``, ``pm``, ``af``, ``unemployment_fund``): given
identity numbers and a period it returns the records that concern the period
(:class:`SourceResult`), or raises :class:`SourceError` with a Swedish message. It knows
nothing of secrecy: the lookup asks the gate first and fetches only for persons about whom
something was released, then keeps only the released categories.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from samverkan.registries.records import RecordData, agency_label, select_for_period

Period = tuple[dt.date, dt.date]


class SourceError(Exception):
    """The source could not answer; ``message`` is Swedish and names the agency."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SourceTimeout(SourceError):
    """The source did not answer in time."""


@dataclass(frozen=True)
class SourceResult:
    """What one source answered: the records per identity number (only those asked for)."""

    agency: str
    source: str
    records: Mapping[str, tuple[RecordData, ...]] = field(default_factory=dict)
    elapsed: float = 0.0

    def for_person(self, identity_number: str) -> tuple[RecordData, ...]:
        return self.records.get(identity_number, ())

    @property
    def count(self) -> int:
        return sum(len(r) for r in self.records.values())

    @classmethod
    def grouped(
        cls,
        *,
        agency: str,
        source: str,
        records: Iterable[RecordData],
        asked: Sequence[str],
        elapsed: float = 0.0,
    ) -> SourceResult:
        wanted = set(asked)
        by_person: dict[str, list[RecordData]] = {}
        for record in records:
            if record.identity_number in wanted:
                by_person.setdefault(record.identity_number, []).append(record)
        return cls(
            agency=agency,
            source=source,
            records={k: tuple(v) for k, v in by_person.items()},
            elapsed=elapsed,
        )


@runtime_checkable
class Source(Protocol):
    """An agency data source: the sandbox, a file, or an agency's HTTP API."""

    agency: str
    #: "sandbox", "file" or "http".
    kind: str
    #: Seconds the lookup waits for this source before naming it as timed out.
    timeout: float

    def fetch(self, person_identity_numbers: Sequence[str], period: Period) -> SourceResult: ...


def period_result(
    source: Source, records: Iterable[RecordData], period: Period, asked: Sequence[str], *, started: float
) -> SourceResult:
    """A source's answer: of ``records``, those of the persons ``asked`` about that concern ``period``.

    ``started`` is the ``time.monotonic()`` of the start of the fetch (the answer's ``elapsed``).
    """
    return SourceResult.grouped(
        agency=source.agency,
        source=source.kind,
        records=select_for_period(records, period),
        asked=asked,
        elapsed=time.monotonic() - started,
    )


def describe(source: Source) -> str:
    names = {"sandbox": "syntetisk sandlåda", "file": "fil", "http": "myndighetens API"}
    return f"{agency_label(source.agency)} ({names.get(source.kind, source.kind)})"
