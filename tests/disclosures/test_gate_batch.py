"""The gate's batch path (issue 19): the same rows, audit entries and answers as one request at a time.

The same requests are made one at a time (in a savepoint that is then rolled back, so the audit
chain's head is where it was) and as one batch; the stored rows are compared row by row, with ids
and timestamps left out (request ids in the audit entries become the request's position).
Runs on SQLite and on PostgreSQL (``DATABASE_URL=postgres://… pytest tests/disclosures/test_gate_batch.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case, CaseMember
from samverkan.disclosures.audit import audit_verify
from samverkan.disclosures.batch import BatchItemInvalid, BatchRequest, disclosure_request_many
from samverkan.disclosures.models import AuditEntry, DisclosureDecision, DisclosureRequest, ReviewTask
from samverkan.disclosures.services import GateResult, disclosure_request
from samverkan.people.models import Person
from samverkan.registries.records import LOOKUP_CATEGORIES
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db

PURPOSE = "Kontroll av rätt till ekonomiskt bistånd"


def _members(gate: Gate, persons: int) -> list[tuple[Case, Person]]:
    """(case, person) for up to ``persons`` household members of Sörby's aktuella ärenden om bistånd, the client's first."""
    rows = (
        CaseMember.objects.filter(case__organisation=gate.sorby, case__case_type="assistance", case__status="active")
        .select_related("case", "person")
        .order_by("case_id", "pk")
    )
    members = sorted(rows, key=lambda m: m.case_id != gate.case.pk)  # stable: the client's case first
    return [(m.case, m.person) for m in members[:persons]]


def _agencies() -> list[Organisation]:
    return list(Organisation.objects.filter(org_type__in=list(LOOKUP_CATEGORIES)).order_by("org_type", "name"))


def _asks(gate: Gate, persons: int) -> list[BatchRequest]:
    """A mix: every agency's lookup categories, consent categories (review, release, denial), requests without a case."""
    asks = []
    period = (gate.today - dt.timedelta(days=60), gate.today)
    for index, (case, person) in enumerate(_members(gate, persons)):
        for agency in _agencies():
            categories = list(LOOKUP_CATEGORIES[agency.org_type])
            if agency.org_type == "af":
                categories.append("case_notes")  # review on consent, otherwise denied
            if agency.org_type == "fk":
                categories.append("rehab_plan")  # released on consent, otherwise denied
            asks.append(
                BatchRequest(
                    requester=gate.social_worker,
                    discloser=agency,
                    person=person,
                    case=None if index % 5 == 4 else case,  # the person's aktuellt ärende is looked up
                    categories=categories,
                    purpose=f"{PURPOSE} ({index})",
                    period=None if index % 3 == 2 else period,
                )
            )
    return asks


def _one_at_a_time(asks: Sequence[BatchRequest]) -> list[GateResult]:
    return [
        disclosure_request(
            requester=a.requester,
            discloser=a.discloser,
            person=a.person,
            case=a.case,
            categories=a.categories,
            purpose=a.purpose,
            period=a.period,
        )
        for a in asks
    ]


def _answer(result: GateResult) -> tuple[Any, ...]:
    return (
        sorted(result.released),
        sorted(result.review),
        sorted(result.denied),
        {
            c: (str(d.outcome), str(d.basis), d.citation, d.explanation, d.consent_id)
            for c, d in result.decisions.items()
        },
    )


def _rows(results: Sequence[GateResult], after_sequence: int) -> dict[str, list[Any]]:
    """Everything the requests stored, without ids and timestamps (a request is named by its position)."""
    position = {r.request.pk: i for i, r in enumerate(results)}
    requests = DisclosureRequest.objects.filter(pk__in=position).values(
        "pk",
        "kind",
        "status",
        "requested_by_id",
        "recipient_id",
        "recipient_unit_id",
        "discloser_id",
        "person_id",
        "case_id",
        "categories",
        "purpose",
        "period_start",
        "period_end",
        "requested_on",
        "rules_version",
        "snapshot",
    )
    decisions = DisclosureDecision.objects.filter(request_id__in=position).values(
        "request_id",
        "category",
        "outcome",
        "basis",
        "consent_id",
        "citation",
        "explanation",
        "rules_version",
        "snapshot",
        "released_values",
    )
    tasks = ReviewTask.objects.filter(request_id__in=position).values(
        "request_id", "decision__category", "organisation_id", "category", "status", "motivation", "released_values"
    )
    entries = AuditEntry.objects.filter(sequence__gt=after_sequence).order_by("sequence")

    def named(row: dict[str, Any], key: str) -> dict[str, Any]:
        return {**{k: v for k, v in row.items() if k != key}, "request": position[row[key]]}

    return {
        "requests": sorted((named(r, "pk") for r in requests), key=lambda r: r["request"]),
        "decisions": sorted((named(d, "request_id") for d in decisions), key=lambda d: (d["request"], d["category"])),
        "review_tasks": sorted((named(t, "request_id") for t in tasks), key=lambda t: (t["request"], t["category"])),
        "audit": [
            {
                "sequence": e.sequence - after_sequence,
                "event": e.event,
                "actor": e.actor_id,
                "actor_role": e.actor_role,
                "organisation": e.organisation_id,
                "recipient": e.recipient_id,
                "person": e.person_id,
                "categories": e.categories,
                "basis": e.basis,
                "purpose": e.purpose,
                "key_id": e.key_id,
                "extra": {**e.extra, "request_id": position[e.extra["request_id"]]},
            }
            for e in entries
        ],
        "answers": [_answer(r) for r in results],
    }


def _head() -> int:
    return AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_the_batch_stores_the_same_rows_audit_entries_and_answers_as_one_request_at_a_time(gate: Gate) -> None:
    gate.consent(categories=["case_notes"])  # AF: review for the client
    gate.consent(by=gate.fk_official, categories=["rehab_plan"])  # FK: released on consent
    asks = _asks(gate, 12)
    head = _head()

    with transaction.atomic():
        single = _rows(_one_at_a_time(asks), head)
        transaction.set_rollback(True)
    assert _head() == head

    batch = _rows(disclosure_request_many(asks), head)

    assert len(batch["requests"]) == len(asks) == len(single["requests"])
    for table in ("requests", "decisions", "review_tasks", "audit", "answers"):
        assert len(batch[table]) == len(single[table]), table
        for position, (got, expected) in enumerate(zip(batch[table], single[table], strict=True)):
            assert got == expected, f"{table}[{position}]"
    # The mix is a real one: every outcome, a review task, requests made without a case.
    outcomes = {d["outcome"] for d in batch["decisions"]}
    assert outcomes == {"released", "review", "denied"}
    assert batch["review_tasks"]
    assert {e["event"] for e in batch["audit"]} >= {"disclosure.released", "disclosure.denied"}
    assert audit_verify(anchors=[]).ok


def test_the_audit_chain_holds_after_a_batch_with_one_entry_per_outcome_naming_requester_and_purpose(
    gate: Gate,
) -> None:
    asks = _asks(gate, 5)
    head = _head()
    results = disclosure_request_many(asks)
    entries = list(AuditEntry.objects.filter(sequence__gt=head).order_by("sequence"))
    expected = sum(
        len({(str(d.outcome), str(d.basis)) for d in r.decisions.values()}) for r in results
    )  # one entry per outcome (and basis) of each request
    assert len(entries) == expected
    by_request = {r.request.pk: a for r, a in zip(results, asks, strict=True)}
    for entry in entries:
        ask = by_request[entry.extra["request_id"]]
        assert entry.actor_id == gate.social_worker.pk
        assert entry.person_id == ask.person.pk and entry.organisation_id == ask.discloser.pk
        assert entry.recipient_id == gate.sorby.pk and entry.purpose == ask.purpose
    verification = audit_verify(anchors=[])
    assert verification.ok, verification.broken


@pytest.mark.parametrize("persons", [10, 50])
def test_a_batch_reads_and_writes_with_a_bounded_number_of_queries(
    gate: Gate, persons: int, django_assert_max_num_queries: Any
) -> None:
    """One query per kind of fact (not per person) and one INSERT per table: the same bound for 10 and 50 persons."""
    asks = _asks(gate, persons)
    assert len({a.person.pk for a in asks}) >= min(persons, 40)
    # 27: the a-kassa's decisions are a record kind of their own since its list was split (issue 18).
    with django_assert_max_num_queries(27):
        results = disclosure_request_many(asks)
    assert len(results) == len(asks)


def test_bad_input_in_one_request_stores_nothing_of_the_batch(gate: Gate) -> None:
    asks = _asks(gate, 3)
    bad = BatchRequest(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=["no_such_category"],
        purpose=PURPOSE,
    )
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    with pytest.raises(BatchItemInvalid) as error:
        disclosure_request_many([*asks, bad])
    assert error.value.index == len(asks)
    assert "categories" in error.value.message_dict
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == before


def test_a_person_outside_the_requesters_cases_stops_the_batch(gate: Gate) -> None:
    outsider = Person.objects.exclude(case_memberships__case__organisation=gate.sorby).order_by("pk").first()
    assert outsider is not None
    ask = BatchRequest(
        requester=gate.social_worker,
        discloser=gate.af,
        person=outsider,
        case=None,
        categories=["identity"],
        purpose=PURPOSE,
    )
    with pytest.raises(ValidationError, match="Personen finns inte"):
        disclosure_request_many([*_asks(gate, 2), ask])
    assert not DisclosureRequest.objects.filter(person=outsider).exists()
