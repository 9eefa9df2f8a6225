"""The reports may read from a streaming replica; everything else, and every write, stays on the primary (issue 20).

``SAMVERKAN_REPLICA_URL`` adds the alias ``replica`` (``samverkan.settings``); here the setting that names it is
switched on and the router's choice is checked directly (no second database is opened), and the middleware's marking of
a request through a stand-in for the rest of the request. Only one test opens the (test) database: the others check
the router outside any transaction, as a request outside the test suite is.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from samverkan.accounts.models import User
from samverkan.core import replica
from samverkan.core.replica import ReplicaRouter, ReportsFromReplicaMiddleware, reading_from_replica
from samverkan.disclosures.models import AuditEntry
from samverkan.reports.models import ReviewMark


@pytest.fixture
def with_replica(settings: Any) -> None:
    settings.REPLICA_DATABASE_ALIAS = "replica"


def test_without_a_replica_every_query_goes_to_the_primary() -> None:
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(AuditEntry) is None  # Django's default: the primary
    assert router.db_for_write(AuditEntry) == "default"
    with pytest.raises(MiddlewareNotUsed):
        ReportsFromReplicaMiddleware(lambda request: HttpResponse())


def test_a_reports_read_goes_to_the_replica_and_everything_else_to_the_primary(with_replica: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(AuditEntry) is None  # a read outside the reports: the primary
    with reading_from_replica():
        assert router.db_for_read(AuditEntry) == "replica"
        assert router.db_for_read(ReviewMark) == "replica"
        assert router.db_for_read(User) == "replica"
        from django.contrib.sessions.models import Session

        assert router.db_for_read(Session) == "default"  # the session was perhaps written a moment ago
        assert router.db_for_write(AuditEntry) == "default"  # every write: the primary
        assert router.db_for_write(ReviewMark) == "default"
    assert router.db_for_read(AuditEntry) is None
    assert router.allow_migrate("replica", "disclosures") is False
    assert router.allow_migrate("default", "disclosures") is True


@pytest.mark.django_db
def test_a_read_inside_a_transaction_stays_on_the_primary(with_replica: None) -> None:
    """The audit append locks and moves the chain head inside its transaction: never a stale replica row."""
    router = ReplicaRouter()
    with reading_from_replica(), transaction.atomic():
        assert router.db_for_read(AuditEntry) == "default"


def test_the_middleware_marks_only_the_reports_get_requests(with_replica: None) -> None:
    seen: list[tuple[str, str, str | None]] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append((request.method or "", request.path, ReplicaRouter().db_for_read(AuditEntry)))
        return HttpResponse()

    middleware = ReportsFromReplicaMiddleware(view)
    factory = RequestFactory()
    for request in (
        factory.get("/uppfoljning/logggranskning/"),
        factory.get("/uppfoljning/statistik/"),
        factory.post("/uppfoljning/logggranskning/granska/"),
        factory.get("/arenden/"),
        factory.get("/granskning/"),
        factory.get("/finns-inte/"),
    ):
        middleware(request)
    assert seen == [
        ("GET", "/uppfoljning/logggranskning/", "replica"),
        ("GET", "/uppfoljning/statistik/", "replica"),
        ("POST", "/uppfoljning/logggranskning/granska/", None),
        ("GET", "/arenden/", None),
        ("GET", "/granskning/", None),
        ("GET", "/finns-inte/", None),
    ]
    assert replica._reading_from_replica.get() is False  # nothing left marked after the request
