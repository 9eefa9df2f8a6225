"""The table of record kinds: one :class:`~samverkan.registries.records.base.KindSpec` per kind, in display order.

Everything else that is per kind is read from it: which kinds an agency keeps (:func:`kinds_for`), the data
categories each can yield (:data:`KIND_CATEGORIES`), the kinds of which only the latest record counts
(:data:`LATEST_ONLY`). The categories asked of an agency in a lookup (:data:`LOOKUP_CATEGORIES`) are its duty
list in the domain's catalogue, which also holds categories no record answers (an application for
studiestöd, say).
"""

from __future__ import annotations

from collections.abc import Mapping

from samverkan.domain.disclosure import CATEGORIES, duty_categories
from samverkan.domain.organisations import OrganisationType
from samverkan.registries.records.base import AGENCY_CODES, KindSpec
from samverkan.registries.records.kinds import af, csn, fk_pm, tax_agency, unemployment_fund

KIND_SPECS: Mapping[str, KindSpec] = {
    spec.kind: spec for spec in (*fk_pm.KINDS, *af.KINDS, *unemployment_fund.KINDS, *csn.KINDS, *tax_agency.KINDS)
}

_BY_AGENCY: Mapping[str, tuple[KindSpec, ...]] = {
    agency: tuple(spec for spec in KIND_SPECS.values() if spec.kept_by(agency)) for agency in AGENCY_CODES
}


def kinds_for(agency: str) -> list[KindSpec]:
    """The record kinds an agency keeps, in display order."""
    return list(_BY_AGENCY.get(agency, ()))


#: The categories each record kind can yield in :func:`samverkan.registries.records.record_items`
#: (checked against it in tests/disclosures/test_released_values.py), so a request reads only the
#: record kinds that can answer it.
KIND_CATEGORIES: Mapping[str, frozenset[str]] = {kind: frozenset(spec.categories) for kind, spec in KIND_SPECS.items()}

#: Kinds of which only the latest record per person (by the given date field) concerns a period.
LATEST_ONLY: Mapping[str, str] = {kind: spec.latest_by for kind, spec in KIND_SPECS.items() if spec.latest_by}

#: The a-kassa's summary code of before its list was split (förordning 2008:975, 4 § p. 4–6 together): still
#: answered for earlier requests, never asked for in a new lookup.
_SUPERSEDED = frozenset({"unemployment_benefit_payment"})


#: Categories asked of each agency in a lookup: its duty list to socialnämnden (förordning 2008:975: 3 och 7 §§
#: FK and PM, 5 § AF, 4 § the a-kassa (split as 3 §), 2 § CSN, 6 § Skatteverket) in the catalogue's order.
def _asked_of(agency: str) -> tuple[str, ...]:
    duty = duty_categories(OrganisationType(agency)) - _SUPERSEDED
    return tuple(code for code in CATEGORIES if code in duty)


LOOKUP_CATEGORIES: Mapping[str, tuple[str, ...]] = {agency: _asked_of(agency) for agency in AGENCY_CODES}
