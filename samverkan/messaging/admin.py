from django.contrib import admin

from samverkan.messaging.models import (
    Absence,
    AdminQuestion,
    BlockedEmail,
    ContactAssignment,
    RoutingRule,
    SentEmail,
)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("unit", "topic", "role")
    list_filter = ("topic", "role", "unit__organisation")


@admin.register(ContactAssignment)
class ContactAssignmentAdmin(admin.ModelAdmin):
    list_display = ("unit", "contact", "since")
    raw_id_fields = ("contact",)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("user", "starts_on", "ends_on", "stand_in", "cancelled_at")
    raw_id_fields = ("user", "stand_in")


@admin.register(AdminQuestion)
class AdminQuestionAdmin(admin.ModelAdmin):
    """Read-only: questions are written through the services, which pass the gate and audit."""

    list_display = ("pk", "topic", "sender_organisation", "recipient_organisation", "status", "sent_on", "deadline")
    list_filter = ("topic", "status")
    fields = (
        "topic",
        "status",
        "sender_organisation",
        "recipient_organisation",
        "recipient_unit",
        "recipient_role",
        "sent_on",
        "deadline",
        "answered_on",
        "basis",
    )
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "sender", "recipient", "kind", "subject")
    readonly_fields = ("sender", "sender_organisation", "recipient", "kind", "subject", "body", "auto_reply", "sent_at")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(BlockedEmail)
class BlockedEmailAdmin(admin.ModelAdmin):
    list_display = ("blocked_at", "sender", "kind", "findings")
    readonly_fields = ("sender", "sender_organisation", "recipient", "kind", "findings", "blocked_at")

    def has_add_permission(self, request: object) -> bool:
        return False
