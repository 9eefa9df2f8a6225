from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "samverkan.disclosures"
    label = "disclosures"
    verbose_name = "Sekretessgrind och logg"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samverkan.disclosures import checks  # noqa: F401  (registers the audit key check)
