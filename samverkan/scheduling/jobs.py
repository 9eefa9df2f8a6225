"""The job table: which periodic command runs when, with which arguments, and how it catches up.

Every time is wall-clock time in Europe/Stockholm, whatever the server's own time zone. A job is
due once per *due date* (the calendar day its time falls on); :mod:`samverkan.scheduling.services`
records each due date in a :class:`~samverkan.scheduling.models.ScheduledRun` row whose unique
(job, due date) constraint makes it run once even if two schedulers start.

On the days clocks change, a time that does not exist (02:00–03:00 on the last Sunday of March)
is read with the offset before the change, so a 02:30 job runs at 03:30 that day; a time that
occurs twice (last Sunday of October) is its first occurrence. Either way the job runs once.

**Catch-up after downtime.** Each job says what a missed due date needs:

- ``LATEST``: run only the most recent due date. The daily jobs are cumulative: each run looks at
  everything still outstanding on its day (reclaims detect looks 31 days back at payouts, reminders
  and escalations are "due on or before", pending notices wait until delivered), so one run after
  three days' downtime does what three runs would have done.
- ``EACH``: run every missed due date, oldest first, at most :data:`CATCH_UP_LIMIT` of them. The
  monthly control run is per month, so a missed month must be controlled on its own. A job that
  has never run starts at its latest due date (a new installation does not replay the past).

**Ticks.** :data:`TICKS` are commands that run on *every* ``schedule run-due`` (and every turn of
``schedule loop``), not on a due date: production calls ``run-due`` every few minutes, so a tick
runs every few minutes. They are for cheap, idempotent work whose value is its frequency:
anchoring the audit chain outside the database (ADR 0007). A tick is not recorded as a
``ScheduledRun`` (a run is keyed by its due date, and a row every five minutes would swamp the
table); its output is logged, and a failure fails the ``run-due`` call (exit code 1). The daily
``audit-verify`` job then records the state of the log where the overview shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

#: At most this many missed due dates of an ``EACH`` job are run in one catch-up.
CATCH_UP_LIMIT = 12

#: How far back (days) to look for the latest due date: longer than any month.
_SEARCH_DAYS = 62


class CatchUp(StrEnum):
    LATEST = "latest"
    EACH = "each"

    @property
    def label(self) -> str:
        return {
            CatchUp.LATEST: "efter avbrott körs bara den senaste missade dagen",
            CatchUp.EACH: f"efter avbrott körs varje missad gång (högst {CATCH_UP_LIMIT})",
        }[self]


@dataclass(frozen=True)
class Daily:
    """Every day at ``at`` (Stockholm time)."""

    at: dt.time

    def occurs_on(self, day: dt.date) -> bool:
        return True

    @property
    def label(self) -> str:
        return f"varje dag kl. {self.at:%H:%M}"


@dataclass(frozen=True)
class Monthly:
    """On day ``day`` of every month at ``at`` (Stockholm time); days 1–28 so every month has one."""

    day: int
    at: dt.time

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 28:
            raise ValueError("En månadskörning ska ligga på dag 1–28 så att varje månad har den.")

    def occurs_on(self, day: dt.date) -> bool:
        return day.day == self.day

    @property
    def label(self) -> str:
        return f"den {self.day} varje månad kl. {self.at:%H:%M}"


Schedule = Daily | Monthly


def due_at(schedule: Schedule, day: dt.date) -> dt.datetime:
    """The moment the job is due on ``day``, in UTC (a wall-clock Stockholm time in a gap or a
    fold compares by wall time against another Stockholm time; a UTC instant compares correctly)."""
    return dt.datetime.combine(day, schedule.at, tzinfo=STOCKHOLM).astimezone(dt.UTC)


def _local_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        raise ValueError("Tidpunkten måste ha en tidszon.")
    return moment.astimezone(STOCKHOLM).date()


def latest_due(schedule: Schedule, moment: dt.datetime) -> dt.date | None:
    """The most recent due date whose time has come at ``moment`` (inclusive)."""
    day = _local_date(moment)
    moment = moment.astimezone(dt.UTC)
    for _ in range(_SEARCH_DAYS):
        if schedule.occurs_on(day) and due_at(schedule, day) <= moment:
            return day
        day -= dt.timedelta(days=1)
    return None


def next_due(schedule: Schedule, moment: dt.datetime) -> dt.datetime:
    """The first due moment strictly after ``moment`` (UTC)."""
    day = _local_date(moment)
    moment = moment.astimezone(dt.UTC)
    while True:
        if schedule.occurs_on(day) and due_at(schedule, day) > moment:
            return due_at(schedule, day)
        day += dt.timedelta(days=1)


def due_dates(schedule: Schedule, *, after: dt.date, upto: dt.date) -> Iterator[dt.date]:
    """Due dates strictly after ``after`` up to and including ``upto``, oldest first."""
    day = after + dt.timedelta(days=1)
    while day <= upto:
        if schedule.occurs_on(day):
            yield day
        day += dt.timedelta(days=1)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Job:
    """One periodic command: ``arguments(due_date)`` is what ``call_command`` receives."""

    name: str
    description: str
    schedule: Schedule
    arguments: Callable[[dt.date], list[str]]
    catch_up: CatchUp = CatchUp.LATEST

    def command_line(self, due_date: dt.date) -> str:
        return "samverkan " + " ".join(self.arguments(due_date))


#: The job table. Arguments are fixed except the due date, which each job runs "as of" (so a
#: catch-up run computes what that day would have); progress bars are off (``--no-progress``; the
#: runner also discards anything written straight to stderr).
JOBS: tuple[Job, ...] = (
    Job(
        name="reclaims-detect",
        description=(
            "Återsökning (107 kap. 5 § SFB): hittar retroaktiva beslut från Försäkringskassan och "
            "Pensionsmyndigheten som avser tid med utbetalt ekonomiskt bistånd och upprättar utkast."
        ),
        schedule=Daily(dt.time(2, 0)),
        arguments=lambda day: ["reclaims", "detect", "--date", day.isoformat(), "--no-progress"],
    ),
    Job(
        name="notices-deliver",
        description=(
            "Meddelanden på eget initiativ: levererar de meddelanden som fortfarande väntar "
            "(normalt levererar bakgrundsarbetaren dem direkt)."
        ),
        schedule=Daily(dt.time(5, 0)),
        arguments=lambda day: ["notices", "deliver", "--no-progress"],
    ),
    Job(
        name="messaging-remind",
        description=(
            "Administrativa frågor: påminner före sista svarsdag (svarstid högst 7 dagar) och eskalerar "
            "obesvarade frågor till enhetschefen efter den; påminner om försenade återkopplingar och om "
            "kontaktpersonens terminsmöten."
        ),
        schedule=Daily(dt.time(6, 0)),
        arguments=lambda day: ["messaging", "remind", "--date", day.isoformat(), "--no-progress"],
    ),
    Job(
        name="rehab-remind",
        description=(
            "Rehabiliteringssamordning: påminnelser inför uppföljningar av insatser inom en vecka, e-post utan "
            "personuppgifter före steg i rehabiliteringskedjan och före sista dag för arbetsgivarens plan."
        ),
        schedule=Daily(dt.time(6, 15)),
        arguments=lambda day: ["rehab", "remind", "--on", day.isoformat(), "--no-progress"],
    ),
    Job(
        name="controls-run",
        description=(
            "Ekonomiskt bistånd: månadens kontrollkörning för varje socialnämnd, för föregående "
            "(hela) månad, sedan myndigheterna hunnit rapportera månadens utbetalningar."
        ),
        schedule=Monthly(5, dt.time(3, 0)),
        arguments=lambda day: ["controls", "run", "--month", f"{previous_month(day):%Y-%m}", "--no-progress"],
        catch_up=CatchUp.EACH,
    ),
    Job(
        name="documents-purge",
        description=(
            "Utlämnade handlingar: gallrar filer som lämnats genom sekretessgrinden när gallringsdagen har "
            "kommit; raden och kontrollsumman finns kvar i loggen."
        ),
        schedule=Daily(dt.time(4, 30)),
        arguments=lambda day: ["documents", "purge", "--date", day.isoformat(), "--no-progress"],
    ),
    Job(
        name="audit-verify",
        description=(
            "Granskningsloggen: kontrollerar hela hashkedjan och att den stämmer med ankarpunkterna utanför "
            "databasen; en bruten kedja ger en misslyckad körning som namnger den första brutna posten."
        ),
        schedule=Daily(dt.time(4, 0)),
        arguments=lambda day: ["audit", "verify", "--no-progress"],
    ),
)


@dataclass(frozen=True)
class Tick:
    """A command run on every scheduler tick (``call_command(*arguments, verbosity=0)``; silent when idle)."""

    name: str
    description: str
    arguments: tuple[str, ...]

    @property
    def command_line(self) -> str:
        return "samverkan " + " ".join(self.arguments)


#: Run on every ``schedule run-due`` call, after the due jobs.
TICKS: tuple[Tick, ...] = (
    Tick(
        name="audit-anchor",
        description=(
            "Granskningsloggen: skriver kedjans senaste post (löpnummer, hash, tid) till ankarfilen utanför "
            "databasen, efter att ha kontrollerat posterna sedan förra ankaret, så att en omskriven, utbytt eller "
            "avkortad logg upptäcks."
        ),
        arguments=("audit", "anchor", "--no-progress"),
    ),
)


def job_named(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
