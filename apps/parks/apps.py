from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParksConfig(AppConfig):
    name = "apps.parks"
    label = "parks"
    verbose_name = _("Parks")

    def ready(self):
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places.registry import KindInfo, register_kind

        from .models import KIND
        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=KIND,
            label=_("Park"),
            detail_url_name="parks:detail",
            list_url_name="parks:list",
            api_detail_url_name="api-park-detail",
            synthesize=synthesize,
            generated_name=("口袋公园", "Pocket park"),
            generation_weight=0.2,
            coverage_reach_m=500,
        ))
        contribute(
            self,
            NavigationEntry("/parks/", _("Parks"), order=50),
            CacheNamespace("parks", facilities=True, models=("parks.park", "parks.amenity")),
        )
