"""Storing decided requests: the rows, released values, review tasks and audit entries of the gate.

:func:`store_requests` stores one request or a whole batch (:mod:`samverkan.disclosures.batch`) alike,
with one multi-row INSERT per table through the prepared inserts (docs/adr/0008) and the audit entries
appended in the requests' order (docs/adr/0006). :class:`GateResult` is what the gate answers
(cross-app contract 2); :func:`gate_result_of` rebuilds it for a request already made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.core.prepared import PreparedInsert
from samverkan.disclosures.audit import AuditEvent, audit_append_many
from samverkan.disclosures.models import Basis, DisclosureDecision, DisclosureRequest, Outcome, ReviewTask
from samverkan.disclosures.records import ValuesWanted, registry_values_many
from samverkan.domain.disclosure import CategoryDecision
from samverkan.domain.disclosure import DisclosureDecision as DomainDecision
from samverkan.domain.disclosure import Outcome as DomainOutcome
from samverkan.people.models import Person


@dataclass(frozen=True)
class GateResult:
    """What the gate decided for one request (cross-app contract 2)."""

    request: DisclosureRequest
    released: frozenset[str]
    review: frozenset[str]
    denied: frozenset[str]
    decisions: Mapping[str, CategoryDecision]

    def basis_text(self, category: str) -> str:
        """The basis in Swedish with its statute, e.g. ``"Uppgiftsskyldighet (5 § förordningen (2008:975) …)"``."""
        decision = self.decisions[category]
        cited = f" ({decision.citation})" if decision.citation else ""
        if decision.outcome is DomainOutcome.RELEASED and decision.basis is not None:
            return f"{decision.basis.label.capitalize()}{cited}"
        if decision.outcome is DomainOutcome.REVIEW:
            return f"Sekretessprövning hos {self.request.discloser.name}{cited}"
        return f"Ingen grund för utlämnande{cited}"

    def redact(self, items: Iterable[Any]) -> list[Any]:
        """Keep only the items whose category was released.

        An item is a ``(category, value)`` tuple or any object with a ``category`` attribute.
        """
        return [item for item in items if _item_category(item) in self.released]

    @property
    def outcome_by_category(self) -> dict[str, str]:
        return {code: str(d.outcome) for code, d in self.decisions.items()}


def _item_category(item: Any) -> str:
    code = getattr(item, "category", None)
    if code is None:
        code = item[0]
    return str(code)


def _audit_events(
    *,
    stored: DisclosureRequest,
    decision: DomainDecision,
    actor: User | None,
    released_event: str,
) -> list[AuditEvent]:
    """One entry per outcome (and basis): who got which categories about whom, on what basis."""
    by_outcome: dict[tuple[str, str], list[CategoryDecision]] = {}
    for d in decision.decisions:
        key = (str(d.outcome), "" if d.basis is None else str(d.basis))
        by_outcome.setdefault(key, []).append(d)
    events = {"released": released_event, "review": "disclosure.review_requested", "denied": "disclosure.denied"}
    return [
        AuditEvent(
            event=events[outcome],
            actor=actor,
            organisation=stored.discloser,
            recipient=stored.recipient,
            person=stored.person,
            categories=[d.category for d in group],
            basis=basis,
            purpose=stored.purpose,
            extra={
                "request_id": stored.pk,
                "case_id": stored.case_id,
                "outcome": outcome,
                "rules_version": decision.rules_version,
                "citations": {d.category: d.citation for d in group},
                "consent_ids": sorted({str(d.consent_id) for d in group if d.consent_id is not None}),
            },
        )
        for (outcome, basis), group in sorted(by_outcome.items())
    ]


#: What a decision row's snapshot holds under ``"input"``: the inputs live once, on the request's snapshot.
INPUT_ON_REQUEST = "request"


def decision_inputs(row: DisclosureDecision) -> dict[str, Any]:
    """The inputs a stored decision was made on, kept once on its request (ADR 0006)."""
    return dict(row.request.snapshot.get("input", {}))


@dataclass(frozen=True)
class StoreArgs:
    """What :func:`_store` stores for one decided request (also one item of a batch, :mod:`.batch`)."""

    kind: str
    requested_by: User | None
    recipient: Organisation
    recipient_unit: Any
    discloser: Organisation
    person: Person
    case: Case | None
    purpose: str
    period: tuple[dt.date, dt.date] | None
    on: dt.date
    decision: DomainDecision
    released_event: str
    #: A notice about one record of the discloser's (``(kind, external_id)``): only its facts are released.
    record: tuple[str, str] | None = None


def _request_row(args: StoreArgs, snapshot: Mapping[str, Any]) -> DisclosureRequest:
    """The request's row, not yet saved."""
    decision = args.decision
    return DisclosureRequest(
        kind=args.kind,
        status=DisclosureRequest.Status.PENDING_REVIEW if decision.review else DisclosureRequest.Status.COMPLETED,
        requested_by=args.requested_by,
        recipient=args.recipient,
        recipient_unit=args.recipient_unit,
        discloser=args.discloser,
        person=args.person,
        case=args.case,
        categories=list(decision.request.categories),
        purpose=args.purpose,
        period_start=args.period[0] if args.period else None,
        period_end=args.period[1] if args.period else None,
        requested_on=args.on,
        rules_version=decision.rules_version,
        snapshot=snapshot,
    )


def _values_wanted(args: StoreArgs) -> ValuesWanted:
    return ValuesWanted(
        discloser=args.discloser,
        recipient=args.recipient,
        person=args.person,
        categories=frozenset(args.decision.released),
        period=args.period,
        on=args.on,
        record=args.record,
    )


def _decision_rows(
    stored: DisclosureRequest, args: StoreArgs, snapshot: Mapping[str, Any], values: Mapping[str, list[Any]]
) -> list[DisclosureDecision]:
    """The request's decision rows (one per category), not yet saved."""
    decision = args.decision
    rows = []
    for d, decided in zip(decision.decisions, snapshot["decisions"], strict=True):
        rows.append(
            DisclosureDecision(
                request=stored,
                category=d.category,
                outcome=str(d.outcome),
                basis=Basis.NONE if d.basis is None else str(d.basis),
                consent_id=d.consent_id if isinstance(d.consent_id, int) else None,
                citation=d.citation,
                explanation=d.explanation,
                rules_version=decision.rules_version,
                # The inputs are stored once, on the request (``request.snapshot["input"]``).
                snapshot={
                    "rules_version": snapshot["rules_version"],
                    "rules_fingerprint": snapshot["rules_fingerprint"],
                    "input": INPUT_ON_REQUEST,
                    "decision": decided,
                },
                released_values=values.get(d.category, []) if d.outcome is DomainOutcome.RELEASED else [],
            )
        )
    return rows


def _review_tasks(created: Iterable[DisclosureDecision]) -> list[ReviewTask]:
    """A review task in the discloser's queue for each saved ``review`` decision row."""
    return [
        ReviewTask(decision=row, request=row.request, organisation=row.request.discloser, category=row.category)
        for row in created
        if row.outcome == Outcome.REVIEW
    ]


def _gate_result(stored: DisclosureRequest, decision: DomainDecision) -> GateResult:
    return GateResult(
        request=stored,
        released=frozenset(decision.released),
        review=frozenset(decision.review),
        denied=frozenset(decision.denied),
        decisions=dict(decision.by_category),
    )


#: The inserts every request makes, compiled once per row count (ADR 0008); a large batch uses bulk_create.
_INSERT_REQUESTS = PreparedInsert(DisclosureRequest)
_INSERT_DECISIONS = PreparedInsert(DisclosureDecision)


def store_requests(batch: Sequence[StoreArgs]) -> list[GateResult]:
    """Store decided requests, in order: their rows, decision rows with the released values, review tasks, audit entries.

    One request or a whole batch (:mod:`samverkan.disclosures.batch`) alike, with one multi-row INSERT per table
    and the audit entries appended in the requests' order under one lock of the chain head. Call it inside a
    transaction.
    """
    if not batch:
        return []
    snapshots = [args.decision.snapshot() for args in batch]
    rows = [_request_row(args, snapshot) for args, snapshot in zip(batch, snapshots, strict=True)]
    stored = _INSERT_REQUESTS.insert(rows)
    values = registry_values_many([_values_wanted(args) for args in batch])
    decisions = [
        row
        for request, args, snapshot, released in zip(stored, batch, snapshots, values, strict=True)
        for row in _decision_rows(request, args, snapshot, released)
    ]
    created = _INSERT_DECISIONS.insert(decisions)
    tasks = _review_tasks(created)
    if tasks:
        ReviewTask.objects.bulk_create(tasks)
    audit_append_many(
        [
            event
            for request, args in zip(stored, batch, strict=True)
            for event in _audit_events(
                stored=request, decision=args.decision, actor=args.requested_by, released_event=args.released_event
            )
        ]
    )
    return [_gate_result(request, args.decision) for request, args in zip(stored, batch, strict=True)]


def gate_result_of(stored: DisclosureRequest) -> GateResult:
    """The gate's answer to a request already made, rebuilt from its snapshot (nothing is decided or logged again).

    A batch that was interrupted uses it to go on with the requests it had made instead of asking twice.
    """
    from samverkan.domain.disclosure import Basis as DomainBasis
    from samverkan.domain.statutes import Citation

    decisions: dict[str, CategoryDecision] = {}
    for d in stored.snapshot.get("decisions", []):
        decisions[d["category"]] = CategoryDecision(
            category=d["category"],
            outcome=DomainOutcome(d["outcome"]),
            basis=DomainBasis(d["basis"]) if d.get("basis") else None,
            consent_id=d.get("consent_id"),
            citations=tuple(Citation.from_dict(c) for c in d.get("citations", [])),
            explanation=d.get("explanation", ""),
        )

    def having(outcome: DomainOutcome) -> frozenset[str]:
        return frozenset(code for code, d in decisions.items() if d.outcome is outcome)

    return GateResult(
        request=stored,
        released=having(DomainOutcome.RELEASED),
        review=having(DomainOutcome.REVIEW),
        denied=having(DomainOutcome.DENIED),
        decisions=decisions,
    )


__all__ = [
    "GateResult",
    "StoreArgs",
    "decision_inputs",
    "gate_result_of",
    "store_requests",
]
