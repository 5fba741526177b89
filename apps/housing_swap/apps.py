from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingSwapConfig(AppConfig):
    name = "apps.housing_swap"
    label = "housing_swap"
    verbose_name = _("Housing swap (以房换房)")

    def ready(self):
        from apps.core.contributions import AuditHook, NavigationEntry, contribute

        from .my_data import SOURCE as MY_DATA
        from .pending import PENDING_WORK
        from .personal_data import PERSONAL_FIELDS
        from .services.privacy import audit_write

        contribute(
            self,
            NavigationEntry("/housing-swap/", _("Housing swap"), order=80),
            *PENDING_WORK,  # files waiting in the review queue
            *PERSONAL_FIELDS,  # masked in the back office's exports
            AuditHook(audit_write),  # unmasked exports go to this app's audit log
            MY_DATA,  # a resident's applications and documents, for their download (apps.privacy)
        )
        # Reviewer reminders: if the notices feature offers a provider registry, hand it ours.
        try:
            reminders = import_module("apps.notices.reminders")
        except ModuleNotFoundError:
            return
        register = getattr(reminders, "register", None)
        if register is not None:
            from apps.notices import events

            from .reminders import waiting_applications

            register(waiting_applications, kind=events.APPLICATION_REVIEW_REMINDER)
