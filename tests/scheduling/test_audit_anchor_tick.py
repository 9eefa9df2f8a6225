"""The audit log is anchored on every scheduler tick (``run-due``, ``loop``), and a failed anchoring fails the call."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.models import AuditEntry
from samverkan.scheduling import services
from samverkan.scheduling.models import ScheduledRun
from tests.disclosures import tampering as dba
from tests.scheduling.conftest import at, cheap_job

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def anchor_file(settings: Any, tmp_path: Path, world: None) -> Path:
    path = tmp_path / "audit-anchors.jsonl"
    settings.SAMVERKAN_AUDIT_ANCHOR_PATH = str(path)
    return path


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _run_due() -> str:
    out = StringIO()
    call_command("schedule", "run-due", stdout=out)
    return out.getvalue()


def test_every_run_due_anchors_a_moved_head_and_is_silent_otherwise(
    anchor_file: Path, job_table: Any, set_now: Any
) -> None:
    job_table()  # no job due: the tick runs all the same
    set_now(at(DAY, 10, 0))

    first = _run_due()
    assert "Inget jobb står på tur." in first
    assert "audit-anchor: Förankrade loggen vid nr" in first
    assert len(_lines(anchor_file)) == 1

    assert _run_due().strip() == "Inget jobb står på tur."  # nothing new: no line, no output
    assert len(_lines(anchor_file)) == 1

    audit_append(event="read.cross_org", actor=None, organisation=None, purpose="ny post")
    set_now(at(DAY, 10, 5))
    assert "audit-anchor: Förankrade" in _run_due()
    assert len(_lines(anchor_file)) == 2
    assert ScheduledRun.objects.filter(job="audit-anchor").count() == 0  # ticks are not recorded as runs


def test_a_failed_anchoring_fails_run_due_after_the_jobs_have_run(
    anchor_file: Path, job_table: Any, set_now: Any
) -> None:
    job_table(cheap_job())
    set_now(at(DAY, 1, 0))
    _run_due()
    newest = AuditEntry.objects.order_by("-sequence").first()
    assert newest is not None
    dba.lift_guards()
    dba.sql(f"DELETE FROM {dba.ENTRIES} WHERE id = %s", [newest.pk])
    dba.set_head_to_newest()
    set_now(at(DAY, 3, 0))
    out = StringIO()

    with pytest.raises(CommandError, match="Misslyckades vid varje kontroll: audit-anchor") as raised:
        call_command("schedule", "run-due", stdout=out)

    assert raised.value.returncode == 1
    assert "cheap (2026-11-23): klar" in out.getvalue()
    assert "audit-anchor: misslyckades" in out.getvalue() and "Förankrar inte" in out.getvalue()
    assert len(_lines(anchor_file)) == 1


def test_the_loop_anchors_on_each_turn(anchor_file: Path, job_table: Any, set_now: Any) -> None:
    job_table()
    set_now(at(DAY, 10, 0))
    out = StringIO()
    call_command("schedule", "loop", "--interval", "1", "--iterations", "1", stdout=out)
    assert "audit-anchor: Förankrade" in out.getvalue()
    assert len(_lines(anchor_file)) == 1


def test_without_an_anchor_file_the_tick_does_nothing(world: None) -> None:
    [outcome] = services.run_ticks()
    assert outcome.ok and outcome.output == ""


def test_schedule_list_names_the_tick(world: None) -> None:
    out = StringIO()
    call_command("schedule", "list", stdout=out)
    assert "audit-anchor: Granskningsloggen" in out.getvalue()
    assert "vid varje kontroll" in out.getvalue()
    assert "audit-verify: Granskningsloggen" in out.getvalue()
