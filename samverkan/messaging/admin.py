"""Units' routines and FK's contact persons: organisation configuration, the only part of this app in the
admin. Questions, e-mails, absences and notifications are read and written through the product's pages
(issue 16); every change made here is audited (:class:`~samverkan.accounts.admin.AuditedAdmin`)."""

from django.contrib import admin

from samverkan.accounts.admin import AuditedAdmin
from samverkan.messaging.models import ContactAssignment, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ("unit", "topic", "role")
    list_filter = ("topic", "role", "unit__organisation")


@admin.register(ContactAssignment)
class ContactAssignmentAdmin(AuditedAdmin):
    list_display = ("unit", "contact", "since")
    raw_id_fields = ("contact",)
