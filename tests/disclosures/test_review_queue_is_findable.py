"""The review queue pages, filters and searches (issue 21.2) without a personnummer in the URL."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from samverkan.disclosures import views
from samverkan.disclosures.models import ReviewTask
from samverkan.disclosures.services import disclosure_request, review_decide
from tests.disclosures.conftest import AF_DUTY, Gate

pytestmark = pytest.mark.django_db


def _queue(gate: Gate) -> ReviewTask:
    gate.consent(categories=["case_notes"])
    result = disclosure_request(
        requester=gate.social_worker,
        discloser=gate.af,
        person=gate.client,
        case=gate.case,
        categories=[*AF_DUTY, "case_notes"],
        purpose="Utredning av rätt till ekonomiskt bistånd",
    )
    return ReviewTask.objects.get(request=result.request)


def test_the_queue_searches_by_personnummer_by_post(gate: Gate, client: Client) -> None:
    task = _queue(gate)
    client.force_login(gate.af_official)
    posted = client.post("/granskning/", {"q": gate.client.identity_number})
    assert posted.status_code == 303 and gate.client.identity_number not in posted["Location"]
    page = client.get(posted["Location"]).content.decode()
    assert f"/granskning/{task.pk}/" in page and "1 prövning" in page


def test_decided_tasks_are_found_by_status_and_open_ones_by_default(gate: Gate, client: Client) -> None:
    task = _queue(gate)
    client.force_login(gate.af_official)
    assert f"/granskning/{task.pk}/" in client.get("/granskning/").content.decode()
    review_decide(task=task, decided_by=gate.af_official, approve=False, motivation="Samtycket täcker inte detta.")
    assert f"/granskning/{task.pk}/" not in client.get("/granskning/").content.decode()
    assert f"/granskning/{task.pk}/" in client.get("/granskning/?status=refused").content.decode()
    assert f"/granskning/{task.pk}/" in client.get("/granskning/?status=all&category=case_notes").content.decode()
    bad = client.get("/granskning/?since=2026-12-01&until=2026-01-01")
    assert bad.status_code == 400 and "Slutdatumet ligger före startdatumet" in bad.content.decode()


def test_the_queue_pages(gate: Gate, client: Client, monkeypatch: Any) -> None:
    _queue(gate)
    monkeypatch.setattr(views, "REVIEWS_PER_PAGE", 1)
    open_tasks = list(ReviewTask.objects.filter(organisation=gate.af, status="open").order_by("created_at", "pk"))
    assert len(open_tasks) >= 2
    client.force_login(gate.af_official)
    first = client.get("/granskning/").content.decode()
    second = client.get("/granskning/?sida=2").content.decode()
    assert f"/granskning/{open_tasks[0].pk}/" in first and f"/granskning/{open_tasks[0].pk}/" not in second
    assert f"/granskning/{open_tasks[1].pk}/" in second
