"""Reads for ``schedule list``, the admin and the overview page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samverkan.core import clock
from samverkan.scheduling import jobs as job_table
from samverkan.scheduling.jobs import Job, next_due
from samverkan.scheduling.models import ScheduledRun


@dataclass(frozen=True)
class JobOverview:
    job: Job
    next_due: dt.datetime
    last_run: ScheduledRun | None


def job_overview(*, moment: dt.datetime | None = None, jobs: tuple[Job, ...] | None = None) -> list[JobOverview]:
    """Each job with its next due moment and its latest run (scheduled or manual)."""
    at = moment or clock.now()
    rows = []
    for job in job_table.JOBS if jobs is None else jobs:
        last = ScheduledRun.objects.filter(job=job.name).order_by("-started_at", "-pk").first()
        rows.append(JobOverview(job=job, next_due=next_due(job.schedule, at), last_run=last))
    return rows


def recent_runs(*, limit: int = 50) -> list[ScheduledRun]:
    return list(ScheduledRun.objects.order_by("-started_at", "-pk")[:limit])
