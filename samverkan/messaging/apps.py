from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "samverkan.messaging"
    label = "messaging"
    verbose_name = "Kommunikation"
    default_auto_field = "django.db.models.BigAutoField"
