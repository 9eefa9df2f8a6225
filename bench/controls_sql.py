"""The set-based control run of bench/controls.py: the checks as one SQL statement per dialect, and the backends.

SQLite, PostgreSQL and DuckDB load the generated files and run the statement (twice where the results
are stored); :func:`samverkan.domain.controls.run_controls` is the reference they are validated against.
"""

from __future__ import annotations

import csv
import sqlite3
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from controls_data import (
    INDEXES,
    M0,
    M1,
    MAX_REPORT_AGE,
    ON_DAY,
    PG_DATABASE,
    RESULT_CHECKS,
    RESULT_DDL,
    RESULT_TOTALS,
    TABLES,
    TOLERANCE_ORE,
    Dataset,
)

# --- The set-based control run (SQL), per dialect ----------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    name: str
    idiv: Callable[[str, str], str]
    least: str
    greatest: str
    distinct: Callable[[str, str], str]
    #: The exact sum of whole öre. PostgreSQL's own ``SUM(bigint)`` returns ``numeric`` and keeps a
    #: 128-bit state per group (allocated); ``bigint_sum`` (:data:`PG_SCHEMA`) adds in ``bigint`` and
    #: stops with an error on overflow (at 92 233 720 368 547 758,07 kr), so the totals stay exact.
    sum: str = "SUM"
    #: The shape of the statement: ``facts`` (one stream of per-person facts, one aggregation, two
    #: joins; :func:`controls_query_facts`) or ``joins`` (an aggregation per source table, nine
    #: joins; :func:`controls_query_joins`). Each engine runs the shape it is fastest with; both give
    #: the same rows.
    shape: str = "facts"


SQLITE = Dialect("sqlite", lambda a, b: f"(({a}) / ({b}))", "min", "max", lambda a, b: f"{a} IS NOT {b}")
POSTGRES = Dialect(
    "postgresql",
    lambda a, b: f"(({a}) / ({b}))",
    "LEAST",
    "GREATEST",
    lambda a, b: f"{a} IS DISTINCT FROM {b}",
    sum="bigint_sum",
)
#: Created with PostgreSQL's schema (what a migration of the app would create alongside the tables).
PG_SCHEMA = (
    "CREATE AGGREGATE bigint_sum(bigint) (SFUNC = int8pl, STYPE = bigint, COMBINEFUNC = int8pl, PARALLEL = SAFE)",
)
DUCKDB = Dialect(
    "duckdb",
    lambda a, b: f"(({a}) // ({b}))",
    "LEAST",
    "GREATEST",
    lambda a, b: f"{a} IS DISTINCT FROM {b}",
    shape="joins",  # the reference keeps the shape it was measured with: DuckDB is slower with ``facts``
)


#: The controls of :func:`samverkan.domain.controls.run_controls`, as small integers in the results table.
CONTROLS: tuple[tuple[int, str, str], ...] = (
    (1, "benefit_application_pending", "fk"),
    (2, "benefit_payments_declared", "fk"),
    (3, "benefit_application_pending", "pm"),
    (4, "benefit_payments_declared", "pm"),
    (5, "unemployment_payments_declared", "unemployment_fund"),
    (6, "af_registration", "af"),
    (7, "activity_report", "af"),
    (8, "labour_market_programme", "af"),
    (9, "establishment_allowance", "af"),
)
CONTROL_KEYS = {number: (code, source) for number, code, source in CONTROLS}


def _compare(rt: str, rn: str, dtot: str, dn: str) -> str:
    """The domain's comparison (``_compare``): ok when nothing either way or within 5 kr per payment."""
    return (
        f"CASE WHEN COALESCE({rn}, 0) = 0 AND COALESCE({dn}, 0) = 0 THEN 'ok' "
        f"WHEN ABS(COALESCE({rt}, 0) - COALESCE({dtot}, 0)) <= {TOLERANCE_ORE} * "
        f"(CASE WHEN COALESCE({rn}, 0) > 1 THEN {rn} ELSE 1 END) THEN 'ok' ELSE 'attention' END"
    )


def _sum_if(d: Dialect, condition: str, value: str = "amount") -> str:
    return f"{d.sum}(CASE WHEN {condition} THEN {value} END)"


def _count_if(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _outcome_columns(d: Dialect) -> list[str]:
    """The outcome of each control (``c1`` … ``c9``) and the totals of the comparisons, from the
    per-person facts of ``w`` (NULL where a person has no fact of that kind)."""
    ea_none = "COALESCE(ea_grant_n, 0) = 0 AND COALESCE(ea_paid_n, 0) = 0 AND COALESCE(ea_decl_n, 0) = 0"
    ea_received = "CASE WHEN COALESCE(ea_paid_n, 0) > 0 THEN ea_paid_total ELSE COALESCE(ea_grant_total, 0) END"
    ea_count = "CASE WHEN COALESCE(ea_paid_n, 0) > 0 THEN ea_paid_n ELSE COALESCE(ea_grant_n, 0) END"
    results = {
        1: "CASE WHEN COALESCE(fk_pending, 0) = 0 THEN 'ok' ELSE 'attention' END",
        2: _compare("fk_total", "fk_n", "fk_decl", "fk_decl_n"),
        3: "CASE WHEN COALESCE(pm_pending, 0) = 0 THEN 'ok' ELSE 'attention' END",
        4: _compare("pm_total", "pm_n", "pm_decl", "pm_decl_n"),
        5: _compare("uf_total", "uf_n", "uf_decl", "uf_decl_n"),
        6: "CASE WHEN able = 0 THEN 'ok' WHEN reg = 0 THEN 'missing' "
        "WHEN able IS NULL OR category = 'with_obstacles' THEN 'attention' ELSE 'ok' END",
        7: f"CASE WHEN reg = 0 THEN NULL WHEN latest IS NULL THEN 'attention' "
        f"WHEN {ON_DAY} - latest > {MAX_REPORT_AGE} THEN 'attention' ELSE 'ok' END",
        8: "CASE WHEN reg = 0 THEN NULL WHEN COALESCE(prog_n, 0) = 0 THEN 'ok' WHEN prog_ended > 0 THEN 'attention' "
        "ELSE 'ok' END",
        9: f"CASE WHEN {ea_none} THEN 'ok' WHEN changed BETWEEN {M0} AND {ON_DAY} THEN 'attention' "
        f"ELSE {_compare(ea_received, ea_count, 'ea_decl', 'ea_decl_n')} END",
    }
    totals = {
        2: ("COALESCE(fk_total, 0)", "COALESCE(fk_decl, 0)"),
        4: ("COALESCE(pm_total, 0)", "COALESCE(pm_decl, 0)"),
        5: ("COALESCE(uf_total, 0)", "COALESCE(uf_decl, 0)"),
        9: (
            f"CASE WHEN {ea_none} THEN NULL ELSE {ea_received} END",
            f"CASE WHEN {ea_none} THEN NULL ELSE COALESCE(ea_decl, 0) END",
        ),
    }
    columns = [f"{expression} AS c{n}" for n, expression in results.items()]
    columns += [f"{pair[i]} AS {side}{n}" for n, pair in totals.items() for i, side in enumerate(("r", "d"))]
    return columns


def controls_query_joins(d: Dialect) -> str:
    """Every control for every person: ``computed`` has one row per person with the outcome of each
    control (``c1`` … ``c9``, NULL when the control is not made) and the received and declared totals
    of the comparisons (``r2``/``d2`` …), the same outcomes and totals as the domain.

    One pass per source table aggregated per person, one join into a wide row per person (``w``).
    The results are stored the same way, one row per person and month: a national run writes
    200 000 rows instead of 1,5 million.
    """
    overlap = f"{d.greatest}(0, {d.least}(period_end, {M1}) - {d.greatest}(period_start, {M0}) + 1)"
    share = d.idiv("2 * amount * overlap + days", "2 * days")
    ea_payment = "agency = 'fk' AND benefit = 'establishment_allowance'"
    columns = _outcome_columns(d)
    return (
        "WITH "
        f"paid AS (SELECT person_id, "
        f"{_sum_if(d, f"agency = 'fk' AND NOT ({ea_payment})")} AS fk_total, {_count_if(f"agency = 'fk' AND NOT ({ea_payment})")} AS fk_n, "
        f"{_sum_if(d, "agency = 'pm'")} AS pm_total, {_count_if("agency = 'pm'")} AS pm_n, "
        f"{_sum_if(d, ea_payment)} AS ea_paid_total, {_count_if(ea_payment)} AS ea_paid_n "
        f"FROM benefit_payment WHERE paid_on BETWEEN {M0} AND {M1} GROUP BY person_id), "
        f"uf AS (SELECT person_id, {d.sum}(amount) AS uf_total, COUNT(*) AS uf_n FROM uf_payment "
        f"WHERE paid_on BETWEEN {M0} AND {M1} GROUP BY person_id), "
        "decl AS (SELECT person_id, "
        + ", ".join(
            f"{_sum_if(d, f"kind = '{k}'")} AS {k}_decl, {_count_if(f"kind = '{k}'")} AS {k}_decl_n"
            for k in ("fk", "pm", "uf", "ea")
        )
        + " FROM declared_income GROUP BY person_id), "
        f"pending AS (SELECT person_id, {_count_if("agency = 'fk'")} AS fk_pending, {_count_if("agency = 'pm'")} AS pm_pending "
        f"FROM benefit_application WHERE status = 'applied' AND applied_on <= {ON_DAY} GROUP BY person_id), "
        f"grants AS (SELECT person_id, {d.sum}({share}) AS ea_grant_total, COUNT(*) AS ea_grant_n FROM ("
        f"SELECT person_id, amount, {overlap} AS overlap, period_end - period_start + 1 AS days FROM ea_grant "
        f"WHERE period_start <= {M1} AND period_end >= {M0}) AS gr GROUP BY person_id), "
        "latest AS (SELECT person_id, MAX(submitted_on) AS latest FROM activity_report GROUP BY person_id), "
        f"prog AS (SELECT person_id, COUNT(*) AS prog_n, {_count_if(f'period_end IS NOT NULL AND period_end < {ON_DAY}')} "
        f"AS prog_ended FROM programme WHERE period_start <= {M1} AND (period_end IS NULL OR period_end >= {M0}) "
        "GROUP BY person_id), "
        "w AS (SELECT p.id AS person_id, p.able_to_work AS able, r.category AS category, "
        "r.ea_changed_on AS changed, "
        f"CASE WHEN r.registered_from IS NOT NULL AND r.registered_from <= {ON_DAY} "
        f"AND (r.deregistered_on IS NULL OR {ON_DAY} < r.deregistered_on) THEN 1 ELSE 0 END AS reg, "
        "paid.fk_total, paid.fk_n, paid.pm_total, paid.pm_n, paid.ea_paid_total, paid.ea_paid_n, uf.uf_total, uf.uf_n, "
        "decl.fk_decl, decl.fk_decl_n, decl.pm_decl, decl.pm_decl_n, decl.uf_decl, decl.uf_decl_n, decl.ea_decl, "
        "decl.ea_decl_n, pending.fk_pending, pending.pm_pending, grants.ea_grant_total, grants.ea_grant_n, "
        "latest.latest, prog.prog_n, prog.prog_ended "
        "FROM person p LEFT JOIN registration r ON r.person_id = p.id LEFT JOIN paid ON paid.person_id = p.id "
        "LEFT JOIN uf ON uf.person_id = p.id LEFT JOIN decl ON decl.person_id = p.id "
        "LEFT JOIN pending ON pending.person_id = p.id LEFT JOIN grants ON grants.person_id = p.id "
        "LEFT JOIN latest ON latest.person_id = p.id LEFT JOIN prog ON prog.person_id = p.id), "
        f"computed AS (SELECT person_id, {', '.join(columns)} FROM w) "
    )


#: The per-person facts the controls need, in the order of the one aggregation's columns.
FACTS: tuple[tuple[str, str], ...] = (
    # (column in the stream of facts, aggregate giving the per-person value)
    ("fk_paid", "{sum}(fk_paid) AS fk_total, COUNT(fk_paid) AS fk_n"),
    ("pm_paid", "{sum}(pm_paid) AS pm_total, COUNT(pm_paid) AS pm_n"),
    ("ea_paid", "{sum}(ea_paid) AS ea_paid_total, COUNT(ea_paid) AS ea_paid_n"),
    ("uf_paid", "{sum}(uf_paid) AS uf_total, COUNT(uf_paid) AS uf_n"),
    ("fk_d", "{sum}(fk_d) AS fk_decl, COUNT(fk_d) AS fk_decl_n"),
    ("pm_d", "{sum}(pm_d) AS pm_decl, COUNT(pm_d) AS pm_decl_n"),
    ("uf_d", "{sum}(uf_d) AS uf_decl, COUNT(uf_d) AS uf_decl_n"),
    ("ea_d", "{sum}(ea_d) AS ea_decl, COUNT(ea_d) AS ea_decl_n"),
    ("fk_app", "COUNT(fk_app) AS fk_pending"),
    ("pm_app", "COUNT(pm_app) AS pm_pending"),
    ("ea_share", "{sum}(ea_share) AS ea_grant_total, COUNT(ea_share) AS ea_grant_n"),
    ("latest", "MAX(latest) AS latest"),
    ("prog", "COUNT(prog) AS prog_n"),
    ("prog_ended", "COUNT(prog_ended) AS prog_ended"),
)


def _facts(person: str, **columns: str) -> str:
    """One branch of the stream of facts: ``columns`` set, every other fact NULL (typed in all dialects)."""
    values = [f"{columns.pop(name, 'CAST(NULL AS BIGINT)')} AS {name}" for name, _ in FACTS]
    assert not columns, columns
    return f"SELECT {person} AS person_id, {', '.join(values)}"


def controls_query_facts(d: Dialect) -> str:
    """The same ``computed`` as :func:`controls_query_joins`, in another shape.

    Every record the controls look at becomes one narrow row of ``facts`` (the month's payments,
    declared incomes, pending applications, the month's share of each grant, the latest activity
    report already aggregated per person, the month's programmes), each fact in a column of its own
    and NULL elsewhere; one aggregation turns them into one row per person that has any (``agg``),
    and two joins give every person a row (``w``). Nine hash joins over every person become two:
    in PostgreSQL the joins, not the aggregations, were most of the time.
    """
    overlap = f"{d.greatest}(0, {d.least}(period_end, {M1}) - {d.greatest}(period_start, {M0}) + 1)"
    days = "(period_end - period_start + 1)"
    share = d.idiv(f"2 * amount * {overlap} + {days}", f"2 * {days}")
    ea_payment = "agency = 'fk' AND benefit = 'establishment_allowance'"
    month = f"BETWEEN {M0} AND {M1}"
    branches = [
        _facts(
            "person_id",
            fk_paid=f"CASE WHEN agency = 'fk' AND NOT ({ea_payment}) THEN amount END",
            pm_paid="CASE WHEN agency = 'pm' THEN amount END",
            ea_paid=f"CASE WHEN {ea_payment} THEN amount END",
        )
        + f" FROM benefit_payment WHERE paid_on {month}",
        _facts("person_id", uf_paid="amount") + f" FROM uf_payment WHERE paid_on {month}",
        _facts(
            "person_id",
            **{f"{k}_d": f"CASE WHEN kind = '{k}' THEN amount END" for k in ("fk", "pm", "uf", "ea")},
        )
        + " FROM declared_income WHERE kind IN ('fk', 'pm', 'uf', 'ea')",
        _facts(
            "person_id",
            fk_app="CASE WHEN agency = 'fk' THEN 1 END",
            pm_app="CASE WHEN agency = 'pm' THEN 1 END",
        )
        + f" FROM benefit_application WHERE status = 'applied' AND applied_on <= {ON_DAY} AND agency IN ('fk', 'pm')",
        _facts("person_id", ea_share=share) + f" FROM ea_grant WHERE period_start <= {M1} AND period_end >= {M0}",
        _facts("person_id", latest="MAX(submitted_on)") + " FROM activity_report GROUP BY person_id",
        _facts(
            "person_id",
            prog="1",
            prog_ended=f"CASE WHEN period_end IS NOT NULL AND period_end < {ON_DAY} THEN 1 END",
        )
        + f" FROM programme WHERE period_start <= {M1} AND (period_end IS NULL OR period_end >= {M0})",
    ]
    aggregates = ", ".join(aggregate.format(sum=d.sum) for _, aggregate in FACTS)
    names = [name.rsplit(" AS ", 1)[1] for _, aggregate in FACTS for name in aggregate.split(", ")]
    return (
        "WITH "
        f"facts AS ({' UNION ALL '.join(branches)}), "
        f"agg AS (SELECT person_id, {aggregates} FROM facts GROUP BY person_id), "
        "w AS (SELECT p.id AS person_id, p.able_to_work AS able, r.category AS category, "
        "r.ea_changed_on AS changed, "
        f"CASE WHEN r.registered_from IS NOT NULL AND r.registered_from <= {ON_DAY} "
        f"AND (r.deregistered_on IS NULL OR {ON_DAY} < r.deregistered_on) THEN 1 ELSE 0 END AS reg, "
        + ", ".join(f"agg.{n}" for n in names)
        + " FROM person p LEFT JOIN registration r ON r.person_id = p.id LEFT JOIN agg ON agg.person_id = p.id), "
        f"computed AS (SELECT person_id, {', '.join(_outcome_columns(d))} FROM w) "
    )


def controls_query(d: Dialect) -> str:
    """Every control for every person, as the CTE ``computed`` (in the dialect's shape)."""
    return controls_query_facts(d) if d.shape == "facts" else controls_query_joins(d)


RESULT_COLUMNS = ", ".join(["person_id", *RESULT_CHECKS, *RESULT_TOTALS])
RESULT_COUNT = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in RESULT_CHECKS)


def run_statements(d: Dialect, *, empty: bool = False) -> list[tuple[str, str]]:
    """The run as statements, each with what it counts.

    The month's first run (no results stored yet) inserts straight from the computation. Later runs
    compute into a scratch table, then update only the results that changed, insert the new ones and
    remove the ones no longer given: unchanged rows are never written (an ``INSERT … ON CONFLICT DO
    UPDATE`` would lock and rewrite every one of them even when nothing changed).
    """
    if empty:
        return [
            (
                "created",
                f"INSERT INTO control_result ({RESULT_COLUMNS}) {controls_query(d)}SELECT {RESULT_COLUMNS} FROM computed",
            )
        ]
    changed = " OR ".join(d.distinct(f"control_result.{c}", f"n.{c}") for c in (*RESULT_CHECKS, *RESULT_TOTALS))
    assignments = ", ".join(f"{c} = n.{c}" for c in (*RESULT_CHECKS, *RESULT_TOTALS))
    return [
        ("", "DROP TABLE IF EXISTS new_result"),
        ("", "DROP TABLE IF EXISTS fresh_result"),
        ("", f"CREATE TEMPORARY TABLE new_result AS {controls_query(d)}SELECT {RESULT_COLUMNS} FROM computed"),
        ("", "CREATE UNIQUE INDEX new_result_key ON new_result (person_id)"),
        ("", "ANALYZE new_result"),
        (
            "changed",
            f"UPDATE control_result SET {assignments} FROM new_result n "
            f"WHERE control_result.person_id = n.person_id AND ({changed})",
        ),
        # The new keys are found before anything is inserted: an anti-join against the table being
        # filled would rescan it while it grows.
        (
            "",
            f"CREATE TEMPORARY TABLE fresh_result AS SELECT {RESULT_COLUMNS} FROM new_result n "
            "WHERE NOT EXISTS (SELECT 1 FROM control_result c WHERE c.person_id = n.person_id)",
        ),
        ("created", f"INSERT INTO control_result ({RESULT_COLUMNS}) SELECT {RESULT_COLUMNS} FROM fresh_result"),
        (
            "changed",
            "DELETE FROM control_result WHERE NOT EXISTS "
            "(SELECT 1 FROM new_result n WHERE n.person_id = control_result.person_id)",
        ),
        ("", "DROP TABLE fresh_result"),
        ("", "DROP TABLE new_result"),
    ]


# --- Backends ---------------------------------------------------------------------------------------

Results = dict[tuple[int, str, str], tuple[str, int | None, int | None]]


@dataclass
class RunTiming:
    load: float = 0.0
    first: float = 0.0
    second: float = 0.0
    created: int = 0
    changed: int = 0
    created_second: int = 0
    changed_second: int = 0
    results: int = 0
    heap_peak: int = 0
    settings: str = ""


def _keyed(rows: list[tuple[Any, ...]]) -> Results:
    """Stored rows (one per person) as one entry per control made: (person, code, source) → (outcome, totals)."""
    out: Results = {}
    for row in rows:
        values = dict(zip(["person_id", *RESULT_CHECKS, *RESULT_TOTALS], row, strict=True))
        for n in range(1, 10):
            result = values[f"c{n}"]
            if result is None:
                continue
            code, source = CONTROL_KEYS[n]
            out[(int(values["person_id"]), code, source)] = (result, values.get(f"r{n}"), values.get(f"d{n}"))
    return out


def _run(
    execute: Callable[[str], int], commit: Callable[[], object], empty: Callable[[], bool], d: Dialect
) -> tuple[float, int, int]:
    """One control run in one transaction: (seconds, results created, results changed)."""
    created = changed = 0
    started = time.perf_counter()
    for counts, statement in run_statements(d, empty=empty()):
        n = execute(statement)
        if counts == "created":
            created += n
        elif counts == "changed":
            changed += n
    commit()
    return time.perf_counter() - started, created, changed


def _twice(
    timing: RunTiming,
    execute: Callable[[str], int],
    commit: Callable[[], object],
    empty: Callable[[], bool],
    d: Dialect,
) -> None:
    tracemalloc.start()
    timing.first, timing.created, timing.changed = _run(execute, commit, empty, d)
    timing.second, timing.created_second, timing.changed_second = _run(execute, commit, empty, d)
    timing.heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()


def _csv_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    with path.open(newline="") as f:
        for row in csv.reader(f):
            yield tuple(None if v == "" else v for v in row)


def run_sqlite(data: Dataset, path: Path) -> tuple[RunTiming, Results]:
    timing = RunTiming()
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-262144", "temp_store=MEMORY"):
        con.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    con.execute("BEGIN")
    for table, columns in TABLES.items():
        con.execute(f"CREATE TABLE {table} ({', '.join(f'{n} {t}' for n, t in columns)})")
        marks = ", ".join("?" for _ in columns)
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", _csv_rows(data.path(table)))
    for statement in INDEXES:
        con.execute(statement)
    con.execute("CREATE UNIQUE INDEX person_pk ON person (id)")
    con.execute(RESULT_DDL)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    timing.load = time.perf_counter() - started

    def execute(statement: str) -> int:
        if not con.in_transaction:
            con.execute("BEGIN")
        return con.execute(statement).rowcount

    def empty() -> bool:
        return con.execute("SELECT 1 FROM control_result LIMIT 1").fetchone() is None

    _twice(timing, execute, lambda: con.execute("COMMIT"), empty, SQLITE)
    timing.results = int(con.execute(f"SELECT SUM({RESULT_COUNT}) FROM control_result").fetchone()[0])
    marks = ", ".join("?" for _ in data.sample)
    rows = con.execute(
        f"SELECT {RESULT_COLUMNS} FROM control_result WHERE person_id IN ({marks})", sorted(data.sample)
    ).fetchall()
    con.close()
    return timing, _keyed(rows)


def _pg_dsn(url: str, database: str) -> str:
    parsed = urlparse(url)
    user = parsed.username or "postgres"
    password = f" password={parsed.password}" if parsed.password else ""
    return f"host={parsed.hostname or '127.0.0.1'} port={parsed.port or 5432} user={user}{password} dbname={database}"


#: The PostgreSQL session's settings, set explicitly (and printed with the results).
PG_SETTINGS: tuple[tuple[str, str], ...] = (
    ("synchronous_commit", "off"),
    ("work_mem", "'256MB'"),  # every aggregation and hash join of the run in memory
    ("maintenance_work_mem", "'512MB'"),
    ("jit", "off"),  # compiling the run's expressions costs more than it saves here
    ("max_parallel_workers_per_gather", "2"),
)


def run_postgres(data: Dataset, url: str) -> tuple[RunTiming, Results]:
    import psycopg

    admin_db = urlparse(url).path.lstrip("/") or "postgres"
    with psycopg.connect(_pg_dsn(url, admin_db), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    timing = RunTiming()
    try:
        with psycopg.connect(_pg_dsn(url, PG_DATABASE)) as con:
            for name, value in PG_SETTINGS:
                con.execute(f"SET {name} = {value}")
            timing.settings = ", ".join(
                f"{name} = {con.execute(f'SHOW {name}').fetchone()[0]}"  # type: ignore[index]
                for name, _ in PG_SETTINGS
            )
            started = time.perf_counter()
            for statement in PG_SCHEMA:
                con.execute(statement)
            pg_types = {"TEXT": "text", "INTEGER": "integer", "BIGINT": "bigint"}
            for table, columns in TABLES.items():
                con.execute(f"CREATE TABLE {table} ({', '.join(f'{n} {pg_types[t]}' for n, t in columns)})")
                with (
                    con.cursor().copy(f"COPY {table} FROM STDIN WITH (FORMAT csv)") as copy,
                    data.path(table).open("rb") as f,
                ):
                    while chunk := f.read(1 << 20):
                        copy.write(chunk)
            for statement in INDEXES:
                con.execute(statement)
            con.execute("ALTER TABLE person ADD PRIMARY KEY (id)")
            con.execute(RESULT_DDL)
            con.commit()
            con.autocommit = True
            con.execute("VACUUM ANALYZE")
            con.autocommit = False
            timing.load = time.perf_counter() - started

            def execute(statement: str) -> int:
                with con.cursor() as cursor:
                    cursor.execute(statement)
                    return max(0, cursor.rowcount)

            def empty() -> bool:
                return con.execute("SELECT 1 FROM control_result LIMIT 1").fetchone() is None

            _twice(timing, execute, con.commit, empty, POSTGRES)
            row = con.execute(f"SELECT SUM({RESULT_COUNT}) FROM control_result").fetchone()
            timing.results = int(row[0]) if row else 0
            rows = con.execute(
                f"SELECT {RESULT_COLUMNS} FROM control_result WHERE person_id = ANY(%s)", (sorted(data.sample),)
            ).fetchall()
            con.commit()
    finally:
        with psycopg.connect(_pg_dsn(url, admin_db), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    return timing, _keyed(rows)


def run_duckdb(data: Dataset) -> tuple[RunTiming, Results]:
    import duckdb

    timing = RunTiming()
    con = duckdb.connect(":memory:")
    started = time.perf_counter()
    duck_types = {"TEXT": "VARCHAR", "INTEGER": "INTEGER", "BIGINT": "BIGINT"}
    for table, columns in TABLES.items():
        spec = ", ".join(f"'{n}': '{duck_types[t]}'" for n, t in columns)
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv('{data.path(table)}', header = false, "
            f"columns = {{{spec}}}, nullstr = '')"
        )
    timing.load = time.perf_counter() - started
    tracemalloc.start()
    started = time.perf_counter()
    con.execute(f"CREATE TABLE ref_result AS {controls_query(DUCKDB)}SELECT {RESULT_COLUMNS} FROM computed")
    timing.first = time.perf_counter() - started
    timing.heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    row = con.execute(f"SELECT SUM({RESULT_COUNT}), COUNT(*) FROM ref_result").fetchone()
    timing.results, timing.created = (int(row[0]), int(row[1])) if row else (0, 0)
    rows = con.execute(
        f"SELECT {RESULT_COLUMNS} FROM ref_result WHERE list_contains(?, person_id)", [sorted(data.sample)]
    ).fetchall()
    con.close()
    return timing, _keyed(rows)
