from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.portal.models import PortalPolicy
from samverkan.portal.services import portal_policy_set


@admin.register(PortalPolicy)
class PortalPolicyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "show_official_names", "changed_by", "changed_at"]
    fields = ["organisation", "show_official_names", "changed_by", "changed_at"]
    readonly_fields = ["changed_by", "changed_at"]

    def save_model(self, request: HttpRequest, obj: PortalPolicy, form: Any, change: bool) -> None:
        # Through the service, so the change is checked and written to the audit log.
        saved = portal_policy_set(
            organisation=obj.organisation,
            show_official_names=obj.show_official_names,
            changed_by=request.user,  # type: ignore[arg-type]
        )
        obj.pk = saved.pk
        obj.changed_at = saved.changed_at
        obj.changed_by = saved.changed_by
