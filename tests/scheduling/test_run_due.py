"""run-due: each due date runs once, failures are recorded without stopping the others, catch-up."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samverkan.scheduling import services
from samverkan.scheduling.jobs import CatchUp, Daily, Monthly
from samverkan.scheduling.models import ScheduledRun
from tests.scheduling.conftest import at, broken_job, cheap_job

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 23)


def _runs(job: str) -> list[tuple[dt.date | None, str]]:
    return list(ScheduledRun.objects.filter(job=job).order_by("due_date", "pk").values_list("due_date", "status"))


def test_a_job_runs_when_its_time_has_come_and_records_the_run() -> None:
    job = cheap_job()
    ScheduledRun.objects.create(job="cheap", due_date=DAY - dt.timedelta(days=1), as_of=DAY, started_at=at(DAY, 0))

    assert services.run_due(moment=at(DAY, 1, 59), jobs=(job,)) == []

    [run] = services.run_due(moment=at(DAY, 2, 0), jobs=(job,))
    run.refresh_from_db()
    assert (run.due_date, run.as_of, run.status, run.trigger) == (DAY, DAY, "ok", "scheduled")
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert "Väntar på leverans:" in run.output  # what notices status printed
    assert run.error == ""


def test_a_second_run_due_the_same_day_does_nothing(set_now: Any, job_table: Any) -> None:
    job_table(cheap_job("a"), cheap_job("b", schedule=Daily(dt.time(6, 0))))
    set_now(at(DAY, 7, 0))
    first = StringIO()
    call_command("schedule", "run-due", stdout=first)
    assert "a (2026-11-23): klar" in first.getvalue() and "b (2026-11-23): klar" in first.getvalue()

    set_now(at(DAY, 23, 59))
    again = StringIO()
    call_command("schedule", "run-due", stdout=again)

    assert again.getvalue().strip() == "Inget jobb står på tur."
    assert _runs("a") == [(DAY, "ok")] and _runs("b") == [(DAY, "ok")]


def test_a_second_scheduler_starting_during_a_run_does_not_run_it_again(monkeypatch: pytest.MonkeyPatch) -> None:
    job = cheap_job()
    nested: list[list[ScheduledRun]] = []

    def command_that_starts_another_scheduler(*args: Any, **kwargs: Any) -> None:
        nested.append(services.run_due(moment=at(DAY, 3, 0), jobs=(job,)))

    monkeypatch.setattr("samverkan.scheduling.services.call_command", command_that_starts_another_scheduler)

    made = services.run_due(moment=at(DAY, 3, 0), jobs=(job,))

    assert len(made) == 1 and nested == [[]]
    assert _runs("cheap") == [(DAY, "ok")]


def test_a_failing_job_is_recorded_as_failed_and_the_others_still_run(set_now: Any, job_table: Any) -> None:
    job_table(broken_job(), cheap_job("after"))
    set_now(at(DAY, 7, 0))
    out = StringIO()

    with pytest.raises(CommandError, match="1 av 2 jobb misslyckades: broken") as raised:
        call_command("schedule", "run-due", stdout=out)

    assert raised.value.returncode == 1
    broken = ScheduledRun.objects.get(job="broken")
    assert broken.status == "failed" and broken.finished_at is not None
    assert "--chunk-size måste vara minst 1" in broken.error
    assert _runs("after") == [(DAY, "ok")]
    assert "broken (2026-11-23): misslyckades" in out.getvalue()
    # A failed due date ran once; it is not retried by the next run-due the same day.
    assert services.run_due(moment=at(DAY, 8, 0), jobs=(broken_job(),)) == []


def test_an_interrupted_run_is_recorded_as_failed_and_the_interrupt_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        kwargs["stdout"].write("halvvägs\n")
        raise KeyboardInterrupt

    monkeypatch.setattr("samverkan.scheduling.services.call_command", interrupted)

    with pytest.raises(KeyboardInterrupt):
        services.run_due(moment=at(DAY, 3, 0), jobs=(cheap_job(),))

    run = ScheduledRun.objects.get(job="cheap")
    assert run.status == "failed" and run.finished_at is not None
    assert "avbröts" in run.error and run.output == "halvvägs"


def test_a_daily_job_catches_up_once_for_the_latest_missed_day() -> None:
    job = cheap_job()
    ScheduledRun.objects.create(
        job="cheap", due_date=DAY - dt.timedelta(days=4), as_of=DAY - dt.timedelta(days=4), started_at=at(DAY, 0)
    )

    made = services.run_due(moment=at(DAY, 9, 0), jobs=(job,))

    assert [run.due_date for run in made] == [DAY]
    assert _runs("cheap") == [(DAY - dt.timedelta(days=4), "running"), (DAY, "ok")]


def test_a_monthly_job_that_needs_every_month_catches_up_each_missed_month_in_order() -> None:
    job = cheap_job("monthly", schedule=Monthly(5, dt.time(3, 0)), catch_up=CatchUp.EACH)
    ScheduledRun.objects.create(job="monthly", due_date=dt.date(2026, 7, 5), as_of=DAY, started_at=at(DAY, 0))

    made = services.run_due(moment=at(DAY, 9, 0), jobs=(job,))

    assert [run.due_date for run in made] == [dt.date(2026, m, 5) for m in (8, 9, 10, 11)]
    assert services.run_due(moment=at(DAY, 10, 0), jobs=(job,)) == []


def test_catch_up_is_capped_and_a_new_installation_does_not_replay_the_past() -> None:
    job = cheap_job("monthly", schedule=Monthly(5, dt.time(3, 0)), catch_up=CatchUp.EACH)
    fresh = services.run_due(moment=at(DAY, 9, 0), jobs=(job,))
    assert [run.due_date for run in fresh] == [dt.date(2026, 11, 5)]

    other = cheap_job("old", schedule=Monthly(5, dt.time(3, 0)), catch_up=CatchUp.EACH)
    ScheduledRun.objects.create(job="old", due_date=dt.date(2024, 1, 5), as_of=DAY, started_at=at(DAY, 0))
    made = services.run_due(moment=at(DAY, 9, 0), jobs=(other,))
    assert len(made) == 12
    assert made[0].due_date == dt.date(2025, 12, 5) and made[-1].due_date == dt.date(2026, 11, 5)


def test_a_manual_run_is_recorded_and_does_not_take_the_due_date(set_now: Any, job_table: Any) -> None:
    job_table(cheap_job())
    set_now(at(DAY, 1, 0))
    out = StringIO()
    call_command("schedule", "run", "cheap", stdout=out)
    call_command("schedule", "run", "cheap", "--date", "2026-11-01", stdout=out)

    manual = list(ScheduledRun.objects.filter(job="cheap").order_by("pk"))
    assert [(r.trigger, r.due_date, r.as_of, r.status) for r in manual] == [
        ("manual", None, DAY, "ok"),
        ("manual", None, dt.date(2026, 11, 1), "ok"),
    ]
    assert "cheap (2026-11-23): klar" in out.getvalue()
    # The scheduled run of the day still happens.
    assert [r.due_date for r in services.run_due(moment=at(DAY, 2, 0))] == [DAY]


def test_run_of_an_unknown_job_is_refused() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("schedule", "run", "no-such-job")


def test_loop_checks_and_runs_what_is_due(set_now: Any, job_table: Any) -> None:
    job_table(cheap_job())
    set_now(at(DAY, 4, 0))
    out = StringIO()

    call_command("schedule", "loop", "--interval", "1", "--iterations", "1", stdout=out)

    assert "var 1:e sekund" in out.getvalue()
    assert "cheap (2026-11-23): klar" in out.getvalue()
    assert _runs("cheap") == [(DAY, "ok")]
