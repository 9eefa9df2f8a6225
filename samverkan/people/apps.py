from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "samverkan.people"
    label = "people"
    verbose_name = "Personer"
    default_auto_field = "django.db.models.BigAutoField"
