from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from apps.core.contributions import PersonalFields, contribute
        from apps.core.masking import mask_email, mask_phone, mask_text

        from . import schema  # noqa: F401  (registers the OpenAPI token schemes)
        from .history import make_history_read_only
        from .roles import sync_roles
        from .security import REVEAL_PERMISSION, session_started

        make_history_read_only()
        # the API throttles count in the database while Redis is down (issue 18 item 11)
        from apps.core.cache import register_fallback_counter

        from .counters import throttle_fallback

        register_fallback_counter(throttle_fallback)
        user_logged_in.connect(session_started, dispatch_uid="accounts.session_started")

        # once per ``migrate`` (after this app's post_migrate), not once per installed app
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="accounts.sync_roles")
        # the back office's exports of users mask their contact details
        contribute(self, PersonalFields(
            model="accounts.user",
            masks={"phone": mask_phone, "email": mask_email, "first_name": mask_text, "last_name": mask_text},
            reveal_permission=REVEAL_PERMISSION,
        ))
