"""Read-only admin: runs are written only by ``samverkan schedule``; the admin shows them (removing a
failed run is audited, :class:`~samverkan.accounts.admin.AuditedAdmin`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.accounts.admin import AuditedAdmin
from samverkan.scheduling.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(AuditedAdmin):
    list_display = ["job", "due_date", "as_of", "trigger", "status", "started_at", "finished_at"]
    list_filter = ["job", "status", "trigger"]
    date_hierarchy = "started_at"
    search_fields = ["job", "output", "error"]
    readonly_fields = [f.name for f in ScheduledRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An operator may remove a failed run so that run-due takes that due date again.
        return bool(request.user.is_superuser and obj is not None and obj.status == ScheduledRun.Status.FAILED)
