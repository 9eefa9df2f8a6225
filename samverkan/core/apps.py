from django.apps import AppConfig
from django.db.models import fields
from django.utils.module_loading import autodiscover_modules

#: The label of the empty choice in a select.
BLANK_CHOICE_LABEL = "Välj"


class CoreConfig(AppConfig):
    name = "samverkan.core"
    label = "core"
    verbose_name = "Gemensamt"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The empty choice of every select built from a model field's choices: Swedish, not Django's
        # untranslated "- Select an option -" (Django's documented way: set it in an app's ready()).
        fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
        # Each app registers its navigation, start-page panels and demo seeding in ``hooks.py``.
        autodiscover_modules("hooks")
