from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanteensConfig(AppConfig):
    name = "apps.canteens"
    label = "canteens"
    verbose_name = _("Senior canteens")

    def ready(self):
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places.registry import KindInfo, register_kind

        from .models import KIND
        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=KIND,
            label=_("Senior canteen"),
            detail_url_name="canteens:detail",
            list_url_name="canteens:list",
            api_detail_url_name="api-canteen-detail",
            synthesize=synthesize,
            generated_name=("幸福食堂", "Senior canteen"),
            generation_weight=0.3,
            coverage_reach_m=1000,
        ))
        contribute(
            self,
            NavigationEntry("/canteens/", _("Senior canteens"), order=30),
            CacheNamespace("canteens", facilities=True, models=(
                "canteens.canteen", "canteens.mealservice", "canteens.seniordiscount", "canteens.menuitem")),
        )
