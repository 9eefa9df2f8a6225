"""Which records concern a requested period, and which agency event a new record is.

Of the activity reports and the decisions on slutlig skatt only the latest per person up to the end of the
period concerns it (:data:`~samverkan.registries.records.table.LATEST_ONLY`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from samverkan.domain.disclosure import AgencyEventKind
from samverkan.registries.records.base import Period
from samverkan.registries.records.parsing import RecordData
from samverkan.registries.records.table import KIND_SPECS, LATEST_ONLY


def in_period(record: RecordData, period: Period) -> bool:
    """Whether a record concerns ``period`` (activity reports: see :func:`select_for_period`)."""
    spec = KIND_SPECS.get(record.kind)
    return spec is not None and spec.concerns(record.values, period)


def _sort_key(record: RecordData) -> tuple[str, str, str]:
    dates = [value for value in record.values.values() if isinstance(value, dt.date)]
    return (record.kind, max(dates).isoformat() if dates else "", record.external_id)


def select_for_period(records: Iterable[RecordData], period: Period) -> list[RecordData]:
    """The records that concern ``period``; of the activity reports and the decisions on slutlig skatt only the
    latest per person."""
    chosen: list[RecordData] = []
    latest: dict[tuple[str, str], RecordData] = {}
    for record in records:
        if not in_period(record, period):
            continue
        day_field = LATEST_ONLY.get(record.kind)
        if day_field is not None:
            key = (record.kind, record.identity_number)
            current = latest.get(key)
            if current is None or record.values[day_field] > current.values[day_field]:
                latest[key] = record
            continue
        chosen.append(record)
    chosen.extend(latest.values())
    return sorted(chosen, key=_sort_key)


def agency_event(record: RecordData) -> AgencyEventKind | None:
    """The agency event a newly recorded record is (None: nothing to tell anyone)."""
    spec = KIND_SPECS.get(record.kind)
    return None if spec is None else spec.event(record.values)
