"""What the gate hands over: the discloser's own registry records, reduced to the released categories.

The values come from the agency records of ``samverkan.registries`` that belong to the
disclosing organisation, for the person and the period asked about, turned into one fact per
data category by :func:`samverkan.registries.records.record_items`. Only the categories the
gate released are ever read out; everything else stays behind the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.apps import apps

from samverkan.accounts.models import Organisation
from samverkan.domain.consent import add_months
from samverkan.domain.disclosure import CATEGORIES
from samverkan.people.models import Person
from samverkan.registries.records import (
    AGENCY_CODES,
    LOOKUP_CATEGORIES,
    RecordData,
    identity_item,
    kinds_for,
    record_from_model,
    record_items,
    select_for_period,
)

#: A request without a period is about the current situation: the last three months.
DEFAULT_PERIOD_MONTHS = 3

#: Categories that are kept as structured registry records (the rest are documents and notes).
REGISTRY_CATEGORIES = frozenset(code for codes in LOOKUP_CATEGORIES.values() for code in codes)

Value = dict[str, str]


def default_period(on: dt.date) -> tuple[dt.date, dt.date]:
    return add_months(on, -DEFAULT_PERIOD_MONTHS), on


def registry_values(
    *,
    discloser: Organisation,
    person: Person,
    categories: Iterable[str],
    period: tuple[dt.date, dt.date] | None,
    on: dt.date,
) -> dict[str, list[Value]]:
    """Per released category, the facts ``discloser`` holds about ``person`` for ``period``.

    Each fact is ``{"label": ..., "value": ...}`` in Swedish. A registry category with no
    records says so; a category that is not kept as a record (notes, plans, certificates)
    says that the discloser hands the document over separately.
    """
    wanted = set(categories)
    if not wanted:
        return {}
    span = period or default_period(on)
    found: dict[str, list[Value]] = {code: [] for code in wanted}
    agency = discloser.org_type
    if "identity" in wanted:
        item = identity_item(full_name=person.full_name, identity_number=person.identity_number, agency=agency)
        found["identity"].append({"label": item.label, "value": item.value})
    if agency in AGENCY_CODES and wanted & (REGISTRY_CATEGORIES - {"identity"}):
        records: list[RecordData] = []
        for spec in kinds_for(agency):
            model = apps.get_model("registries", spec.model_name)
            rows = model.objects.filter(organisation=discloser, person=person).select_related("person", "organisation")
            records.extend(record_from_model(spec.kind, row, agency=agency) for row in rows)
        for record in select_for_period(records, span):
            for fact in record_items(record):
                if fact.category in wanted:
                    found[fact.category].append({"label": fact.label, "value": fact.value})
    for code, values in found.items():
        if values:
            continue
        if code in REGISTRY_CATEGORIES:
            values.append(
                {
                    "label": CATEGORIES[code].label,
                    "value": f"Inga uppgifter hos {discloser.name} för perioden "
                    f"{span[0].isoformat()}–{span[1].isoformat()}.",
                }
            )
        else:
            values.append(
                {
                    "label": CATEGORIES[code].label if code in CATEGORIES else code,
                    "value": f"Förs inte som registeruppgift i Samverkan. {discloser.name} lämnar handlingen "
                    "separat, på ett säkert sätt.",
                }
            )
    return found
