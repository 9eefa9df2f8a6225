from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "municipality", "code"]
    list_filter = ["org_type"]
    search_fields = ["name", "code"]
    filter_horizontal = ["members"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "handles_assistance"]
    list_filter = ["organisation__org_type", "handles_assistance"]
    search_fields = ["name", "organisation__name"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_filter = ["unit__organisation", "is_active", "is_staff"]
    list_select_related = ["unit__organisation"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Samverkan", {"fields": ("unit", "title", "phone")}))  # type: ignore[misc]
    inlines = [RoleInline]
