"""Read-only reports from a PostgreSQL streaming replica (docs/scaling.md); off unless ``SAMVERKAN_REPLICA_URL`` is set.

With ``SAMVERKAN_REPLICA_URL`` the settings add the database alias ``replica`` (:data:`ALIAS`) and set
``REPLICA_DATABASE_ALIAS`` to it. Then:

- :class:`ReportsFromReplicaMiddleware` marks a ``GET``/``HEAD`` request answered by a view of the reports app (log
  review, statistics, Finsam: the URL namespace ``reports``) as *reading from the replica* for the duration of the
  view;
- :class:`ReplicaRouter` sends that request's reads to the replica, and everything else to the primary: every
  write, every read inside a transaction on the primary (e.g. the audit append's lock of the chain head, which
  must read and write the same row), every read of another request or a command, and the session, the login
  throttle and the task queue always (they must see what was written a moment ago).

A replica lags the primary by a fraction of a second in normal operation, so a report may miss the newest
entries; the reports cover whole days and are not the basis for a decision on a case. A mark a security officer
makes (``POST``) is written to the primary. Without the setting nothing is marked and every query goes to the
primary, as before.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

#: The alias of the replica in ``DATABASES`` when ``SAMVERKAN_REPLICA_URL`` is set.
ALIAS = "replica"
#: Apps whose tables are always read on the primary: sessions, the login throttle, the task queue.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "django_tasks_db"})
#: URL namespaces whose read-only views may read from the replica.
REPLICA_NAMESPACES = frozenset({"reports"})

_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reading_from_replica", default=False)


def replica_alias() -> str | None:
    """The replica's alias when one is configured, else None."""
    return getattr(settings, "REPLICA_DATABASE_ALIAS", None) or None


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Inside the block reads may go to the replica (when one is configured); see :class:`ReplicaRouter`."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Reads of a request marked by :func:`reading_from_replica` go to the replica; all else to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        alias = replica_alias()
        if alias is None or not _reading_from_replica.get():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:  # a read that belongs to a write
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != ALIAS  # a streaming replica is read-only: it follows the primary's schema


class ReportsFromReplicaMiddleware:
    """Marks a ``GET``/``HEAD`` request to the reports app as reading from the replica (only with a replica).

    The whole request is marked (its URL resolved here once more), so the template rendered after the view and
    the lazy reads of the user are served by the replica too; the router keeps the session on the primary.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if replica_alias() is None:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and _namespace(request) in REPLICA_NAMESPACES:
            with reading_from_replica():
                return self.get_response(request)
        return self.get_response(request)


def _namespace(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).namespace
    except Resolver404:
        return None
