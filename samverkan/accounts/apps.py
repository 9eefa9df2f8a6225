from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samverkan.accounts"
    label = "accounts"
    verbose_name = "Organisationer och användare"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samverkan.accounts import signals

        signals.connect()  # audit entries for failed logins and lockouts; the session clock at login
