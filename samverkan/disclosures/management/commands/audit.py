"""``samverkan audit``: the audit log's hash chain.

- ``verify``: check the whole chain, and against the anchors outside the database; names the first
  broken entry and the kind of break (exit code 1);
- ``anchor``: write the chain's head (sequence, hash, time) to the append-only anchor file, after
  checking the entries since the last anchor (the scheduler runs it on every tick; exit code 1 if
  the chain no longer holds the last anchor).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.disclosures.anchors import anchor_path
from samverkan.disclosures.audit import (
    AnchorStatus,
    AuditVerification,
    BreakKind,
    audit_anchor,
    audit_entry_count,
    audit_verify,
)


class Command(BaseCommand):
    help = (
        "Granskningsloggen. verify: kontrollerar hela hashkedjan och ankarpunkterna och namnger den första brutna "
        "posten. anchor: skriver kedjans senaste post till ankarfilen utanför databasen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="åtgärder")
        verify = sub.add_parser("verify", help="kontrollera hela kedjan (avslutas med kod 1 om den är bruten)")
        verify.add_argument("--no-progress", action="store_true", help="visa ingen förloppsindikator")
        verify.add_argument(
            "--anchors",
            type=Path,
            default=None,
            metavar="FIL",
            help="kontrollera mot den här ankarfilen (t.ex. en kopia från ett annat lager) i stället för den inställda",
        )
        anchor = sub.add_parser("anchor", help="skriv kedjans senaste post till ankarfilen (för schemaläggaren)")
        anchor.add_argument("--no-progress", action="store_true", help="visa ingen förloppsindikator")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = not options.get("no_progress", False)
        if options["action"] == "verify":
            self._verify(progress=progress, anchors=options.get("anchors"))
        elif options["action"] == "anchor":
            self._anchor(progress=progress, verbosity=options.get("verbosity", 1))

    def _verify(self, *, progress: bool, anchors: Path | None) -> None:
        total = audit_entry_count()
        with tqdm(
            total=total, file=sys.stderr, unit=" poster", desc="Kontrollerar loggen", disable=not progress
        ) as bar:
            result = audit_verify(progress=bar.update, anchor_file=anchors)
        if result.broken is not None:
            if result.broken.kind is not BreakKind.ANCHOR_FILE:
                self.stdout.write(f"Kontrollerade {result.checked} av {total} poster.")
            raise CommandError(
                f"Kedjan är bruten ({result.broken.kind.label}). {result.broken.describe()}", returncode=1
            )
        self.stdout.write(self.style.SUCCESS(f"Loggen är hel: {result.checked} poster, kedjan stämmer."))
        if result.keys_used:
            self.stdout.write(f"Nycklar: {_keys(result)}.")
        self.stdout.write(_anchor_summary(result, anchors))

    def _anchor(self, *, progress: bool, verbosity: int) -> None:
        with tqdm(file=sys.stderr, unit=" poster", desc="Kontrollerar nya poster", disable=not progress) as bar:
            outcome = audit_anchor(progress=bar.update)
        if outcome.status is AnchorStatus.REFUSED:
            assert outcome.broken is not None
            raise CommandError(
                f"Förankrar inte: kedjan stämmer inte med ankarfilen {outcome.path} "
                f"({outcome.broken.kind.label}). {outcome.broken.describe()} "
                "Kör samverkan audit verify. Har databasen bytts ut avsiktligt (ny installation, återställd demo), "
                "flytta undan den gamla ankarfilen.",
                returncode=1,
            )
        if outcome.status is AnchorStatus.ANCHORED:
            self.stdout.write(
                f"Förankrade loggen vid nr {outcome.sequence} (hash {outcome.hash[:16]}…, nyckel {outcome.key_id}) "
                f"i {outcome.path}; {outcome.checked} nya poster kontrollerade."
            )
            return
        if verbosity < 1:
            return
        if outcome.status is AnchorStatus.UNCHANGED:
            assert outcome.previous is not None
            self.stdout.write(
                f"Inget nytt sedan senaste ankaret (nr {outcome.sequence}, {outcome.previous.when}) i {outcome.path}."
            )
        elif outcome.status is AnchorStatus.EMPTY:
            self.stdout.write("Loggen är tom; inget att förankra.")
        elif outcome.status is AnchorStatus.DISABLED:
            self.stdout.write("Förankring är avstängd: SAMVERKAN_AUDIT_ANCHOR_PATH är tom.")
        elif outcome.status is AnchorStatus.BUSY:
            self.stdout.write(f"En annan process förankrar just nu i {outcome.path}; inget gjort.")


def _keys(result: AuditVerification) -> str:
    return ", ".join(
        f"{key_id} ({count} poster)" if key_id else f"utan nyckel, från före nycklingen ({count} poster)"
        for key_id, count in result.keys_used.items()
    )


def _anchor_summary(result: AuditVerification, given: Path | None) -> str:
    last = result.last_anchor
    if last is not None:
        return (
            f"Stämmer med {len(result.anchors)} ankare i {result.anchor_file} "
            f"(senaste: nr {last.sequence}, {last.when})."
        )
    if result.anchor_file_missing:
        return (
            f"Varning: ankarfilen {result.anchor_file} finns inte: kedjan är inte förankrad utanför databasen, så en "
            "omräknad eller avkortad logg kan inte upptäckas. Kör samverkan audit anchor (schemaläggaren gör det)."
        )
    if given is None and anchor_path() is None:
        return "Varning: förankring är avstängd (SAMVERKAN_AUDIT_ANCHOR_PATH är tom); bara kedjan är kontrollerad."
    return f"Varning: ankarfilen {result.anchor_file} har inga ankare ännu; bara kedjan är kontrollerad."
