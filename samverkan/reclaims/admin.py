"""Återsökningar in the admin: read only (every write goes through ``services`` with its audit entry)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.reclaims.models import PendingBenefit, Reclaim, ReclaimEvent, ReclaimLedgerEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReclaimEventInline(admin.TabularInline):
    model = ReclaimEvent
    extra = 0
    can_delete = False
    readonly_fields = ("status", "at", "actor", "organisation", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reclaim)
class ReclaimAdmin(ReadOnlyAdmin):
    list_display = ("reference", "organisation", "agency", "benefit", "status", "deadline", "to_social_services")
    list_filter = ("status", "agency", "organisation", "benefit")
    search_fields = ("reference", "case__reference")
    inlines = [ReclaimEventInline]


@admin.register(ReclaimLedgerEntry)
class ReclaimLedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("reclaim", "payment", "start", "end", "amount")
    list_filter = ("organisation",)


@admin.register(PendingBenefit)
class PendingBenefitAdmin(ReadOnlyAdmin):
    list_display = ("case", "benefit", "agency", "applied_on", "status")
    list_filter = ("status", "benefit", "agency")
