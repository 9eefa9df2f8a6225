from django.contrib import admin

from samverkan.people.models import Household, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["identity_number", "first_name", "last_name", "protected_identity"]
    search_fields = ["identity_number", "last_name", "first_name"]
    list_filter = ["protected_identity", "identity_type"]


admin.site.register(Household)
