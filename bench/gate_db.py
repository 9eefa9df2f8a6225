"""Section 3 of bench/gate.py: a full request on SQLite and PostgreSQL, each in a process of its own."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _django import drop_schema, fresh_schema, setup
from gate_data import AF_DUTY

ROOT = Path(__file__).resolve().parents[1]
#: The script the workers run: bench/gate.py itself (it answers ``--db-worker``).
SCRIPT = Path(__file__).resolve().with_name("gate.py")

# --- Section 3: a full request on SQLite and PostgreSQL --------------------------------------------
#
# A full request is what the gate does for one "Begär uppgifter": decide, store the request, one
# decision row per category with its snapshot and released values, and append the audit entry —
# ``samverkan.disclosures.services.disclosure_request`` in one transaction. It is compared with a bare
# single-row INSERT and COMMIT on the same database in the same run. Each database runs in its own
# process (Django is configured once per process): a throwaway SQLite file, and the schema
# ``samverkan_bench_gate`` in the PostgreSQL database of ``--pg-url`` (``DATABASE_URL`` by default).
# Neither touches var/samverkan.sqlite3.

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"
DB_SCHEMA = "samverkan_bench_gate"
DB_PERSONS = 50


def _db_world() -> tuple[Any, Any, list[Any]]:
    """A socialnamnd unit for ekonomiskt bistånd, Arbetsförmedlingen with records, persons with aktuella ärenden."""
    from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
    from samverkan.cases.models import Case, CaseMember
    from samverkan.core.demo import synthetic_identity_number
    from samverkan.people.models import Person
    from samverkan.registries.models import ActivityReport, JobseekerRegistration

    on = dt.date(2026, 11, 23)
    namnd = Organisation.objects.create(
        code="bench-socialnamnd", name="Socialnamnden i Bänk", org_type="social_services"
    )
    unit = Unit.objects.create(organisation=namnd, code="ekb", name="Ekonomiskt bistånd", handles_assistance=True)
    af = Organisation.objects.create(code="bench-af", name="Arbetsförmedlingen", org_type="af")
    user = User.objects.create(
        username="bench.socialsekreterare", first_name="Bänk", last_name="Sekreterare", unit=unit
    )
    RoleAssignment.objects.create(user=user, role="social_worker")
    persons = []
    for n in range(DB_PERSONS):
        birth = dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
        person = Person.objects.create(
            identity_number=synthetic_identity_number(birth, 980 + n % 20),
            identity_type="personnummer",
            birth_date=birth,
            first_name="Test",
            last_name=f"Person{n}",
        )
        case = Case.objects.create(
            organisation=namnd,
            unit=unit,
            reference=f"2026-{n + 1:05d}",
            case_type="assistance",
            subject=person,
            responsible=user,
            opened_on=on - dt.timedelta(days=60),
        )
        CaseMember.objects.create(case=case, person=person, relation="applicant")
        JobseekerRegistration.objects.create(
            organisation=af,
            person=person,
            external_id=f"reg-{n}",
            registered_from=on - dt.timedelta(days=200),
            category="openly_unemployed",
            unemployment_fund="A-kassan Bänk",
        )
        ActivityReport.objects.create(
            organisation=af,
            person=person,
            external_id=f"rep-{n}",
            submitted_on=on - dt.timedelta(days=20),
            report_month=dt.date(2026, 10, 1),
        )
        persons.append((person, case))
    return user, af, persons


def _rate(count: int, run: Callable[[int], object]) -> float:
    for i in range(min(20, count)):  # warm up connections and caches
        run(i)
    started = time.perf_counter()
    for i in range(count):
        run(i)
    return count / (time.perf_counter() - started)


def _measure(count: int) -> dict[str, Any]:
    """Bare inserts, ORM inserts, full requests and the batch path, interleaved: the best rate of each."""
    from django.db import connection, transaction

    from samverkan.disclosures.batch import BatchRequest, disclosure_request_many
    from samverkan.disclosures.services import disclosure_request
    from samverkan.people.models import Household

    user, af, persons = _db_world()
    ident = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_bare (id {ident}, created_at VARCHAR(40), payload TEXT)")
    on = dt.date(2026, 11, 23)
    period = (on - dt.timedelta(days=90), on)

    def bare(i: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_bare (created_at, payload) VALUES (%s, %s)", [f"{on.isoformat()}T{i}", "x" * 64]
            )

    def orm(i: int) -> None:
        with transaction.atomic():
            Household.objects.create(code=f"bench-{i}-{time.perf_counter_ns()}")

    def full(i: int) -> None:
        person, case = persons[i % len(persons)]
        disclosure_request(
            requester=user,
            discloser=af,
            person=person,
            case=case,
            categories=AF_DUTY,
            purpose="Utredning av rätt till ekonomiskt bistånd",
            period=period,
            on=on,
        )

    asks = [
        BatchRequest(
            requester=user,
            discloser=af,
            person=person,
            case=case,
            categories=AF_DUTY,
            purpose="Utredning av rätt till ekonomiskt bistånd",
            period=period,
        )
        for person, case in persons
    ]

    def batch(i: int) -> None:
        disclosure_request_many(asks, on=on)

    batches = max(1, count // len(asks))
    # Interleave the measurements so drift in the machine affects them alike.
    bare_rates, orm_rates, full_rates, batch_rates = [], [], [], []
    for _ in range(3):
        bare_rates.append(_rate(count, bare))
        orm_rates.append(_rate(count, orm))
        full_rates.append(_rate(count, full))
        batch_rates.append(_rate(batches, batch) * len(asks))
    return {
        "bare_per_s": max(bare_rates),
        "orm_per_s": max(orm_rates),
        "full_per_s": max(full_rates),
        "batch_per_s": max(batch_rates),
        "batch_size": len(asks),
    }


def db_worker(backend: str, count: int, pg_url: str) -> dict[str, Any]:
    """One database in this process: migrate, seed a small world, time bare inserts and full requests."""
    import tempfile

    tmpdir = tempfile.mkdtemp(prefix="bench-gate-")
    sqlite_path = str(Path(tmpdir) / "bench.sqlite3")
    if backend == "postgres":
        fresh_schema(pg_url, DB_SCHEMA)
    try:
        setup(backend, sqlite_path=sqlite_path, pg_url=pg_url, schema=DB_SCHEMA)
        from _migrated import migrate
        from django.db import connection

        from samverkan.disclosures.audit import audit_verify

        migrate(sqlite_path=sqlite_path, pg_url=pg_url, schema=DB_SCHEMA)
        rates = _measure(count)
        verified = audit_verify()
        result = {
            "backend": backend,
            "vendor": connection.vendor,
            **rates,
            "requests": count,
            "categories": len(AF_DUTY),
            "audit_ok": verified.ok,
            "audit_entries": verified.checked,
        }
        connection.close()
        return result
    finally:
        if backend == "postgres":
            drop_schema(pg_url, DB_SCHEMA)
        for suffix in ("", "-wal", "-shm"):
            Path(sqlite_path + suffix).unlink(missing_ok=True)
        if not os.listdir(tmpdir):
            os.rmdir(tmpdir)


def run_database_benchmarks(backends: Sequence[str], count: int, pg_url: str) -> tuple[list[list[str]], bool]:
    """Run each backend in its own process; the table rows and whether every run succeeded."""
    import subprocess

    rows = [
        [
            "databas",
            "full begäran/s",
            "bar INSERT+COMMIT/s (SQL)",
            "kvot full/bar",
            "INSERT+COMMIT/s (ORM)",
            "kvot full/ORM",
            "sats begäran/s",
            "kvot sats/bar",
            "kvot sats/full",
            "logg",
        ]
    ]
    ok = True
    for backend in backends:
        done = subprocess.run(
            [
                sys.executable,
                str(SCRIPT),
                "--db-worker",
                backend,
                "--db-requests",
                str(count),
                "--pg-url",
                pg_url,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if done.returncode != 0:
            ok = False
            reason = (done.stderr.strip().splitlines() or ["okänt fel"])[-1]
            rows.append([backend, "–", "–", "–", "–", "–", "–", "–", "–", f"fel: {reason}"])
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        ok = ok and r["audit_ok"]
        rows.append(
            [
                f"{r['vendor']}",
                f"{r['full_per_s']:,.0f}",
                f"{r['bare_per_s']:,.0f}",
                f"{r['full_per_s'] / r['bare_per_s']:.2f}",
                f"{r['orm_per_s']:,.0f}",
                f"{r['full_per_s'] / r['orm_per_s']:.2f}",
                f"{r['batch_per_s']:,.0f}",
                f"{r['batch_per_s'] / r['bare_per_s']:.2f}",
                f"{r['batch_per_s'] / r['full_per_s']:.1f}",
                f"{r['audit_entries']} poster, {'hel' if r['audit_ok'] else 'BRUTEN'}",
            ]
        )
    return rows, ok
