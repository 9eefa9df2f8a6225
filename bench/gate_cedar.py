"""Section 2 of bench/gate.py: the same rules as Cedar policies, and the decisions compared."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cedarpy
from gate_data import (
    AF_DUTY,
    ALL_CODES,
    CSN_DUTY,
    FK_PM_DUTY,
    TAX_AGENCY_DUTY,
    UNEMPLOYMENT_FUND_DUTY,
    Timing,
    _best_of,
)

from samverkan.domain.disclosure import (
    Basis,
    DisclosureDecision,
    DisclosureRequest,
    Outcome,
)
from samverkan.domain.organisations import OrganisationType as O

# --- Section 2: the same rules in Cedar ------------------------------------------------------------

#: Duty lists of förordningen (2008:975), written out again for Cedar: 3 § (FK), 7 § (PM), 5 § (AF), 4 § (a-kassa),
#: 2 § (CSN), 6 § (Skatteverket).
CEDAR_DUTY_LISTS: dict[str, list[str]] = {
    "fk": FK_PM_DUTY,
    "pm": FK_PM_DUTY,
    "af": AF_DUTY,
    "unemployment_fund": UNEMPLOYMENT_FUND_DUTY,
    "csn": CSN_DUTY,
    "tax_agency": TAX_AGENCY_DUTY,
}
#: Disclosers that review a consent-based request themselves (Arbetsförmedlingen).
CEDAR_OWN_REVIEW = ["af"]
NEVER = 10**7  # an ordinal date after any real one: "no end", "not withdrawn"

CONSENT_COUNTS = """
  context.consent.recorded_by == resource.discloser &&
  context.consent.recipient == principal &&
  principal != Org::"finsam" &&
  context.consent.categories.contains(resource.category) &&
  context.consent.valid_from <= context.today &&
  context.today <= context.consent.valid_to &&
  context.today < context.consent.withdrawn_on"""


def cedar_policies() -> tuple[str, list[str]]:
    """The policy text and the name of each policy in order (cedarpy reports them as policy0, policy1, …)."""
    named: list[tuple[str, str]] = []
    for discloser, codes in CEDAR_DUTY_LISTS.items():
        for code in codes:
            named.append(
                (
                    f"duty:{discloser}/{code}",
                    f'permit(principal == Org::"social_services", action == Action::"disclose", '
                    f'resource == Datum::"{discloser}/{code}")\n'
                    f"when {{ context.handles_assistance && context.active_case }};",
                )
            )
    review_set = ", ".join(f'Org::"{o}"' for o in CEDAR_OWN_REVIEW)
    named.append(
        (
            "consent:release",
            f'permit(principal, action == Action::"use_consent", resource)\n'
            f"when {{{CONSENT_COUNTS} &&\n  !([{review_set}].contains(resource.discloser)) }};",
        )
    )
    named.append(
        (
            "consent:review",
            f'permit(principal, action == Action::"use_consent", resource)\n'
            f"when {{{CONSENT_COUNTS} &&\n  [{review_set}].contains(resource.discloser) }};",
        )
    )
    return "\n\n".join(text for _, text in named), [name for name, _ in named]


def _ref(kind: str, ident: str) -> dict[str, Any]:
    return {"__entity": {"type": kind, "id": ident}}


def cedar_entities(requests: Sequence[DisclosureRequest]) -> tuple[list[dict[str, Any]], dict[int, list[str]]]:
    """Organisations, data items (discloser/category) and one Consent entity per consent of each request."""
    entities: list[dict[str, Any]] = [{"uid": {"type": "Org", "id": o.value}, "attrs": {}, "parents": []} for o in O]
    for o in O:
        for code in ALL_CODES:
            entities.append(
                {
                    "uid": {"type": "Datum", "id": f"{o.value}/{code}"},
                    "attrs": {"discloser": _ref("Org", o.value), "category": code},
                    "parents": [],
                }
            )
    consent_ids: dict[int, list[str]] = {}
    for i, request in enumerate(requests):
        ids = []
        for j, c in enumerate(request.consents):  # already in the canonical order decide() uses
            ident = f"r{i}c{j}"
            ids.append(ident)
            entities.append(
                {
                    "uid": {"type": "Consent", "id": ident},
                    "attrs": {
                        "recorded_by": _ref("Org", str(c.recorded_by)),
                        "recipient": _ref("Org", str(c.recipient)),
                        "categories": list(c.categories),
                        "valid_from": c.valid_from.toordinal(),
                        "valid_to": c.valid_to.toordinal() if c.valid_to else NEVER,
                        "withdrawn_on": c.withdrawn_on.toordinal() if c.withdrawn_on else NEVER,
                    },
                    "parents": [],
                }
            )
        consent_ids[i] = ids
    return entities, consent_ids


@dataclass(frozen=True)
class CedarQuery:
    request_index: int
    category: str
    consent_index: int | None  # None: the duty query


def cedar_queries(
    requests: Sequence[DisclosureRequest], consent_ids: dict[int, list[str]]
) -> tuple[list[dict[str, Any]], list[CedarQuery]]:
    """Per category one duty query and one query per consent of the request."""
    batch: list[dict[str, Any]] = []
    keys: list[CedarQuery] = []
    for i, request in enumerate(requests):
        principal = {"type": "Org", "id": str(request.requester)}
        today = request.date.toordinal()
        for code in request.categories:
            resource = {"type": "Datum", "id": f"{request.discloser}/{code}"}
            batch.append(
                {
                    "principal": principal,
                    "action": {"type": "Action", "id": "disclose"},
                    "resource": resource,
                    "context": {
                        "handles_assistance": request.requester_handles_assistance,
                        "active_case": request.active_case,
                    },
                }
            )
            keys.append(CedarQuery(i, code, None))
            for j, ident in enumerate(consent_ids[i]):
                batch.append(
                    {
                        "principal": principal,
                        "action": {"type": "Action", "id": "use_consent"},
                        "resource": resource,
                        "context": {"consent": _ref("Consent", ident), "today": today},
                    }
                )
                keys.append(CedarQuery(i, code, j))
    return batch, keys


def cedar_outcomes(
    keys: Sequence[CedarQuery], answers: Sequence[Any], names: Sequence[str]
) -> dict[tuple[int, str], tuple[Outcome, Basis | None]]:
    """Combine the Cedar answers the way the gate does: duty, else the first counting consent, else denied."""
    outcome: dict[tuple[int, str], tuple[Outcome, Basis | None]] = {}
    for key, answer in zip(keys, answers, strict=True):
        slot = (key.request_index, key.category)
        outcome.setdefault(slot, (Outcome.DENIED, None))
        if not answer.allowed or outcome[slot][0] is not Outcome.DENIED:
            continue
        policy = names[int(answer.diagnostics.reasons[0].removeprefix("policy"))]
        if policy.startswith("duty:"):
            outcome[slot] = (Outcome.RELEASED, Basis.DUTY)
        elif policy == "consent:review":
            outcome[slot] = (Outcome.REVIEW, Basis.CONSENT)
        else:
            outcome[slot] = (Outcome.RELEASED, Basis.CONSENT)
    return outcome


def bench_cedar(
    requests: Sequence[DisclosureRequest], decisions: Sequence[DisclosureDecision], repeat: int = 3
) -> tuple[Timing, list[str]]:
    """Time Cedar on the same requests and list every disagreement with decide()."""
    text, names = cedar_policies()
    policies = cedarpy.PolicySet.from_str(text)
    entity_list, consent_ids = cedar_entities(requests)
    entities = cedarpy.Entities.from_json_str(json.dumps(entity_list))
    batch, keys = cedar_queries(requests, consent_ids)
    answers: list[Any] = []

    def run() -> None:
        answers[:] = cedarpy.is_authorized_batch(batch, policies, entities)

    seconds = _best_of(repeat, run)
    errors = sorted({str(e) for a in answers for e in a.diagnostics.errors})
    mismatches = [f"Cedar-fel: {e}" for e in errors[:5]]
    combined = cedar_outcomes(keys, answers, names)
    for i, decision in enumerate(decisions):
        for d in decision.decisions:
            cedar = combined[(i, d.category)]
            if cedar != (d.outcome, d.basis):
                mismatches.append(
                    f"begäran {i} {d.category}: decide()={d.outcome}/{d.basis}, Cedar={cedar[0]}/{cedar[1]}"
                )
    total = sum(len(r.categories) for r in requests)
    timing = Timing(f"Cedar (cedarpy, {len(batch)} frågor i batch)", len(requests), total, seconds)
    return timing, mismatches
