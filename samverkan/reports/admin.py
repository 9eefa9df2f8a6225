"""Read-only admin: review marks and officials' person links are written only through the services
(each write is audited); the admin shows them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.reports.models import OfficialPerson, ReviewMark


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewMark)
class ReviewMarkAdmin(ReadOnlyAdmin):
    list_display = ["reviewed_at", "organisation", "kind", "key", "reviewed_by"]
    list_filter = ["organisation", "kind"]


@admin.register(OfficialPerson)
class OfficialPersonAdmin(ReadOnlyAdmin):
    list_display = ["official", "linked_at", "linked_by"]
