"""Benchmark of the secrecy gate's decision (samverkan.domain.disclosure.decide).

Run from the project root:  .venv/bin/python bench/gate.py [--requests N] [--seed S] [--repeat R]

Sections (each a function returning table rows, so more can be added, e.g. a full
request on SQLite/PostgreSQL: decide + store + audit append vs a bare insert):

1. ``bench_decide``: decisions per second of ``decide()`` over a realistic mix of
   generated requests (duty lookups by socialtjänsten, consent-based requests from
   vård and arbetsgivare, AF reviews, and noise).
2. ``bench_cedar``: the same decisions expressed as Cedar policies (duty as one
   permit policy per discloser and category, consent as entities checked by two
   permit policies), evaluated with ``cedarpy``. Every category decision is
   compared with ``decide()``; any disagreement is printed and makes the run
   exit non-zero. The Cedar lists below are written out by hand from
   förordningen (2008:975) 3, 5 och 7 §§, not derived from the Python table, so
   the comparison is a real cross-check.

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import cedarpy  # noqa: E402

from samverkan.domain.consent import ConsentForm, ConsentRecord  # noqa: E402
from samverkan.domain.disclosure import (  # noqa: E402
    CATEGORIES,
    RULES_VERSION,
    Basis,
    DisclosureDecision,
    DisclosureRequest,
    Outcome,
    decide,
)
from samverkan.domain.organisations import OrganisationType as O  # noqa: E402

# --- Request generation --------------------------------------------------------------------------

FK_PM_DUTY = [
    "identity",
    "application_submitted",
    "benefit_granted",
    "payment_period",
    "payment_amount",
    "payment_date",
]
AF_DUTY = [
    "identity",
    "jobseeker_registration",
    "unemployment_fund_membership",
    "jobseeker_category",
    "labour_market_programme",
    "activity_report_date",
    "establishment_allowance_entitlement",
    "establishment_allowance_grant",
    "establishment_allowance_change",
]
REHAB = ["rehab_plan", "work_capacity_assessment", "review_meeting_minutes", "sick_leave_certificate"]
ALL_CODES = sorted(CATEGORIES)
FIRST_DAY = dt.date(2025, 1, 1)


def _day(rnd: random.Random, span: int = 730) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rnd.randrange(span))


def _consent(
    rnd: random.Random, discloser: O, requester: O, codes: Sequence[str], on: dt.date, n: int
) -> ConsentRecord:
    """A consent that usually counts, sometimes with one realistic flaw."""
    start = on - dt.timedelta(days=rnd.randrange(0, 200))
    end: dt.date | None = start + dt.timedelta(days=rnd.randrange(30, 365))
    withdrawn: dt.date | None = None
    recorded_by, recipient, covered = discloser, requester, list(codes)
    flaw = rnd.random()
    if flaw < 0.08:
        withdrawn = on - dt.timedelta(days=rnd.randrange(0, 30))
    elif flaw < 0.16:
        recorded_by = requester  # the requesting agency says the person consented: no basis
    elif flaw < 0.22:
        covered = [rnd.choice(ALL_CODES)]
    elif flaw < 0.28:
        end = on - dt.timedelta(days=1)
        start = min(start, end)
    elif flaw < 0.32:
        end = None
    return ConsentRecord(
        recorded_by=recorded_by,
        recipient=recipient,
        categories=tuple(covered),
        purpose="utredning av ekonomiskt bistånd",
        valid_from=start,
        valid_to=end,
        form=ConsentForm.WRITTEN,
        withdrawn_on=withdrawn,
        id=n,
    )


def generate_requests(count: int, seed: int = 2026) -> list[DisclosureRequest]:
    """A realistic mix: most requests are socialtjänstens duty lookups (as SSBTEK), the rest consent-based."""
    rnd = random.Random(seed)
    made: list[DisclosureRequest] = []
    consent_no = 0
    for _ in range(count):
        on = _day(rnd)
        kind = rnd.random()
        consents: list[ConsentRecord] = []
        if kind < 0.55:  # socialtjänsten checks benefits and job-seeker status
            discloser = rnd.choice([O.FK, O.FK, O.PM, O.AF])
            pool = AF_DUTY if discloser is O.AF else FK_PM_DUTY
            codes = rnd.sample(pool, rnd.randint(2, len(pool)))
            if rnd.random() < 0.15:
                codes.append(rnd.choice(["health_information", "case_notes", "sgi"]))
            requester, handles, active = O.SOCIAL_SERVICES, rnd.random() < 0.92, rnd.random() < 0.9
        elif kind < 0.75:  # vård or arbetsgivare asks FK in a rehabilitation
            discloser, requester = O.FK, rnd.choice([O.HEALTHCARE, O.EMPLOYER, O.SOCIAL_SERVICES])
            codes = rnd.sample(REHAB, rnd.randint(1, 3))
            handles, active = requester is O.SOCIAL_SERVICES, rnd.random() < 0.5
        elif kind < 0.9:  # socialtjänsten asks AF for more than the list: AF's own review
            discloser, requester = O.AF, O.SOCIAL_SERVICES
            codes = rnd.sample(AF_DUTY, 2) + rnd.sample(
                ["case_notes", "health_information", "work_capacity_assessment"], 1
            )
            handles, active = True, rnd.random() < 0.9
        else:  # anything
            discloser, requester = rnd.choice(list(O)), rnd.choice(list(O))
            codes = rnd.sample(ALL_CODES, rnd.randint(1, 4))
            handles, active = rnd.random() < 0.5, rnd.random() < 0.5
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3]) if kind >= 0.55 else rnd.choice([0, 0, 0, 1])):
            consent_no += 1
            consents.append(
                _consent(rnd, discloser, requester, rnd.sample(codes, max(1, len(codes) // 2)), on, consent_no)
            )
        made.append(
            DisclosureRequest(
                date=on,
                requester=requester,
                requester_handles_assistance=handles,
                discloser=discloser,
                active_case=active,
                categories=tuple(codes),
                consents=tuple(consents),
            )
        )
    return made


# --- Section 1: decide() -------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    requests: int
    category_decisions: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else float("inf")

    @property
    def categories_per_second(self) -> float:
        return self.category_decisions / self.seconds if self.seconds else float("inf")


def _best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def bench_decide(requests: Sequence[DisclosureRequest], repeat: int = 3) -> tuple[Timing, list[DisclosureDecision]]:
    decisions: list[DisclosureDecision] = []

    def run() -> None:
        decisions[:] = [decide(r) for r in requests]

    seconds = _best_of(repeat, run)
    total = sum(len(r.categories) for r in requests)
    return Timing("decide() (ren Python)", len(requests), total, seconds), decisions


# --- Section 2: the same rules in Cedar ------------------------------------------------------------

#: Duty lists of förordningen (2008:975), written out again for Cedar: 3 § (FK), 7 § (PM), 5 § (AF).
CEDAR_DUTY_LISTS: dict[str, list[str]] = {"fk": FK_PM_DUTY, "pm": FK_PM_DUTY, "af": AF_DUTY}
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


# --- Output ---------------------------------------------------------------------------------------


def table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def timing_rows(timings: Sequence[Timing]) -> list[list[str]]:
    rows = [["metod", "begäran/s", "kategoribeslut/s", "tid (s)"]]
    for t in timings:
        rows.append([t.label, f"{t.per_second:,.0f}", f"{t.categories_per_second:,.0f}", f"{t.seconds:.3f}"])
    return rows


def run_pure_benchmarks(requests: Sequence[DisclosureRequest], repeat: int) -> tuple[list[Timing], list[str]]:
    own, decisions = bench_decide(requests, repeat)
    cedar, mismatches = bench_cedar(requests, decisions, repeat)
    return [own, cedar], mismatches


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prestanda för sekretessgrindens beslut.")
    parser.add_argument("--requests", type=int, default=10_000, help="antal genererade förfrågningar")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="bästa av så många körningar")
    args = parser.parse_args(argv)

    requests = generate_requests(args.requests, args.seed)
    categories = sum(len(r.categories) for r in requests)
    consents = sum(len(r.consents) for r in requests)
    print(
        f"Sekretessgrinden, regelversion {RULES_VERSION}: {len(requests)} förfrågningar, "
        f"{categories} kategoribeslut, {consents} samtycken (seed {args.seed}, bästa av {args.repeat})\n"
    )
    timings, mismatches = run_pure_benchmarks(requests, args.repeat)
    print(table(timing_rows(timings)))
    own, cedar = timings
    decisions = [decide(r) for r in requests]
    outcomes = [d.outcome for decision in decisions for d in decision.decisions]
    print()
    print(
        table(
            [
                ["jämförelse", "värde"],
                ["kvot decide/Cedar (begäran/s)", f"{own.per_second / cedar.per_second:.2f}"],
                ["lämnas ut", str(outcomes.count(Outcome.RELEASED))],
                ["sekretessprövning", str(outcomes.count(Outcome.REVIEW))],
                ["lämnas inte ut", str(outcomes.count(Outcome.DENIED))],
                [
                    "överens med Cedar",
                    f"{categories - len([m for m in mismatches if m.startswith('begäran')])}/{categories}",
                ],
            ]
        )
    )
    if mismatches:
        print("\nOLIKA BESLUT:")
        for line in mismatches[:20]:
            print(f"  {line}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
