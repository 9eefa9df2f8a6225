"""``samverkan controls run --month 2026-11 [--organisation CODE] [--user USERNAME]``.

Runs the month's controls for every aktuellt ärende om ekonomiskt bistånd of each socialnämnd
(or of the one named), with a progress bar on standard error. Idempotent (a second run reports
every result unchanged) and resumable (a killed run is picked up where it stopped, reusing the gate
requests it had made). One process per socialnämnd and month: a second run started while one is
running stops at once with a Swedish message and exit code 1 (``runs.control_run_lease``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from samverkan.accounts.models import Organisation, User
from samverkan.assistance import runs, selectors
from samverkan.core.leases import Held, LeaseLost
from samverkan.core.validation import CONTROL_MONTH
from samverkan.domain.dates import month_name
from samverkan.domain.organisations import OrganisationType

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(text: str) -> dt.date:
    match = _MONTH.match(text.strip())
    if not match:
        raise CommandError(f"--month ska skrivas ÅÅÅÅ-MM, t.ex. 2026-11, inte {text!r}.")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise CommandError(f"{text} är ingen månad.")
    first = dt.date(year, month, 1)
    if (problem := CONTROL_MONTH.problem(first)) is not None:
        raise CommandError(f"--month: {problem}")
    return first


#: At most this many processes (each holds its own database connection and runs one socialnämnd at a time).
MAX_WORKERS = 16


class Command(BaseCommand):
    help = "Kontroller för ekonomiskt bistånd: samverkan controls run --month ÅÅÅÅ-MM [--organisation KOD]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="kör månadens kontroller för alla aktuella ärenden om ekonomiskt bistånd")
        run.add_argument("--month", required=True, help="månaden, ÅÅÅÅ-MM")
        run.add_argument("--organisation", help="socialnämndens kod (standard: alla socialnämnder)")
        run.add_argument(
            "--user",
            help="handläggare som uppgifterna begärs i namn av (standard: ärendets ansvariga socialsekreterare)",
        )
        run.add_argument("--no-progress", action="store_true", help="ingen förloppsindikator")
        run.add_argument(
            "--workers",
            type=int,
            default=1,
            help="kör flera socialnämnder samtidigt i så många processer (varje nämnd körs av en process åt gången)",
        )
        run.add_argument(
            "--skip-busy",
            action="store_true",
            help="hoppa över en socialnämnd vars körning en annan process redan håller i (i stället för att avbryta)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        month = _month(options["month"])
        organisations = Organisation.objects.filter(org_type=OrganisationType.SOCIAL_SERVICES).order_by("code")
        if options.get("organisation"):
            organisations = organisations.filter(code=options["organisation"])
            if not organisations.exists():
                raise CommandError(f"Ingen socialnämnd med koden {options['organisation']!r}.")
        requester = None
        if options.get("user"):
            requester = User.objects.filter(username=options["user"]).first()
            if requester is None:
                raise CommandError(f"Ingen användare {options['user']!r}.")
        workers = options["workers"] if options.get("workers") is not None else 1
        if workers < 1 or workers > MAX_WORKERS:
            raise CommandError(f"Ange mellan 1 och {MAX_WORKERS} processer.")
        helpers = self._start_helpers(workers - 1, options)
        skip_busy = bool(options.get("skip_busy")) or workers > 1
        try:
            self._run_all(organisations, month, requester, options, skip_busy=skip_busy)
        finally:
            failed = [h.args for h in helpers if h.wait() != 0]
        if failed:
            raise CommandError(
                f"{len(failed)} av de extra processerna avslutades med fel; kör kommandot igen (det fortsätter)."
            )

    def _run_all(
        self, organisations: Any, month: dt.date, requester: User | None, options: dict[str, Any], *, skip_busy: bool
    ) -> None:
        for organisation in organisations:
            try:
                with runs.control_run_lease(organisation=organisation, month=month) as lease:
                    self._run(organisation, month, requester, lease, options)
            except runs.RunInProgress as exc:
                if not skip_busy:
                    raise CommandError(" ".join(exc.messages)) from exc
                self.stdout.write(f"{organisation.name}: körs av en annan process; hoppar över.")
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            except LeaseLost as exc:
                raise CommandError(
                    f"Kontrollkörningen för {month_name(month)} togs över av en annan process. Den fortsätter där."
                ) from exc

    def _start_helpers(self, count: int, options: dict[str, Any]) -> list[subprocess.Popen[bytes]]:
        """``count`` more processes that take the socialnämnder this one has not (each under its own lease)."""
        argv = [sys.executable, "-m", "samverkan", "controls", "run", "--month", options["month"], "--skip-busy"]
        argv += ["--no-progress"]
        for name in ("organisation", "user"):
            if options.get(name):
                argv += [f"--{name}", options[name]]
        return [subprocess.Popen(argv) for _ in range(count)]

    def _run(
        self, organisation: Organisation, month: dt.date, requester: User | None, lease: Held, options: dict[str, Any]
    ) -> None:
        """One socialnämnd's run, under its lease."""
        run, resumed = runs.control_run_start(organisation=organisation, month=month, started_by=requester, lease=lease)
        if resumed:
            self.stdout.write(
                f"{organisation.name}: fortsätter den avbrutna körningen för {month_name(month)} "
                f"({runs.run_progress(run).done} av {run.cases_total} ärenden klara)."
            )
        bar = tqdm(
            total=run.cases_total,
            desc=f"{organisation.code} {month:%Y-%m}",
            unit="ärende",
            disable=options["no_progress"],
            file=getattr(self.stderr, "_out", None),
        )

        def progress(done: int, total: int, bar: Any = bar) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            run = runs.control_run_execute(run=run, requester=requester, progress=progress, lease=lease)
        finally:
            bar.close()
        counts = selectors.result_counts(organisation=organisation, month=run.month)
        self.stdout.write(
            f"{organisation.name}, {month_name(month)}: {run.cases_total} ärenden; "
            f"{run.created_count} nya, {run.changed_count} ändrade, {run.unchanged_count} oförändrade resultat."
        )
        self.stdout.write(
            f"  Resultat: {counts['attention']} behöver bedömas, {counts['missing']} saknas, {counts['ok']} stämmer."
        )
