from django.apps import AppConfig


class RehabConfig(AppConfig):
    name = "samverkan.rehab"
    label = "rehab"
    verbose_name = "Rehabiliteringssamordning"
    default_auto_field = "django.db.models.BigAutoField"
