from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "samverkan.notifications"
    label = "notifications"
    verbose_name = "Att göra"
    default_auto_field = "django.db.models.BigAutoField"
