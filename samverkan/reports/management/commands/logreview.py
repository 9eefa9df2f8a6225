"""``samverkan logreview``: the log review from the command line.

- ``report``: one standing report (or all) for an organisation and period, as CSV on standard
  output (for a scheduled export to the security officer) or as a summary. Logged as an export.
- ``link-official``: record an official's own person record (for the colleague report); logged.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.accounts.models import Organisation, User
from samverkan.core import clock
from samverkan.core.clock import today
from samverkan.core.validation import PERIOD
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.log_review import FindingKind
from samverkan.domain.organisations import Role
from samverkan.reports import exports, selectors, services


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} är inget datum; skriv ÅÅÅÅ-MM-DD.") from None
    if (problem := PERIOD.problem(day)) is not None:
        raise CommandError(problem)
    return day


def _officer(username: str) -> User:
    user = User.objects.select_related("unit__organisation").filter(username=username).first()
    if user is None or not user.has_role(Role.SECURITY_OFFICER):
        raise CommandError(f"{username!r} är inte informationssäkerhetsansvarig.")
    return user


class Command(BaseCommand):
    help = "Logggranskning: stående rapporter som CSV, och koppling av handläggares egna personposter."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="åtgärder")
        report = sub.add_parser("report", help="en stående rapport (eller alla) som CSV eller sammanfattning")
        report.add_argument("--by", required=True, help="den informationssäkerhetsansvariges användarnamn")
        report.add_argument("--kind", choices=[k.value for k in FindingKind], help="rapporten (standard: alla)")
        report.add_argument("--start", type=_date, help="första dag (standard: 30 dagar bakåt)")
        report.add_argument("--end", type=_date, help="sista dag (standard: i dag)")
        report.add_argument("--summary", action="store_true", help="skriv bara antal fynd per rapport")
        link = sub.add_parser("link-official", help="koppla en handläggare till sin egen personpost")
        link.add_argument("--by", required=True, help="den informationssäkerhetsansvariges användarnamn")
        link.add_argument("--official", required=True, help="handläggarens användarnamn")
        link.add_argument("--person", required=True, help="handläggarens person- eller samordningsnummer")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "report":
            self._report(options)
        else:
            self._link(options)

    def _report(self, options: dict[str, Any]) -> None:
        officer = _officer(options["by"])
        organisation = cast(Organisation, officer.organisation)  # a security officer's role belongs to a unit
        default = selectors.default_period(today())
        period = selectors.Period(options["start"] or default.start, options["end"] or default.end)
        if period.end < period.start:
            raise CommandError("Slutdagen ligger före startdagen.")
        kinds = [FindingKind(options["kind"])] if options["kind"] else list(FindingKind)
        found = {kind: selectors.findings(organisation, period, kind) for kind in kinds}
        if options["summary"]:
            for kind, items in found.items():
                unreviewed = sum(1 for f in items if not f.reviewed)
                self.stdout.write(f"{kind.label}: {len(items)} fynd, {unreviewed} ogranskade")
            return
        services.logreview_access_record(
            officer=officer,
            action="exported",
            filters={"report": ",".join(k.value for k in kinds), "start": str(period.start), "end": str(period.end)},
        )
        sys.stdout.write(exports.findings_csv([f for items in found.values() for f in items]))

    def _link(self, options: dict[str, Any]) -> None:
        officer = _officer(options["by"])
        official = User.objects.filter(username=options["official"]).first()
        if official is None:
            raise CommandError(f"Ingen handläggare heter {options['official']!r}.")
        try:
            number = normalize_identity_number(options["person"], on=clock.today())
        except InvalidIdentityNumber as exc:
            raise CommandError(exc.message) from exc
        try:
            services.official_person_link_by_number(linked_by=officer, official=official, identity_number=number)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{official.get_full_name()} är kopplad till sin personpost.")
