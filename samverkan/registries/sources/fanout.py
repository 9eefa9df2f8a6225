"""Ask several sources at once, each with its own time-out; return what arrived in time.

Pure plumbing, no secrecy and no database of its own: :mod:`samverkan.registries.lookup` asks
the gate first and passes here only what may be fetched. A source that reads this process's own
database at once (``in_process``: the sandbox without simulated latency) is asked in the caller's
thread. Every other source runs in a worker thread
(``ThreadPoolExecutor``); the answer is complete when every source has answered, failed, or
passed its time-out, whichever comes first. A source that hangs is left to finish in the
background; its thread closes its own database connections.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial

from samverkan.registries.records import agency_label
from samverkan.registries.sources.base import Period, Source, SourceError, SourceResult, SourceTimeout


@dataclass(frozen=True)
class FetchOutcome:
    """One source's part of a fan-out: a result, or a Swedish message naming what went wrong."""

    agency: str
    status: str  # "ok", "failed" or "timeout"
    result: SourceResult | None
    message: str
    elapsed: float

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _close_connections() -> None:
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()


def _run(source: Source, numbers: Sequence[str], period: Period) -> SourceResult:
    try:
        return source.fetch(numbers, period)
    finally:
        _close_connections()


def _outcome(agency: str, fetch: Callable[[], SourceResult], started: float) -> FetchOutcome:
    """The outcome of one source's answer (``fetch`` returns it or raises), as the thread path reports it."""
    try:
        result = fetch()
    except SourceTimeout as exc:
        return FetchOutcome(agency, "timeout", None, exc.message, time.monotonic() - started)
    except SourceError as exc:
        return FetchOutcome(agency, "failed", None, exc.message, time.monotonic() - started)
    except Exception as exc:  # a bug or an unexpected fault in one source never hides the others
        return FetchOutcome(
            agency,
            "failed",
            None,
            f"{agency_label(agency)} gick inte att fråga ({type(exc).__name__}).",
            time.monotonic() - started,
        )
    return FetchOutcome(agency, "ok", result, "", time.monotonic() - started)


def _fetch_in_savepoint(source: Source, numbers: Sequence[str], period: Period) -> SourceResult:
    """Ask an in-process source, inside a savepoint when the caller is in a transaction: a source that fails leaves
    the caller's transaction usable (outside one, every statement commits on its own)."""
    from django.db import connection, transaction

    if not connection.in_atomic_block:
        return source.fetch(numbers, period)
    with transaction.atomic():
        return source.fetch(numbers, period)


def _in_process(source: Source) -> bool:
    """A source that reads this process's own database at once (the sandbox without simulated latency) is asked in
    the caller's thread: a thread would open and close a database connection per source and case for nothing, and
    there is no wait to overlap. Sources say so with ``in_process = True``; any other runs in a thread."""
    return bool(getattr(source, "in_process", False))


def fan_out(requests: Mapping[str, tuple[Source, Sequence[str]]], period: Period) -> dict[str, FetchOutcome]:
    """Fetch from every source in parallel: ``{agency: (source, identity numbers)}`` → outcomes."""
    outcomes: dict[str, FetchOutcome] = {}
    if not requests:
        return outcomes
    started = time.monotonic()
    for agency, (source, numbers) in requests.items():
        if _in_process(source):
            outcomes[agency] = _outcome(agency, partial(_fetch_in_savepoint, source, list(numbers), period), started)
    threaded = {agency: request for agency, request in requests.items() if agency not in outcomes}
    if threaded:
        outcomes.update(_threaded(threaded, period))
    return {agency: outcomes[agency] for agency in requests}


def _threaded(requests: Mapping[str, tuple[Source, Sequence[str]]], period: Period) -> dict[str, FetchOutcome]:
    """The sources that run in worker threads, each with its own time-out."""
    outcomes: dict[str, FetchOutcome] = {}
    executor = ThreadPoolExecutor(max_workers=len(requests), thread_name_prefix="samverkan-lookup")
    started = time.monotonic()
    futures: dict[Future[SourceResult], str] = {}
    deadlines: dict[Future[SourceResult], float] = {}
    try:
        for agency, (source, numbers) in requests.items():
            future = executor.submit(_run, source, list(numbers), period)
            futures[future] = agency
            deadlines[future] = started + source.timeout
        pending = set(futures)
        while pending:
            next_deadline = min(deadlines[f] for f in pending)
            done, _ = wait(pending, timeout=max(0.0, next_deadline - time.monotonic()), return_when=FIRST_COMPLETED)
            now = time.monotonic()
            for future in done:
                pending.discard(future)
                outcomes[futures[future]] = _outcome(futures[future], future.result, started)
            for future in [f for f in pending if deadlines[f] <= now]:
                pending.discard(future)
                agency = futures[future]
                timeout = requests[agency][0].timeout
                outcomes[agency] = FetchOutcome(
                    agency,
                    "timeout",
                    None,
                    f"{agency_label(agency)} svarade inte inom tidsgränsen ({timeout:g} s).",
                    now - started,
                )
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    return outcomes
