"""The database of bench/load.py: created, migrated and seeded once, then scaled up to a large socialnämnd."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
#: Generated cases get references of a year the demo does not use, far above its counters.
REFERENCE_YEAR = 2024
REFERENCE_START = 10_000
SOCIAL_WORKERS = ("sara.lind", "omar.haddad")
AF_OFFICER = "ali.karimi"
SECURITY_OFFICER = "lars.ek"
AGENCY_LATENCY_VARIABLES = [f"SAMVERKAN_SOURCE_LATENCY_{code}" for code in ("FK", "PM", "AF", "UNEMPLOYMENT_FUND")]
AGENCY_LATENCY_VARIABLES += ["SAMVERKAN_SOURCE_LATENCY_CSN", "SAMVERKAN_SOURCE_LATENCY_TAX_AGENCY"]

#: The script the scale worker runs: bench/load.py itself (it answers ``--scale-worker``).
SCRIPT = Path(__file__).resolve().with_name("load.py")


# --- The database -----------------------------------------------------------------------------------------------


def _admin(pg_url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


def _environment(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SAMVERKAN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="samverkan.settings",
        SAMVERKAN_DEMO="1",
        DATABASE_URL=f"{args.pg_url}/{args.database}",
        SAMVERKAN_VAR_DIR=str(var_dir),
        SAMVERKAN_AUDIT_ANCHOR_PATH="",  # no scheduler runs here: nothing anchors
        SAMVERKAN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SAMVERKAN_LOG_LEVEL="ERROR",
        SAMVERKAN_LOG_FORMAT="text",
    )
    if not args.agency_latency:
        env.update(dict.fromkeys(AGENCY_LATENCY_VARIABLES, "0"))
    return env


def _samverkan(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "-m", "samverkan", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"samverkan {' '.join(args)} misslyckades:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Create (or reuse) the database with the demo world, scale it up; returns the plan of the officials."""
    exists = bool(_admin(args.pg_url, f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'"))
    if exists and args.fresh:
        _admin(args.pg_url, f'DROP DATABASE "{args.database}" WITH (FORCE)')
        exists = False
    if not exists:
        print(f"Skapar databasen {args.database} med demovärlden (första gången; tar någon minut) …", flush=True)
        _admin(args.pg_url, f'CREATE DATABASE "{args.database}"')
        _samverkan(env, "migrate", "--no-input", "--verbosity", "0")
        _samverkan(env, "demo-data")
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, str(SCRIPT), "--scale-worker", "--cases", str(args.cases)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"Uppskalningen misslyckades:\n{done.stderr[-4000:]}")
    plan: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if plan["added"]:
        print(f"  {plan['added']} ärenden lades till på {time.perf_counter() - started:.0f} s.", flush=True)
    _samverkan(env, "collectstatic", "--no-input", "--verbosity", "0")
    return plan


def _new_people(rng: random.Random, count: int, taken: set[str]) -> tuple[list[Any], list[list[tuple[int, str]]]]:
    """``count`` households of 1–4 new persons (identity numbers not ``taken``): the persons, each household's members."""
    from samverkan.core.demo import synthetic_identity_number
    from samverkan.people.models import Person

    people: list[Person] = []
    households: list[list[tuple[int, str]]] = []
    serial = 0
    for _ in range(count):
        size = rng.choice((1, 1, 1, 2, 2, 3, 4))
        members = []
        for m in range(size):
            adult = m < min(size, 2)
            while True:
                serial += 1
                birth = (dt.date(1941, 1, 1) if adult else dt.date(2008, 1, 1)) + dt.timedelta(days=serial // 20)
                number = synthetic_identity_number(birth, 980 + serial % 20)
                if number not in taken:
                    break
            taken.add(number)
            people.append(
                Person(
                    identity_number=number,
                    identity_type="personnummer",
                    birth_date=birth,
                    first_name=rng.choice(("Alva", "Elias", "Maja", "Omar", "Sofia", "Hugo", "Nora", "Liam")),
                    last_name=f"Lastprov{len(people) + 1}",
                )
            )
            members.append((len(people) - 1, "applicant" if m == 0 else ("partner" if adult else "child")))
        households.append(members)
    return people, households


def _store_cases(
    unit: Any, workers: list[Any], have: int, people: list[Any], households: list[list[tuple[int, str]]], on: dt.date
) -> None:
    """The persons, a case per household (shared between the social workers) and the agencies' records, at once."""
    from django.db import transaction

    from samverkan.accounts.models import Organisation
    from samverkan.cases.models import Case, CaseMember
    from samverkan.people.models import Person
    from samverkan.registries import services as registry_services
    from samverkan.registries.sources.sandbox import generate_records

    namnd = unit.organisation
    with transaction.atomic():
        people = Person.objects.bulk_create(people, batch_size=2000)
        made = Case.objects.bulk_create(
            [
                Case(
                    organisation=namnd,
                    unit=unit,
                    reference=f"{REFERENCE_YEAR}-{REFERENCE_START + have + i:05d}",
                    case_type="assistance",
                    subject=people[members[0][0]],
                    responsible=workers[i % len(workers)],
                    opened_on=on - dt.timedelta(days=30 + i % 300),
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
        if people:
            agency_types = ("fk", "pm", "af", "unemployment_fund")
            for organisation in Organisation.objects.filter(org_type__in=agency_types):
                rows = [r for p in people for r in generate_records(organisation.org_type, p.identity_number, on=on)]
                registry_services.records_seed(organisation=organisation, rows=rows, persons=by_number)


def scale_world(cases: int) -> dict[str, Any]:
    """In a process with Django set up: Sörby gets ``cases`` generated cases (idempotent); returns the plan."""
    import django

    django.setup()
    from samverkan.accounts.models import Unit, User
    from samverkan.cases.models import Case
    from samverkan.core.clock import today
    from samverkan.people.models import Person

    on = today()
    unit = Unit.objects.select_related("organisation").get(organisation__code="sorby-socialnamnd", code="ekb")
    namnd = unit.organisation
    workers = list(User.objects.filter(username__in=SOCIAL_WORKERS).order_by("username"))
    generated = Case.objects.filter(organisation=namnd, reference__startswith=f"{REFERENCE_YEAR}-1")
    have = generated.count()
    rng = random.Random(20261202 + have)
    taken = set(Person.objects.values_list("identity_number", flat=True))
    people, households = _new_people(rng, max(0, cases - have), taken)
    _store_cases(unit, workers, have, people, households, on)
    active = Case.objects.filter(organisation=namnd, case_type="assistance", status=Case.Status.ACTIVE)
    users = dict(
        User.objects.filter(username__in=[*SOCIAL_WORKERS, AF_OFFICER, SECURITY_OFFICER]).values_list("username", "pk")
    )
    return {
        "added": len(households),
        "cases": list(active.values_list("pk", flat=True)),
        "names": sorted(set(active.values_list("subject__last_name", flat=True)))[:500],
        "users": users,
        "total_cases": Case.objects.filter(organisation=namnd).count(),
    }
