from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "samverkan.reports"
    label = "reports"
    verbose_name = "Uppföljning och statistik"
    default_auto_field = "django.db.models.BigAutoField"
