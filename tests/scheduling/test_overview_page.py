"""The read-only overview for system administrators, and the read-only admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.accounts.models import User
from samverkan.core.clock import now
from samverkan.scheduling.models import ScheduledRun

pytestmark = pytest.mark.django_db

URL = "/drift/korningar/"


def _failed_run() -> ScheduledRun:
    return ScheduledRun.objects.create(
        job="reclaims-detect",
        due_date=dt.date(2026, 11, 23),
        as_of=dt.date(2026, 11, 23),
        started_at=now(),
        finished_at=now(),
        status="failed",
        error="Hemligt undantag med detaljer",
    )


def test_a_system_administrator_sees_the_jobs_and_their_last_runs(client_for: Any) -> None:
    _failed_run()
    response = client_for("admin").get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    for name in ("reclaims-detect", "notices-deliver", "messaging-remind", "rehab-remind", "controls-run"):
        assert f'data-job="{name}"' in page
    assert "Misslyckades" in page and "Har inte körts" in page
    assert "Hemligt undantag" not in page  # errors stay in the admin
    assert 'href="/drift/korningar/"' in page  # the menu item


def test_other_officials_are_refused_and_see_no_menu_item(client_for: Any) -> None:
    client = client_for("sara.lind")
    assert client.get(URL).status_code == 403
    assert 'href="/drift/korningar/"' not in client.get("/").content.decode()


def test_the_admin_lists_runs_read_only(client: Any, world: None) -> None:
    run = _failed_run()
    superuser = User.objects.create_superuser("sched-super", "sched-super@example.invalid", "x-long-password")
    client.force_login(superuser)

    assert client.get("/admin/scheduling/scheduledrun/").status_code == 200
    assert client.get(f"/admin/scheduling/scheduledrun/{run.pk}/change/").status_code == 200
    assert client.get("/admin/scheduling/scheduledrun/add/").status_code == 403
