from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "apps.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from apps.core.contributions import contribute

        from .pending import PENDING_WORK

        contribute(self, *PENDING_WORK)  # notices that failed for good
