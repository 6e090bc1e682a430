from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_builtin_roles(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After the last app has migrated (so every permission exists), sync the built-in roles."""
    # Django sends post_migrate only for apps with a models module.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from cadencia.accounts.services import role_sync_builtin

    role_sync_builtin(using=using)


class AccountsConfig(AppConfig):
    name = "cadencia.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from cadencia.accounts.models import Role, User
        from cadencia.core.changelog import track

        track(User, exclude=["password", "last_login"])
        track(Role, m2m_fields={"permissions"})
        post_migrate.connect(sync_builtin_roles, dispatch_uid="cadencia.accounts.sync_roles")
