from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cadencia.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from cadencia.accounts.services import role_sync_builtin

        def sync_roles(sender: AppConfig, **kwargs: object) -> None:
            # Runs after every app's permissions exist, so the Administrator gets them all.
            if sender.name == "cadencia.accounts":
                role_sync_builtin(using=str(kwargs.get("using", "default")))

        post_migrate.connect(sync_roles, dispatch_uid="cadencia.accounts.sync_roles")
