"""Ask several sources at once, each with its own time-out; return what arrived in time.

Pure plumbing, no secrecy and no database of its own: :mod:`samverkan.registries.lookup` asks
the gate first and passes here only what may be fetched. Each source runs in a worker thread
(``ThreadPoolExecutor``); the answer is complete when every source has answered, failed, or
passed its time-out, whichever comes first. A source that hangs is left to finish in the
background; its thread closes its own database connections.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

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


def fan_out(requests: Mapping[str, tuple[Source, Sequence[str]]], period: Period) -> dict[str, FetchOutcome]:
    """Fetch from every source in parallel: ``{agency: (source, identity numbers)}`` → outcomes."""
    outcomes: dict[str, FetchOutcome] = {}
    if not requests:
        return outcomes
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
                agency = futures[future]
                elapsed = now - started
                try:
                    result = future.result()
                except SourceTimeout as exc:
                    outcomes[agency] = FetchOutcome(agency, "timeout", None, exc.message, elapsed)
                except SourceError as exc:
                    outcomes[agency] = FetchOutcome(agency, "failed", None, exc.message, elapsed)
                except Exception as exc:  # a bug or an unexpected fault in one source never hides the others
                    outcomes[agency] = FetchOutcome(
                        agency,
                        "failed",
                        None,
                        f"{agency_label(agency)} gick inte att fråga ({type(exc).__name__}).",
                        elapsed,
                    )
                else:
                    outcomes[agency] = FetchOutcome(agency, "ok", result, "", elapsed)
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
