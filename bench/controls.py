"""Benchmark of the monthly control run for ekonomiskt bistånd at national scale.

Run from the project root:
    .venv/bin/python bench/controls.py [--households N] [--pg-url URL] [--seed S] [--sample K]

1. **Generate** a national-scale month (default 80 000 households, 200 000 persons): a year of
   benefit payments from Försäkringskassan and Pensionsmyndigheten, a-kassa payments, benefit
   applications, Arbetsförmedlingen registrations, programmes, activity reports and
   etableringsersättning, and the incomes each household declared for the month. Deterministic
   (``--seed``), streamed to CSV files (dates as day numbers, money as whole öre).
2. **Load** the same files into a throwaway SQLite file (``executemany``), a PostgreSQL database of
   its own (``samverkan_bench`` on the server of ``--pg-url``, created and dropped here; ``COPY``)
   and an in-memory DuckDB (``read_csv``).
3. **Time the control run**, set-based: one SQL statement computes every control of
   :mod:`samverkan.domain.controls` for every household member (pending applications, FK/PM/a-kassa
   payments against declared incomes with the rounding tolerance, AF registration and category,
   latest activity report, programme, etableringsersättning) as one row per person and month (the
   outcome of each control and the totals of each comparison). The month's first run inserts them;
   a later run computes into a scratch table and writes only the rows that changed (update changed,
   insert new, delete gone). It is run twice: the second run must change nothing (idempotent). The
   same checks as plain SQL in DuckDB (``CREATE TABLE AS``) are the reference; the table shows each
   time and the first run's ratio to DuckDB. SQLite and PostgreSQL run the statement as one stream
   of per-person facts aggregated once (:func:`controls_query_facts`); DuckDB keeps the shape it is
   fastest with, an aggregation per source joined per person (:func:`controls_query_joins`). Both
   give the same rows. PostgreSQL sums öre with an exact ``bigint`` aggregate created with its
   schema (:data:`PG_SCHEMA`), runs with the session settings of :data:`PG_SETTINGS` (printed), and
   its tables are indexed as :data:`INDEXES` and analysed after the load, outside the timing, as
   DuckDB's load is.
4. **Validate**: for a sample of persons the pure domain function
   :func:`samverkan.domain.controls.run_controls` is run on the same records; its results (outcome
   and both totals, to the öre) must equal what SQLite, PostgreSQL and DuckDB stored. A
   disagreement makes the run exit non-zero.

What is timed is the checks themselves: in the application each case's data first passes the
secrecy gate (one audited request per person and agency), which is not part of this benchmark.
Peak memory is the process's maximum resident set (``resource.getrusage``) and the Python heap
peak during the runs (``tracemalloc``). Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from samverkan.domain import controls as domain  # noqa: E402

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"
PG_DATABASE = "samverkan_bench"
EPOCH = dt.date(1970, 1, 1)
MONTH = dt.date(2026, 10, 1)  # the month controlled
MONTH_END = dt.date(2026, 10, 31)
ON = MONTH_END  # the run looks at the month as of its last day
YEAR_START = dt.date(2025, 11, 1)  # a year of payments: November 2025 – October 2026
TOLERANCE_ORE = int(domain.ROUNDING_TOLERANCE_PER_PAYMENT * 100)
MAX_REPORT_AGE = domain.ACTIVITY_REPORT_MAX_AGE_DAYS

FK_BENEFITS = (
    "sickness_benefit",
    "activity_compensation",
    "housing_allowance",
    "parental_benefit",
    "sickness_compensation",
)
PM_BENEFITS = ("housing_supplement", "guarantee_pension")
CATEGORIES = ("openly_unemployed", "with_obstacles", "other")


def day(d: dt.date) -> int:
    return (d - EPOCH).days


def date_of(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=n)


def add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(d: dt.date) -> dt.date:
    return add_months(d, 1) - dt.timedelta(days=1)


M0, M1, ON_DAY = day(MONTH), day(MONTH_END), day(ON)
MONTHS = [add_months(YEAR_START, i) for i in range(12)]

# --- Schema -----------------------------------------------------------------------------------------

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (("id", "INTEGER"), ("household_id", "INTEGER"), ("able_to_work", "INTEGER")),
    "benefit_application": (
        ("person_id", "INTEGER"),
        ("agency", "TEXT"),
        ("benefit", "TEXT"),
        ("applied_on", "INTEGER"),
        ("status", "TEXT"),
    ),
    "benefit_payment": (
        ("person_id", "INTEGER"),
        ("agency", "TEXT"),
        ("benefit", "TEXT"),
        ("amount", "BIGINT"),
        ("paid_on", "INTEGER"),
        ("period_start", "INTEGER"),
        ("period_end", "INTEGER"),
    ),
    "uf_payment": (
        ("person_id", "INTEGER"),
        ("amount", "BIGINT"),
        ("paid_on", "INTEGER"),
        ("period_start", "INTEGER"),
        ("period_end", "INTEGER"),
    ),
    "registration": (
        ("person_id", "INTEGER"),
        ("registered_from", "INTEGER"),
        ("deregistered_on", "INTEGER"),
        ("category", "TEXT"),
        ("ea_changed_on", "INTEGER"),
    ),
    "programme": (("person_id", "INTEGER"), ("period_start", "INTEGER"), ("period_end", "INTEGER")),
    "activity_report": (("person_id", "INTEGER"), ("submitted_on", "INTEGER")),
    "ea_grant": (
        ("person_id", "INTEGER"),
        ("amount", "BIGINT"),
        ("period_start", "INTEGER"),
        ("period_end", "INTEGER"),
    ),
    "declared_income": (("person_id", "INTEGER"), ("kind", "TEXT"), ("amount", "BIGINT")),
}
INDEXES = [
    "CREATE INDEX bp_person ON benefit_payment (person_id, paid_on)",
    "CREATE INDEX bp_paid ON benefit_payment (paid_on)",
    "CREATE INDEX uf_paid ON uf_payment (paid_on)",
    "CREATE INDEX ba_person ON benefit_application (person_id)",
    "CREATE INDEX reg_person ON registration (person_id)",
    "CREATE INDEX ar_person ON activity_report (person_id, submitted_on)",
    "CREATE INDEX prog_person ON programme (person_id)",
    "CREATE INDEX ea_person ON ea_grant (person_id)",
    "CREATE INDEX di_person ON declared_income (person_id, kind)",
]
RESULT_CHECKS = [f"c{n}" for n in range(1, 10)]
RESULT_TOTALS = [f"{side}{n}" for n in (2, 4, 5, 9) for side in ("r", "d")]
RESULT_DDL = (
    "CREATE TABLE control_result (person_id INTEGER NOT NULL PRIMARY KEY, "
    + ", ".join(f"{c} TEXT" for c in RESULT_CHECKS)
    + ", "
    + ", ".join(f"{t} BIGINT" for t in RESULT_TOTALS)
    + ")"
)


# --- Generation -------------------------------------------------------------------------------------


@dataclass
class PersonData:
    """Everything generated about one person (kept only for the validation sample)."""

    id: int
    able_to_work: bool | None
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class Dataset:
    directory: Path
    households: int
    persons: int
    rows: dict[str, int]
    sample: dict[int, PersonData]
    seconds: float

    def path(self, table: str) -> Path:
        return self.directory / f"{table}.csv"


def _declared(rng: random.Random, amount: int) -> int | None:
    """What an applicant declares for an amount received: mostly right, sometimes rounded, left out or short."""
    roll = rng.random()
    if roll < 0.78:
        return amount
    if roll < 0.88:
        return round(amount, -2)  # whole tens of kronor: within the tolerance
    if roll < 0.95:
        return None  # not declared
    return max(0, amount - rng.randint(500, 300_000))


def generate(directory: Path, *, households: int, seed: int, sample_every: int) -> Dataset:
    """Stream a national-scale month to CSV files in ``directory``."""
    started = time.perf_counter()
    rng = random.Random(seed)
    files = {t: (directory / f"{t}.csv").open("w", newline="") for t in TABLES}
    writers = {t: csv.writer(f) for t, f in files.items()}
    counts = dict.fromkeys(TABLES, 0)
    sample: dict[int, PersonData] = {}
    persons_target = round(households * 2.5)
    sizes = [1] * households
    for _ in range(persons_target - households):
        sizes[rng.randrange(households)] += 1
    person_id = 0

    def put(table: str, row: tuple[Any, ...], data: PersonData | None) -> None:
        writers[table].writerow(["" if v is None else v for v in row])
        counts[table] += 1
        if data is not None:
            data.rows[table].append(row)

    for household in range(1, households + 1):
        for position in range(sizes[household - 1]):
            person_id += 1
            adult = position < 2 or rng.random() < 0.1
            if adult:
                roll = rng.random()
                able: bool | None = True if roll < 0.7 else False if roll < 0.85 else None
            else:
                able = False
            data = PersonData(person_id, able) if person_id % sample_every == 0 else None
            if data is not None:
                sample[person_id] = data
            put("person", (person_id, household, None if able is None else int(able)), data)
            if not adult:
                continue
            declared: dict[str, int] = defaultdict(int)
            any_declared: set[str] = set()

            def received(
                kind: str, amount: int, declared: dict[str, int] = declared, seen: set[str] = any_declared
            ) -> None:
                value = _declared(rng, amount)
                if value is not None:
                    declared[kind] += value
                    seen.add(kind)

            # Försäkringskassan: a monthly benefit, applications (some still pending).
            if rng.random() < 0.35:
                benefit = rng.choice(FK_BENEFITS)
                monthly = rng.randint(300_000, 2_100_000)
                first = rng.randrange(12)
                for i in range(first, 12):
                    m = MONTHS[i]
                    paid = day(add_months(m, 1).replace(day=25)) if rng.random() < 0.97 else day(m.replace(day=28))
                    put("benefit_payment", (person_id, "fk", benefit, monthly, paid, day(m), day(month_end(m))), data)
                    if M0 <= paid <= M1:
                        received("fk", monthly)
                put(
                    "benefit_application",
                    (person_id, "fk", benefit, day(MONTHS[first]) - rng.randint(20, 60), "decided"),
                    data,
                )
            if rng.random() < 0.12:
                put(
                    "benefit_application",
                    (person_id, "fk", rng.choice(FK_BENEFITS), ON_DAY - rng.randint(-10, 60), "applied"),
                    data,
                )
            # Etableringsersättning: granted by AF (total for two years), sometimes paid by FK.
            ea_changed = None
            if rng.random() < 0.03:
                start = day(ON) - rng.randint(30, 500)
                end = start + 729
                total = rng.randint(3_000_000, 16_000_000)
                put("ea_grant", (person_id, total, start, end), data)
                if rng.random() < 0.5 and start <= M1:
                    share = rng.randint(400_000, 700_000)
                    paid = day(MONTH.replace(day=rng.randint(5, 27)))
                    put("benefit_payment", (person_id, "fk", "establishment_allowance", share, paid, M0, M1), data)
                    received("ea", share)
                else:
                    overlap = max(0, min(end, M1) - max(start, M0) + 1)
                    if overlap:
                        received("ea", (2 * total * overlap + 730) // (2 * 730))
                if rng.random() < 0.3:
                    ea_changed = ON_DAY - rng.randint(0, 60)
            # Pensionsmyndigheten.
            if rng.random() < 0.06:
                benefit = rng.choice(PM_BENEFITS)
                monthly = rng.randint(150_000, 950_000)
                for m in MONTHS:
                    paid = day(m.replace(day=19))
                    put("benefit_payment", (person_id, "pm", benefit, monthly, paid, day(m), day(month_end(m))), data)
                    if M0 <= paid <= M1:
                        received("pm", monthly)
                if rng.random() < 0.2:
                    put(
                        "benefit_application",
                        (person_id, "pm", "housing_supplement", ON_DAY - rng.randint(0, 40), "applied"),
                        data,
                    )
            # The a-kassa.
            if rng.random() < 0.1:
                first = rng.randrange(12)
                for i in range(first, 12):
                    m = MONTHS[i]
                    amount = rng.randint(900_000, 2_200_000)
                    paid = day(add_months(m, 1).replace(day=rng.randint(8, 14))) if i < 11 else day(m.replace(day=28))
                    put("uf_payment", (person_id, amount, paid, day(m), day(month_end(m))), data)
                    if M0 <= paid <= M1:
                        received("uf", amount)
            # Arbetsförmedlingen.
            if rng.random() < 0.55:
                registered = ON_DAY - rng.randint(-5, 700)
                deregistered = ON_DAY - rng.randint(-20, 200) if rng.random() < 0.1 else None
                if deregistered is not None and deregistered <= registered:
                    deregistered = registered + 1
                category = rng.choices(CATEGORIES, weights=(60, 25, 15))[0]
                put("registration", (person_id, registered, deregistered, category, ea_changed), data)
                last = min(ON_DAY, deregistered or ON_DAY)
                skip_latest = rng.random() < 0.15
                m = add_months(MONTH, -11)
                while True:
                    submitted = day(add_months(m, 1).replace(day=rng.randint(1, 14)))
                    if submitted > last or (skip_latest and submitted > last - 40):
                        break
                    if submitted >= registered:
                        put("activity_report", (person_id, submitted), data)
                    m = add_months(m, 1)
                if rng.random() < 0.2:
                    start = ON_DAY - rng.randint(0, 300)
                    programme_end = None if rng.random() < 0.3 else start + rng.choice((90, 180, 365))
                    put("programme", (person_id, start, programme_end), data)
            elif ea_changed is not None:
                put("registration", (person_id, None, None, None, ea_changed), data)
            if rng.random() < 0.15:
                declared["salary"] += rng.randint(50_000, 1_500_000)
                any_declared.add("salary")
            if rng.random() < 0.02:  # declares a benefit that was not paid this month
                declared["fk"] += rng.randint(100_000, 500_000)
                any_declared.add("fk")
            for kind in sorted(any_declared):
                put("declared_income", (person_id, kind, declared[kind]), data)
    for f in files.values():
        f.close()
    return Dataset(directory, households, person_id, counts, sample, time.perf_counter() - started)


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


# --- Validation against the domain ------------------------------------------------------------------


def _money(ore: int) -> Decimal:
    return (Decimal(ore) / 100).quantize(Decimal("0.01"))


def domain_results(sample: dict[int, PersonData]) -> dict[tuple[int, str, str], tuple[str, int | None, int | None]]:
    """The domain's answer for the sampled persons, in the bench's shape (öre)."""
    kinds = {
        "fk": domain.IncomeKind.FK_BENEFIT,
        "pm": domain.IncomeKind.PM_BENEFIT,
        "uf": domain.IncomeKind.UNEMPLOYMENT_BENEFIT,
        "ea": domain.IncomeKind.ESTABLISHMENT_ALLOWANCE,
        "salary": domain.IncomeKind.SALARY,
    }
    members = []
    for data in sample.values():
        rows = data.rows
        records: dict[str, Any] = {}
        for agency, source in (("fk", domain.Source.FK), ("pm", domain.Source.PM)):
            records[agency] = domain.BenefitRecords(
                source=source,
                fetched_on=ON,
                applications=tuple(
                    domain.BenefitApplication(
                        benefit=b,
                        applied_on=date_of(a),
                        status=domain.ApplicationStatus.APPLIED if s == "applied" else domain.ApplicationStatus.DECIDED,
                    )
                    for _, ag, b, a, s in rows["benefit_application"]
                    if ag == agency
                ),
                payments=tuple(
                    domain.Payment(
                        amount=_money(amount),
                        paid_on=date_of(paid),
                        benefit=b,
                        period_start=date_of(ps),
                        period_end=date_of(pe),
                    )
                    for _, ag, b, amount, paid, ps, pe in rows["benefit_payment"]
                    if ag == agency
                ),
            )
        uf = domain.UnemploymentFundRecords(
            fetched_on=ON,
            payments=tuple(
                domain.Payment(amount=_money(a), paid_on=date_of(p), period_start=date_of(ps), period_end=date_of(pe))
                for _, a, p, ps, pe in rows["uf_payment"]
            ),
        )
        registration = rows["registration"][0] if rows["registration"] else None
        af = domain.AfRecords(
            fetched_on=ON,
            registered_from=date_of(registration[1]) if registration and registration[1] is not None else None,
            deregistered_on=date_of(registration[2]) if registration and registration[2] is not None else None,
            category=domain.JobseekerCategory(registration[3]) if registration and registration[3] else None,
            programmes=tuple(
                domain.ProgrammeParticipation(
                    name="Program", start=date_of(s), end=date_of(e) if e is not None else None
                )
                for _, s, e in rows["programme"]
            ),
            latest_activity_report_on=max((date_of(s) for _, s in rows["activity_report"]), default=None),
            establishment_allowance_grants=tuple(
                domain.EstablishmentAllowanceGrant(amount=_money(a), period_start=date_of(s), period_end=date_of(e))
                for _, a, s, e in rows["ea_grant"]
            ),
            establishment_allowance_changed_on=(
                date_of(registration[4]) if registration and registration[4] is not None else None
            ),
        )
        members.append(
            domain.HouseholdMember(
                member_id=str(data.id),
                label=f"Person {data.id}",
                able_to_work=data.able_to_work,
                fk=records["fk"],
                pm=records["pm"],
                unemployment_fund=uf,
                af=af,
                declared=tuple(
                    domain.DeclaredIncome(kind=kinds[k], amount=_money(a)) for _, k, a in rows["declared_income"]
                ),
            )
        )
    out = {}
    compared = {(code, source) for _, code, source in CONTROLS}
    for r in domain.run_controls(members, month=MONTH, on=ON):
        if (r.code, r.source.value) not in compared:
            # The prompts to seek the general benefits first (SoL 12 kap. 1 §, ``general_benefit_prompts``) are
            # household-wide prompts, not the controls of received against declared that the SQL re-implements:
            # tests/domain checks them; the product's run in this benchmark runs them.
            continue
        rt = None if r.received_total is None else int(r.received_total * 100)
        dtot = None if r.declared_total is None else int(r.declared_total * 100)
        out[(int(r.member_id), r.code, r.source.value)] = (r.result.value, rt, dtot)
    return out


def _normalise(results: dict[Any, tuple[str, Any, Any]]) -> dict[Any, tuple[str, int | None, int | None]]:
    return {
        k: (v[0], None if v[1] is None else int(v[1]), None if v[2] is None else int(v[2])) for k, v in results.items()
    }


def _differences(expected: dict[Any, Any], got: dict[Any, Any]) -> list[str]:
    problems = []
    for key in sorted(set(expected) | set(got), key=str):
        if expected.get(key) != got.get(key):
            problems.append(f"{key}: domänen {expected.get(key)}, fick {got.get(key)}")
    return problems


# --- Main -------------------------------------------------------------------------------------------


def _n(number: int) -> str:
    """Thousands with a space, as in Swedish: 200 000."""
    return f"{number:,}".replace(",", " ")


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 1024 / 1024:.1f} MB".replace(".", ",")


# --- The product's own control run ------------------------------------------------------------------
#
# ``samverkan controls run`` itself (samverkan.assistance.runs: the gate in batches with audit, the
# lookup of each case's sources, the domain's controls, the upsert of the results) over a generated
# socialnämnd, each database in its own process (Django is configured once per process): a throwaway
# SQLite file and the schema ``samverkan_bench_controls`` of ``--pg-url``. Beside it the write floor: the
# same number of request, decision, audit and result rows written by the database's fastest path
# (PostgreSQL: COPY; SQLite: executemany in one transaction), the rows being copies of those the run
# wrote. The agencies' sources answer from the registry tables without simulated latency.

PRODUCT_SCHEMA = "samverkan_bench_controls"
PRODUCT_AGENCIES = (("fk", "Försäkringskassan"), ("pm", "Pensionsmyndigheten"), ("af", "Arbetsförmedlingen"))
PRODUCT_FUND = ("bench-akassa", "Bänkens a-kassa")
#: The tables whose rows a run writes, for the write floor.
FLOOR_TABLES = (
    "disclosures_disclosurerequest",
    "disclosures_disclosuredecision",
    "disclosures_auditentry",
    "assistance_controlresult",
)


def _product_django(backend: str, sqlite_path: str, pg_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("SAMVERKAN_DEMO", "1")  # a benchmark is not production (settings.py)
    os.environ.setdefault("SAMVERKAN_AUDIT_KEYS", "bench:YmVuY2gtY29udHJvbHMtYXVkaXQta2V5LW5vdC1zZWNyZXQtMDEyMzQ1")
    for agency in ("FK", "PM", "AF", "UNEMPLOYMENT_FUND"):
        os.environ[f"SAMVERKAN_SOURCE_LATENCY_{agency}"] = "0"
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SAMVERKAN_SQLITE"] = sqlite_path
    else:
        os.environ["DATABASE_URL"] = pg_url
    import django
    from django.conf import settings

    if backend == "postgres":
        settings.DATABASES["default"]["OPTIONS"] = {"options": f"-c search_path={PRODUCT_SCHEMA}"}
    django.setup()


def _pg_admin(pg_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


def _product_world(cases: int, seed: int, on: dt.date) -> Any:
    """A socialnämnd with ``cases`` aktuella ärenden om bistånd (1–4 persons each) and the agencies' records."""
    from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
    from samverkan.cases.models import Case, CaseMember
    from samverkan.core.demo import synthetic_identity_number
    from samverkan.people.models import Person
    from samverkan.registries import services as registry_services
    from samverkan.registries.sources.sandbox import generate_records

    rng = random.Random(seed)
    namnd = Organisation.objects.create(code="bench-namnd", name="Socialnämnden i Bänk", org_type="social_services")
    unit = Unit.objects.create(organisation=namnd, code="ekb", name="Ekonomiskt bistånd", handles_assistance=True)
    user = User.objects.create(username="bench.sekreterare", first_name="Bänk", last_name="Sekreterare", unit=unit)
    RoleAssignment.objects.create(user=user, role="social_worker")
    agencies = [Organisation.objects.create(code=f"bench-{c}", name=n, org_type=c) for c, n in PRODUCT_AGENCIES]
    agencies.append(
        Organisation.objects.create(code=PRODUCT_FUND[0], name=PRODUCT_FUND[1], org_type="unemployment_fund")
    )
    people: list[Person] = []
    households: list[list[tuple[int, str]]] = []
    n = 0
    for _ in range(cases):
        size = rng.choice((1, 1, 1, 2, 2, 3, 4))
        members = []
        for m in range(size):
            adult = m < min(size, 2)
            birth = (dt.date(1950, 1, 1) if adult else dt.date(2009, 1, 1)) + dt.timedelta(days=n // 20)
            number = synthetic_identity_number(birth, 980 + n % 20)
            n += 1
            people.append(
                Person(
                    identity_number=number,
                    identity_type="personnummer",
                    birth_date=birth,
                    first_name="Test",
                    last_name=f"Bänk{n}",
                )
            )
            members.append((len(people) - 1, "applicant" if m == 0 else ("partner" if adult else "child")))
        households.append(members)
    people = Person.objects.bulk_create(people, batch_size=2000)
    made = Case.objects.bulk_create(
        [
            Case(
                organisation=namnd,
                unit=unit,
                reference=f"2026-{i + 1:06d}",
                case_type="assistance",
                subject=people[members[0][0]],
                responsible=user,
                opened_on=on - dt.timedelta(days=90),
            )
            for i, members in enumerate(households)
        ],
        batch_size=2000,
    )
    CaseMember.objects.bulk_create(
        [
            CaseMember(case=case, person=people[index], relation=relation)
            for case, members in zip(made, households, strict=True)
            for index, relation in members
        ],
        batch_size=2000,
    )
    by_number = {p.identity_number: p for p in people}
    for organisation in agencies:
        rows = [r for p in people for r in generate_records(organisation.org_type, p.identity_number, on=on)]
        registry_services.records_seed(organisation=organisation, rows=rows, persons=by_number)
    return namnd, len(people)


def _floor(vendor: str) -> tuple[float, int]:
    """Write the run's rows again by the database's fastest path into empty copies of their tables: seconds, rows."""
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for table in FLOOR_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS floor_{table}")
            cursor.execute(
                f"CREATE TABLE floor_{table} (LIKE {table})"
                if vendor == "postgresql"
                else f"CREATE TABLE floor_{table} AS SELECT * FROM {table} WHERE 0"
            )
    raw = connection.connection
    if vendor == "postgresql":
        dumps = {}
        with raw.cursor() as cur:
            for table in FLOOR_TABLES:
                with cur.copy(f"COPY {table} TO STDOUT") as copy:
                    dumps[table] = b"".join(bytes(chunk) for chunk in copy)
        raw.commit()
        started = time.perf_counter()
        with raw.cursor() as cur:
            for table, data in dumps.items():
                with cur.copy(f"COPY floor_{table} FROM STDIN") as copy:
                    copy.write(data)
                rows += cur.rowcount if cur.rowcount > 0 else data.count(b"\n")
        raw.commit()
        return time.perf_counter() - started, rows
    fetched = {}
    cur = raw.cursor()
    for table in FLOOR_TABLES:
        fetched[table] = cur.execute(f"SELECT * FROM {table}").fetchall()
    started = time.perf_counter()
    cur.execute("BEGIN")
    for table, data in fetched.items():
        if data:
            marks = ", ".join("?" * len(data[0]))
            cur.executemany(f"INSERT INTO floor_{table} VALUES ({marks})", data)
        rows += len(data)
    cur.execute("COMMIT")
    return time.perf_counter() - started, rows


def product_worker(backend: str, cases: int, pg_url: str, seed: int, progress: bool) -> dict[str, Any]:
    """One database in this process: migrate, generate the socialnämnd, run ``controls run`` twice, the write floor."""
    workdir = tempfile.mkdtemp(prefix="bench-controls-product-")
    sqlite_path = str(Path(workdir) / "bench.sqlite3")
    if backend == "postgres":
        _pg_admin(pg_url, f"DROP SCHEMA IF EXISTS {PRODUCT_SCHEMA} CASCADE; CREATE SCHEMA {PRODUCT_SCHEMA}")
    try:
        _product_django(backend, sqlite_path, pg_url)
        from _migrated import migrate
        from django.db import connection
        from tqdm import tqdm

        from samverkan.assistance import runs
        from samverkan.assistance.models import ControlResult
        from samverkan.core.clock import today
        from samverkan.disclosures.audit import audit_verify
        from samverkan.disclosures.models import AuditEntry, DisclosureDecision, DisclosureRequest

        migrate(sqlite_path=sqlite_path, pg_url=pg_url, schema=PRODUCT_SCHEMA)
        on = today()
        started = time.perf_counter()
        namnd, persons = _product_world(cases, seed, on)
        generated = time.perf_counter() - started
        month = on.replace(day=1)
        timings = []
        counts: dict[str, int] = {}
        floor_seconds, floor_rows = 0.0, 0
        for attempt in (1, 2):
            bar = tqdm(total=cases, desc=f"{backend} körning {attempt}", unit="ärende", disable=not progress)

            def step(done: int, total: int, bar: Any = bar) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            started = time.perf_counter()
            with runs.control_run_lease(organisation=namnd, month=month) as lease:
                run, _ = runs.control_run_start(organisation=namnd, month=month, lease=lease)
                run = runs.control_run_execute(run=run, lease=lease, progress=step)
            timings.append((time.perf_counter() - started, run.created_count, run.changed_count, run.unchanged_count))
            bar.close()
            if attempt == 1:  # what the first run wrote, and the same rows by the fastest path
                counts = {
                    "requests": DisclosureRequest.objects.count(),
                    "decisions": DisclosureDecision.objects.count(),
                    "audit": AuditEntry.objects.count(),
                    "results": ControlResult.objects.count(),
                }
                floor_seconds, floor_rows = _floor(connection.vendor)
        # The Python heap's peak, from a third (idempotent) run outside the timings: tracemalloc slows every
        # allocation several times over, so a timed run under it would not time the product.
        tracemalloc.start()
        with runs.control_run_lease(organisation=namnd, month=month) as lease:
            run, _ = runs.control_run_start(organisation=namnd, month=month, lease=lease)
            runs.control_run_execute(run=run, lease=lease)
        heap_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        verified = audit_verify(anchors=[])
        result = {
            "backend": backend,
            "vendor": connection.vendor,
            "cases": cases,
            "persons": persons,
            "generated": generated,
            "first": timings[0],
            "second": timings[1],
            "counts": counts,
            "audit_ok": verified.ok,
            "floor_seconds": floor_seconds,
            "floor_rows": floor_rows,
            "heap_peak": heap_peak,
            "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
        connection.close()
        return result
    finally:
        if backend == "postgres":
            _pg_admin(pg_url, f"DROP SCHEMA IF EXISTS {PRODUCT_SCHEMA} CASCADE")
        shutil.rmtree(workdir, ignore_errors=True)


def run_product(backends: list[str], cases: int, pg_url: str, seed: int, progress: bool) -> tuple[list[str], bool]:
    """Each backend's product run in its own process; the printed lines and whether every run held."""
    import json
    import subprocess

    header = (
        f"{'Databas':<12}{'ärenden':>9}{'personer':>10}{'körning 1':>11}{'ärenden/s':>11}{'golv':>9}"
        f"{'mot golvet':>12}{'körning 2':>11}{'begäranden':>12}{'loggposter':>12}{'resultat':>10}"
        f"{'Python-heap':>13}{'RSS':>10}"
    )
    lines = [header, "-" * len(header)]
    ok = True
    for backend in backends:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--product-worker",
            backend,
            "--product-cases",
            str(cases),
            "--pg-url",
            pg_url,
            "--seed",
            str(seed),
        ]
        if not progress:
            command.append("--no-progress")
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        if done.returncode != 0:
            ok = False
            lines.append(f"{backend:<12}fel (avslutningskod {done.returncode}), se standard error")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        first, second = r["first"], r["second"]
        c = r["counts"]
        unchanged = second[1] == 0 and second[2] == 0 and second[3] == first[1]
        ok = ok and r["audit_ok"] and unchanged and first[1] > 0
        lines.append(
            f"{r['vendor']:<12}{_n(r['cases']):>9}{_n(r['persons']):>10}{first[0]:>9.1f} s"
            f"{r['cases'] / first[0]:>11.0f}{r['floor_seconds']:>7.2f} s{first[0] / r['floor_seconds']:>11.0f}×"
            f"{second[0]:>9.1f} s{_n(c['requests']):>12}{_n(c['audit']):>12}{_n(c['results']):>10}"
            f"{_mb(r['heap_peak']):>13}{_mb(r['rss_peak_kb'] * 1024):>10}"
        )
        if not r["audit_ok"]:
            lines.append(f"  {r['vendor']}: loggkedjan är BRUTEN efter körningen")
        if not unchanged:
            lines.append(f"  {r['vendor']}: körning 2 ändrade resultat ({second[1]} nya, {second[2]} ändrade)")
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--households", type=int, default=80_000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--pg-url", default=os.environ.get("SAMVERKAN_BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--no-postgres", action="store_true", help="hoppa över PostgreSQL")
    parser.add_argument("--sample", type=int, default=400, help="antal personer att jämföra med domänen")
    parser.add_argument(
        "--product-cases", type=int, default=10_000, help="ärenden i produktens kontrollkörning (0: hoppa över)"
    )
    parser.add_argument("--product-backends", default="sqlite,postgres", help="databaser för produktens körning")
    parser.add_argument("--no-progress", action="store_true", help="ingen förloppsindikator")
    parser.add_argument("--product-worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.product_worker:
        import json

        result = product_worker(args.product_worker, args.product_cases, args.pg_url, args.seed, not args.no_progress)
        print(json.dumps(result))
        return 0
    if args.households < 1:
        parser.error("--households ska vara minst 1")
    product_ok = True
    if args.product_cases > 0:
        backends = [b.strip() for b in args.product_backends.split(",") if b.strip()]
        if args.no_postgres:
            backends = [b for b in backends if b != "postgres"]
        print(
            f"Produktens kontrollkörning (samverkan controls run: grinden i satser med loggpost, källorna, "
            f"domänens kontroller, resultaten) för {_n(args.product_cases)} ärenden, två gånger (körning 2 ska "
            "inte ändra något); golvet = samma begäranden, beslut, loggposter och resultat skrivna med databasens "
            "snabbaste väg (PostgreSQL: COPY; SQLite: executemany i en transaktion). Python-heap = högsta "
            "tracemalloc under en tredje körning utanför tidtagningen (tracemalloc gör varje allokering flera "
            "gånger långsammare); RSS = processens högsta:\n"
        )
        lines, product_ok = run_product(backends, args.product_cases, args.pg_url, args.seed, not args.no_progress)
        print("\n".join(lines))
        print(
            "\nNedan: samma kontroller omskrivna som en SQL-sats (korskontroll av resultaten, inte produktens siffra).\n"
        )

    workdir = Path(tempfile.mkdtemp(prefix="samverkan-bench-controls-"))
    try:
        persons_estimate = round(args.households * 2.5)
        every = max(1, persons_estimate // max(1, args.sample))
        data = generate(workdir, households=args.households, seed=args.seed, sample_every=every)
        total_rows = sum(data.rows.values())
        print(
            f"Data: {_n(data.households)} hushåll, {_n(data.persons)} personer, {_n(total_rows)} rader "
            f"({', '.join(f'{t} {_n(n)}' for t, n in data.rows.items())}); genererat på {data.seconds:.1f} s."
        )
        print(
            f"Månad {MONTH:%Y-%m}, kontrollerad per {ON.isoformat()}; jämförs med domänen för {len(data.sample)} personer."
        )

        expected = domain_results(data.sample)
        failures: list[str] = []
        timings: dict[str, RunTiming] = {}

        print("DuckDB …", file=sys.stderr, flush=True)
        duck, duck_rows = run_duckdb(data)
        timings["DuckDB (referens, SQL)"] = duck
        failures += [f"DuckDB {p}" for p in _differences(expected, _normalise(duck_rows))]

        print("SQLite …", file=sys.stderr, flush=True)
        sqlite, sqlite_rows = run_sqlite(data, workdir / "bench.sqlite3")
        timings["SQLite"] = sqlite
        failures += [f"SQLite {p}" for p in _differences(expected, _normalise(sqlite_rows))]

        if not args.no_postgres:
            print("PostgreSQL …", file=sys.stderr, flush=True)
            try:
                pg, pg_rows = run_postgres(data, args.pg_url)
            except Exception as exc:  # no server: say so, keep the other results
                print(f"PostgreSQL hoppades över: {type(exc).__name__}: {exc}")
            else:
                timings["PostgreSQL"] = pg
                failures += [f"PostgreSQL {p}" for p in _differences(expected, _normalise(pg_rows))]

        reference = duck.first
        print()
        header = f"{'Databas':<24}{'laddning':>10}{'körning 1':>11}{'mot DuckDB':>12}{'körning 2':>11}{'ändrade 2':>11}{'resultat':>11}{'Python-heap':>13}"
        print(header)
        print("-" * len(header))
        for name, t in timings.items():
            ratio = t.first / reference if reference else float("nan")
            second = f"{t.second:.2f} s" if t.second else "–"
            changed = _n(t.changed_second + t.created_second) if t.second else "–"
            print(
                f"{name:<24}{t.load:>8.2f} s{t.first:>9.2f} s{ratio:>11.2f}×{second:>11}{changed:>11}"
                f"{_n(t.results):>11}{_mb(t.heap_peak):>13}"
            )
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print()
        for name, t in timings.items():
            if t.settings:
                print(f"{name}: {t.settings}.")
        print(f"Högsta minnesanvändning (processens RSS): {_mb(peak_kb * 1024)}.")
        print(
            "Körning 1 lagrar alla resultat (en rad per person och månad); körning 2 får inte ändra någon rad "
            "(idempotent). Kvot = körning 1 mot DuckDB-referensens beräkning av samma kontroller."
        )
        for name, t in timings.items():
            if t.second and (t.changed_second or t.created_second):
                failures.append(f"{name}: körning 2 ändrade {t.changed_second + t.created_second} rader")
            if t.created != data.persons:
                failures.append(f"{name}: körning 1 lagrade {t.created} rader för {data.persons} personer")
        if failures:
            print(f"\n{len(failures)} avvikelser mot domänen:")
            for line in failures[:20]:
                print(f"  {line}")
            return 1
        print(f"Alla databaser ger samma resultat som domänen för de {len(data.sample)} personerna i urvalet.")
        return 0 if product_ok else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
