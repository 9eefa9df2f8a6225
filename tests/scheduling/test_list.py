"""schedule list: jobs, when they run, next due time, last run and its status."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from samverkan.scheduling.models import ScheduledRun
from tests.scheduling.conftest import at

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 23)


def test_list_shows_every_job_with_next_due_time_and_last_run(set_now: Any) -> None:
    set_now(at(DAY, 5, 30))
    ScheduledRun.objects.create(
        job="reclaims-detect",
        due_date=DAY,
        as_of=DAY,
        started_at=at(DAY, 2, 0),
        finished_at=at(DAY, 2, 1),
        status="failed",
        error="Något gick fel",
    )
    ScheduledRun.objects.create(
        job="controls-run",
        due_date=dt.date(2026, 11, 5),
        as_of=dt.date(2026, 11, 5),
        started_at=at(dt.date(2026, 11, 5), 3, 0),
        finished_at=at(dt.date(2026, 11, 5), 3, 2),
        status="ok",
    )
    out = StringIO()

    call_command("schedule", "list", stdout=out)

    blocks = {block.split(":", 1)[0]: block for block in out.getvalue().strip().split("\n\n")}
    assert set(blocks) == {
        "reclaims-detect",
        "notices-deliver",
        "messaging-remind",
        "rehab-remind",
        "controls-run",
        "documents-purge",
        "audit-verify",
        "audit-anchor",  # the tick, run on every check
    }
    reclaims = blocks["reclaims-detect"]
    assert "varje dag kl. 02:00 (Europe/Stockholm)" in reclaims
    assert "Nästa:   2026-11-24 02:00" in reclaims
    assert "Senast:  2026-11-23 02:00 (förfallodag 2026-11-23): misslyckades efter 60 s" in reclaims
    assert "Nästa:   2026-11-23 06:00" in blocks["messaging-remind"]
    assert "har inte körts" in blocks["messaging-remind"]
    controls = blocks["controls-run"]
    assert "den 5 varje månad kl. 03:00" in controls and "varje missad gång" in controls
    assert "Nästa:   2026-12-05 03:00" in controls
    assert "(förfallodag 2026-11-05): klar efter 120 s" in controls
