from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingSwapConfig(AppConfig):
    name = "apps.housing_swap"
    label = "housing_swap"
    verbose_name = _("Housing swap (以房换房)")

    def ready(self):
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
