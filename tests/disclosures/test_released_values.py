"""The released values: only the record kinds that can answer are read, and unkept documents are named honestly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from samverkan.disclosures import records
from samverkan.disclosures.records import KIND_CATEGORIES, register_value_provider
from samverkan.disclosures.services import disclosure_request
from samverkan.registries.records import KIND_SPECS, FieldType, RecordData, record_items
from tests.disclosures.conftest import Gate

_SAMPLE = {
    FieldType.DATE: dt.date(2026, 1, 1),
    FieldType.MONEY: Decimal("1000.00"),
    FieldType.BOOL: True,
    FieldType.TEXT: "hel",
    FieldType.BENEFIT: "sickness_benefit",
}


@pytest.mark.parametrize("kind", sorted(KIND_SPECS))
def test_each_record_kind_yields_only_the_categories_it_is_read_for(kind: str) -> None:
    spec = KIND_SPECS[kind]
    values = {}
    for f in spec.fields:
        values[f.name] = f.choices[0][0] if f.type is FieldType.CHOICE else _SAMPLE[f.type]
    if kind == "benefit_decision":
        values["outcome"] = "granted"
    record = RecordData(kind=kind, external_id="x", identity_number="199001019802", values=values)
    yielded = {item.category for item in record_items(record)}
    assert yielded and yielded <= KIND_CATEGORIES[kind]


def test_every_record_kind_is_mapped() -> None:
    assert set(KIND_CATEGORIES) == set(KIND_SPECS)


def test_a_provider_cannot_take_over_a_registry_category() -> None:
    with pytest.raises(ValueError):
        register_value_provider("jobseeker_category", lambda **kwargs: [])
    with pytest.raises(ValueError):
        register_value_provider("no_such_category", lambda **kwargs: [])


@pytest.mark.django_db
def test_a_category_without_records_or_provider_says_it_is_handed_over_separately(gate: Gate) -> None:
    assert records.value_provider("case_notes") is None
    gate.consent(by=gate.fk_official, categories=["case_notes"])
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.fk,
        person=gate.client,
        case=gate.case,
        categories=["case_notes"],
        purpose="Planering av insatser",
        on=gate.today,
    )
    row = result.request.decisions.get(category="case_notes")
    assert row.outcome == "released"
    assert "lämnar handlingen eller ett skriftligt svar här" in row.released_values[0]["value"]


@pytest.mark.django_db
def test_the_stored_snapshot_is_the_domains_and_each_row_explains_its_decision(gate: Gate) -> None:
    from samverkan.disclosures.services import decision_inputs
    from samverkan.domain.disclosure import rules_fingerprint

    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=["jobseeker_category", "sgi"],
        purpose="Planering av insatser",
        on=gate.today,
    )
    stored = result.request
    assert stored.snapshot["rules_fingerprint"] == rules_fingerprint()
    assert set(stored.snapshot) == {
        "rules_version",
        "rules_fingerprint",
        "input",
        "decisions",
        "released",
        "review",
        "denied",
    }
    assert stored.snapshot["decisions"] == [result.decisions[c].to_dict() for c in sorted(result.decisions)]
    for row in stored.decisions.all():
        assert row.snapshot["rules_fingerprint"] == rules_fingerprint()
        assert row.snapshot["decision"] == next(
            d for d in stored.snapshot["decisions"] if d["category"] == row.category
        )
        assert decision_inputs(row) == stored.snapshot["input"]
