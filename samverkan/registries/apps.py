from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "samverkan.registries"
    label = "registries"
    verbose_name = "Myndigheternas register"
    default_auto_field = "django.db.models.BigAutoField"
