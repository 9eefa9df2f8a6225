"""Background work of ekonomiskt bistånd (Django's tasks framework; ``samverkan db_worker`` runs it)."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.runs import control_run_execute, control_run_start


@task()
def control_run_task(organisation_id: int, month: str, started_by_id: int | None = None) -> int:
    """Run (or resume) the month's control run for one socialnämnd; returns the run's id.

    Idempotent: a repeated task resumes an unfinished run, or makes a new run that finds every
    result unchanged.
    """
    organisation = Organisation.objects.get(pk=organisation_id)
    started_by = User.objects.filter(pk=started_by_id).first() if started_by_id else None
    run, _ = control_run_start(organisation=organisation, month=dt.date.fromisoformat(month), started_by=started_by)
    return control_run_execute(run=run).pk
