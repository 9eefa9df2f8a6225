"""Running the job table: claim a due date, run the command, record the outcome.

A due date is claimed by inserting its :class:`ScheduledRun` (status ``running``) in its own
transaction before the command starts; the unique (job, due date) constraint turns a second
scheduler's insert into an ``IntegrityError``, and that scheduler skips the job. The command then
runs outside any transaction (each batch command commits per item itself) and the row is updated
with the outcome. A failing command is recorded as ``failed`` with its error, and the next job
runs. A failed or interrupted due date is not retried automatically (it ran once); the next due
date catches up, or ``samverkan schedule run JOB`` runs it now.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import IntegrityError, transaction

from samverkan.core import clock
from samverkan.scheduling import jobs as job_table
from samverkan.scheduling.jobs import CatchUp, Job, Tick, due_dates, latest_due
from samverkan.scheduling.models import ScheduledRun

logger = logging.getLogger(__name__)

#: The output summary and the error kept on a run are cut to this many characters.
TEXT_LIMIT = 4000

Log = Callable[[str], object]


def dates_to_run(job: Job, moment: dt.datetime) -> list[dt.date]:
    """The due dates of ``job`` that should run at ``moment`` and have no run yet."""
    latest = latest_due(job.schedule, moment)
    if latest is None:
        return []
    runs = ScheduledRun.objects.filter(job=job.name, trigger=ScheduledRun.Trigger.SCHEDULED)
    if job.catch_up is CatchUp.EACH:
        last = runs.filter(due_date__lte=latest).order_by("-due_date").values_list("due_date", flat=True).first()
        wanted = (
            [latest]
            if last is None
            else list(due_dates(job.schedule, after=last, upto=latest))[-job_table.CATCH_UP_LIMIT :]
        )
    else:
        wanted = [latest]
    done = set(runs.filter(due_date__in=wanted).values_list("due_date", flat=True))
    return [day for day in wanted if day not in done]


def _cut(text: str) -> str:
    text = text.strip()
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _claim(job: Job, due_date: dt.date) -> ScheduledRun | None:
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job.name,
                due_date=due_date,
                as_of=due_date,
                trigger=ScheduledRun.Trigger.SCHEDULED,
                started_at=clock.now(),
            )
    except IntegrityError:
        return None  # another scheduler has (or had) this due date


def _execute(job: Job, run: ScheduledRun) -> ScheduledRun:
    """Run the command and record the outcome on ``run``; only an interrupt propagates."""
    out, err = io.StringIO(), io.StringIO()
    progress = io.StringIO()  # progress bars written straight to sys.stderr are discarded
    try:
        with contextlib.redirect_stderr(progress):
            call_command(*job.arguments(run.as_of), stdout=out, stderr=err)
    except Exception as exc:  # one failing job never stops the others
        logger.warning("scheduled job %s (%s) failed", job.name, run.as_of, exc_info=True)
        run.status = ScheduledRun.Status.FAILED
        run.error = _cut("\n".join(part for part in (err.getvalue().strip(), f"{type(exc).__name__}: {exc}") if part))
    except BaseException:  # KeyboardInterrupt, SystemExit (SIGTERM): record it, then stop
        run.status = ScheduledRun.Status.FAILED
        run.error = _cut(err.getvalue() + "\nKörningen avbröts innan den var klar.")
        run.output = _cut(out.getvalue())
        run.finished_at = clock.now()
        run.save(update_fields=["status", "error", "output", "finished_at"])
        raise
    else:
        run.status = ScheduledRun.Status.OK
        run.error = _cut(err.getvalue())
    run.output = _cut(out.getvalue())
    run.finished_at = clock.now()
    run.save(update_fields=["status", "error", "output", "finished_at"])
    return run


def run_due(
    *, moment: dt.datetime | None = None, jobs: tuple[Job, ...] | None = None, log: Log | None = None
) -> list[ScheduledRun]:
    """Run every job whose due date has come and has no run yet, once; returns the runs made."""
    at = moment or clock.now()
    made = []
    for job in job_table.JOBS if jobs is None else jobs:
        for due_date in dates_to_run(job, at):
            run = _claim(job, due_date)
            if run is None:
                continue
            if log:
                log(f"{job.name} ({due_date:%Y-%m-%d}): startar – {job.command_line(due_date)}")
            made.append(_execute(job, run))
            if log:
                log(describe(run))
    return made


def run_job(job: Job, *, as_of: dt.date | None = None, log: Log | None = None) -> ScheduledRun:
    """Run ``job`` now (``schedule run JOB``), as of ``as_of`` (default today); recorded as manual."""
    day = as_of or clock.today()
    run = ScheduledRun.objects.create(
        job=job.name, due_date=None, as_of=day, trigger=ScheduledRun.Trigger.MANUAL, started_at=clock.now()
    )
    if log:
        log(f"{job.name} (per {day:%Y-%m-%d}): startar – {job.command_line(day)}")
    _execute(job, run)
    if log:
        log(describe(run))
    return run


@dataclass(frozen=True)
class TickOutcome:
    tick: str
    ok: bool
    output: str
    error: str = ""


def run_ticks(*, ticks: tuple[Tick, ...] | None = None, log: Log | None = None) -> list[TickOutcome]:
    """Run every tick (``jobs.TICKS``) once, quietly (verbosity 0); log what each said and any failure.

    Not recorded as runs (see :mod:`samverkan.scheduling.jobs`); a failure is logged at error level
    and returned, and never stops the next tick. Only an interrupt propagates.
    """
    outcomes = []
    for tick in job_table.TICKS if ticks is None else ticks:
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                call_command(*tick.arguments, verbosity=0, stdout=out, stderr=err)
        except Exception as exc:
            logger.error("scheduler tick %s failed: %s", tick.name, exc)
            error = _cut("\n".join(part for part in (err.getvalue().strip(), f"{type(exc).__name__}: {exc}") if part))
            outcome = TickOutcome(tick.name, False, _cut(out.getvalue()), error)
            if log:
                log(f"{tick.name}: misslyckades – {error.splitlines()[-1] if error else ''}")
        else:
            outcome = TickOutcome(tick.name, True, _cut(out.getvalue()))
            if log and outcome.output:
                log(f"{tick.name}: {outcome.output.splitlines()[0]}")
        outcomes.append(outcome)
    return outcomes


def describe(run: ScheduledRun) -> str:
    """One line for the terminal: job, day, status and the first line of output or error."""
    day = run.due_date or run.as_of
    text = run.error if run.status == ScheduledRun.Status.FAILED else run.output
    first = text.strip().splitlines()[0] if text.strip() else ""
    line = f"{run.job} ({day:%Y-%m-%d}): {run.get_status_display().lower()}"
    if run.duration is not None:
        line += f" efter {run.duration:.0f} s"
    return f"{line} – {first}" if first else line
