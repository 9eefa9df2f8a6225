"""``samverkan audit verify``: check the whole hash chain of the audit log."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.disclosures.audit import audit_entry_count, audit_verify


class Command(BaseCommand):
    help = "Granskningsloggen. verify: kontrollerar hela hashkedjan och namnger den första brutna posten."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="åtgärder")
        verify = sub.add_parser("verify", help="kontrollera hela kedjan (avslutas med kod 1 om den är bruten)")
        verify.add_argument("--no-progress", action="store_true", help="visa ingen förloppsindikator")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(progress=not options.get("no_progress", False))

    def _verify(self, *, progress: bool) -> None:
        total = audit_entry_count()
        with tqdm(
            total=total, file=sys.stderr, unit=" poster", desc="Kontrollerar loggen", disable=not progress
        ) as bar:
            result = audit_verify(progress=bar.update)
        if result.broken is not None:
            self.stdout.write(f"Kontrollerade {result.checked} av {total} poster.")
            raise CommandError(f"Kedjan är bruten. {result.broken.describe()}", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Loggen är hel: {result.checked} poster, kedjan stämmer."))
