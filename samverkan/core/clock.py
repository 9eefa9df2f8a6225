"""One clock for the whole application (ruff bans ``datetime.now`` elsewhere).

Every read of the current time goes through :func:`now` and :func:`today`. Django's own reads
(``auto_now``/``auto_now_add``, sessions, the audit log) go through ``django.utils.timezone.now``,
which :func:`pinned` points at this clock too, so a pinned clock is one clock for everything.

Tests pin it (``tests/conftest.py``): the suite never depends on the machine's date, and month
ends, year ends, the 2025-07-01 statute change and the daylight-saving changes are tested on
purpose by moving it (:func:`move_to`). The demo data can be seeded "as of" a moment the same way.

A pinned clock ticks by default: it starts at the pinned moment and advances with the real
elapsed time, so the order of events (audit entries, "since my last visit") stays meaningful.
``ticking=False`` freezes it (for a test that compares exact timestamps).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from unittest import mock

from django.utils import timezone

_real_now = timezone.now
#: ``django.utils.timezone.now`` and the copies libraries bound at import (django-axes's attempt times).
_DJANGO_NOW = ("django.utils.timezone.now", "axes.handlers.proxy.now", "axes.attempts.now")


@dataclass(frozen=True)
class _Pin:
    moment: dt.datetime
    started: float
    ticking: bool

    def now(self) -> dt.datetime:
        if not self.ticking:
            return self.moment
        return self.moment + dt.timedelta(seconds=time.monotonic() - self.started)


_lock = threading.Lock()
_pins: list[_Pin] = []  # a stack: pinned() inside pinned() restores the outer pin


def now() -> dt.datetime:
    """The current moment, aware (UTC), or the pinned one."""
    pins = _pins
    return pins[-1].now() if pins else _real_now()


def today() -> dt.date:
    """Today's date in the project's time zone (Europe/Stockholm)."""
    return timezone.localtime(now()).date()


def is_pinned() -> bool:
    return bool(_pins)


def _aware(moment: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(10, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def pin(moment: dt.datetime | dt.date, *, ticking: bool = True) -> None:
    """Pin the clock at ``moment`` (a date means 10:00 local time on that day) until :func:`unpin`."""
    with _lock:
        _pins.append(_Pin(_aware(moment), time.monotonic(), ticking))


def unpin() -> None:
    with _lock:
        if _pins:
            _pins.pop()


def move_to(moment: dt.datetime | dt.date, *, ticking: bool = True) -> None:
    """Move the innermost pin to ``moment`` (the clock must be pinned)."""
    with _lock:
        if not _pins:
            raise RuntimeError("Klockan är inte fastlåst; använd pinned() eller pin() först.")
        _pins[-1] = _Pin(_aware(moment), time.monotonic(), ticking)


@contextmanager
def pinned(moment: dt.datetime | dt.date, *, ticking: bool = True) -> Iterator[None]:
    """Inside the block every clock read, Django's included, returns the pinned moment (tests and demo)."""
    pin(moment, ticking=ticking)
    try:
        with ExitStack() as patches:
            for name in _DJANGO_NOW:
                patches.enter_context(mock.patch(name, now))
            yield
    finally:
        unpin()
