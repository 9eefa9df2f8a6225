from django.contrib import admin

from samverkan.assistance.models import (
    Application,
    ApplicationMember,
    ControlResult,
    ControlRun,
    DeclaredCost,
    DeclaredIncome,
    Payment,
)


class MemberInline(admin.TabularInline):
    model = ApplicationMember
    extra = 0
    raw_id_fields = ["person"]


class IncomeInline(admin.TabularInline):
    model = DeclaredIncome
    extra = 0
    raw_id_fields = ["person"]


class CostInline(admin.TabularInline):
    model = DeclaredCost
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["case", "month", "status", "decision", "granted_amount"]
    list_filter = ["organisation", "status", "decision", "month"]
    raw_id_fields = ["case", "decided_by", "created_by"]
    inlines = [MemberInline, IncomeInline, CostInline]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "amount", "period_start", "period_end", "paid_on", "advance_benefit"]
    list_filter = ["organisation", "kind"]
    raw_id_fields = ["case", "application", "recipient", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False  # payments are corrected by a new registration, never edited


@admin.register(ControlRun)
class ControlRunAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "month",
        "status",
        "started_at",
        "created_count",
        "changed_count",
        "unchanged_count",
    ]
    list_filter = ["organisation", "status"]
    readonly_fields = [f.name for f in ControlRun._meta.fields]


@admin.register(ControlResult)
class ControlResultAdmin(admin.ModelAdmin):
    list_display = ["case", "month", "member_label", "code", "result", "computed_on"]
    list_filter = ["organisation", "result", "code", "month"]
    readonly_fields = [f.name for f in ControlResult._meta.fields]
