"""Read-only admin: consents change only through the services, which write the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.consents.models import Consent


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["pk", "discloser", "recipient", "case_type", "status", "valid_from", "valid_to", "form"]
    list_filter = ["status", "form", "case_type", "discloser"]
    raw_id_fields = ["person", "case", "taken_by", "withdrawn_by_user", "created_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
