"""The monthly control run: over every aktuellt ärende, idempotent, resumable after a kill."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from samverkan.accounts.models import Organisation
from samverkan.assistance import runs
from samverkan.assistance.models import ControlResult, ControlRun, ControlRunCase
from samverkan.cases.models import Case
from tests.assistance.conftest import keep_active_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_cases(sorby: Organisation) -> list[Case]:
    """Keep three aktuella ärenden om bistånd (the others closed inside the test's transaction)."""
    return keep_active_cases(sorby, 3)


def _execute(run: ControlRun, sources: dict[str, Any]) -> ControlRun:
    return runs.control_run_execute(run=run, source_overrides=sources)


def test_a_second_run_changes_nothing(
    sorby: Organisation, three_cases: list[Case], month: dt.date, sources: Callable[..., Any]
) -> None:
    first, resumed = runs.control_run_start(organisation=sorby, month=month)
    assert not resumed
    first = _execute(first, sources())
    assert first.status == ControlRun.Status.COMPLETED
    assert first.created_count > 0 and first.changed_count == first.unchanged_count == 0
    stored = {r.pk: (r.result, r.explanation, r.updated_at) for r in ControlResult.objects.filter(month=month)}
    assert set(ControlResult.objects.filter(month=month).values_list("case_id", flat=True)) == {
        c.pk for c in three_cases
    }

    second, resumed = runs.control_run_start(organisation=sorby, month=month)
    assert not resumed and second.pk != first.pk
    second = _execute(second, sources())
    assert (second.created_count, second.changed_count, second.unchanged_count) == (0, 0, first.created_count)
    assert {r.pk: (r.result, r.explanation, r.updated_at) for r in ControlResult.objects.filter(month=month)} == stored


def test_a_killed_run_resumes_and_skips_the_cases_already_done(
    sorby: Organisation,
    three_cases: list[Case],
    month: dt.date,
    sources: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = runs.case_controls_compute
    computed: list[int] = []

    def dies_on_the_second_case(**kwargs: Any) -> Any:
        if len(computed) == 1:
            raise KeyboardInterrupt("killed")
        computed.append(kwargs["case"].pk)
        return real(**kwargs)

    monkeypatch.setattr(runs, "case_controls_compute", dies_on_the_second_case)
    run, _ = runs.control_run_start(organisation=sorby, month=month)
    with pytest.raises(KeyboardInterrupt):
        _execute(run, sources())
    run.refresh_from_db()
    assert run.status == ControlRun.Status.FAILED
    assert list(ControlRunCase.objects.filter(run=run).values_list("case_id", flat=True)) == computed
    assert set(ControlResult.objects.filter(month=month).values_list("case_id", flat=True)) == set(computed)

    def counts_cases(**kwargs: Any) -> Any:
        computed.append(kwargs["case"].pk)
        return real(**kwargs)

    monkeypatch.setattr(runs, "case_controls_compute", counts_cases)
    resumed, was_resumed = runs.control_run_start(organisation=sorby, month=month)
    assert was_resumed and resumed.pk == run.pk
    resumed = _execute(resumed, sources())
    assert resumed.status == ControlRun.Status.COMPLETED
    assert sorted(computed) == sorted(c.pk for c in three_cases)  # each case computed exactly once
    assert ControlRunCase.objects.filter(run=run).count() == 3
    assert resumed.created_count == ControlResult.objects.filter(month=month).count()


def test_a_run_left_running_by_a_kill_is_resumed(
    sorby: Organisation, three_cases: list[Case], month: dt.date, sources: Callable[..., Any]
) -> None:
    run, _ = runs.control_run_start(organisation=sorby, month=month)  # the process died before doing anything
    again, resumed = runs.control_run_start(organisation=sorby, month=month)
    assert resumed and again.pk == run.pk
    assert _execute(again, sources()).status == ControlRun.Status.COMPLETED


def test_command_prints_a_progress_bar_and_counts(
    sorby: Organisation, three_cases: list[Case], month: dt.date, settings: Any
) -> None:
    settings.SAMVERKAN_SOURCES = {a: {"latency": 0.0} for a in ("fk", "pm", "af", "unemployment_fund")}
    out, err = StringIO(), StringIO()
    call_command("controls", "run", "--month", f"{month:%Y-%m}", "--organisation", sorby.code, stdout=out, stderr=err)
    assert "3 ärenden" in out.getvalue()
    assert "3/3" in err.getvalue() and "ärende" in err.getvalue()  # the progress bar, on standard error
    assert "nya" in out.getvalue() and "oförändrade" in out.getvalue()
    out2 = StringIO()
    call_command(
        "controls", "run", "--month", f"{month:%Y-%m}", "--organisation", sorby.code, "--no-progress", stdout=out2
    )
    assert "0 nya, 0 ändrade" in out2.getvalue()


def test_command_refuses_a_malformed_month_in_swedish() -> None:
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM"):
        call_command("controls", "run", "--month", "november")


def test_a_month_that_has_not_begun_cannot_be_run(sorby: Organisation, month: dt.date) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="har inte börjat"):
        runs.control_run_start(organisation=sorby, month=(month + dt.timedelta(days=40)).replace(day=1))
