"""Each job runs its command: real runs for the nightly detection, reminders and notices; for every
job the arguments are checked against the command's own parser, so a renamed flag fails here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import get_commands, load_command_class

from samverkan.core.clock import today
from samverkan.messaging.models import AnswerReminder, Escalation
from samverkan.people.models import Person
from samverkan.reclaims.models import Reclaim
from samverkan.scheduling import services
from samverkan.scheduling.jobs import JOBS, TICKS, job_named
from tests.messaging.conftest import patients_at
from tests.reclaims.conftest import decide, new_case, pay
from tests.scheduling.conftest import at

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 5)  # every job is due on this day, the monthly one included


def _parse(arguments: list[str]) -> Any:
    name, rest = arguments[0], arguments[1:]
    command = load_command_class(get_commands()[name], name)
    return command.create_parser("samverkan", name).parse_args(rest)


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_every_job_passes_arguments_its_command_accepts(job: Any) -> None:
    options = _parse(job.arguments(DUE))
    if hasattr(options, "no_progress"):
        assert options.no_progress is True  # progress bars off wherever the command can turn them off
    assert not getattr(options, "enqueue", False)  # run here, so that the outcome is recorded


@pytest.mark.parametrize("tick", TICKS, ids=lambda tick: tick.name)
def test_every_tick_passes_arguments_its_command_accepts(tick: Any) -> None:
    options = _parse(list(tick.arguments))
    assert getattr(options, "no_progress", True) is True


def test_the_jobs_run_as_of_their_due_date_and_controls_take_the_previous_month(world: None, noop: list[Any]) -> None:
    made = services.run_due(moment=at(DUE, 23, 0))

    assert [run.job for run in made] == [job.name for job in JOBS]
    assert all(run.status == "ok" for run in made)
    assert noop == [
        ("reclaims", "detect", "--date", "2026-11-05", "--no-progress"),
        ("notices", "deliver", "--no-progress"),
        ("messaging", "remind", "--date", "2026-11-05", "--no-progress"),
        ("rehab", "remind", "--on", "2026-11-05", "--no-progress"),
        ("controls", "run", "--month", "2026-10", "--no-progress"),
        ("documents", "purge", "--date", "2026-11-05", "--no-progress"),
        ("audit", "verify", "--no-progress"),
    ]
    assert _parse(list(noop[-3])).month == "2026-10"


def test_reclaims_detect_job_drafts_the_reclaim(world: None, dates: dict[str, dt.date]) -> None:
    case = new_case(partner=True)
    partner = case.members.get(relation="partner").person
    pay(case, dates["m1"], "8000.00", person=partner)
    decision = decide(
        partner,
        start=dates["m1"],
        end=dates["end"],
        amount="12000.00",
        decided=dates["decided"],
        payout=dates["payout"],
    )

    [run] = services.run_due(moment=at(today(), 23, 0), jobs=(job_named("reclaims-detect"),))

    assert run.status == "ok", run.error
    assert Reclaim.objects.filter(case=case, decision=decision).exists()
    assert "nya utkast" in run.output and "Klart." in run.output


def test_messaging_remind_job_reminds_and_escalates(world: None, patient: Person, send_question: Any) -> None:
    due = send_question(patient, days_ago=5)
    overdue = send_question(
        patients_at("vc-angen")[0], days_ago=14, topic="other", record_consent=False, secrecy_reviewed=True
    )

    [run] = services.run_due(moment=at(today(), 23, 0), jobs=(job_named("messaging-remind"),))

    assert run.status == "ok", run.error
    assert AnswerReminder.objects.filter(question=due).exists()
    assert Escalation.objects.filter(question=overdue).exists()
    assert "Påminnelser skickade:" in run.output and "Eskalerade till enhetschef:" in run.output


def test_rehab_and_notices_jobs_run_and_their_progress_bars_stay_out_of_the_record(world: None) -> None:
    made = services.run_due(moment=at(today(), 23, 0), jobs=(job_named("rehab-remind"), job_named("notices-deliver")))

    assert [(run.job, run.status) for run in made] == [("rehab-remind", "ok"), ("notices-deliver", "ok")]
    rehab, notices = made
    assert "påminnelser skapade" in rehab.output
    assert "väntar fortfarande" in notices.output
    assert all("%|" not in run.output + run.error for run in made)
