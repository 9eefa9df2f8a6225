"""The data of bench/controls.py: the month's schema and its deterministic generation to CSV files.

Dates are day numbers since 1970-01-01 and money whole öre, so every engine loads the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


class _Writer:
    """The open CSV files, their row counts, and the sampled persons' own copies of their rows."""

    def __init__(self, directory: Path) -> None:
        self.files = {t: (directory / f"{t}.csv").open("w", newline="") for t in TABLES}
        self.writers = {t: csv.writer(f) for t, f in self.files.items()}
        self.counts = dict.fromkeys(TABLES, 0)

    def put(self, table: str, row: tuple[Any, ...], data: PersonData | None) -> None:
        self.writers[table].writerow(["" if v is None else v for v in row])
        self.counts[table] += 1
        if data is not None:
            data.rows[table].append(row)

    def close(self) -> None:
        for f in self.files.values():
            f.close()


@dataclass
class _Adult:
    """One adult being generated: their rows, and what they declare of what they received this month.

    The steps below draw from the one ``rng`` in a fixed order, so the data stay the same for a seed.
    """

    rng: random.Random
    out: _Writer
    id: int
    data: PersonData | None
    declared: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    any_declared: set[str] = field(default_factory=set)

    def put(self, table: str, row: tuple[Any, ...]) -> None:
        self.out.put(table, row, self.data)

    def received(self, kind: str, amount: int) -> None:
        value = _declared(self.rng, amount)
        if value is not None:
            self.declared[kind] += value
            self.any_declared.add(kind)


def _fk(a: _Adult) -> None:
    """Försäkringskassan: a monthly benefit, applications (some still pending)."""
    rng = a.rng
    if rng.random() < 0.35:
        benefit = rng.choice(FK_BENEFITS)
        monthly = rng.randint(300_000, 2_100_000)
        first = rng.randrange(12)
        for i in range(first, 12):
            m = MONTHS[i]
            paid = day(add_months(m, 1).replace(day=25)) if rng.random() < 0.97 else day(m.replace(day=28))
            a.put("benefit_payment", (a.id, "fk", benefit, monthly, paid, day(m), day(month_end(m))))
            if M0 <= paid <= M1:
                a.received("fk", monthly)
        a.put("benefit_application", (a.id, "fk", benefit, day(MONTHS[first]) - rng.randint(20, 60), "decided"))
    if rng.random() < 0.12:
        a.put("benefit_application", (a.id, "fk", rng.choice(FK_BENEFITS), ON_DAY - rng.randint(-10, 60), "applied"))


def _establishment_allowance(a: _Adult) -> int | None:
    """Etableringsersättning: granted by AF (total for two years), sometimes paid by FK; the day AF changed it."""
    rng = a.rng
    ea_changed = None
    if rng.random() < 0.03:
        start = day(ON) - rng.randint(30, 500)
        end = start + 729
        total = rng.randint(3_000_000, 16_000_000)
        a.put("ea_grant", (a.id, total, start, end))
        if rng.random() < 0.5 and start <= M1:
            share = rng.randint(400_000, 700_000)
            paid = day(MONTH.replace(day=rng.randint(5, 27)))
            a.put("benefit_payment", (a.id, "fk", "establishment_allowance", share, paid, M0, M1))
            a.received("ea", share)
        else:
            overlap = max(0, min(end, M1) - max(start, M0) + 1)
            if overlap:
                a.received("ea", (2 * total * overlap + 730) // (2 * 730))
        if rng.random() < 0.3:
            ea_changed = ON_DAY - rng.randint(0, 60)
    return ea_changed


def _pm(a: _Adult) -> None:
    """Pensionsmyndigheten."""
    rng = a.rng
    if rng.random() < 0.06:
        benefit = rng.choice(PM_BENEFITS)
        monthly = rng.randint(150_000, 950_000)
        for m in MONTHS:
            paid = day(m.replace(day=19))
            a.put("benefit_payment", (a.id, "pm", benefit, monthly, paid, day(m), day(month_end(m))))
            if M0 <= paid <= M1:
                a.received("pm", monthly)
        if rng.random() < 0.2:
            a.put("benefit_application", (a.id, "pm", "housing_supplement", ON_DAY - rng.randint(0, 40), "applied"))


def _unemployment_fund(a: _Adult) -> None:
    """The a-kassa."""
    rng = a.rng
    if rng.random() < 0.1:
        first = rng.randrange(12)
        for i in range(first, 12):
            m = MONTHS[i]
            amount = rng.randint(900_000, 2_200_000)
            paid = day(add_months(m, 1).replace(day=rng.randint(8, 14))) if i < 11 else day(m.replace(day=28))
            a.put("uf_payment", (a.id, amount, paid, day(m), day(month_end(m))))
            if M0 <= paid <= M1:
                a.received("uf", amount)


def _af(a: _Adult, ea_changed: int | None) -> None:
    """Arbetsförmedlingen: registration and category, activity reports, a programme."""
    rng = a.rng
    if rng.random() < 0.55:
        registered = ON_DAY - rng.randint(-5, 700)
        deregistered = ON_DAY - rng.randint(-20, 200) if rng.random() < 0.1 else None
        if deregistered is not None and deregistered <= registered:
            deregistered = registered + 1
        category = rng.choices(CATEGORIES, weights=(60, 25, 15))[0]
        a.put("registration", (a.id, registered, deregistered, category, ea_changed))
        last = min(ON_DAY, deregistered or ON_DAY)
        skip_latest = rng.random() < 0.15
        m = add_months(MONTH, -11)
        while True:
            submitted = day(add_months(m, 1).replace(day=rng.randint(1, 14)))
            if submitted > last or (skip_latest and submitted > last - 40):
                break
            if submitted >= registered:
                a.put("activity_report", (a.id, submitted))
            m = add_months(m, 1)
        if rng.random() < 0.2:
            start = ON_DAY - rng.randint(0, 300)
            programme_end = None if rng.random() < 0.3 else start + rng.choice((90, 180, 365))
            a.put("programme", (a.id, start, programme_end))
    elif ea_changed is not None:
        a.put("registration", (a.id, None, None, None, ea_changed))


def _declarations(a: _Adult) -> None:
    """A salary, now and then a benefit declared that was not paid this month, and the declared rows."""
    rng = a.rng
    if rng.random() < 0.15:
        a.declared["salary"] += rng.randint(50_000, 1_500_000)
        a.any_declared.add("salary")
    if rng.random() < 0.02:  # declares a benefit that was not paid this month
        a.declared["fk"] += rng.randint(100_000, 500_000)
        a.any_declared.add("fk")
    for kind in sorted(a.any_declared):
        a.put("declared_income", (a.id, kind, a.declared[kind]))


def _adult_records(a: _Adult) -> None:
    _fk(a)
    ea_changed = _establishment_allowance(a)
    _pm(a)
    _unemployment_fund(a)
    _af(a, ea_changed)
    _declarations(a)


def generate(directory: Path, *, households: int, seed: int, sample_every: int) -> Dataset:
    """Stream a national-scale month to CSV files in ``directory``."""
    started = time.perf_counter()
    rng = random.Random(seed)
    out = _Writer(directory)
    sample: dict[int, PersonData] = {}
    persons_target = round(households * 2.5)
    sizes = [1] * households
    for _ in range(persons_target - households):
        sizes[rng.randrange(households)] += 1
    person_id = 0
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
            out.put("person", (person_id, household, None if able is None else int(able)), data)
            if adult:
                _adult_records(_Adult(rng, out, person_id, data))
    out.close()
    return Dataset(directory, households, person_id, out.counts, sample, time.perf_counter() - started)


# --- Formatting (the script and the product run print alike) ------------------------------------


def _n(number: int) -> str:
    """Thousands with a space, as in Swedish: 200 000."""
    return f"{number:,}".replace(",", " ")


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 1024 / 1024:.1f} MB".replace(".", ",")
