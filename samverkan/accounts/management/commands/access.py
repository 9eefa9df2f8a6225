"""``samverkan access table``: print who may use every page and API operation (docs/access.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # no database needed
    help = "Skriv ut tabellen över vem som får använda varje sida och API-operation (docs/access.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["table"], help="table: tabellen i Markdown")

    def handle(self, *args: Any, **options: Any) -> None:
        from samverkan.accounts.routes import access_table

        self.stdout.write(access_table(), ending="")
