"""Benchmark of the nightly återsökning detection (``samverkan reclaims detect``, read half).

Run from the project root:
    .venv/bin/python bench/reclaim.py [--households N] [--backends sqlite,postgres] [--seed S]

National scale by default: 80 000 households with an ärende om ekonomiskt bistånd at 290
socialnämnder, about 200 000 persons, a year of bistånd payments (one application per household and
month) and a year of benefit records at Försäkringskassan and Pensionsmyndigheten (decisions, a share
of them retroactive, and monthly benefit payments).

For each database (a throwaway SQLite file, and schema ``samverkan_bench_reclaim`` in the PostgreSQL
database at ``--pg-url``), in its own process:

1. generate the data (deterministic, ``--seed``) and bulk insert it (``executemany`` on SQLite,
   ``COPY`` on PostgreSQL) into the migrated schema;
2. time **Samverkan's detection**: the retroactive decisions paid out from ``--lookback-days`` ago
   (:func:`samverkan.disclosures.notices.retroactive_decision_ids`) in chunks of ``--chunk-size``
   through :func:`~samverkan.disclosures.notices.detection_candidates` across every aktuellt ärende,
   exactly as the nightly command reads (Django ORM queries plus the domain's sweep
   :func:`samverkan.domain.reclaim.detect_overlaps`);
3. time a **DuckDB SQL reference** of the same detection (same filters, same overlap and pro rata
   count) over the same data, loaded into an in-memory DuckDB from CSV in the same run;
4. compare the two answers: the same (ärende, beslut) pairs and the same counted bistånd to the öre.

5. time **the whole nightly run**, ``reclaims_detect`` as the scheduler runs it: the detection again and every
   hit's notice through the gate's batch path and the nämnd's draft; the drafting per hit is printed.

Prints a table; timings are reported, never asserted. A disagreement between the two answers makes
the run exit non-zero.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _django import drop_schema, fresh_schema, setup  # noqa: E402
from reclaim_data import ON, PM_BENEFITS, RECLAIMABLE, generate  # noqa: E402

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"
SCHEMA = "samverkan_bench_reclaim"
NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
LOAD_TIMES: dict[str, float] = {}


# --- Loading into the Django schema ----------------------------------------------------------------


def _columns_and_rows(
    model: Any, rows: Sequence[dict[str, Any]], sqlite: bool
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Every concrete column of ``model`` in order; missing values take the field's default."""
    from django.db import models

    fields = list(model._meta.concrete_fields)
    defaults: dict[str, Any] = {}
    for f in fields:
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            defaults[f.attname] = NOW
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        elif isinstance(f, (models.CharField, models.TextField)):
            defaults[f.attname] = ""
        else:
            defaults[f.attname] = None
    names = [f.attname for f in fields]

    def convert(value: Any) -> Any:
        if not sqlite:
            return value
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return value

    def gen() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            yield tuple(convert(row.get(n, defaults[n])) for n in names)

    return [f.column for f in fields], gen()


def _load(model: Any, rows: Sequence[dict[str, Any]]) -> None:
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    columns, values = _columns_and_rows(model, rows, sqlite)
    table = model._meta.db_table
    quoted = ", ".join(f'"{c}"' for c in columns)
    connection.ensure_connection()
    if sqlite:
        raw = connection.connection
        raw.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" for _ in columns)})', values)
    else:
        with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for value in values:
                copy.write_row(value)


def load_all(data: dict[str, list[dict[str, Any]]]) -> None:
    from django.db import connection, transaction

    from samverkan.accounts.models import Organisation, Unit
    from samverkan.assistance.models import Application, Payment
    from samverkan.cases.models import Case, CaseMember
    from samverkan.people.models import Household, Person
    from samverkan.registries.models import BenefitDecision, BenefitPayment

    order = [
        (Organisation, "organisation"),
        (Unit, "unit"),
        (Household, "household"),
        (Person, "person"),
        (Case, "case"),
        (CaseMember, "member"),
        (Application, "application"),
        (Payment, "payment"),
        (BenefitDecision, "decision"),
        (BenefitPayment, "benefit_payment"),
    ]
    sqlite = connection.vendor == "sqlite"
    connection.ensure_connection()
    if sqlite:
        # Bulk-load settings for this connection only; the detection runs on a fresh connection.
        for pragma in ("synchronous=OFF", "foreign_keys=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
            connection.connection.execute(f"PRAGMA {pragma}")
    with transaction.atomic():
        if not sqlite:
            with connection.cursor() as cursor:  # generated consistent: skip per-row FK triggers
                cursor.execute("SET LOCAL session_replication_role = replica")
        for model, key in order:
            started = time.perf_counter()
            _load(model, data[key])
            LOAD_TIMES[key] = time.perf_counter() - started
        started = time.perf_counter()
    LOAD_TIMES["commit"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    LOAD_TIMES["analyze"] = time.perf_counter() - started
    connection.close()


# --- The two detections ----------------------------------------------------------------------------


def samverkan_detection(chunk_size: int, payout_from: dt.date) -> dict[tuple[int, int], Decimal]:
    from samverkan.disclosures import notices
    from samverkan.reclaims.services import drafted_pairs

    found: dict[tuple[int, int], Decimal] = {}
    ids = notices.retroactive_decision_ids(payout_from=payout_from)
    for chunk in notices.chunked(ids, chunk_size):
        candidates, _skipped = notices.detection_candidates(decision_ids=chunk, drafted=drafted_pairs)
        for c in candidates:
            found[(c.case_id, c.decision_id)] = c.counted_assistance
    return found


def samverkan_drafting(chunk_size: int, lookback_days: int) -> dict[str, Any]:
    """Time the whole nightly run as the scheduler runs it, ``reclaims_detect``: the same detection, then every hit's
    proactive notice from FK or PM through the gate's batch path (decided, stored, logged) and the nämnd's draft, in
    one transaction per chunk. The drafting is the run's time less the detection read timed above."""
    from samverkan.reclaims.models import Reclaim
    from samverkan.reclaims.services import reclaims_detect

    started = time.perf_counter()
    report = reclaims_detect(on=ON, chunk_size=chunk_size, lookback_days=lookback_days)
    elapsed = time.perf_counter() - started
    if report.errors:
        raise SystemExit(f"återsökningarna kunde inte upprättas: {report.errors[:3]}")
    return {
        "nightly_s": elapsed,
        "drafted": report.drafted,
        "denied": report.denied,
        "reclaims": Reclaim.objects.count(),
    }


DUCKDB_SQL = """
WITH cm AS (
    SELECT c.id AS case_id, c.organisation_id AS org, m.person_id
    FROM cases c JOIN members m ON m.case_id = c.id
    WHERE c.status = 'active' AND c.case_type = 'assistance' AND c.org_type = 'social_services'
),
d AS (
    SELECT id, person_id, retroactive_start AS s, retroactive_end AS e
    FROM decisions
    WHERE outcome = 'granted' AND benefit IN ({benefits}) AND org_type IN ('fk', 'pm')
      AND retroactive_amount IS NOT NULL AND retroactive_start IS NOT NULL AND retroactive_end IS NOT NULL
      AND payout_date IS NOT NULL AND payout_date >= DATE '{payout_from}'
),
dc AS (SELECT d.*, cm.case_id, cm.org FROM d JOIN cm ON cm.person_id = d.person_id)
SELECT dc.case_id, dc.id AS decision_id,
       SUM(p.amount * (DATEDIFF('day', GREATEST(p.period_start, dc.s), LEAST(p.period_end, dc.e)) + 1)
           / (DATEDIFF('day', p.period_start, p.period_end) + 1)) AS counted
FROM dc
JOIN cm hh ON hh.case_id = dc.case_id
JOIN payments p ON p.recipient_id = hh.person_id AND p.organisation_id = dc.org
     AND p.kind IN ('subsistence', 'other_living') AND p.amount > 0
     AND p.period_start <= dc.e AND p.period_end >= dc.s
GROUP BY dc.case_id, dc.id
"""


def _write_csv(path: Path, header: list[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


#: The reference's tables and their columns' types.
DUCKDB_TYPES = {
    "cases": "{'id': 'BIGINT', 'organisation_id': 'BIGINT', 'org_type': 'VARCHAR', 'status': 'VARCHAR', 'case_type': 'VARCHAR'}",
    "members": "{'case_id': 'BIGINT', 'person_id': 'BIGINT'}",
    "decisions": "{'id': 'BIGINT', 'person_id': 'BIGINT', 'org_type': 'VARCHAR', 'benefit': 'VARCHAR', "
    "'outcome': 'VARCHAR', 'retroactive_amount': 'DECIMAL(12,2)', 'retroactive_start': 'DATE', "
    "'retroactive_end': 'DATE', 'payout_date': 'DATE'}",
    "payments": "{'id': 'BIGINT', 'recipient_id': 'BIGINT', 'organisation_id': 'BIGINT', 'kind': 'VARCHAR', "
    "'amount': 'DECIMAL(12,2)', 'period_start': 'DATE', 'period_end': 'DATE'}",
}


def _write_tables(folder: Path, data: dict[str, list[dict[str, Any]]]) -> None:
    """The columns the reference reads, as CSV files in ``folder`` (the organisation's type joined in)."""
    org_type = {o["id"]: o["org_type"] for o in data["organisation"]}
    _write_csv(
        folder / "cases.csv",
        ["id", "organisation_id", "org_type", "status", "case_type"],
        (
            (c["id"], c["organisation_id"], org_type[c["organisation_id"]], c["status"], c["case_type"])
            for c in data["case"]
        ),
    )
    _write_csv(
        folder / "members.csv", ["case_id", "person_id"], ((m["case_id"], m["person_id"]) for m in data["member"])
    )
    _write_csv(
        folder / "decisions.csv",
        [
            "id",
            "person_id",
            "org_type",
            "benefit",
            "outcome",
            "retroactive_amount",
            "retroactive_start",
            "retroactive_end",
            "payout_date",
        ],
        (
            (
                d["id"],
                d["person_id"],
                org_type[d["organisation_id"]],
                d["benefit"],
                d["outcome"],
                d.get("retroactive_amount"),
                d.get("retroactive_start"),
                d.get("retroactive_end"),
                d.get("payout_date"),
            )
            for d in data["decision"]
        ),
    )
    _write_csv(
        folder / "payments.csv",
        ["id", "recipient_id", "organisation_id", "kind", "amount", "period_start", "period_end"],
        (
            (
                p["id"],
                p["recipient_id"],
                p["organisation_id"],
                p["kind"],
                p["amount"],
                p["period_start"],
                p["period_end"],
            )
            for p in data["payment"]
        ),
    )


def duckdb_detection(
    data: dict[str, list[dict[str, Any]]], payout_from: dt.date
) -> tuple[dict[tuple[int, int], Decimal], float, float]:
    """(answer, load seconds, query seconds) of the DuckDB reference."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="bench-reclaim-duckdb-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        _write_tables(folder, data)
        con = duckdb.connect()
        for table, columns in DUCKDB_TYPES.items():
            con.execute(
                f"CREATE TABLE {table} AS SELECT * FROM read_csv('{folder / (table + '.csv')}', header=true, columns={columns})"
            )
        loaded = time.perf_counter() - started
        sql = DUCKDB_SQL.format(
            benefits=", ".join(f"'{b}'" for b in RECLAIMABLE + PM_BENEFITS), payout_from=payout_from.isoformat()
        )
        started = time.perf_counter()
        rows = con.execute(sql).fetchall()
        queried = time.perf_counter() - started
        con.close()
    answer = {
        (int(case_id), int(decision_id)): Decimal(str(counted)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for case_id, decision_id, counted in rows
    }
    return answer, loaded, queried


# --- One backend, in its own process -----------------------------------------------------------------


def run_backend(args: argparse.Namespace) -> dict[str, Any]:
    tmpdir = tempfile.mkdtemp(prefix="bench-reclaim-")
    sqlite_path = str(Path(tmpdir) / "bench.sqlite3")
    if args.backend == "postgres":
        fresh_schema(args.pg_url, SCHEMA)
    setup(args.backend, sqlite_path=sqlite_path, pg_url=args.pg_url, schema=SCHEMA, persistent_connections=False)

    from _migrated import migrate

    started = time.perf_counter()
    migrate(sqlite_path=sqlite_path, pg_url=args.pg_url, schema=SCHEMA)
    migrated = time.perf_counter() - started
    started = time.perf_counter()
    data = generate(args.households, args.seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    load_all(data)
    loaded = time.perf_counter() - started
    payout_from = ON - dt.timedelta(days=args.lookback_days)

    timings = []
    ours: dict[tuple[int, int], Decimal] = {}
    for _ in range(args.repeat):
        started = time.perf_counter()
        ours = samverkan_detection(args.chunk_size, payout_from)
        timings.append(time.perf_counter() - started)
    reference, duck_load, duck_query = duckdb_detection(data, payout_from)
    duck_queries = [duck_query]
    for _ in range(args.repeat - 1):
        duck_queries.append(duckdb_detection(data, payout_from)[2])
    missing = sorted(set(reference) - set(ours))
    extra = sorted(set(ours) - set(reference))
    differ = sorted(k for k in set(ours) & set(reference) if abs(ours[k] - reference[k]) > Decimal("0.01"))
    cents = sum(1 for k in set(ours) & set(reference) if ours[k] != reference[k])

    drafting = samverkan_drafting(args.chunk_size, args.lookback_days)
    from django.db import connection

    result = {
        "backend": args.backend,
        "vendor": connection.vendor,
        "rows": {k: len(v) for k, v in data.items()},
        "migrate_s": migrated,
        "generate_s": generated,
        "load_s": loaded,
        "load_by_table_s": {k: round(v, 2) for k, v in LOAD_TIMES.items()},
        "detect_s": min(timings),
        "duckdb_load_s": duck_load,
        "duckdb_query_s": min(duck_queries),
        "candidates": len(ours),
        "reference": len(reference),
        "missing": [list(k) for k in missing[:5]],
        "extra": [list(k) for k in extra[:5]],
        "differ": [[*k, str(ours[k]), str(reference[k])] for k in differ[:5]],
        "missing_n": len(missing),
        "extra_n": len(extra),
        "differ_n": len(differ),
        "cent_rounding_n": cents,
        **drafting,
    }
    connection.close()
    if args.backend == "postgres" and not args.keep:
        drop_schema(args.pg_url, SCHEMA)
    if not args.keep:
        Path(sqlite_path).unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(sqlite_path + suffix).unlink(missing_ok=True)
        if not os.listdir(tmpdir):
            os.rmdir(tmpdir)
    else:
        result["sqlite_path"] = sqlite_path
    return result


# --- The table -----------------------------------------------------------------------------------------


def _table(results: list[dict[str, Any]], households: int) -> str:
    rows = results[0]["rows"] if results else {}
    lines = [
        f"Återsökning: nattlig upptäckt över {households:,} hushåll".replace(",", " "),
        "  " + ", ".join(f"{k}: {v:,}".replace(",", " ") for k, v in rows.items()),
        "",
        f"{'databas':<10} {'inläsning s':>12} {'Samverkan s':>12} {'DuckDB SQL s':>13} {'kvot':>7} {'träffar':>8} {'DuckDB':>8}  överens",
    ]
    for r in results:
        ratio = r["detect_s"] / r["duckdb_query_s"] if r["duckdb_query_s"] else float("inf")
        agree = (
            "ja"
            if not (r["missing_n"] or r["extra_n"] or r["differ_n"])
            else (f"NEJ (saknas {r['missing_n']}, extra {r['extra_n']}, belopp {r['differ_n']})")
        )
        lines.append(
            f"{r['backend']:<10} {r['load_s']:>12.1f} {r['detect_s']:>12.2f} {r['duckdb_query_s']:>13.3f} "
            f"{ratio:>6.1f}x {r['candidates']:>8} {r['reference']:>8}  {agree}"
        )
    lines.append("")
    lines.append(
        f"{'databas':<10} {'hela natten s':>14} {'upprättade':>11} {'ms per träff':>13} {'kvot natt/upptäckt':>19}"
    )
    for r in results:
        drafting = max(r["nightly_s"] - r["detect_s"], 0.0)
        per_hit = drafting / r["drafted"] * 1000 if r["drafted"] else 0.0
        lines.append(
            f"{r['backend']:<10} {r['nightly_s']:>14.2f} {r['drafted']:>11} {per_hit:>13.2f} "
            f"{r['nightly_s'] / r['detect_s'] if r['detect_s'] else float('inf'):>18.1f}x"
        )
    lines.append("")
    lines.append(
        "hela natten s = reclaims_detect som schemaläggaren kör den: upptäckten och för varje träff FK:s eller PM:s "
        "avisering genom grindens satsväg (beslut, lagring, loggpost) och nämndens utkast. ms per träff = (hela natten "
        "− upptäckten) / upprättade."
    )
    lines.append(
        "Samverkan s = nattkörningens läsning (retroactive_decision_ids + detection_candidates: ORM + domänens svep), bästa av "
        "--repeat. DuckDB SQL s = samma upptäckt som en SQL-fråga i minnet (inläsning från CSV ej medräknad). "
        "kvot = Samverkan / DuckDB."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=80_000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--backends", default="sqlite,postgres", help="kommaseparerat: sqlite, postgres")
    parser.add_argument("--pg-url", default=os.environ.get("SAMVERKAN_BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--lookback-days", type=int, default=31)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="behåll SQLite-filen och PostgreSQL-schemat")
    parser.add_argument("--backend", help=argparse.SUPPRESS)  # internal: run one backend, print JSON
    args = parser.parse_args(argv)
    if args.backend:
        print(json.dumps(run_backend(args), default=str))
        return 0
    results = []
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        command = [
            sys.executable,
            __file__,
            "--backend",
            backend,
            *(a for a in (argv if argv is not None else sys.argv[1:])),
        ]
        print(f"… {backend}", file=sys.stderr, flush=True)
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            print(f"{backend}: misslyckades (kod {done.returncode})", file=sys.stderr)
            return done.returncode
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(_table(results, args.households))
    failed = False
    for r in results:
        if r["missing_n"] or r["extra_n"] or r["differ_n"]:
            failed = True
            print(
                f"{r['backend']}: saknas {r['missing']}, extra {r['extra']}, olika belopp {r['differ']}",
                file=sys.stderr,
            )
        if r["drafted"] + r["denied"] != r["candidates"]:
            failed = True  # the nightly run must draft (or be refused) every hit the detection found
            print(
                f"{r['backend']}: {r['candidates']} träffar men {r['drafted']} upprättade och {r['denied']} nekade",
                file=sys.stderr,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
