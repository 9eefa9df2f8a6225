"""The facts the secrecy gate decides on: one :class:`Item` per data category of a record.

Each item has one data category of förordning (2008:975) 3, 5 och 7 §§ (docs/domain.md §3), so the gate can
release some and withhold others (2 § Centrala studiestödsnämnden, 4 § the a-kassor, 6 § Skatteverket too).
What a kind's facts are is its row in the table (:attr:`KindSpec.facts`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from samverkan.domain.disclosure import CATEGORIES
from samverkan.domain.money import money_str
from samverkan.registries.records.table import KIND_SPECS

if TYPE_CHECKING:
    from samverkan.registries.records.parsing import RecordData


@dataclass(frozen=True, slots=True)
class Item:
    """One fact about a person in one data category (what the gate releases or withholds)."""

    category: str
    label: str
    value: str
    kind: str
    external_id: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category].label

    @property
    def record_label(self) -> str:
        return KIND_SPECS[self.kind].label if self.kind in KIND_SPECS else self.kind

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "label": self.label,
            "value": self.value,
            "kind": self.kind,
            "external_id": self.external_id,
            "data": {k: _json_scalar(v) for k, v in self.data.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Item:
        return cls(
            category=data["category"],
            label=data["label"],
            value=data["value"],
            kind=data.get("kind", ""),
            external_id=data.get("external_id", ""),
            data=dict(data.get("data") or {}),
        )


def _json_scalar(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return money_str(value)
    return value


def identity_item(*, full_name: str, identity_number: str, agency: str) -> Item:
    """The identity category: name and personnummer/samordningsnummer as the agency has them."""
    return Item(
        category="identity",
        label="Namn och nummer",
        value=f"{full_name}, {identity_number}",
        kind="identity",
        external_id=f"{agency}:{identity_number}",
        data={"name": full_name, "identity_number": identity_number},
    )


def record_items(record: RecordData) -> list[Item]:
    """The facts a record holds, one :class:`Item` per data category (förordning 2008:975)."""
    kind, ext = record.kind, record.external_id

    def fact(code: str, label: str, value: str, /, **data: Any) -> Item:
        return Item(code, label, value, kind, ext, data)

    return KIND_SPECS[kind].facts(record.values, fact)
