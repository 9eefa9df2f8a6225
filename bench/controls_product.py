"""The product's own control run for bench/controls.py, each database in a process of its own."""

from __future__ import annotations

import datetime as dt
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from _django import drop_schema, fresh_schema, setup
from controls_data import ROOT, _mb, _n

#: The script the workers run: bench/controls.py itself (it answers ``--product-worker``).
SCRIPT = Path(__file__).resolve().with_name("controls.py")

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
#: The product's run asks the sandbox agencies without simulated latency (the figure is the product's, not a wait).
NO_LATENCY = {f"SAMVERKAN_SOURCE_LATENCY_{agency}": "0" for agency in ("FK", "PM", "AF", "UNEMPLOYMENT_FUND")}
PRODUCT_AGENCIES = (("fk", "Försäkringskassan"), ("pm", "Pensionsmyndigheten"), ("af", "Arbetsförmedlingen"))
PRODUCT_FUND = ("bench-akassa", "Bänkens a-kassa")
#: The tables whose rows a run writes, for the write floor.
FLOOR_TABLES = (
    "disclosures_disclosurerequest",
    "disclosures_disclosuredecision",
    "disclosures_auditentry",
    "assistance_controlresult",
)


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
        fresh_schema(pg_url, PRODUCT_SCHEMA)
    try:
        setup(backend, sqlite_path=sqlite_path, pg_url=pg_url, schema=PRODUCT_SCHEMA, env=NO_LATENCY)
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
            drop_schema(pg_url, PRODUCT_SCHEMA)
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
            str(SCRIPT),
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
