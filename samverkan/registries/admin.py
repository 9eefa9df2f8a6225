from django.contrib import admin
from django.http import HttpRequest

from samverkan.registries import models


class _RecordAdmin(admin.ModelAdmin):
    list_display = ("external_id", "organisation", "person", "source", "created_at")
    list_filter = ("organisation", "source")
    search_fields = ("external_id", "person__identity_number", "person__last_name")
    raw_id_fields = ("person",)


for _model in (
    models.BenefitApplication,
    models.BenefitDecision,
    models.BenefitPayment,
    models.JobseekerRegistration,
    models.LabourMarketProgramme,
    models.ActivityReport,
    models.EstablishmentAllowanceDecision,
    models.UnemploymentFundPayment,
):
    admin.site.register(_model, _RecordAdmin)


@admin.register(models.Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Read only: notices change only through delivery (services.notice_deliver)."""

    list_display = ("pk", "discloser", "recipient", "event", "status", "urgent", "created_at", "delivered_at")
    list_filter = ("status", "discloser", "recipient", "urgent")
    readonly_fields = [f.name for f in models.Notice._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
