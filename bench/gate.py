"""Benchmark of the secrecy gate's decision (samverkan.domain.decision.decide).

Run from the project root:  .venv/bin/python bench/gate.py [--requests N] [--seed S] [--repeat R]

Sections (each a function returning table rows):

1. ``bench_decide``: decisions per second of ``decide()`` over a realistic mix of
   generated requests (duty lookups by socialtjänsten, consent-based requests from
   vård and arbetsgivare, AF reviews, and noise).
2. ``bench_cedar``: the same decisions expressed as Cedar policies (duty as one
   permit policy per discloser and category, consent as entities checked by two
   permit policies), evaluated with ``cedarpy``. Every category decision is
   compared with ``decide()``; any disagreement is printed and makes the run
   exit non-zero. The Cedar lists below are written out by hand from
   förordningen (2008:975) 2–7 §§, not derived from the Python table, so
   the comparison is a real cross-check (2 § CSN, 4 § the a-kassor and 6 § Skatteverket too).
3. ``run_database_benchmarks``: a full request through the gate (decide + store the
   request and its decisions + audit append, ``disclosure_request``) on SQLite and on
   PostgreSQL, each as a ratio against a bare single-row INSERT and COMMIT on the same
   database in the same run. One full request here is 11 statements and a COMMIT: the
   household check, the consent lookup, INSERT of the request (with the one snapshot of the
   inputs, rules version, fingerprint and all decisions), one read per record kind that can
   yield a requested category (4 for these AF categories), one multi-row INSERT of the 9
   decision rows (each with its decision, citations and released values; the inputs are the
   request's, docs/adr/0006), and the audit append (lock the chain head, INSERT the entry,
   move the head). Each database runs in its own process on a throwaway
   SQLite file and the schema ``samverkan_bench_gate`` of ``--pg-url`` (default
   ``DATABASE_URL``, else postgres://postgres@127.0.0.1:5432/test); var/samverkan.sqlite3
   is never touched. ``--db-requests 0`` skips it. Beside it the batch path
   (``samverkan.disclosures.batch.disclosure_request_many``, docs/adr/0008) over batches of
   50 persons: requests per second, and its ratio to the bare INSERT and to the single path.

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from gate_cedar import bench_cedar  # noqa: E402
from gate_data import AF_DUTY, Timing, _best_of, generate_requests  # noqa: E402
from gate_db import DB_PERSONS, DEFAULT_PG_URL, db_worker, run_database_benchmarks  # noqa: E402

from samverkan.domain.decision import decide  # noqa: E402
from samverkan.domain.disclosure import (  # noqa: E402
    RULES_VERSION,
    DisclosureDecision,
    DisclosureRequest,
    Outcome,
)

# --- Section 1: decide() -------------------------------------------------------------------------


def bench_decide(requests: Sequence[DisclosureRequest], repeat: int = 3) -> tuple[Timing, list[DisclosureDecision]]:
    decisions: list[DisclosureDecision] = []

    def run() -> None:
        decisions[:] = [decide(r) for r in requests]

    seconds = _best_of(repeat, run)
    total = sum(len(r.categories) for r in requests)
    return Timing("decide() (ren Python)", len(requests), total, seconds), decisions


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
    parser.add_argument("--db-requests", type=int, default=300, help="fulla förfrågningar per databas (0: hoppa över)")
    parser.add_argument("--backends", default="sqlite,postgres", help="databaser för fulla förfrågningar")
    parser.add_argument("--pg-url", default=os.environ.get("DATABASE_URL", DEFAULT_PG_URL))
    parser.add_argument("--db-worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.db_worker:
        print(json.dumps(db_worker(args.db_worker, args.db_requests, args.pg_url)))
        return 0

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
    db_ok = True
    if args.db_requests > 0:
        backends = [b.strip() for b in args.backends.split(",") if b.strip()]
        print(
            f"\nFull begäran (beslut + lagring + loggpost, {len(AF_DUTY)} kategorier från Arbetsförmedlingen) mot en "
            f"bar INSERT med COMMIT i samma databas, {args.db_requests} av varje, bästa av 3; satsvägen "
            f"(disclosure_request_many) med {DB_PERSONS} personer i varje sats:\n"
        )
        rows, db_ok = run_database_benchmarks(backends, args.db_requests, args.pg_url)
        print(table(rows))
    if mismatches:
        print("\nOLIKA BESLUT:")
        for line in mismatches[:20]:
            print(f"  {line}")
        return 1
    return 0 if db_ok else 1


if __name__ == "__main__":
    sys.exit(main())
