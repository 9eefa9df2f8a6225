"""Playing the database administrator against the audit log, with raw SQL (tests only).

Every change happens inside the test's own transaction and is rolled back with it, lifted triggers
included (DDL is transactional on both databases), so the next test finds the log whole and guarded.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from samverkan.disclosures.audit import ENTRY_COLUMNS, entry_hash, hashed_fields
from samverkan.disclosures.keys import AuditKey
from samverkan.disclosures.models import GENESIS_HASH, AuditEntry

ENTRIES = "disclosures_auditentry"
HEAD = "disclosures_auditchainhead"
#: The entry columns an attacker copies (all but ``id``).
COLUMNS = tuple(c for c in ENTRY_COLUMNS if c != "id")
#: SQL for the next sequence number and the newest hash: what an append at the head carries.
NEXT_SEQUENCE = f"(SELECT MAX(sequence) + 1 FROM {ENTRIES})"
NEWEST_HASH = f"(SELECT hash FROM {ENTRIES} ORDER BY sequence DESC LIMIT 1)"
#: The test key's id with another secret: a chain recomputed by someone who does not have the key.
WRONG_KEY = AuditKey("test", b"a-guess-at-the-key-that-is-not-it-at-all")


def postgres() -> bool:
    return connection.vendor == "postgresql"


def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def refused(statement: str, params: list[Any] | None = None) -> str:
    """Run ``statement`` and expect the database to refuse it; returns the database's message."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        sql(statement, params)
    return str(caught.value)


def copied(**replace: str) -> str:
    """A SELECT list of an entry's own columns (``id`` first), some replaced by SQL expressions."""
    return ", ".join(["id", *(replace.get(column, column) for column in COLUMNS)])


def trigger_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if postgres():
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
                [table],
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        return {row[0] for row in cursor.fetchall()}


def as_in_a_session_of_its_own() -> None:
    """Run the foreign-key checks the test's earlier inserts left deferred, as their commit would have: a
    database administrator's TRUNCATE or ALTER TABLE comes in a transaction of its own, which PostgreSQL
    requires ("pending trigger events")."""
    if postgres():
        sql("SET CONSTRAINTS ALL IMMEDIATE")


def lift_guards() -> None:
    """What a database owner or superuser can do: turn off (PostgreSQL) or drop (SQLite) every audit trigger."""
    as_in_a_session_of_its_own()
    if postgres():
        sql(f"ALTER TABLE {ENTRIES} DISABLE TRIGGER ALL")
        sql(f"ALTER TABLE {HEAD} DISABLE TRIGGER ALL")
        return
    for table in (ENTRIES, HEAD):
        for name in trigger_names(table):
            sql(f'DROP TRIGGER "{name}"')


def empty_log() -> None:
    """TRUNCATE … CASCADE on PostgreSQL; SQLite has no TRUNCATE, so DELETE without WHERE."""
    if postgres():
        sql(f"TRUNCATE {ENTRIES}, {HEAD} CASCADE")
    else:
        sql(f"DELETE FROM {ENTRIES}")
        sql(f"DELETE FROM {HEAD}")


def set_head_to_newest() -> None:
    """Make the head row agree with whatever the newest entry now is (creating it if it was removed)."""
    sql(f"DELETE FROM {HEAD}")
    sql(
        f"INSERT INTO {HEAD} (id, last_sequence, last_hash) "
        f"SELECT 1, COALESCE(MAX(sequence), 0), COALESCE({NEWEST_HASH}, %s) FROM {ENTRIES}",
        [GENESIS_HASH],
    )


def recompute(start: int, key: AuditKey | None) -> None:
    """Rehash every entry from ``start`` on over its stored content, with ``key`` (None: plain SHA-256, unkeyed),
    relink them, and point the head at the newest: a rewritten chain that is consistent in itself."""
    previous = AuditEntry.objects.filter(sequence=start - 1).values_list("hash", flat=True).first() or GENESIS_HASH
    rows = AuditEntry.objects.filter(sequence__gte=start).order_by("sequence").values("id", *COLUMNS)
    for row in list(rows):
        fields = hashed_fields(
            sequence=row["sequence"],
            created_at=row["created_at"],
            event=row["event"],
            actor_id=row["actor_id"],
            actor_role=row["actor_role"],
            organisation_id=row["organisation_id"],
            recipient_id=row["recipient_id"],
            person_id=row["person_id"],
            categories=row["categories"],
            basis=row["basis"],
            purpose=row["purpose"],
            extra=row["extra"],
        )
        digest = entry_hash(fields, previous, key)
        sql(
            f"UPDATE {ENTRIES} SET prev_hash = %s, hash = %s, key_id = %s WHERE id = %s",
            [previous, digest, key.id if key is not None else None, row["id"]],
        )
        previous = digest
    set_head_to_newest()
