"""``flush`` that can also empty the append-only audit log on SQLite.

The audit table refuses UPDATE and DELETE through database triggers (migration
``disclosures.0002``). On PostgreSQL ``flush`` uses TRUNCATE, which row triggers do not see.
On SQLite ``flush`` deletes row by row, so this command lifts the audit triggers, flushes
and puts the very same triggers back, all in one transaction: either the database is empty
and protected again, or nothing happened. Emptying the whole database (test databases, a
demo reset) is the one way to remove audit entries; no single entry can be changed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import connections, transaction

AUDIT_TABLE = "disclosures_auditentry"


class Command(DjangoFlushCommand):
    help = DjangoFlushCommand.help + " Tömmer också granskningsloggen (hela databasen töms, inga enskilda poster)."

    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [AUDIT_TABLE]
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
