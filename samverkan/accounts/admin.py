"""The Django admin: the platform operator's tool for reference data only (issue 16).

What is registered here — organisations, units, officials and their roles — is all the admin holds,
together with a few pieces of configuration (routines and contact persons of units, the batch runs).
Persons, households, cases, the agencies' registers, consents, requests, decisions, review tasks,
notices, the audit log and everything else about an individual are in no app's ``admin.py``: they are
read and written only through the product's own pages, which check access and audit
(``tests/accounts/test_admin_holds_no_personal_data.py`` holds the registry to that).

Every change made in the admin is an entry in the tamper-evident audit log (:class:`AuditedAdmin`):
``admin.added``, ``admin.changed``, ``admin.deleted``, with the operator as actor, the model, the object's
id and the names of the changed fields (never a value: no password, no personal data). The admins that
Django and the installed libraries registered before this module (groups, django-axes' login attempts,
which the operator deletes to unlock an account, the task results) are registered again as audited ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.disclosures.audit import AuditEvent, audit_append_many

if TYPE_CHECKING:
    # django-stubs makes the admin classes generic; at run time Django's classes take no type arguments.
    _ModelAdmin = admin.ModelAdmin[Any]
    _UnitInline = admin.TabularInline[Unit, Organisation]
    _RoleInline = admin.TabularInline[RoleAssignment, User]
    _UserChangeForm = UserChangeForm[User]
    _UserAdmin = BaseUserAdmin[User]
else:
    _ModelAdmin = admin.ModelAdmin
    _UnitInline = _RoleInline = admin.TabularInline
    _UserChangeForm = UserChangeForm
    _UserAdmin = BaseUserAdmin


def _organisation_of(obj: models.Model) -> Organisation | None:
    """The organisation an administrative change concerns (its officials' log review sees the entry)."""
    if isinstance(obj, Organisation):
        return obj
    for path in ("organisation", "unit", "user"):
        related = getattr(obj, f"{path}_id", None) and getattr(obj, path, None)
        if isinstance(related, Organisation):
            return related
        if related is not None:
            return _organisation_of(related)
    return None


def _changes(message: Any) -> list[dict[str, Any]]:
    """What the admin's change message says changed: field names and inline rows, never values."""
    if not isinstance(message, list):
        return []
    changes: list[dict[str, Any]] = []
    for item in message:
        for action, detail in item.items() if isinstance(item, dict) else ():
            if not isinstance(detail, dict):
                continue
            change: dict[str, Any] = {"action": action}
            if "fields" in detail:
                change["fields"] = [str(f) for f in detail["fields"]]
            if "name" in detail:
                change["inline"] = str(detail["name"])
            changes.append(change)
    return changes


def admin_audit_event(event: str, *, request: HttpRequest, obj: models.Model, message: Any = None) -> AuditEvent:
    """The audit entry of one administrative change of ``obj`` (``event``: ``admin.added`` …)."""
    extra: dict[str, Any] = {"model": obj._meta.label_lower, "object_id": str(obj.pk)}
    changes = _changes(message)
    if changes:
        extra["changes"] = changes
    if isinstance(obj, User) and obj.pk is not None and event != "admin.deleted":
        # What the account may do after the change: who was made an operator or given a role.
        extra["roles"] = sorted(RoleAssignment.objects.filter(user_id=obj.pk).values_list("role", flat=True))
        extra.update(is_active=obj.is_active, is_staff=obj.is_staff, is_superuser=obj.is_superuser)
    return AuditEvent(
        event=event,
        actor=request.user if isinstance(request.user, User) else None,
        organisation=_organisation_of(obj),
        extra=extra,
    )


class AuditedAdmin(_ModelAdmin):
    """A ModelAdmin whose every addition, change and deletion is written to the audit log, in the same
    transaction as the change (the admin's add, change and delete views are atomic; a bulk delete is
    made atomic here)."""

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        audit_append_many([admin_audit_event("admin.added", request=request, obj=obj, message=message)])
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        audit_append_many([admin_audit_event("admin.changed", request=request, obj=obj, message=message)])
        return entry

    def _audit_deletions(self, request: HttpRequest, objects: Iterable[models.Model]) -> None:
        audit_append_many([admin_audit_event("admin.deleted", request=request, obj=obj) for obj in objects])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit_deletions(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            self._audit_deletions(request, list(queryset))
            super().delete_queryset(request, queryset)


class UnitInline(_UnitInline):
    model = Unit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "org_type", "municipality", "code"]
    list_filter = ["org_type"]
    search_fields = ["name", "code"]
    filter_horizontal = ["members"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "organisation", "handles_assistance"]
    list_filter = ["organisation__org_type", "handles_assistance"]
    search_fields = ["name", "organisation__name"]


class RoleInline(_RoleInline):
    model = RoleAssignment
    extra = 1


OFFICIAL_NOT_OPERATOR = (
    "En handläggare med en enhet kan inte vara plattformsoperatör (personalstatus eller superanvändare). "
    "Plattformens drift har ett eget konto utan enhet."
)


class OfficialChangeForm(_UserChangeForm):
    """An official of an organisation (a user with a unit) is never staff or superuser: the platform operator is a
    separate account without a unit (issue 16)."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or self.cleaned_data
        if cleaned.get("unit") is not None and (cleaned.get("is_staff") or cleaned.get("is_superuser")):
            raise ValidationError(OFFICIAL_NOT_OPERATOR)
        return cleaned


@admin.register(User)
class UserAdmin(AuditedAdmin, _UserAdmin):
    form = OfficialChangeForm
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_filter = ["unit__organisation", "is_active", "is_staff"]
    list_select_related = ["unit__organisation"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Samverkan", {"fields": ("unit", "title", "phone")}))  # type: ignore[misc]  # stubs: ClassVar of a generic base
    inlines = [RoleInline]


def _audit_registered_before() -> None:
    """Make the admins registered by apps earlier in ``INSTALLED_APPS`` (Django's, the libraries') audited."""
    for model, model_admin in list(admin.site._registry.items()):
        if isinstance(model_admin, AuditedAdmin):
            continue
        base = type(model_admin)
        admin.site.unregister(model)
        admin.site.register(model, type(f"Audited{base.__name__}", (AuditedAdmin, base), {}))


_audit_registered_before()
