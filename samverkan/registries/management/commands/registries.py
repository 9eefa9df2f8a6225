"""``samverkan registries import --agency fk FILE``: import an agency's records from CSV or JSON.

The whole file is checked first; any error refuses the whole file, naming the line and field
of each error, and nothing is stored. Records are then stored through the services (audited;
decisions and payments about persons with an aktuellt ärende om ekonomiskt bistånd cause
proactive notices), in one transaction. Re-importing the same file changes nothing: records are
matched by the agency's ``external_id``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from samverkan.accounts.models import Organisation
from samverkan.people.models import Person
from samverkan.registries import services
from samverkan.registries.models import AgencyRecord
from samverkan.registries.records import AGENCY_CODES
from samverkan.registries.sources.files import FileRejected, LineError, ParsedLine, parse_file


class _Rollback(Exception):
    pass


def import_lines(
    *, organisation: Organisation, lines: list[ParsedLine], progress: bool = False
) -> services.ImportSummary:
    """Store checked lines in one transaction; :class:`FileRejected` (nothing stored) on any error."""
    numbers = {line.record.identity_number for line in lines}
    persons = {p.identity_number: p for p in Person.objects.filter(identity_number__in=numbers)}
    errors = [
        LineError(
            line.line,
            "identity_number",
            f"Ingen person med nummer {line.record.identity_number} finns i folkbokföringsregistret.",
        )
        for line in lines
        if line.record.identity_number not in persons
    ]
    if errors:
        raise FileRejected(errors)
    summary = services.ImportSummary()
    try:
        with transaction.atomic():
            for line in tqdm(lines, desc="Importerar", unit="post", disable=not progress):
                try:
                    part = services.records_store_many(
                        actor=None,
                        organisation=organisation,
                        rows=[line.record],
                        source=AgencyRecord.Source.FILE,
                        persons=persons,
                    )
                except ValidationError as exc:
                    for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
                        errors.extend(LineError(line.line, "" if field == "__all__" else field, m) for m in messages)
                    continue
                summary.created += part.created
                summary.unchanged += part.unchanged
                summary.notices += part.notices
                for kind, count in part.by_kind.items():
                    summary.by_kind[kind] = summary.by_kind.get(kind, 0) + count
            if errors:
                raise _Rollback
    except _Rollback:
        raise FileRejected(errors) from None
    return summary


def organisation_for(agency: str, code: str | None) -> Organisation:
    qs = Organisation.objects.filter(org_type=agency)
    if code:
        qs = qs.filter(code=code)
    found = list(qs[:2])
    if not found:
        raise CommandError(f"Ingen organisation av typen {agency}{f' med koden {code}' if code else ''}.")
    if len(found) > 1:
        raise CommandError(f"Flera organisationer av typen {agency}; ange --organisation KOD.")
    return found[0]


class Command(BaseCommand):
    help = "Myndigheternas register: import av poster från CSV- eller JSON-fil."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="importera en fil med en myndighets poster")
        imp.add_argument(
            "--agency",
            required=True,
            choices=AGENCY_CODES,
            help="myndighet: fk, pm, af, unemployment_fund, csn eller tax_agency",
        )
        imp.add_argument("--organisation", help="organisationens kod, när det finns flera av typen")
        imp.add_argument("--format", choices=("csv", "json"), help="filformat (annars efter filändelsen)")
        imp.add_argument("--dry-run", action="store_true", help="kontrollera filen utan att spara något")
        imp.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "import":  # pragma: no cover - argparse allows only import
            raise CommandError("Okänt kommando.")
        agency = options["agency"]
        organisation = organisation_for(agency, options.get("organisation"))
        try:
            lines = parse_file(options["file"], agency=agency, fmt=options.get("format"))
            if options["dry_run"]:
                self.stdout.write(f"Filen är korrekt: {len(lines)} poster. Inget sparades (--dry-run).")
                return
            summary = import_lines(organisation=organisation, lines=lines, progress=True)
        except FileRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Filen avvisades: {len(exc.errors)} fel. Ingenting importerades; rätta filen och försök igen."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Importerat till {organisation.name}: {summary.created} nya poster, {summary.unchanged} oförändrade."
            )
        )
