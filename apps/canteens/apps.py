from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanteensConfig(AppConfig):
    name = "apps.canteens"
    label = "canteens"
    verbose_name = _("Senior canteens")

    def ready(self):
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places.models import FacilityKind
        from apps.places.registry import KindInfo, register_kind

        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=FacilityKind.CANTEEN,
            label=_("Senior canteen"),
            detail_url_name="canteens:detail",
            api_detail_url_name="api-canteen-detail",
            synthesize=synthesize,
        ))
        contribute(
            self,
            NavigationEntry("/canteens/", _("Senior canteens"), order=30),
            CacheNamespace("canteens", facilities=True, models=(
                "canteens.canteen", "canteens.mealservice", "canteens.seniordiscount", "canteens.menuitem")),
        )
