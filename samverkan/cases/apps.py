from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "samverkan.cases"
    label = "cases"
    verbose_name = "Ärenden"
    default_auto_field = "django.db.models.BigAutoField"
