"""The monthly control run over every aktuellt ärende om ekonomiskt bistånd of a socialnämnd.

Idempotent: results are upserted by (case, month, person, control, source) and a row is written only when
something in it changed, so a second run the same day reports every result as unchanged.

Resumable: the run is a :class:`ControlRun` row; each case finished is marked with a
:class:`ControlRunCase` in the same transaction as its results. A run that was killed is left
``running`` (or ``failed`` when it could record the error); starting the same month again picks it
up and skips the cases already done. Each case is its own transaction: a failure loses at most the
case in progress, and the gate requests made for that case are recorded with the run
(:class:`ControlRunDisclosure`) and reused when the run is resumed, never asked twice.

One process at a time: whoever runs a month holds its lease (:func:`control_run_lease`,
:mod:`samverkan.core.leases`). A second ``controls run`` for the same socialnämnd and month stops at
once with a Swedish message. The holder renews the lease after every case; a lease whose holder
was killed is free again at once when that process ran on the same machine, and otherwise
:data:`LEASE_TIMEOUT` after its last renewal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.controls import (
    UpsertCounts,
    case_controls_compute,
    controls_ask_gate,
    requester_for_case,
)
from samverkan.assistance.inputs import month_start
from samverkan.assistance.models import ControlRun, ControlRunCase
from samverkan.cases.models import Case
from samverkan.core import leases
from samverkan.core.clock import now, today
from samverkan.core.models import Lease
from samverkan.disclosures.audit import audit_append
from samverkan.domain.dates import month_name
from samverkan.domain.organisations import CaseType, OrganisationType


def run_cases(organisation: Organisation) -> QuerySet[Case]:
    """The cases a run covers: the organisation's aktuella ärenden om ekonomiskt bistånd."""
    return (
        Case.objects.filter(organisation=organisation, case_type=CaseType.ASSISTANCE, status=Case.Status.ACTIVE)
        .select_related("subject", "unit", "responsible__unit")
        .order_by("pk")
    )


#: A run's lease is free to take over this long after its holder last renewed it (after each case;
#: one case's lookup is bounded by the sources' time-outs, far below this). A holder killed on the
#: same machine frees it at once.
LEASE_TIMEOUT = dt.timedelta(minutes=10)


class RunInProgress(ValidationError):
    """Another process is running the month's controls for the socialnämnd."""


def lease_name(organisation: Organisation, month: dt.date) -> str:
    return f"assistance.control_run:{organisation.pk}:{month_start(month):%Y-%m}"


def _in_progress(organisation: Organisation, month: dt.date, holder: Lease) -> RunInProgress:
    started = timezone.localtime(holder.acquired_at)
    return RunInProgress(
        f"Kontrollkörningen för {month_name(month)} pågår redan för {organisation.name} "
        f"(startad {started:%Y-%m-%d %H:%M}). Vänta tills den är klar.",
        code="running",
    )


@contextmanager
def control_run_lease(*, organisation: Organisation, month: dt.date) -> Iterator[leases.Held]:
    """Hold the month's run for this process while the block runs; :class:`RunInProgress` at once if another holds it."""
    try:
        held = leases.acquire(lease_name(organisation, month), timeout=LEASE_TIMEOUT)
    except leases.LeaseHeld as exc:
        raise _in_progress(organisation, month_start(month), exc.lease) from exc
    try:
        yield held
    finally:
        held.release()


@transaction.atomic
def control_run_start(
    *,
    organisation: Organisation,
    month: dt.date,
    started_by: User | None = None,
    lease: leases.Held | None = None,
) -> tuple[ControlRun, bool]:
    """The run to execute for the month: an unfinished one (resumed, ``True``) or a new one.

    Refused (:class:`RunInProgress`) while another process holds the month's lease: its run is not
    "resumed" a second time. ``lease`` is this process's own (:func:`control_run_lease`).
    """
    if organisation.type is not OrganisationType.SOCIAL_SERVICES:
        raise ValidationError("Kontrollkörningar görs bara av en socialnämnd.")
    first = month_start(month)
    if first > today():
        raise ValidationError(
            {"month": f"{month_name(first).capitalize()} har inte börjat; kontrollerna kan inte göras än."}
        )
    holder = leases.live_holder(lease_name(organisation, first), timeout=LEASE_TIMEOUT)
    if holder is not None and (lease is None or holder.owner != lease.owner):
        raise _in_progress(organisation, first, holder)
    unfinished = (
        ControlRun.objects.select_for_update()
        .filter(organisation=organisation, month=first)
        .filter(Q(status=ControlRun.Status.RUNNING) | Q(status=ControlRun.Status.FAILED))
        .order_by("-started_at")
        .first()
    )
    if unfinished is not None:
        if unfinished.status == ControlRun.Status.FAILED:
            # Only one run of a month may be running (a partial unique constraint).
            ControlRun.objects.filter(organisation=organisation, month=first, status=ControlRun.Status.RUNNING).exclude(
                pk=unfinished.pk
            ).update(status=ControlRun.Status.FAILED)
            unfinished.status = ControlRun.Status.RUNNING
            unfinished.error = ""
            unfinished.save(update_fields=["status", "error"])
        return unfinished, True
    try:
        with transaction.atomic():
            run = ControlRun.objects.create(
                organisation=organisation,
                month=first,
                started_at=now(),
                started_by=started_by,
                cases_total=run_cases(organisation).count(),
            )
    except IntegrityError as exc:  # another process started the same month a moment ago
        raise ValidationError(f"En kontrollkörning för {month_name(first)} pågår redan.") from exc
    audit_append(
        event="assistance.control_run_started",
        actor=started_by,
        organisation=organisation,
        purpose="Månatlig kontroll av ekonomiskt bistånd",
        extra={"run": run.pk, "month": first.isoformat(), "cases": run.cases_total},
    )
    return run, False


@dataclass(frozen=True)
class RunProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


def run_progress(run: ControlRun) -> RunProgress:
    return RunProgress(ControlRunCase.objects.filter(run=run).count(), run.cases_total)


def pending_cases(run: ControlRun) -> QuerySet[Case]:
    """The run's cases not yet done (a resumed run skips the others)."""
    return run_cases(run.organisation).exclude(pk__in=ControlRunCase.objects.filter(run=run).values("case_id"))


def _case_done(run: ControlRun, case: Case, counts: UpsertCounts) -> None:
    ControlRunCase.objects.create(
        run=run,
        case=case,
        done_at=now(),
        created_count=counts.created,
        changed_count=counts.changed,
        unchanged_count=counts.unchanged,
    )
    ControlRun.objects.filter(pk=run.pk).update(
        created_count=F("created_count") + counts.created,
        changed_count=F("changed_count") + counts.changed,
        unchanged_count=F("unchanged_count") + counts.unchanged,
    )


#: Cases per gate batch of a run: large enough that the gate's per-batch cost is spread thin, small enough that a
#: kill loses little and one batch's transaction stays short.
BATCH_CASES = 50


def _chunks(cases: Iterator[Case], size: int) -> Iterator[list[Case]]:
    chunk: list[Case] = []
    for case in cases:
        chunk.append(case)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def control_run_execute(
    *,
    run: ControlRun,
    on: dt.date | None = None,
    requester: User | None = None,
    progress: Callable[[int, int], None] | None = None,
    source_overrides: Mapping[str, Any] | None = None,
    lease: leases.Held | None = None,
    batch_size: int = BATCH_CASES,
) -> ControlRun:
    """Run the controls for every case not yet done; ``progress(done, total)`` after each case.

    The cases go in chunks of ``batch_size``: the gate is asked for a whole chunk in one batch
    (:func:`~samverkan.assistance.controls.controls_ask_gate`), then each case is looked up, computed and
    stored in its own transaction.

    The data is fetched through the gate in the name of ``requester`` when given, otherwise of the
    case's responsible socialsekreterare (:func:`requester_for_case`). An exception stops the run
    and marks it ``failed`` (a kill leaves it ``running``); starting it again resumes it. ``lease``
    (:func:`control_run_lease`) is renewed after every case; :class:`~samverkan.core.leases.LeaseLost`
    stops the run and leaves it to the process that took the lease over.
    """
    total = run_cases(run.organisation).count()
    if run.cases_total != total:
        run.cases_total = total
        run.save(update_fields=["cases_total"])
    done = ControlRunCase.objects.filter(run=run).count()
    if progress is not None:
        progress(done, total)
    try:
        if lease is not None:
            lease.renew()
        for chunk in _chunks(pending_cases(run).iterator(chunk_size=200), batch_size):
            # The gate first, for the whole chunk in one batch (issue 19): every request its cases'
            # lookups will make, stored with the run in one transaction (controls_ask_gate).
            controls_ask_gate(run=run, cases=chunk, requester=requester)
            if lease is not None:
                lease.renew()
            for case in chunk:
                who = requester or requester_for_case(case)
                # The lookup runs outside the transaction (its sources answer in parallel), reusing the
                # gate requests recorded with the run (any it still lacks are asked and recorded as they
                # are made); the results and the done-marker are then written together, or not at all.
                computation = case_controls_compute(
                    case=case, month=run.month, requester=who, on=on, run=run, source_overrides=source_overrides
                )
                with transaction.atomic():
                    counts = computation.store()
                    _case_done(run, case, counts)
                done += 1
                if lease is not None:
                    lease.renew()
                if progress is not None:
                    progress(done, total)
    except leases.LeaseLost:
        raise  # the run now belongs to the process that took the lease over
    except BaseException as exc:
        ControlRun.objects.filter(pk=run.pk, status=ControlRun.Status.RUNNING).update(
            status=ControlRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    with transaction.atomic():
        ControlRun.objects.filter(pk=run.pk).update(status=ControlRun.Status.COMPLETED, finished_at=now(), error="")
        run.refresh_from_db()
        audit_append(
            event="assistance.control_run_completed",
            actor=run.started_by,
            organisation=run.organisation,
            purpose="Månatlig kontroll av ekonomiskt bistånd",
            extra={
                "run": run.pk,
                "month": run.month.isoformat(),
                "created": run.created_count,
                "changed": run.changed_count,
                "unchanged": run.unchanged_count,
            },
        )
    return run
