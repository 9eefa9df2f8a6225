"""One way for every benchmark to set Django up on a database of its own (a SQLite file, or a schema in PostgreSQL).

A benchmark is not production: demo mode, a bench audit key (production settings on PostgreSQL want one, ADR
0007), and on PostgreSQL the benchmark's schema first on the search path. ``env`` adds the benchmark's own settings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: The audit chain's HMAC key of every benchmark (not a secret; nothing verifies against it later).
BENCH_AUDIT_KEYS = "bench:YmVuY2gtZ2F0ZS1hdWRpdC1rZXktbm90LXNlY3JldC0wMTIzNDU2"


def pg_admin(pg_url: str, sql: str) -> None:
    """Run ``sql`` on the PostgreSQL server at ``pg_url`` outside Django (schemas are made and dropped with it)."""
    import psycopg

    with psycopg.connect(pg_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


def fresh_schema(pg_url: str, schema: str) -> None:
    pg_admin(pg_url, f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")


def drop_schema(pg_url: str, schema: str) -> None:
    pg_admin(pg_url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def setup(
    backend: str,
    *,
    sqlite_path: str,
    pg_url: str,
    schema: str,
    env: Mapping[str, str] | None = None,
    persistent_connections: bool = True,
) -> None:
    """``django.setup()`` on the benchmark's database: ``backend`` is ``sqlite`` or ``postgres``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("SAMVERKAN_DEMO", "1")  # a benchmark is not production (settings.py)
    os.environ.setdefault("SAMVERKAN_AUDIT_KEYS", BENCH_AUDIT_KEYS)
    os.environ.update(env or {})
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SAMVERKAN_SQLITE"] = sqlite_path
    else:
        os.environ["DATABASE_URL"] = pg_url
    import django
    from django.conf import settings

    if backend == "postgres":
        settings.DATABASES["default"]["OPTIONS"] = {"options": f"-c search_path={schema}"}
        if not persistent_connections:
            settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    django.setup()
