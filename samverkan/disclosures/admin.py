"""Read-only admin of the gate's records: they change only through the services, never by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.disclosures.models import AuditEntry, DisclosureDecision, DisclosureRequest, ReviewTask


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DecisionInline(admin.TabularInline):
    model = DisclosureDecision
    extra = 0
    fields = ("category", "outcome", "basis", "citation", "rules_version")
    readonly_fields = ("category", "outcome", "basis", "citation", "rules_version")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "recipient", "discloser", "requested_on", "status", "rules_version"]
    list_filter = ["kind", "status", "discloser", "recipient"]
    inlines = [DecisionInline]


@admin.register(ReviewTask)
class ReviewTaskAdmin(ReadOnlyAdmin):
    list_display = ["pk", "organisation", "category", "status", "decided_by", "decided_at"]
    list_filter = ["organisation", "status"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "created_at", "event", "actor", "organisation", "recipient", "basis"]
    list_filter = ["event", "organisation"]
    search_fields = ["event"]
