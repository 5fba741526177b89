from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = _("Problem reports (接诉即办)")

    def ready(self):
        from apps.core.contributions import NavigationEntry, contribute

        from .categories import sync_after_migrate

        contribute(self, NavigationEntry("/reports/", _("Report a problem"), order=75))

        # A freshly migrated database offers every declared category (Open311 services).
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="reports-categories-sync")
