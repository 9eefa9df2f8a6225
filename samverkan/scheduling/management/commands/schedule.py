"""``samverkan schedule``: the periodic jobs (nightly detection, reminders, monthly controls).

- ``list``: every job, when it runs, when it is next due, its last run and that run's status;
- ``run-due``: run what is due now, once, then the ticks (anchoring the audit log; for cron or a
  systemd timer every few minutes; exits 1 if a job or a tick failed);
- ``loop --interval N``: check every N seconds until stopped (``make demo``);
- ``run JOB [--date ÅÅÅÅ-MM-DD]``: run one job now, recorded as a manual run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection

from samverkan.core import clock
from samverkan.core.validation import AS_OF
from samverkan.scheduling import jobs as job_table
from samverkan.scheduling import selectors, services
from samverkan.scheduling.jobs import STOCKHOLM
from samverkan.scheduling.models import ScheduledRun


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} är inget datum; skriv ÅÅÅÅ-MM-DD.") from None
    if (problem := AS_OF.problem(day)) is not None:
        raise CommandError(problem)
    return day


def _local(moment: dt.datetime) -> str:
    return f"{moment.astimezone(STOCKHOLM):%Y-%m-%d %H:%M}"


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(143)


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    """SIGTERM (systemd, ``kill``, ``make demo`` on exit) ends the process through SystemExit, so a
    job in progress is recorded as interrupted instead of being left ``running``."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Command(BaseCommand):
    help = (
        "Schemalagda körningar: list visar jobben, run-due kör det som står på tur (för cron), "
        "loop kontrollerar var N:e sekund, run JOBB kör ett jobb nu. Varje körning registreras; "
        "samma jobb körs en gång per förfallodag även om två schemaläggare är igång."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="åtgärder")
        sub.add_parser("list", help="jobben, nästa körning, senaste körning och dess status")
        sub.add_parser("run-due", help="kör de jobb som står på tur nu, en gång (för cron/systemd)")
        loop = sub.add_parser("loop", help="kontrollera var N:e sekund tills processen avslutas")
        loop.add_argument("--interval", type=int, default=60, help="sekunder mellan kontrollerna (standard 60)")
        loop.add_argument("--iterations", type=int, default=None, help="sluta efter så här många kontroller")
        run = sub.add_parser("run", help="kör ett jobb nu (registreras som manuell körning)")
        run.add_argument("job", choices=[job.name for job in job_table.JOBS], metavar="JOBB")
        run.add_argument("--date", type=_date, default=None, help="kör som om det vore denna dag (standard i dag)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        with _sigterm_stops():
            self._handle(action, options)

    def _handle(self, action: str, options: dict[str, Any]) -> None:
        if action == "list":
            self._list()
        elif action == "run-due":
            runs = services.run_due(log=self.stdout.write)
            if not runs:
                self.stdout.write("Inget jobb står på tur.")
            ticks = services.run_ticks(log=self.stdout.write)
            failed = [run for run in runs if run.status == ScheduledRun.Status.FAILED]
            failed_ticks = [tick.tick for tick in ticks if not tick.ok]
            if failed or failed_ticks:
                parts = []
                if failed:
                    parts.append(f"{len(failed)} av {len(runs)} jobb misslyckades: {', '.join(r.job for r in failed)}.")
                if failed_ticks:
                    parts.append(f"Misslyckades vid varje kontroll: {', '.join(failed_ticks)}.")
                raise CommandError(" ".join(parts), returncode=1)
        elif action == "loop":
            self._loop(options["interval"], options["iterations"])
        elif action == "run":
            run = services.run_job(job_table.job_named(options["job"]), as_of=options["date"], log=self.stdout.write)
            if run.status == ScheduledRun.Status.FAILED:
                raise CommandError(f"{run.job} misslyckades.", returncode=1)

    def _list(self) -> None:
        for row in selectors.job_overview():
            job = row.job
            self.stdout.write(f"{job.name}: {job.description}")
            self.stdout.write(f"  När:     {job.schedule.label} (Europe/Stockholm); {job.catch_up.label}")
            self.stdout.write(f"  Nästa:   {_local(row.next_due)}")
            run = row.last_run
            if run is None:
                self.stdout.write("  Senast:  har inte körts")
            else:
                day = f"förfallodag {run.due_date:%Y-%m-%d}" if run.due_date else f"manuell, per {run.as_of:%Y-%m-%d}"
                took = f" efter {run.duration:.0f} s" if run.duration is not None else ""
                self.stdout.write(
                    f"  Senast:  {_local(run.started_at)} ({day}): {run.get_status_display().lower()}{took}"
                )
            self.stdout.write("")
        for tick in job_table.TICKS:
            self.stdout.write(f"{tick.name}: {tick.description}")
            self.stdout.write("  När:     vid varje kontroll (schedule run-due, schedule loop); registreras inte")
            self.stdout.write("")

    def _loop(self, interval: int, iterations: int | None) -> None:
        if interval < 1:
            raise CommandError("--interval måste vara minst 1 sekund.")
        self.stdout.write(f"Schemaläggaren kontrollerar var {interval}:e sekund (Ctrl-C avslutar).")
        done = 0
        try:
            while iterations is None or done < iterations:
                if done:
                    time.sleep(interval)
                if not connection.in_atomic_block:  # like a request: drop a broken or expired connection
                    close_old_connections()
                try:
                    services.run_due(log=lambda line: self.stdout.write(f"{_local(clock.now())} {line}"))
                    services.run_ticks(log=lambda line: self.stdout.write(f"{_local(clock.now())} {line}"))
                except Exception as exc:  # a lost database connection must not end the loop
                    self.stderr.write(f"Kontrollen misslyckades: {type(exc).__name__}: {exc}")
                done += 1
        except (KeyboardInterrupt, SystemExit):
            self.stdout.write("Schemaläggaren avslutas.")
