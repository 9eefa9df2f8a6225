from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "samverkan.consents"
    label = "consents"
    verbose_name = "Samtycken"
    default_auto_field = "django.db.models.BigAutoField"
