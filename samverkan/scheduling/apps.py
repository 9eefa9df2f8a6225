from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "samverkan.scheduling"
    label = "scheduling"
    verbose_name = "Schemalagda körningar"
    default_auto_field = "django.db.models.BigAutoField"
