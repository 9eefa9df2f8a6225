from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "samverkan.assistance"
    label = "assistance"
    verbose_name = "Ekonomiskt bistånd"
    default_auto_field = "django.db.models.BigAutoField"
