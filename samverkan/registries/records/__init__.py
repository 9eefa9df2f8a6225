"""The agencies' records as plain data: one format for the UI, the sandbox, file import and HTTP.

Every record kind (``benefit_payment``, ``jobseeker_registration`` …) is one row of one table
(:data:`KIND_SPECS`, :mod:`.table`; the rows per agency in :mod:`.kinds`): which agencies keep it, its
fields with Swedish labels and types, the model it is stored in, the data categories its facts fall in
and the function that writes them, the rule that refuses the same record entered twice, when it concerns
a period and the agency event it is (for proactive notices, :mod:`samverkan.domain.disclosure`). A record
read from a CSV line, a JSON object, an HTTP answer, a form or a database row becomes a
:class:`RecordData` after :func:`parse_record` has checked it; errors are :class:`FieldError`
(field + Swedish message), so a file import can name the line and field of each.

:func:`record_items` turns a record into the facts the secrecy gate decides on: each
:class:`Item` has one data category of förordning (2008:975) 3, 5 och 7 §§ (docs/domain.md §3), so the
gate can release some and withhold others (2 § Centrala studiestödsnämnden, 4 § the a-kassor, 6 §
Skatteverket too). :func:`select_for_period` keeps the records that concern a requested period.

CSN and Skatteverket reach Samverkan by system integration only (as in SSBTEK): their records come from
the sandbox, a file or their API, never from an official's form.

Readings chosen here (the safe ones): a refused benefit decision yields no items (the duty is
about benefits *granted*; that an application was made is its own category); only the latest
activity report up to the end of the period is disclosed (the category is "datum för senaste
aktivitetsrapport"); of Skatteverket's decisions on slutlig skatt only the latest up to the end of the
period (the latest taxation is what tells the nämnd about the person's income).
"""

from samverkan.registries.records.base import (
    AGENCY_CODES,
    APPLICATION_STATUSES,
    Agency,
    FieldError,
    FieldSpec,
    FieldType,
    KindSpec,
    SameRecord,
    agency_label,
    benefit_name,
    benefits_for,
)
from samverkan.registries.records.facts import Item, identity_item, record_items
from samverkan.registries.records.parsing import (
    RecordData,
    RecordInvalid,
    parse_record,
    record_from_model,
    same_values,
)
from samverkan.registries.records.period import agency_event, in_period, select_for_period
from samverkan.registries.records.table import (
    KIND_CATEGORIES,
    KIND_SPECS,
    LATEST_ONLY,
    LOOKUP_CATEGORIES,
    kinds_for,
)

__all__ = [
    "AGENCY_CODES",
    "APPLICATION_STATUSES",
    "KIND_CATEGORIES",
    "KIND_SPECS",
    "LATEST_ONLY",
    "LOOKUP_CATEGORIES",
    "Agency",
    "FieldError",
    "FieldSpec",
    "FieldType",
    "Item",
    "KindSpec",
    "RecordData",
    "RecordInvalid",
    "SameRecord",
    "agency_event",
    "agency_label",
    "benefit_name",
    "benefits_for",
    "identity_item",
    "in_period",
    "kinds_for",
    "parse_record",
    "record_from_model",
    "record_items",
    "same_values",
    "select_for_period",
]
