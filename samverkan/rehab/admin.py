"""Read-only admin for rehabilitation coordination: every write goes through the services (and the audit log)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.rehab.models import (
    AgreedAction,
    CareCoordinationStatus,
    FollowUpReminder,
    MeetingParticipant,
    NeedAssessment,
    PlanChange,
    PlanMeasure,
    RehabCoordination,
    ReviewMeeting,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NeedInline(ReadOnlyInline):
    model = NeedAssessment


class MeasureInline(ReadOnlyInline):
    model = PlanMeasure
    fields = ["description", "kind", "responsible", "starts_on", "ends_on", "follow_up_on", "status"]


@admin.register(RehabCoordination)
class RehabCoordinationAdmin(ReadOnlyAdmin):
    list_display = ["case", "origin", "application_date", "has_employer", "has_sgi", "first_plan_on"]
    list_filter = ["origin", "has_employer", "has_sgi"]
    inlines = [NeedInline, MeasureInline]


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnlyAdmin):
    list_display = ["coordination", "action", "changed_by", "changed_at"]
    list_filter = ["action"]


class ParticipantInline(ReadOnlyInline):
    model = MeetingParticipant


class ActionInline(ReadOnlyInline):
    model = AgreedAction


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(ReadOnlyAdmin):
    list_display = ["coordination", "requested_by_party", "status", "meeting_on", "mode"]
    list_filter = ["status", "mode", "requested_by_party"]
    inlines = [ParticipantInline, ActionInline]


@admin.register(FollowUpReminder)
class FollowUpReminderAdmin(ReadOnlyAdmin):
    list_display = ["measure", "due_on", "recipient", "created_at", "dismissed_at"]


@admin.register(CareCoordinationStatus)
class CareCoordinationStatusAdmin(ReadOnlyAdmin):
    list_display = ["case", "status", "updated_by", "updated_at"]
    list_filter = ["status"]
