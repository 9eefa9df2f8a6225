from django.contrib import admin

from samverkan.cases.models import Case, CaseMember


class CaseMemberInline(admin.TabularInline):
    model = CaseMember
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "case_type", "status", "opened_on"]
    list_filter = ["organisation", "case_type", "status"]
    raw_id_fields = ["subject", "responsible"]
    inlines = [CaseMemberInline]
