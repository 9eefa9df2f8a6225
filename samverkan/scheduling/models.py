"""One row per run of a periodic job (``samverkan schedule``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ScheduledRun(models.Model):
    """A run of a job from :data:`samverkan.scheduling.jobs.JOBS`.

    A scheduled run has its ``due_date``; the unique (job, due date) constraint is the claim that
    makes it run once, however many schedulers start. A manual run (``schedule run JOB``) has no
    due date and may be repeated; both record ``as_of``, the day the command ran as of.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "Pågår"
        OK = "ok", "Klar"
        FAILED = "failed", "Misslyckades"

    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", "Schemalagd"
        MANUAL = "manual", "Manuell"

    job = models.CharField("jobb", max_length=50)
    due_date = models.DateField("förfallodag", null=True, blank=True)
    as_of = models.DateField("körd per dag")
    trigger = models.CharField("start", max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULED)
    started_at = models.DateTimeField("startad")
    finished_at = models.DateTimeField("klar", null=True, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.RUNNING)
    output = models.TextField("utdata (sammanfattning)", blank=True)
    error = models.TextField("fel", blank=True)

    class Meta:
        verbose_name = "schemalagd körning"
        verbose_name_plural = "schemalagda körningar"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "due_date"], name="scheduling_one_run_per_job_and_due_date"),
            models.CheckConstraint(
                condition=Q(trigger="manual", due_date__isnull=True) | Q(trigger="scheduled", due_date__isnull=False),
                name="scheduling_due_date_iff_scheduled",
            ),
        ]
        indexes = [models.Index(fields=["job", "-started_at"], name="scheduling_job_started")]

    def __str__(self) -> str:
        day = self.due_date or self.as_of
        return f"{self.job} {day:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def duration(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
