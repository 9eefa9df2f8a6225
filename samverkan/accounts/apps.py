from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samverkan.accounts"
    label = "accounts"
    verbose_name = "Organisationer och användare"
    default_auto_field = "django.db.models.BigAutoField"
