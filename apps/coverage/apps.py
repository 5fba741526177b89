from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "apps.coverage"
    label = "coverage"
    verbose_name = _("Service coverage")

    def ready(self) -> None:
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places import registry

        from .listeners import facilities_changed

        registry.on_facilities_changed(facilities_changed)
        contribute(
            self,
            NavigationEntry("/coverage/", _("Coverage"), order=70),
            # the queue of pending facility changes is internal, not shown
            CacheNamespace("coverage", models=(
                "coverage.servicestandard", "coverage.coverageresult", "coverage.coveragesnapshot")),
        )
