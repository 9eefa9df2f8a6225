"""Health endpoints for the load balancer, systemd and monitoring (issue 20 point 4).

- ``/healthz`` (live): the process answers. ``200 ok``, plain text; no database, no session.
- ``/readyz`` (ready): the process can serve. It asks the database a trivial question, checks that every migration
  of this version is applied, and that the task worker has been seen: no task due to run has waited longer than
  ``SAMVERKAN_READY_WORKER_MINUTES`` (default 10) for a worker (``samverkan db_worker``). ``200`` with the checks as
  JSON, or ``503`` naming the failed ones (never an error text from the database: it could hold a name).

Both answer over plain HTTP (``SECURE_REDIRECT_EXEMPT``) and are public: they tell nothing about any person.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from samverkan.accounts.access import PUBLIC, allowed
from samverkan.core import clock

logger = logging.getLogger(__name__)

#: Once every migration is applied, the process does not ask again (a running version's migrations stay applied).
_migrations_applied = False


def worker_grace() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "SAMVERKAN_READY_WORKER_MINUTES", 10)))


@allowed(PUBLIC)
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return bool(cursor.fetchone() == (1,))


def _migrations() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


def _worker() -> bool:
    """No task that is due has waited longer than the grace for a worker (True without the database queue)."""
    if not str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db."):
        return True
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    waited_since = clock.now() - worker_grace()
    overdue = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max(), enqueued_at__lt=waited_since) | Q(run_after__lt=waited_since)
    )
    return not overdue.exists()


CHECKS = {"database": _database, "migrations": _migrations, "worker": _worker}
MESSAGES = {
    "database": "Databasen svarar inte.",
    "migrations": "Databasen är inte migrerad för den här versionen (samverkan migrate).",
    "worker": "Bakgrundsarbetaren har inte hämtat väntande uppgifter (samverkan db_worker).",
}


@allowed(PUBLIC)
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    results: dict[str, bool] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except DatabaseError as exc:
            logger.warning("readyz: %s failed (%s)", name, type(exc).__name__)
            results[name] = False
        if not results[name]:
            break  # the later checks need what this one checked
    failed = [name for name, ok in results.items() if not ok]
    body = {
        "status": "ok" if not failed else "fel",
        "checks": {name: ("ok" if ok else "fel") for name, ok in results.items()},
        "problems": [MESSAGES[name] for name in failed],
    }
    return JsonResponse(body, status=503 if failed else 200, json_dumps_params={"ensure_ascii": False})
