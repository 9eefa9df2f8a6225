"""``samverkan documents purge``: delete the handed-over files whose retention date has come.

The rows and their SHA-256 stay as the record of what crossed; each deletion is an audit entry
(``document.purged``). Safe to run again and while another run is busy: a document is purged once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.disclosures.documents import documents_purge


class Command(BaseCommand):
    help = "Utlämnade handlingar: gallra filer vars gallringsdag har kommit."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="gallra filer vars gallringsdag har kommit")
        purge.add_argument("--date", default=None, help="gallra som den dagen (ÅÅÅÅ-MM-DD); i dag om den saknas")
        purge.add_argument("--no-progress", action="store_true", help="ingen förloppsindikator (inget att visa)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Ogiltigt datum {options['date']!r}: skriv ÅÅÅÅ-MM-DD.") from exc
        purged = documents_purge(on=day)
        self.stdout.write(self.style.SUCCESS(f"{purged} handlingar gallrade."))
