"""A request through the gate and the decision on it (the types; the deciding is :mod:`samverkan.domain.decision`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from samverkan.domain.checks import require_bool, require_date
from samverkan.domain.consent import ConsentRecord, case_type, organisation_type
from samverkan.domain.disclosure.catalogue import category
from samverkan.domain.disclosure.versioning import RULES_VERSION, rules_fingerprint
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.statutes import Citation, join_texts


class Outcome(StrEnum):
    RELEASED = "released"
    REVIEW = "review"
    DENIED = "denied"

    @property
    def label(self) -> str:
        return {"released": "lämnas ut", "review": "sekretessprövning", "denied": "lämnas inte ut"}[self.value]


class Basis(StrEnum):
    DUTY = "duty"
    CONSENT = "consent"

    @property
    def label(self) -> str:
        return {"duty": "uppgiftsskyldighet", "consent": "samtycke"}[self.value]


@dataclass(frozen=True, slots=True)
class DisclosureRequest:
    """One request through the gate: ``requester`` asks ``discloser`` for ``categories`` about one person.

    ``categories`` and ``consents`` are normalised (sorted, duplicates removed), so
    two requests that differ only in order are equal and decide the same.
    ``household_member`` is whether the person is in the household of the
    requester's aktuellt ärende; ``period_start``/``period_end`` the period the
    data is about (both or neither). ``own_work_necessity``: the discloser
    states that disclosing is needed for its own work (OSL 10 kap. 2 §).
    """

    date: dt.date
    requester: OrganisationType
    requester_handles_assistance: bool
    discloser: OrganisationType
    active_case: bool
    categories: tuple[str, ...]
    consents: tuple[ConsentRecord, ...] = ()
    household_member: bool = True
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    own_work_necessity: bool = False
    case_type: CaseType | None = None

    def __post_init__(self) -> None:
        require_date(self.date, "date")
        if self.case_type is not None:
            object.__setattr__(self, "case_type", case_type(self.case_type))
        object.__setattr__(self, "requester", organisation_type(self.requester, "requester"))
        object.__setattr__(self, "discloser", organisation_type(self.discloser, "discloser"))
        for name in ("requester_handles_assistance", "active_case", "household_member", "own_work_necessity"):
            require_bool(getattr(self, name), name)
        if isinstance(self.categories, str) or not isinstance(self.categories, (tuple, list, frozenset, set)):
            raise InputError("categories", "Ska vara en lista av uppgiftskategorier.", code="type")
        if not self.categories:
            raise InputError("categories", "Ange minst en uppgiftskategori.", code="required")
        codes = {category(code).code for code in self.categories}
        object.__setattr__(self, "categories", tuple(sorted(codes)))
        if not isinstance(self.consents, (tuple, list)):
            raise InputError("consents", "Ska vara en lista av samtycken.", code="type")
        for index, consent in enumerate(self.consents):
            if not isinstance(consent, ConsentRecord):
                raise InputError(f"consents[{index}]", "Ska vara ett registrerat samtycke.", code="type")
            for code in consent.categories:
                category(code, f"consents[{index}].categories")
        unique = {c.sort_key(): c for c in self.consents}
        object.__setattr__(self, "consents", tuple(unique[k] for k in sorted(unique)))
        if (self.period_start is None) != (self.period_end is None):
            missing = "period_end" if self.period_end is None else "period_start"
            raise InputError(missing, "Ange både periodens första och sista dag, eller ingen av dem.", code="required")
        if self.period_start is not None and self.period_end is not None:
            require_date(self.period_start, "period_start")
            require_date(self.period_end, "period_end")
            if self.period_end < self.period_start:
                raise InputError(
                    "period_end",
                    f"Periodens sista dag {self.period_end.isoformat()} ligger före dess första dag "
                    f"{self.period_start.isoformat()}.",
                    code="order",
                )

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible inputs, in the contract's shape plus the optional fields."""
        return {
            "date": self.date.isoformat(),
            "requester": str(self.requester),
            "requester_handles_assistance": self.requester_handles_assistance,
            "discloser": str(self.discloser),
            "active_case": self.active_case,
            "categories": list(self.categories),
            "consents": [c.to_dict() for c in self.consents],
            "household_member": self.household_member,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "own_work_necessity": self.own_work_necessity,
            "case_type": str(self.case_type) if self.case_type else None,
        }


@dataclass(frozen=True, slots=True)
class CategoryDecision:
    """The gate's answer for one category."""

    category: str
    outcome: Outcome
    basis: Basis | None
    consent_id: str | int | None
    citations: tuple[Citation, ...]
    explanation: str

    @property
    def citation(self) -> str:
        """All cited provisions as one Swedish text ("" when nothing is cited)."""
        return join_texts(self.citations)

    @property
    def released(self) -> bool:
        return self.outcome is Outcome.RELEASED

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "outcome": str(self.outcome),
            "basis": None if self.basis is None else str(self.basis),
            "consent_id": self.consent_id,
            "citation": self.citation,
            "citations": [c.to_dict() for c in self.citations],
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class DisclosureDecision:
    """All category decisions for one request, with the rules version that made them."""

    request: DisclosureRequest
    decisions: tuple[CategoryDecision, ...]
    rules_version: str = RULES_VERSION

    def _codes(self, outcome: Outcome) -> tuple[str, ...]:
        return tuple(d.category for d in self.decisions if d.outcome is outcome)

    @property
    def released(self) -> tuple[str, ...]:
        return self._codes(Outcome.RELEASED)

    @property
    def review(self) -> tuple[str, ...]:
        return self._codes(Outcome.REVIEW)

    @property
    def denied(self) -> tuple[str, ...]:
        return self._codes(Outcome.DENIED)

    @property
    def by_category(self) -> Mapping[str, CategoryDecision]:
        return MappingProxyType({d.category: d for d in self.decisions})

    def result(self) -> dict[str, Any]:
        """The rule-scenario result (contracts/README.md, kind ``disclosure``)."""
        return {
            "released": list(self.released),
            "review": list(self.review),
            "denied": list(self.denied),
            "citations": {d.category: d.citation for d in self.decisions},
            "decisions": {
                d.category: {
                    "outcome": str(d.outcome),
                    "basis": None if d.basis is None else str(d.basis),
                    "consent_id": d.consent_id,
                    "citation": d.citation,
                    "explanation": d.explanation,
                }
                for d in self.decisions
            },
            "rules_version": self.rules_version,
        }

    def snapshot(self) -> dict[str, Any]:
        """Inputs, citations and outcomes as JSON-compatible data, stored with the decision."""
        return {
            "rules_version": self.rules_version,
            "rules_fingerprint": rules_fingerprint(),
            "input": self.request.to_dict(),
            "decisions": [d.to_dict() for d in self.decisions],
            "released": list(self.released),
            "review": list(self.review),
            "denied": list(self.denied),
        }
