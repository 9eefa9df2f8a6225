"""Background work of ekonomiskt bistånd (Django's tasks framework; ``samverkan db_worker`` runs it)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.models import ControlRun
from samverkan.assistance.runs import RunInProgress, control_run_execute, control_run_lease, control_run_start


@task()
def control_run_task(organisation_id: int, month: str, started_by_id: int | None = None) -> int:
    """Run (or resume) the month's control run for one socialnämnd; returns the run's id.

    Idempotent: a repeated task resumes an unfinished run, or makes a new run that finds every
    result unchanged. While another process runs the month, the task does nothing and returns that run's id.
    """
    organisation = Organisation.objects.get(pk=organisation_id)
    started_by = User.objects.filter(pk=started_by_id).first() if started_by_id else None
    first = dt.date.fromisoformat(month)
    try:
        with control_run_lease(organisation=organisation, month=first) as lease:
            run, _ = control_run_start(organisation=organisation, month=first, started_by=started_by, lease=lease)
            return control_run_execute(run=run, lease=lease).pk
    except RunInProgress:  # another process is running the month: it does the work
        running = ControlRun.objects.filter(
            organisation=organisation, month=first, status=ControlRun.Status.RUNNING
        ).first()
        return running.pk if running is not None else 0
