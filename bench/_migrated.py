"""A migrated database for a benchmark in a second instead of half a minute: the migrations run once, then are copied.

Every benchmark runs in a fresh database with the product's real schema (its triggers and constraints matter
to what is timed: the audit table is append-only by trigger). Running the project's migrations takes Django
15–40 s, nearly all of it rendering the model states between migrations, and ``make bench-quick`` would pay it
for every benchmark and database. So the first run migrates as before and keeps a copy, named for a hash of
every migration file (and Django's version); later runs copy it:

- **SQLite**: the migrated file, under ``var/bench-cache/``.
- **PostgreSQL**: a template schema ``samverkan_bench_tpl_<hash>`` in the same database, dumped with
  ``pg_dump`` and restored under the benchmark's schema name.

A change to any migration changes the hash, so a stale schema is never used; ``--no-cache`` in the
environment (``SAMVERKAN_BENCH_NO_CACHE=1``) migrates every time.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench-cache"


def migrations_key() -> str:
    """A hash of every migration file of the project and of Django's version."""
    import django

    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted((ROOT / "samverkan").glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def migrate_sqlite(path: str) -> None:
    """Give the SQLite file at ``path`` (not yet opened) the migrated schema."""
    from django.db import connection

    if os.environ.get("SAMVERKAN_BENCH_NO_CACHE"):
        _migrate()
        return
    cached = CACHE / f"migrated-{migrations_key()}.sqlite3"
    if cached.exists():
        connection.close()
        shutil.copyfile(cached, path)
        return
    _migrate()
    connection.close()  # the last connection checkpoints the WAL into the file
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=CACHE, delete=False, suffix=".tmp") as handle:
        partial = Path(handle.name)
    shutil.copyfile(path, partial)
    partial.replace(cached)  # atomic: a concurrent run sees the whole file or none


def _libpq_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def _dump(url: str, schema: str) -> str:
    done = subprocess.run(
        ["pg_dump", "--no-owner", "--no-privileges", "--schema", schema, _libpq_url(url)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _restore(url: str, sql: str) -> None:
    subprocess.run(
        ["psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", _libpq_url(url)],
        input=sql,
        capture_output=True,
        text=True,
        check=True,
    )


def _renamed(sql: str, old: str, new: str) -> str:
    return re.sub(rf"\b{re.escape(old)}\b", new, sql)


def migrate_postgres(url: str, schema: str) -> None:
    """Give ``schema`` (in the database at ``url``, the one Django is configured for) the migrated schema.

    The benchmark has created ``schema`` empty; it is replaced by a copy of the template schema, made from a
    first migration when there is none yet.
    """
    import psycopg
    from django.db import connection

    if os.environ.get("SAMVERKAN_BENCH_NO_CACHE") or shutil.which("pg_dump") is None or shutil.which("psql") is None:
        _migrate()
        return
    template = f"samverkan_bench_tpl_{migrations_key()}"
    with psycopg.connect(_libpq_url(url), autocommit=True) as admin:
        admin.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            found = admin.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = 'django_migrations'",
                [template],
            ).fetchone()
            if found is None:
                _migrate()
                connection.close()
                admin.execute(f"DROP SCHEMA IF EXISTS {template} CASCADE")
                _restore(url, _renamed(_dump(url, schema), schema, template))
                return
            connection.close()
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            _restore(url, _renamed(_dump(url, template), template, schema))
        finally:
            admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])


def migrate(*, sqlite_path: str | None = None, pg_url: str | None = None, schema: str | None = None) -> None:
    """Migrate the database Django is configured for, from the cache when it can (see the module's docstring)."""
    from django.db import connection

    if connection.vendor == "sqlite" and sqlite_path:
        migrate_sqlite(sqlite_path)
    elif connection.vendor == "postgresql" and pg_url and schema:
        migrate_postgres(pg_url, schema)
    else:
        _migrate()
