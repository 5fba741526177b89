from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers the OpenAPI token schemes)
        from .history import make_history_read_only
        from .roles import sync_roles

        make_history_read_only()

        # once per ``migrate`` (after this app's post_migrate), not once per installed app
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="accounts.sync_roles")
