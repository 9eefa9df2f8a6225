"""What the gate hands over: the discloser's own facts about the person, reduced to the released categories.

Two sources, one format (``{"label": ..., "value": ...}`` in Swedish, one dict per fact):

- **Registry records** of ``samverkan.registries`` that belong to the disclosing organisation,
  for the person and the period asked about, turned into facts per data category by
  :func:`samverkan.registries.records.record_items`. Only the record kinds that can yield a
  released category are read (:data:`KIND_CATEGORIES`).
- **Value providers** that other apps register per category with :func:`register_value_provider`
  (for example the rehabilitation plan and the avstämningsmöte minutes, kept by
  ``samverkan.rehab``). A provider returns exactly what the recipient is shown of that category.

Only the categories the gate released are ever read out; everything else stays behind the gate.
A category with neither records nor a provider says honestly that the discloser hands the
document over separately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps

from samverkan.accounts.models import Organisation
from samverkan.core.prepared import PreparedRead
from samverkan.domain.consent import add_months
from samverkan.domain.disclosure import CATEGORIES
from samverkan.people.models import Person
from samverkan.registries.records import (
    AGENCY_CODES,
    KIND_CATEGORIES,
    LOOKUP_CATEGORIES,
    Item,
    KindSpec,
    RecordData,
    identity_item,
    kinds_for,
    record_items,
    select_for_period,
)

#: A request without a period is about the current situation: the last three months.
DEFAULT_PERIOD_MONTHS = 3

#: Categories that are kept as structured registry records (the rest are documents and notes).
REGISTRY_CATEGORIES = frozenset(code for codes in LOOKUP_CATEGORIES.values() for code in codes) | {
    "unemployment_benefit_payment"  # the a-kassa's summary code of before its list was split (still answered)
}

#: One released fact: ``label`` and ``value`` in Swedish; a registry fact also has ``record`` (:func:`released_fact`).
Value = dict[str, Any]


class ValueProvider(Protocol):
    """Returns the facts of one released category: what the recipient organisation is shown."""

    def __call__(
        self,
        *,
        discloser: Organisation,
        recipient: Organisation,
        person: Person,
        period: tuple[dt.date, dt.date] | None,
        on: dt.date,
    ) -> list[Value]: ...


_PROVIDERS: dict[str, ValueProvider] = {}


def register_value_provider(category: str, provider: ValueProvider) -> None:
    """Let an app supply the released values of ``category`` (called from the app's ``hooks.py``).

    The provider is called inside the gate's transaction with the discloser, the recipient
    organisation, the person, the requested period (None: none was asked for) and the day, and
    returns ``[{"label": ..., "value": ...}, ...]``. Registering a category twice replaces the
    provider (hooks may be imported again in tests).
    """
    if category not in CATEGORIES:
        raise ValueError(f"unknown data category {category!r}")
    if category in REGISTRY_CATEGORIES:
        raise ValueError(f"{category!r} is answered from the registry records")
    _PROVIDERS[category] = provider


def value_provider(category: str) -> ValueProvider | None:
    return _PROVIDERS.get(category)


def default_period(on: dt.date) -> tuple[dt.date, dt.date]:
    return add_months(on, -DEFAULT_PERIOD_MONTHS), on


@dataclass(frozen=True)
class ValuesWanted:
    """One request's released categories, whose values :func:`registry_values_many` reads."""

    discloser: Organisation
    recipient: Organisation
    person: Person
    categories: frozenset[str]
    period: tuple[dt.date, dt.date] | None
    on: dt.date
    #: A notice about one record (``(kind, external_id)``): only that record's facts, whatever its period.
    record: tuple[str, str] | None = None


def _record_kinds(wanted: ValuesWanted) -> list[KindSpec]:
    """The record kinds of the discloser that can yield a wanted registry category (none for other organisations)."""
    agency = wanted.discloser.org_type
    record_wanted = wanted.categories & (REGISTRY_CATEGORIES - {"identity"})
    if agency not in AGENCY_CODES or not record_wanted:
        return []
    return [spec for spec in kinds_for(agency) if record_wanted & KIND_CATEGORIES.get(spec.kind, REGISTRY_CATEGORIES)]


_RECORD_READS: dict[str, PreparedRead] = {}


def _records_read(spec: KindSpec) -> PreparedRead:
    """The read of one record kind for some disclosers and persons, compiled once (:mod:`samverkan.core.prepared`)."""
    read = _RECORD_READS.get(spec.kind)
    if read is None:
        model = apps.get_model("registries", spec.model_name)

        def build(organisations: list[int], persons: list[int]) -> Any:
            return (
                model._default_manager.filter(organisation_id__in=organisations, person_id__in=persons)
                .order_by("pk")
                .values_list("organisation_id", "person_id", "external_id", *spec.field_names)
            )

        read = _RECORD_READS.setdefault(spec.kind, PreparedRead(build))
    return read


def _read_records(batch: Sequence[ValuesWanted]) -> dict[tuple[str, int, int], list[RecordData]]:
    """The records the batch needs, by (kind, discloser, person): one query per record kind, not per person."""
    needed: dict[str, tuple[KindSpec, set[tuple[int, int]]]] = {}
    for wanted in batch:
        for spec in _record_kinds(wanted):
            needed.setdefault(spec.kind, (spec, set()))[1].add((wanted.discloser.pk, wanted.person.pk))
    by_pk = {w.discloser.pk: w.discloser for w in batch}
    numbers = {w.person.pk: w.person.identity_number for w in batch}
    found: dict[tuple[str, int, int], list[RecordData]] = {}
    for kind, (spec, pairs) in needed.items():
        rows = _records_read(spec).rows(sorted({o for o, _ in pairs}), sorted({p for _, p in pairs}))
        for organisation_id, person_id, external_id, *values in rows:
            if (organisation_id, person_id) not in pairs:
                continue  # another discloser's record of a person in the batch
            discloser = by_pk[organisation_id]
            found.setdefault((kind, organisation_id, person_id), []).append(
                RecordData(
                    kind=kind,
                    external_id=external_id,
                    identity_number=numbers[person_id],
                    values=dict(zip(spec.field_names, values, strict=True)),
                    agency=discloser.org_type,
                    organisation=discloser.code,
                )
            )
    return found


def released_fact(fact: Item) -> Value:
    """A registry fact as released: the Swedish text the recipient reads, and the record it comes from with its
    facts as data (``record``: kind, the agency's id, facts), so that the recipient's own work (återsökning)
    computes from what the gate released and never from the agency's rows."""
    data = fact.to_json()
    return {
        "label": fact.label,
        "value": fact.value,
        "record": {"kind": data["kind"], "id": data["external_id"], "facts": data["data"]},
    }


def released_record_facts(values: Iterable[Mapping[str, Any]], *, kind: str, external_id: str) -> dict[str, Any]:
    """The facts released about one record, merged over the released values of all categories."""
    facts: dict[str, Any] = {}
    for value in values:
        record = value.get("record")
        if isinstance(record, Mapping) and record.get("kind") == kind and record.get("id") == external_id:
            facts.update(record.get("facts") or {})
    return facts


def registry_values(
    *,
    discloser: Organisation,
    person: Person,
    categories: Iterable[str],
    period: tuple[dt.date, dt.date] | None,
    on: dt.date,
    recipient: Organisation,
) -> dict[str, list[Value]]:
    """Per released category, the facts ``discloser`` holds about ``person`` for ``period``.

    Each fact is ``{"label": ..., "value": ...}`` in Swedish. A registry category with no
    records says so; a category with a registered provider (:func:`register_value_provider`)
    gets the provider's facts for ``recipient``; any other category (notes, certificates) says
    that the discloser hands the document over separately.
    """
    wanted = ValuesWanted(discloser, recipient, person, frozenset(categories), period, on)
    return registry_values_many([wanted])[0]


def registry_values_many(batch: Sequence[ValuesWanted]) -> list[dict[str, list[Value]]]:
    """:func:`registry_values` for each request of a batch, in order; one query per record kind for the whole batch.

    A value provider (:func:`register_value_provider`) is still called once per request that released its category.
    """
    records = _read_records(batch)
    return [_values_of(wanted, records) for wanted in batch]


def _values_of(
    wanted: ValuesWanted, records: Mapping[tuple[str, int, int], list[RecordData]]
) -> dict[str, list[Value]]:
    codes = set(wanted.categories)
    if not codes:
        return {}
    discloser, person, recipient = wanted.discloser, wanted.person, wanted.recipient
    span = wanted.period or default_period(wanted.on)
    found: dict[str, list[Value]] = {code: [] for code in codes}
    agency = discloser.org_type
    if "identity" in codes:
        item = identity_item(full_name=person.full_name, identity_number=person.identity_number, agency=agency)
        found["identity"].append({"label": item.label, "value": item.value})
    kinds = _record_kinds(wanted)
    if kinds:
        mine = [r for spec in kinds for r in records.get((spec.kind, discloser.pk, person.pk), [])]
        if wanted.record is not None:
            chosen = [r for r in mine if (r.kind, r.external_id) == wanted.record]
        else:
            chosen = select_for_period(mine, span)
        for record in chosen:
            for fact in record_items(record):
                if fact.category in codes:
                    found[fact.category].append(released_fact(fact))
    for code in sorted(codes - REGISTRY_CATEGORIES):
        provider = _PROVIDERS.get(code)
        if provider is not None:
            found[code] = list(
                provider(discloser=discloser, recipient=recipient, person=person, period=wanted.period, on=wanted.on)
            )
    for code, values in found.items():
        if values:
            continue
        label = CATEGORIES[code].label if code in CATEGORIES else code
        if code in _PROVIDERS:
            values.append({"label": label, "value": f"Inga uppgifter hos {discloser.name} som rör {recipient.name}."})
        elif code in REGISTRY_CATEGORIES:
            values.append(
                {
                    "label": label,
                    "value": f"Inga uppgifter hos {discloser.name} för perioden "
                    f"{span[0].isoformat()}–{span[1].isoformat()}.",
                }
            )
        else:
            values.append(
                {
                    "label": label,
                    "value": f"Förs inte som registeruppgift i Samverkan. {discloser.name} lämnar handlingen eller "
                    "ett skriftligt svar här på förfrågan (samverkan.disclosures.documents).",
                }
            )
    return found
