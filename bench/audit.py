"""Benchmark of the log review (logggranskning) over a large audit log on PostgreSQL.

Run from the project root:

    .venv/bin/python bench/audit.py [--entries N] [--dsn postgres://…] [--fresh] [--days 30]

What it does:

1. Creates its own schema (``samverkan_bench_audit``) in the given database and runs the project's
   real migrations into it, so the audit table has exactly the layout, constraints, triggers and
   indexes of ``samverkan/disclosures/migrations``.
2. Generates a population with ``INSERT … SELECT generate_series``: 11 organisations (five
   socialnämnder, FK, PM, AF, an a-kassa, a region, an employer), 2 000 officials (FK the
   largest), ``N/20`` persons (one in a thousand with protected identity, surnames drawn so that
   about one lookup in a hundred hits the official's own surname), ``N`` audit entries over the
   last 365 days (mostly lookups, evenly over the working days in working hours; one in a hundred
   on any calendar day and one in fifty at any hour), a few officials with one very busy day, and ``N/50`` secrecy reviews (3 % decided
   within 30 seconds). While loading, the audit table's secondary indexes and constraints are
   dropped and then recreated from their own definitions (foreign keys come back ``NOT VALID``:
   the same planner-visible layout, without re-checking ten million rows), and the table is
   ``UNLOGGED`` (no write-ahead log: faster to load, the same for every read). The hashes are
   sequential hex strings (unique, as the real ones are, but cheap to make; nothing verifies the
   chain here).
   A run with the same ``--entries`` reuses the data; ``--fresh`` regenerates it.
3. Runs each standing report (:mod:`samverkan.reports.selectors`, the code the web pages use) for
   the largest organisation and for a socialnämnd over the last ``--days`` days, the search
   (first page and its count, by person, by official) and a CSV export, and prints each time.

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stdnum import luhn

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCHEMA = "samverkan_bench_audit"
DEFAULT_DSN = "postgres://postgres@127.0.0.1:5432/test"
ORGANISATIONS = [
    # (code, name, type, share of the officials in per mille)
    ("bench-kommun-1", "Socialnämnden i Benchby 1", "social_services", 90),
    ("bench-kommun-2", "Socialnämnden i Benchby 2", "social_services", 60),
    ("bench-kommun-3", "Socialnämnden i Benchby 3", "social_services", 50),
    ("bench-kommun-4", "Socialnämnden i Benchby 4", "social_services", 40),
    ("bench-kommun-5", "Socialnämnden i Benchby 5", "social_services", 30),
    ("bench-fk", "Försäkringskassan (bench)", "fk", 400),
    ("bench-pm", "Pensionsmyndigheten (bench)", "pm", 60),
    ("bench-af", "Arbetsförmedlingen (bench)", "af", 120),
    ("bench-akassa", "A-kassan (bench)", "unemployment_fund", 30),
    ("bench-region", "Region Benchland", "healthcare", 100),
    ("bench-employer", "Bench AB", "employer", 20),
]
OFFICIALS = 2000
UNITS_PER_ORGANISATION = 8
SURNAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
    "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
    "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg",
    "Sjöberg", "Wallin", "Engström", "Eklund",
]  # fmt: off
#: Half of the officials and a quarter of the persons have one of the common names above, the others a
#: rarer (synthetic) one, so that, as in a real population, a person rarely shares an official's name.
RARE_SURNAMES = 5000
RARE_FIRST_NAMES = 500
FIRST_NAMES = [
    "Anna", "Maria", "Eva", "Karin", "Sara", "Lena", "Emma", "Erik", "Lars", "Anders", "Johan", "Per", "Karl",
    "Mikael", "Ali", "Oskar", "Elias", "Hugo", "Fatima", "Amira", "Nora", "Omar", "Emil", "Ida",
]  # fmt: off


def _surname(h: int, common_in: int = 2) -> str:
    """A common surname for one in ``common_in``, otherwise a rarer one."""
    if h % common_in == 0:
        return SURNAMES[h // common_in % len(SURNAMES)]
    return f"Benchsson{h // common_in % RARE_SURNAMES:04d}"


def _first_name(h: int, common_in: int = 2) -> str:
    if h % common_in == 0:
        return FIRST_NAMES[h // common_in % len(FIRST_NAMES)]
    return f"Förnamn{h // common_in % RARE_FIRST_NAMES:03d}"


#: The bench's own audit key (production settings on PostgreSQL want one; ADR 0007). Nothing verifies here.
BENCH_AUDIT_KEYS = "bench:YmVuY2gtYXVkaXQta2V5LW5vdC1zZWNyZXQtMDEyMzQ1Njc4OQ=="


def _configure_django(dsn: str) -> None:
    os.environ["DATABASE_URL"] = dsn
    os.environ.setdefault("SAMVERKAN_AUDIT_KEYS", BENCH_AUDIT_KEYS)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("SAMVERKAN_DEMO", "1")  # a benchmark is not production (settings.py)
    from django.conf import settings

    settings.DATABASES["default"]["OPTIONS"] = {"options": f"-c search_path={SCHEMA}"}
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    import django

    django.setup()


def _timed(label: str, fn: Callable[[], Any], rows: list[tuple[str, float, str]]) -> Any:
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    size = f"{len(result)} rader" if hasattr(result, "__len__") else str(result)
    rows.append((label, elapsed, size))
    print(f"  {label:<58} {elapsed:8.3f} s   {size}", flush=True)
    return result


def _existing_entries(cursor: Any) -> int | None:
    cursor.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = 'disclosures_auditentry'",
        [SCHEMA],
    )
    if cursor.fetchone() is None:
        return None
    cursor.execute("SELECT count(*) FROM disclosures_auditentry")
    return int(cursor.fetchone()[0])


def _reset_schema(dsn: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {SCHEMA}")


def _population(cursor: Any, entries: int) -> dict[str, Any]:
    """Organisations, units and officials through plain INSERTs; persons with generate_series."""
    from django.contrib.auth.hashers import make_password

    password = make_password(None)
    org_ids: list[int] = []
    for code, name, org_type, _ in ORGANISATIONS:
        cursor.execute(
            "INSERT INTO accounts_organisation (code, name, org_type, municipality) VALUES (%s, %s, %s, '') RETURNING id",
            [code, name, org_type],
        )
        org_ids.append(cursor.fetchone()[0])
    unit_ids: dict[int, list[int]] = {}
    for org_id in org_ids:
        unit_ids[org_id] = []
        for u in range(UNITS_PER_ORGANISATION):
            cursor.execute(
                "INSERT INTO accounts_unit (organisation_id, code, name, handles_assistance, address, phone, email) "
                "VALUES (%s, %s, %s, %s, '', '', '') RETURNING id",
                [org_id, f"enhet-{u}", f"Enhet {u + 1}", u == 0],
            )
            unit_ids[org_id].append(cursor.fetchone()[0])
    # Officials: index k → organisation by the shares above, unit round-robin.
    weights = [share for *_, share in ORGANISATIONS]
    bounds, acc = [], 0
    for w in weights:
        acc += w * OFFICIALS // 1000
        bounds.append(acc)
    actors: list[tuple[int, int, int]] = []  # (k, user id, organisation id)
    for k in range(OFFICIALS):
        index = next((i for i, b in enumerate(bounds) if k < b), len(bounds) - 1)
        org_id = org_ids[index]
        unit_id = unit_ids[org_id][k % UNITS_PER_ORGANISATION]
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, "
            "is_active, date_joined, unit_id, title, phone) VALUES (%s, false, %s, %s, %s, '', false, true, now(), %s, '', '') "
            "RETURNING id",
            [
                password,
                f"bench.{k}",
                _first_name(k * 7919),
                _surname(k * 104729),
                unit_id,
            ],
        )
        user_id = cursor.fetchone()[0]
        role = "security_officer" if k % 500 == 0 else "social_worker"
        cursor.execute("INSERT INTO accounts_roleassignment (user_id, role) VALUES (%s, %s)", [user_id, role])
        actors.append((k, user_id, org_id))
    cursor.execute("CREATE TABLE bench_actor (k int PRIMARY KEY, user_id bigint, organisation_id bigint)")
    cursor.executemany("INSERT INTO bench_actor VALUES (%s, %s, %s)", actors)
    # Persons with valid synthetic identity numbers (the search normalises and checks them), by COPY.
    persons = max(5000, entries // 20)
    columns = (
        "identity_number, identity_type, birth_date, first_name, last_name, protected_identity, street_address, "
        "postal_code, city"
    )
    with cursor.cursor.copy(f"COPY people_person ({columns}) FROM STDIN") as copy:
        for i in range(1, persons + 1):
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=i % 24000)
            serial = (i // 24000) % 1000
            number = f"{birth:%Y%m%d}-{serial:03d}{luhn.calc_check_digit(f'{birth:%y%m%d}{serial:03d}')}"
            protected = i % 1000 == 0
            copy.write_row(
                (
                    number,
                    "personnummer",
                    birth,
                    _first_name(i * 2246822519 % 4294967291, common_in=4),
                    _surname(i * 2654435761 % 4294967296, common_in=4),
                    protected,
                    "" if protected else f"Benchgatan {i % 90 + 1}",
                    "" if protected else "611 30",
                    "" if protected else "Benchby",
                )
            )
    cursor.execute("SELECT min(id), count(*) FROM people_person")
    first_person, person_count = cursor.fetchone()
    return {"org_ids": org_ids, "first_person": first_person, "persons": person_count}


def _audit_indexes(cursor: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """The audit table's secondary indexes (CREATE statements) and constraints (name, definition)."""
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = %s AND tablename = 'disclosures_auditentry'
          AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'disclosures_auditentry'::regclass)
        """,
        [SCHEMA],
    )
    indexes = [row[1] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'disclosures_auditentry'::regclass AND contype IN ('u', 'f')"
    )
    return indexes, [(row[0], row[1]) for row in cursor.fetchall()]


def _prepare_bulk_load(cursor: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop the audit table's indexes and constraints and make it unlogged for the load: what to rebuild."""
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute("SET work_mem = '256MB'")
    indexes, constraints = _audit_indexes(cursor)
    for name, _ in constraints:
        cursor.execute(f'ALTER TABLE disclosures_auditentry DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = 'disclosures_auditentry' "
        "AND indexname <> 'disclosures_auditentry_pkey'",
        [SCHEMA],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    # Benchmark data need not survive a crash: no WAL for the bulk load and the index builds. An
    # unlogged table cannot be referenced from a logged one, so the foreign keys *to* the audit
    # table (e.g. reports_reviewmark.audit_entry) are left out of the bench schema.
    cursor.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE confrelid = 'disclosures_auditentry'::regclass AND contype = 'f'"
    )
    for table, name in cursor.fetchall():
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute("ALTER TABLE disclosures_auditentry SET UNLOGGED")
    # The bulk load is not a chain (sequential fake hashes, no key): lift the append-at-head trigger for it,
    # as a database owner can (migration disclosures.0004); it comes back before the reports run.
    cursor.execute("ALTER TABLE disclosures_auditentry DISABLE TRIGGER disclosures_audit_append_at_head")
    return indexes, constraints


def _org_array(population: dict[str, Any]) -> str:
    return "ARRAY[" + ",".join(str(o) for o in population["org_ids"]) + "]::bigint[]"


def _insert_entries(cursor: Any, entries: int, population: dict[str, Any]) -> None:
    """The year of audit entries, spread over working days and office hours, as one INSERT … SELECT."""
    org_array = _org_array(population)
    from samverkan.core.clock import today
    from samverkan.domain.deadlines import is_working_day

    first_day = today() - dt.timedelta(days=365)
    working = [d for d in (first_day + dt.timedelta(days=k) for k in range(365)) if is_working_day(d)]
    cursor.execute("CREATE TEMPORARY TABLE bench_day (n int PRIMARY KEY, day date) ON COMMIT DROP")
    cursor.executemany("INSERT INTO bench_day VALUES (%s, %s)", list(enumerate(working)))
    n_orgs = len(population["org_ids"])
    first_person, persons = population["first_person"], population["persons"]
    events = [
        ("disclosure.released", 60),
        ("disclosure.denied", 10),
        ("disclosure.review_requested", 5),
        ("notice.proactive", 7),
        ("consent.registered", 5),
        ("review.approved", 3),
        ("rehab.plan_changed", 5),
        ("reclaim.sent", 2),
        ("admin_question.sent", 3),
    ]
    event_case = (
        "CASE "
        + " ".join(
            f"WHEN h.e < {sum(w for _, w in events[: i + 1])} THEN '{name}'" for i, (name, _) in enumerate(events)
        )
        + " END"
    )
    print(f"  genererar {entries:,} loggposter …".replace(",", " "), flush=True)
    cursor.execute(
        f"""
        INSERT INTO disclosures_auditentry (sequence, created_at, event, actor_id, actor_role, organisation_id,
            recipient_id, person_id, categories, basis, purpose, extra, prev_hash, hash)
        SELECT h.i, (h.day + h.clock) AT TIME ZONE 'Europe/Stockholm', {event_case}, a.user_id, 'social_worker',
               ({org_array})[1 + ((a.k + 1 + h.o % {n_orgs - 1}) % {n_orgs})], a.organisation_id,
               {first_person} + h.p % {persons},
               CASE WHEN h.e < 60 THEN '["identity","payment_amount","payment_period"]'::jsonb ELSE '["identity"]'::jsonb END,
               CASE WHEN h.e < 60 THEN 'duty' WHEN h.e < 75 THEN '' ELSE 'consent' END,
               'Utredning av rätt till ekonomiskt bistånd',
               jsonb_build_object('request_id', h.i),
               lpad(to_hex(h.i - 1), 64, '0'), lpad(to_hex(h.i), 64, '0')
        FROM (
            SELECT i,
                   (i::bigint * 2654435761) % 4294967296 % 100 AS e,
                   (i::bigint * 40503) % 65521 AS o,
                   (i::bigint * 2246822519) % 4294967291 AS p,
                   (i::bigint * 3266489917) % 4294967291 % {OFFICIALS} AS k,
                   -- the day (Swedish local date): the working days of the last year, evenly; one entry
                   -- in a hundred on any calendar day (weekends and holidays included)
                   CASE WHEN i % 100 = 0 THEN DATE '{first_day.isoformat()}' + (i::bigint * 365 / {entries})::int
                        ELSE (SELECT d.day FROM bench_day d WHERE d.n = (i::bigint * {len(working)} / {entries})::int)
                   END AS day,
                   -- the time: 07.00–17.00, except 1 in 50 at any hour
                   CASE WHEN i % 50 = 0 THEN ((i::bigint * 7919) % 1440 || ' minutes')::interval
                        ELSE interval '7 hours' + ((i::bigint * 7919) % 600 || ' minutes')::interval END AS clock
            FROM generate_series(1, {entries}) AS i
        ) AS h
        JOIN bench_actor a ON a.k = h.k
        """
    )


def _insert_busy_days(cursor: Any, population: dict[str, Any]) -> None:
    """A few officials with one very busy working day (60 different persons): the high-volume findings."""
    from samverkan.core.clock import today
    from samverkan.domain.deadlines import previous_working_day

    org_array = _org_array(population)
    n_orgs = len(population["org_ids"])
    first_person, persons = population["first_person"], population["persons"]

    busy_days, day = [], today()
    for _ in range(3):
        day = previous_working_day(day - dt.timedelta(days=3))
        busy_days.append(day)
    busy = "ARRAY[" + ",".join(f"DATE '{d.isoformat()}'" for d in busy_days) + "]"
    cursor.execute("SELECT max(sequence) FROM disclosures_auditentry")
    last = cursor.fetchone()[0]
    cursor.execute(
        f"""
        INSERT INTO disclosures_auditentry (sequence, created_at, event, actor_id, actor_role, organisation_id,
            recipient_id, person_id, categories, basis, purpose, extra, prev_hash, hash)
        SELECT {last} + s.n * 60 + j,
               (({busy})[s.n + 1] + interval '8 hours' + (j || ' minutes')::interval)
                 AT TIME ZONE 'Europe/Stockholm',
               'disclosure.released', a.user_id, 'social_worker', ({org_array})[1 + (a.k + 1) % {n_orgs}], a.organisation_id,
               {first_person} + (s.n * 1000 + j * 17) % {persons}, '["identity"]'::jsonb, 'duty', 'Utredning',
               '{{}}'::jsonb, lpad(to_hex({last} + s.n * 60 + j - 1), 64, '0'), lpad(to_hex({last} + s.n * 60 + j), 64, '0')
        FROM generate_series(0, 2) AS s(n) CROSS JOIN generate_series(1, 60) AS j
        JOIN bench_actor a ON a.k = s.n * 7
        """
    )


def _restore_indexes(cursor: Any, indexes: list[str], constraints: list[tuple[str, str]], now: float) -> None:
    print(f"  loggposter inlagda på {time.time() - now:.1f} s; bygger index …", flush=True)
    built = time.time()
    for definition in indexes:
        cursor.execute(definition)
    for name, definition in constraints:
        suffix = " NOT VALID" if definition.startswith("FOREIGN KEY") else ""
        cursor.execute(f'ALTER TABLE disclosures_auditentry ADD CONSTRAINT "{name}" {definition}{suffix}')
    print(f"  index och villkor på {time.time() - built:.1f} s", flush=True)
    cursor.execute("ALTER TABLE disclosures_auditentry ENABLE TRIGGER disclosures_audit_append_at_head")


def _insert_review_tasks(cursor: Any, entries: int, population: dict[str, Any]) -> None:
    """Completed requests with a secrecy review each, decided quickly or slowly: the review-time findings."""
    org_array = _org_array(population)
    n_orgs = len(population["org_ids"])
    first_person, persons = population["first_person"], population["persons"]
    tasks = max(100, entries // 50)
    cursor.execute(
        f"""
        INSERT INTO disclosures_disclosurerequest (id, kind, status, requested_by_id, recipient_id, recipient_unit_id,
            discloser_id, person_id, case_id, categories, purpose, period_start, period_end, requested_on,
            rules_version, snapshot, created_at)
        SELECT j, 'request', 'completed', a.user_id, a.organisation_id, NULL, ({org_array})[1 + (a.k + 3) % {n_orgs}],
               {first_person} + (j * 13) % {persons}, NULL, '["case_notes"]'::jsonb, 'Utredning', NULL, NULL,
               (now() - ((j::bigint * 365 / {tasks}) || ' days')::interval)::date, 'bench', '{{}}'::jsonb,
               now() - ((j::bigint * 365 / {tasks}) || ' days')::interval
        FROM generate_series(1, {tasks}) AS j JOIN bench_actor a ON a.k = (j * 37) % {OFFICIALS}
        """
    )
    cursor.execute(
        """
        INSERT INTO disclosures_disclosuredecision (id, request_id, category, outcome, basis, consent_id, citation,
            explanation, rules_version, snapshot, released_values, decided_at)
        SELECT id, id, 'case_notes', 'review', 'consent', NULL, '', 'Prövas av den utlämnande organisationen', 'bench',
               '{}'::jsonb, '[]'::jsonb, created_at
        FROM disclosures_disclosurerequest
        """
    )
    cursor.execute(
        """
        INSERT INTO disclosures_reviewtask (id, decision_id, request_id, organisation_id, category, status, motivation,
            decided_by_id, decided_at, released_values, created_at)
        SELECT r.id, r.id, r.id, r.discloser_id, 'case_notes', CASE WHEN r.id % 2 = 0 THEN 'approved' ELSE 'refused' END,
               'Prövat', u.id, r.created_at + CASE WHEN r.id % 33 = 0 THEN ((r.id % 29 + 1) || ' seconds')::interval
                                                   ELSE ((r.id % 4000 + 300) || ' seconds')::interval END,
               '[]'::jsonb, r.created_at
        FROM disclosures_disclosurerequest r
        JOIN LATERAL (SELECT id FROM accounts_user WHERE unit_id IN
                      (SELECT id FROM accounts_unit WHERE organisation_id = r.discloser_id) ORDER BY id LIMIT 1) u ON true
        """
    )


def _generate(cursor: Any, entries: int, population: dict[str, Any]) -> None:
    now = time.time()
    indexes, constraints = _prepare_bulk_load(cursor)
    _insert_entries(cursor, entries, population)
    _insert_busy_days(cursor, population)
    _restore_indexes(cursor, indexes, constraints, now)
    _insert_review_tasks(cursor, entries, population)
    cursor.execute("DROP TABLE bench_actor")
    cursor.execute("ANALYZE")
    print(f"  klart på {time.time() - now:.1f} s", flush=True)


def _run_reports(days: int) -> None:
    from django.db.models import Count

    from samverkan.accounts.models import Organisation, User
    from samverkan.core.clock import today
    from samverkan.disclosures.models import AuditEntry
    from samverkan.domain.deadlines import previous_working_day
    from samverkan.domain.log_review import FindingKind
    from samverkan.people.models import Person
    from samverkan.reports import exports, selectors

    rows: list[tuple[str, float, str]] = []
    period = selectors.default_period(today(), days)
    largest = Organisation.objects.annotate(n=Count("units__users")).order_by("-n").first()
    kommun = Organisation.objects.get(code="bench-kommun-1")
    print(f"\nRapporter för {days} dagar ({period.start} – {period.end}):", flush=True)

    def one(organisation: Organisation | None) -> None:
        assert organisation is not None
        officials = User.objects.filter(unit__organisation=organisation).count()
        print(f"\n{organisation.name} ({officials} handläggare)")
        _timed(
            "slagning på skyddad identitet",
            lambda: selectors.protected_identity_findings(organisation, period),
            rows,
        )
        relations = _timed(
            "kollega och samma efternamn", lambda: selectors.relation_findings(organisation, period), rows
        )
        print(
            f"  {'':<58}            kollega {len(relations[FindingKind.COLLEAGUE])}, "
            f"efternamn {len(relations[FindingKind.SAME_SURNAME])}"
        )
        _timed("ovanligt många slagningar", lambda: selectors.high_volume_findings(organisation, period), rows)
        _timed("slagning utanför arbetstid", lambda: selectors.outside_hours_findings(organisation, period), rows)
        _timed("snabbt avgjord sekretessprövning", lambda: selectors.fast_review_findings(organisation, period), rows)
        _timed("alla rapporter (översikten)", lambda: selectors.all_findings(organisation, period), rows)

        window, _ = selectors.with_default_window(selectors.AuditFilters(), today())
        recent = selectors.audit_search(organisation=organisation, filters=window)
        _timed("sök: senaste 30 dagarna, första sidan (50)", lambda: list(recent[:50]), rows)
        _timed("sök: senaste 30 dagarna, antal (högst 10 000, som sidan)", lambda: recent[:10_001].count(), rows)
        _timed("sök: senaste 30 dagarna, exakt antal", lambda: recent.count(), rows)
        person_id = AuditEntry.objects.filter(organisation=organisation).values_list("person_id", flat=True).first()
        number = Person.objects.get(pk=int(person_id or 0)).identity_number
        by_person = selectors.audit_search(
            organisation=organisation, filters=selectors.AuditFilters(identity_number=number)
        )
        _timed("sök: person, alla träffar", lambda: list(by_person), rows)
        official = User.objects.filter(unit__organisation=organisation).order_by("pk").first()
        whole = selectors.audit_search(organisation=organisation, filters=selectors.AuditFilters(official=official))
        _timed("sök: handläggare, hela loggen, första sidan", lambda: list(whole[:50]), rows)
        _timed("sök: handläggare, hela loggen, antal", lambda: whole.count(), rows)
        by_official = selectors.audit_search(
            organisation=organisation,
            filters=selectors.AuditFilters(official=official, start=period.start, end=period.end),
        )
        _timed("sök: handläggare och period, första sidan", lambda: list(by_official[:50]), rows)
        last_working = previous_working_day(period.end - dt.timedelta(days=1))
        day = selectors.audit_search(
            organisation=organisation,
            filters=selectors.AuditFilters(start=last_working, end=last_working, event_group="lookup"),
        )
        _timed(
            "CSV-export: en dags slagningar",
            lambda: sum(1 for _ in exports.audit_csv_lines(day.iterator(chunk_size=2000))) - 1,
            rows,
        )

    for organisation in (largest, kommun):
        one(organisation)
    print(f"\nSumma: {sum(r[1] for r in rows):.2f} s för {len(rows)} mätningar.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000_000, help="loggposter att generera (standard 10 000 000)")
    parser.add_argument("--dsn", default=os.environ.get("SAMVERKAN_BENCH_DSN", DEFAULT_DSN))
    parser.add_argument("--fresh", action="store_true", help="generera om även när datat redan finns")
    parser.add_argument("--days", type=int, default=30, help="rapportperiodens längd i dagar (standard 30)")
    args = parser.parse_args()
    if args.entries < 1000:
        parser.error("--entries måste vara minst 1000")

    import psycopg

    with psycopg.connect(args.dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        conn.execute(f"SET search_path = {SCHEMA}")
        with conn.cursor() as cursor:
            existing = _existing_entries(cursor)
    expected = args.entries + 180  # plus the three busy days
    if args.fresh or existing != expected:
        print(f"Schema {SCHEMA}: skapar om (fanns: {existing if existing is not None else 'inget'}) …", flush=True)
        _reset_schema(args.dsn)
        _configure_django(args.dsn)
        from django.db import connection, transaction

        started = time.time()
        from _migrated import migrate

        migrate(pg_url=args.dsn, schema=SCHEMA)
        print(f"  migreringar på {time.time() - started:.1f} s", flush=True)
        # Two transactions: the population's deferred foreign-key checks must have run before the
        # audit table's constraints can be altered.
        with transaction.atomic(), connection.cursor() as cursor:
            population = _population(cursor, args.entries)
        with transaction.atomic(), connection.cursor() as cursor:
            _generate(cursor, args.entries, population)
    else:
        print(f"Schema {SCHEMA}: återanvänder {existing:,} loggposter.".replace(",", " "), flush=True)
        _configure_django(args.dsn)
    _run_reports(args.days)


if __name__ == "__main__":
    main()
