"""Named locks across processes that survive neither a crash nor a forgotten release.

A :class:`~samverkan.core.models.Lease` row says who holds a name (``owner``: host, process id and
a random part) and when the holder last said it was alive (``heartbeat_at``). Taking it is one
atomic statement on both databases: an INSERT (the name is unique), or, when the row exists, an
UPDATE whose condition is that the lease is free to take. It is free when

- its heartbeat is older than the lease's ``timeout`` (the holder was killed or hangs), or
- its holder ran on this host and that process no longer exists (``kill -9``: a rerun on the same
  machine need not wait for the time-out).

The holder renews the heartbeat while it works (:meth:`Held.renew`; :class:`LeaseLost` when
another process has taken the lease meanwhile) and deletes the row when it is done.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from samverkan.core.clock import now
from samverkan.core.models import Lease


class LeaseHeld(Exception):
    """Another live process holds the lease."""

    def __init__(self, lease: Lease) -> None:
        super().__init__(f"{lease.name} hålls av {lease.owner}")
        self.lease = lease


class LeaseLost(Exception):
    """The lease was taken over by another process (this one was too slow to renew it)."""


def owner_id() -> str:
    """``host:pid:random``: unique per holder, and the host and process can be checked."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _process_gone(owner: str) -> bool:
    """True when ``owner`` ran on this host and its process no longer exists."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but belongs to someone else
        return False
    return False


@dataclass
class Held:
    """A lease this process holds."""

    name: str
    owner: str

    def renew(self) -> None:
        """Say this holder is still alive; :class:`LeaseLost` if another process took the lease."""
        if not Lease.objects.filter(name=self.name, owner=self.owner).update(heartbeat_at=now()):
            raise LeaseLost(self.name)

    def release(self) -> None:
        Lease.objects.filter(name=self.name, owner=self.owner).delete()


def live_holder(name: str, *, timeout: dt.timedelta) -> Lease | None:
    """The lease ``name`` when a live process holds it (None: free, or free to take over)."""
    current = Lease.objects.filter(name=name).first()
    if current is None or current.heartbeat_at < now() - timeout or _process_gone(current.owner):
        return None
    return current


def acquire(name: str, *, timeout: dt.timedelta, owner: str | None = None) -> Held:
    """Take the lease ``name`` or raise :class:`LeaseHeld` (with the holder) at once."""
    me = owner or owner_id()
    moment = now()
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, owner=me, acquired_at=moment, heartbeat_at=moment)
        return Held(name, me)
    except IntegrityError:
        pass
    current = Lease.objects.filter(name=name).first()
    if current is None:  # released in between: try once more
        return acquire(name, timeout=timeout, owner=me)
    free = Q(heartbeat_at__lt=moment - timeout)
    if _process_gone(current.owner):
        free |= Q(owner=current.owner)
    with transaction.atomic():
        taken = Lease.objects.filter(Q(name=name) & free).update(owner=me, acquired_at=moment, heartbeat_at=moment)
    if taken:
        return Held(name, me)
    raise LeaseHeld(current)


@contextmanager
def holding(name: str, *, timeout: dt.timedelta) -> Iterator[Held]:
    """``with holding("controls:sorby:2026-11", timeout=...) as lease:`` … released at the end."""
    held = acquire(name, timeout=timeout)
    try:
        yield held
    finally:
        held.release()
