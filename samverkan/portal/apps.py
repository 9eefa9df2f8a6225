from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "samverkan.portal"
    label = "portal"
    verbose_name = "Mina sidor"
    default_auto_field = "django.db.models.BigAutoField"
