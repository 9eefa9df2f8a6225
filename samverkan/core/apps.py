from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "samverkan.core"
    label = "core"
    verbose_name = "Gemensamt"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app registers its navigation, start-page panels and demo seeding in ``hooks.py``.
        autodiscover_modules("hooks")
