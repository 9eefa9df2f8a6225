"""The monthly control run runs in one process at a time and never asks the gate twice (issue 15).

- Two ``controls run --month …`` started together: the second used to "resume" the first and die
  with a raw ``IntegrityError``; it now stops at once with a Swedish message and exit code 1.
- ``kill -9`` between a case's lookup and its results, then a rerun: the case's gate requests and
  their audit entries used to be made twice; the rerun now reuses the requests already made for
  (run, case, person, agency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation
from samverkan.assistance import runs
from samverkan.assistance.models import ControlResult, ControlRun, ControlRunCase, ControlRunDisclosure
from samverkan.cases.models import Case
from samverkan.cli import main
from samverkan.core import leases
from samverkan.core.models import Lease
from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from tests.assistance.conftest import keep_active_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(sorby: Organisation) -> list[Case]:
    """Keep two aktuella ärenden om bistånd (the others closed inside the test's transaction)."""
    return keep_active_cases(sorby, 2)


@pytest.fixture
def keep_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run from the command line closes the connections at the end; the test's transaction must stay."""
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def _gate_requests(case: Case) -> int:
    return DisclosureRequest.objects.filter(case=case).count()


def _gate_audit(case: Case) -> int:
    return AuditEntry.objects.filter(event__startswith="disclosure.", extra__case_id=case.pk).count()


def test_a_second_run_of_the_same_month_stops_at_once_with_a_swedish_message(
    sorby: Organisation,
    two_cases: list[Case],
    month: dt.date,
    capsys: pytest.CaptureFixture[str],
    keep_connection: None,
) -> None:
    # The first process holds the month's lease and has started its run.
    first = leases.acquire(runs.lease_name(sorby, month), timeout=runs.LEASE_TIMEOUT)
    run, _ = runs.control_run_start(organisation=sorby, month=month, lease=first)
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count(), ControlRunCase.objects.count())

    with pytest.raises(SystemExit) as exit_info:
        main(["controls", "run", "--month", f"{month:%Y-%m}", "--organisation", sorby.code, "--no-progress"])

    assert exit_info.value.code not in (0, None)
    err = capsys.readouterr().err
    assert "pågår redan" in err and "Vänta tills den är klar" in err
    assert "Traceback" not in err and "IntegrityError" not in err
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count(), ControlRunCase.objects.count()) == before
    run.refresh_from_db()
    assert run.status == ControlRun.Status.RUNNING and run.error == ""
    assert Lease.objects.get(name=runs.lease_name(sorby, month)).owner == first.owner  # still the first one's

    # Nor can the run be "resumed" by a direct call while the first process holds it.
    with pytest.raises(runs.RunInProgress, match="pågår redan"):
        runs.control_run_start(organisation=sorby, month=month)


def test_a_run_whose_holder_stopped_renewing_its_lease_can_be_taken_over_after_the_timeout(
    sorby: Organisation, month: dt.date, move_clock: Callable[..., None]
) -> None:
    from samverkan.core.clock import now

    leases.acquire(runs.lease_name(sorby, month), timeout=runs.LEASE_TIMEOUT, owner="another-host:4242:abc")
    with pytest.raises(ValidationError, match="pågår redan"), runs.control_run_lease(organisation=sorby, month=month):
        pass
    move_clock(now() + runs.LEASE_TIMEOUT + dt.timedelta(seconds=5))
    with runs.control_run_lease(organisation=sorby, month=month) as lease:
        assert Lease.objects.get(name=runs.lease_name(sorby, month)).owner == lease.owner
    assert not Lease.objects.filter(name=runs.lease_name(sorby, month)).exists()  # released at the end


def test_a_lease_left_by_a_killed_process_on_this_machine_is_taken_over_at_once(
    sorby: Organisation, month: dt.date
) -> None:
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_owner = f"{socket.gethostname()}:{int(gone.stdout)}:deadbeef"
    leases.acquire(runs.lease_name(sorby, month), timeout=runs.LEASE_TIMEOUT, owner=dead_owner)
    with runs.control_run_lease(organisation=sorby, month=month) as lease:
        assert lease.owner != dead_owner


def test_a_lease_taken_over_stops_the_slow_holder_without_marking_the_run_failed(
    sorby: Organisation, two_cases: list[Case], month: dt.date, sources: Callable[..., Any]
) -> None:
    held = leases.acquire(runs.lease_name(sorby, month), timeout=runs.LEASE_TIMEOUT)
    run, _ = runs.control_run_start(organisation=sorby, month=month, lease=held)
    Lease.objects.filter(name=held.name).update(owner="another-host:4242:abc")  # someone took it over
    with pytest.raises(leases.LeaseLost):
        runs.control_run_execute(run=run, lease=held, source_overrides=sources())
    run.refresh_from_db()
    assert run.status == ControlRun.Status.RUNNING and run.error == ""


def test_a_rerun_after_a_crash_reuses_the_gate_requests_already_made_for_the_case(
    sorby: Organisation,
    two_cases: list[Case],
    month: dt.date,
    sources: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crashed_case = two_cases[0]
    real_done = runs._case_done

    def killed_after_the_lookup(run: ControlRun, case: Case, counts: Any) -> None:
        raise KeyboardInterrupt("kill -9")  # inside the case's transaction: its results are lost

    monkeypatch.setattr(runs, "_case_done", killed_after_the_lookup)
    earlier = _gate_requests(crashed_case)  # the demo world's own requests
    run, _ = runs.control_run_start(organisation=sorby, month=month)
    with pytest.raises(KeyboardInterrupt):
        runs.control_run_execute(run=run, source_overrides=sources())
    asked = _gate_requests(crashed_case)
    logged = _gate_audit(crashed_case)
    assert asked > earlier  # the lookup had asked the gate before the crash
    assert not ControlResult.objects.filter(case=crashed_case, month=month).exists()
    assert ControlRunDisclosure.objects.filter(run=run, case=crashed_case).count() == asked - earlier

    monkeypatch.setattr(runs, "_case_done", real_done)
    resumed, was_resumed = runs.control_run_start(organisation=sorby, month=month)
    assert was_resumed and resumed.pk == run.pk
    resumed = runs.control_run_execute(run=resumed, source_overrides=sources())

    assert resumed.status == ControlRun.Status.COMPLETED and resumed.error == ""
    assert _gate_requests(crashed_case) == asked  # reused, not asked again
    assert _gate_audit(crashed_case) == logged
    pairs = list(ControlRunDisclosure.objects.filter(run=run).values_list("case", "person", "discloser"))
    assert len(pairs) == len(set(pairs))
    assert ControlRunCase.objects.filter(run=run).count() == len(two_cases)
    for case in two_cases:
        assert ControlResult.objects.filter(case=case, month=month).exists()
    result = ControlResult.objects.filter(case=crashed_case, month=month).first()
    assert result is not None and result.disclosure_request_id is not None
    assert DisclosureRequest.objects.filter(pk=result.disclosure_request_id, case=crashed_case).exists()


def test_with_skip_busy_a_socialnamnd_another_process_runs_is_passed_over(
    sorby: Organisation,
    two_cases: list[Case],
    month: dt.date,
    capsys: pytest.CaptureFixture[str],
    keep_connection: None,
) -> None:
    """Issue 19.2: several processes (``--workers N`` starts them) share the socialnämnder; each takes those no
    other process holds, so a busy one is passed over, not run twice and not an error."""
    held = leases.acquire(runs.lease_name(sorby, month), timeout=runs.LEASE_TIMEOUT)
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count(), ControlRunCase.objects.count())
    assert main(["controls", "run", "--month", f"{month:%Y-%m}", "--skip-busy", "--no-progress"]) == 0
    assert "körs av en annan process; hoppar över" in capsys.readouterr().out
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count(), ControlRunCase.objects.count()) == before
    held.release()
    with pytest.raises(SystemExit):
        main(["controls", "run", "--month", f"{month:%Y-%m}", "--workers", "0", "--no-progress"])
    assert "Ange mellan 1 och 16 processer." in capsys.readouterr().err
