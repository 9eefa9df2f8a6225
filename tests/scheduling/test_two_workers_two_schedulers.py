"""Two workers and two schedulers against one database: nothing is done twice (issue 20 points 4 and 5).

Real OS processes, as production runs them, against one database holding the demo world: two ``samverkan db_worker``
start; when both poll the queue, two ``samverkan schedule loop`` start and 40 probe tasks and one task of the product
are enqueued (the jobs enqueue more). Afterwards

- every periodic job has exactly one run for its due date (the unique (job, due date) claim,
  :mod:`samverkan.scheduling.services`), and it succeeded;
- every task of the queue was claimed by exactly one worker (``worker_ids``) and succeeded, and the probe tasks'
  own record (one line per execution, appended by the task itself) shows each probe ran exactly once, by a worker
  of this test, with both workers taking part. The queue's claim is ``SELECT … FOR UPDATE SKIP LOCKED`` on
  PostgreSQL and an exclusive transaction on SQLite (django-tasks-db).

**Which database.** The processes need a committed database they can all open, not the test's transaction:

- on SQLite the suite's test database is in memory, so the test copies it, with the demo world, into a file of
  its own in ``tmp_path`` (``sqlite3.Connection.serialize``) and the processes use that file; the test's own transaction is
  untouched and rolled back as usual;
- on PostgreSQL (``DATABASE_URL``) the test is transactional (``django_db(transaction=True)``): the world is
  committed in the suite's test database and the processes connect to that database by name; pytest-django
  empties it afterwards, as after the browser tests (``ensure_world`` seeds it again for the tests that need it).

The processes run the production code with the demo environment (``SAMVERKAN_DEMO=1``: the database task backend,
not the suite's immediate one), the suite's audit key (the world's chain is keyed with it) and the clock pinned at
the suite's "now" (:data:`tests.conftest.TEST_NOW`, 10:00 on a Wednesday the 18th), so all the jobs are due: the
daily ones for that day and the monthly control run for its latest due date (the 5th). ``python -m`` of this module
is the launcher: it pins the clock and runs the command.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import task

from tests.conftest import TEST_NOW, ensure_world

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

#: Probe tasks put on the queue before the processes start; each sleeps a little so the workers interleave.
PROBES = 40
PROBE_SECONDS = 0.05
#: The processes' part takes about half a minute on 2 cores; this bound only stops a hung run (a machine shared with
#: other test runs can be many times slower).
DEADLINE_SECONDS = 300

pytestmark = pytest.mark.django_db(transaction=ON_POSTGRES)


@task()
def probe(number: int, record: str) -> int:
    """A task that records its own execution (one appended line per run: number and process id)."""
    time.sleep(PROBE_SECONDS)
    fd = os.open(record, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{number} {os.getpid()}\n".encode())
    finally:
        os.close(fd)
    return os.getpid()


# --- The launcher (``python -m tests.scheduling.test_two_workers_two_schedulers ACTION …``) ----------------------


def _enqueue(record: str) -> None:
    from samverkan.registries.tasks import deliver_pending_notices
    from tests.scheduling import test_two_workers_two_schedulers as this  # the task's importable path, not __main__

    for number in range(PROBES):
        this.probe.enqueue(number, record)
    deliver_pending_notices.enqueue()  # a real task of the product beside the probes


def _report() -> None:
    from django_tasks_db.models import DBTaskResult

    from samverkan.scheduling.models import ScheduledRun

    runs = [
        {"job": job, "due_date": str(due), "trigger": trigger, "status": status}
        for job, due, trigger, status in ScheduledRun.objects.values_list("job", "due_date", "trigger", "status")
    ]
    from django_tasks_db.models import get_date_max

    from samverkan.core import clock

    now = clock.now()  # the pinned clock: what the workers see as due (no run_after is stored as the maximum date)
    rows = DBTaskResult.objects.values_list("pk", "task_path", "status", "worker_ids", "run_after")
    tasks = [
        {
            "id": str(pk),
            "task_path": path,
            "status": status,
            "worker_ids": workers,
            "due": after in (None, get_date_max()) or after <= now,
        }
        for pk, path, status, workers, after in rows
    ]
    print(json.dumps({"runs": runs, "tasks": tasks}))


def _launch(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django

    django.setup()
    from samverkan.core import clock

    with clock.pinned(TEST_NOW):
        if argv[0] == "enqueue":
            _enqueue(argv[1])
            return 0
        if argv[0] == "report":
            _report()
            return 0
        from samverkan.cli import main

        return main(argv)


# --- The test ---------------------------------------------------------------------------------------------------


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SAMVERKAN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="samverkan.settings",
        SAMVERKAN_DEMO="1",
        SAMVERKAN_VAR_DIR=str(tmp_path),
        SAMVERKAN_AUDIT_KEYS=settings.SAMVERKAN_AUDIT_KEYS,
        SAMVERKAN_AUDIT_ANCHOR_PATH=str(tmp_path / "audit-anchors.jsonl"),
        SAMVERKAN_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SAMVERKAN_LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        copy = tmp_path / "samverkan.sqlite3"
        connection.ensure_connection()
        # The in-memory test database, world included, as this connection sees it (inside the test's transaction,
        # where SQLite's online backup would wait for the transaction's lock for ever).
        copy.write_bytes(connection.connection.serialize())
        env["SAMVERKAN_SQLITE"] = str(copy)
    return env


def _start(env: dict[str, str], tmp_path: Path, name: str, *args: str) -> subprocess.Popen[str]:
    log = (tmp_path / f"{name}.log").open("w")
    command = [sys.executable, "-m", "tests.scheduling.test_two_workers_two_schedulers", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)


def _run(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "tests.scheduling.test_two_workers_two_schedulers", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _logs(tmp_path: Path) -> str:
    return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in sorted(tmp_path.glob("*.log")))


def test_two_workers_and_two_schedulers_do_nothing_twice(tmp_path: Path) -> None:
    ensure_world()
    env = _environment(tmp_path)
    record = tmp_path / "probes.txt"
    worker_ids = ("worker-a", "worker-b")
    workers = [
        _start(env, tmp_path, worker, "db_worker", "--interval", "0.2", "--no-startup-delay", "--worker-id", worker)
        for worker in worker_ids
    ]
    schedulers: list[subprocess.Popen[str]] = []
    try:
        # Both workers poll the queue before the probes arrive, so that a slow start cannot leave one of them idle.
        # The waits are counted in polls, not read off a clock (the suite never reads the real one).
        for _poll in range(int(DEADLINE_SECONDS / 0.2)):
            if all(f"worker_id={w}" in (tmp_path / f"{w}.log").read_text() for w in worker_ids):
                break
            assert all(w.poll() is None for w in workers), _logs(tmp_path)
            time.sleep(0.2)
        else:
            pytest.fail("Arbetarna kom aldrig i gång.\n" + _logs(tmp_path))
        schedulers = [
            _start(env, tmp_path, f"scheduler-{n}", "schedule", "loop", "--interval", "1", "--iterations", "3")
            for n in (1, 2)
        ]
        _run(env, "enqueue", str(record))
        for scheduler in schedulers:
            scheduler.wait(timeout=DEADLINE_SECONDS)
        for _poll in range(int(DEADLINE_SECONDS / 0.5)):  # the workers finish what the schedulers' jobs enqueued too
            state = json.loads(_run(env, "report"))
            if all(t["status"] not in ("READY", "RUNNING") for t in state["tasks"] if t["due"]):
                break
            time.sleep(0.5)
        else:
            pytest.fail("Kön blev aldrig tom.\n" + _logs(tmp_path))
    finally:
        for process in workers + schedulers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in workers + schedulers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert [s.returncode for s in schedulers] == [0, 0], _logs(tmp_path)

    # Every job: one scheduled run for its due date, successful.
    from samverkan.scheduling.jobs import JOBS, latest_due

    runs = state["runs"]
    assert sorted(run["job"] for run in runs) == sorted(job.name for job in JOBS), runs
    assert all(run["trigger"] == "scheduled" and run["status"] == "ok" for run in runs), (runs, _logs(tmp_path))
    due = {job.name: str(latest_due(job.schedule, TEST_NOW)) for job in JOBS}
    assert {run["job"]: run["due_date"] for run in runs} == due  # e.g. controls-run: 2026-11-05, the daily: the 18th

    # Every task that is due: claimed by exactly one of the two workers, and successful. A task a job scheduled for
    # later (a follow-up question's reminder) waits, untouched.
    later = [t for t in state["tasks"] if not t["due"]]
    assert all(t["status"] == "READY" and t["worker_ids"] == [] for t in later), later
    tasks = [t for t in state["tasks"] if t["due"]]
    assert len(tasks) >= PROBES + 1
    assert all(t["status"] == "SUCCESSFUL" for t in tasks), (tasks, _logs(tmp_path))
    assert all(len(t["worker_ids"]) == 1 and t["worker_ids"][0] in worker_ids for t in tasks), tasks
    assert {t["worker_ids"][0] for t in tasks} == set(worker_ids)  # both workers shared the queue

    # The probes' own record: each ran exactly once, in one of the two worker processes.
    lines = [line.split() for line in record.read_text().splitlines()]
    assert Counter(int(number) for number, _ in lines) == Counter(range(PROBES))
    assert {int(pid) for _, pid in lines} <= {w.pid for w in workers}
    assert len({pid for _, pid in lines}) == 2


if __name__ == "__main__":
    sys.exit(_launch(sys.argv[1:]))
