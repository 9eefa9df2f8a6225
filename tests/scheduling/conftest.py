"""Helpers for scheduler tests: a settable clock, cheap real jobs, and the communication fixtures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from samverkan.scheduling.jobs import STOCKHOLM, CatchUp, Daily, Job, Monthly
from tests.messaging.conftest import patient, send_question  # noqa: F401  (fixtures reused here)
from tests.reclaims.conftest import dates  # noqa: F401


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """``day`` at ``hour:minute`` Stockholm time, as a UTC instant."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM).astimezone(dt.UTC)


def cheap_job(
    name: str = "cheap", *, schedule: Daily | Monthly | None = None, catch_up: CatchUp = CatchUp.LATEST
) -> Job:
    """A real command that needs no data: ``notices status``."""
    return Job(
        name=name,
        description="Billigt testjobb.",
        schedule=schedule or Daily(dt.time(2, 0)),
        arguments=lambda day: ["notices", "status"],
        catch_up=catch_up,
    )


def broken_job(name: str = "broken") -> Job:
    """A real command that refuses its arguments (``--chunk-size 0``): it always fails."""
    return Job(
        name=name,
        description="Testjobb som alltid misslyckas.",
        schedule=Daily(dt.time(1, 0)),
        arguments=lambda day: ["reclaims", "detect", "--date", day.isoformat(), "--chunk-size", "0", "--no-progress"],
    )


@pytest.fixture
def set_now() -> Callable[[dt.datetime], None]:
    """Moves the pinned clock (``samverkan.core.clock``, Django's ``timezone.now`` with it) and stops it there."""
    from samverkan.core import clock

    def set_to(moment: dt.datetime) -> None:
        clock.move_to(moment, ticking=False)

    return set_to


@pytest.fixture
def job_table(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Replace the job table the commands use."""

    def use(*jobs: Job) -> None:
        monkeypatch.setattr("samverkan.scheduling.jobs.JOBS", tuple(jobs))

    return use


@pytest.fixture
def noop(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """``call_command`` replaced by a recorder (for the jobs whose real run is too slow for a unit test)."""
    calls: list[Any] = []
    monkeypatch.setattr("samverkan.scheduling.services.call_command", lambda *args, **kwargs: calls.append(args))
    return calls
