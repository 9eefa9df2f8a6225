"""Health endpoints (issue 20 point 4): ``/healthz`` says the process lives without the database, ``/readyz`` that
the database answers, is migrated and the task worker has been seen within the set time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client

from samverkan.core import clock, health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_the_database(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_readyz_checks_the_database_the_migrations_and_the_worker(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
        "problems": [],
    }


def test_readyz_fails_when_the_database_does_not_answer(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> bool:
        raise DatabaseError("connection refused for user anna.andersson")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "fel"}
    assert body["problems"] == ["Databasen svarar inte."]
    assert "anna" not in response.content.decode()  # never the database's own message


def test_readyz_fails_when_a_migration_is_not_applied(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "migrations": "fel"}


def test_readyz_fails_when_a_due_task_waited_too_long_for_the_worker(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks_db.models import DBTaskResult, get_date_max

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.SAMVERKAN_READY_WORKER_MINUTES = 10
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="samverkan.registries.tasks.nothing",
        backend_name="default",
        run_after=get_date_max(),
    )
    assert client.get("/readyz").status_code == 200  # just enqueued: the worker has time

    clock.move_to(clock.now() + dt.timedelta(minutes=11))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "fel"
    assert "Bakgrundsarbetaren" in response.json()["problems"][0]

    DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
    assert client.get("/readyz").status_code == 200


def test_a_task_planned_for_later_is_not_a_missing_worker(client: Client, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="samverkan.registries.tasks.nothing",
        backend_name="default",
        run_after=clock.now() + dt.timedelta(hours=2),
    )
    clock.move_to(clock.now() + dt.timedelta(hours=1))
    assert client.get("/readyz").status_code == 200


def test_health_answers_over_plain_http_in_production(client: Client, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/konto/logga-in/").status_code == 301  # everything else goes to HTTPS
