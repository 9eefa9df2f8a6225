"""``flush`` that can also empty the append-only audit log.

The audit tables refuse UPDATE, DELETE, TRUNCATE and any insert but an append at the head through
database triggers (migrations ``disclosures.0002`` and ``0004``). ``flush`` empties every table (row
by row on SQLite, TRUNCATE on PostgreSQL), so this command lifts the audit tables' triggers (drops
them on SQLite, disables them on PostgreSQL), flushes and puts the very same triggers back, all in
one transaction: either the database is empty and protected again, or nothing happened. Emptying
the whole database (test databases, a demo reset) is the one way to remove audit entries; no
single entry can be changed. It needs the table owner's rights, which the application's role
should not have in production (ADR 0005, 0007); the anchors outside the database still show that
the log was emptied.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import connections, transaction

AUDIT_TABLES = ("disclosures_auditentry", "disclosures_auditchainhead")


class Command(DjangoFlushCommand):
    help = DjangoFlushCommand.help + " Tömmer också granskningsloggen (hela databasen töms, inga enskilda poster)."

    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if connection.vendor not in {"sqlite", "postgresql"}:
            super().handle(**options)
            return
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                        list(AUDIT_TABLES),
                    )
                    triggers = cursor.fetchall()
                    for name, _sql in triggers:
                        cursor.execute(f'DROP TRIGGER "{name}"')
                else:
                    cursor.execute(
                        "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
                        "WHERE tgrelid IN (to_regclass(%s), to_regclass(%s)) AND NOT tgisinternal AND tgenabled <> 'D'",
                        list(AUDIT_TABLES),
                    )
                    triggers = cursor.fetchall()
                    for table, name in triggers:
                        cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for first, second in triggers:
                    if connection.vendor == "sqlite":
                        cursor.execute(second)
                    else:
                        cursor.execute(f'ALTER TABLE {first} ENABLE TRIGGER "{second}"')
