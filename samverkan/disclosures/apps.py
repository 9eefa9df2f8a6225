from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "samverkan.disclosures"
    label = "disclosures"
    verbose_name = "Sekretessgrind och logg"
    default_auto_field = "django.db.models.BigAutoField"
