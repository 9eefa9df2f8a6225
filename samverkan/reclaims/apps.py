from django.apps import AppConfig


class ReclaimsConfig(AppConfig):
    name = "samverkan.reclaims"
    label = "reclaims"
    verbose_name = "Återsökning"
    default_auto_field = "django.db.models.BigAutoField"
