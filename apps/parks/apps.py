from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParksConfig(AppConfig):
    name = "apps.parks"
    label = "parks"
    verbose_name = _("Parks")

    def ready(self):
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places.models import FacilityKind
        from apps.places.registry import KindInfo, register_kind

        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=FacilityKind.PARK,
            label=_("Park"),
            detail_url_name="parks:detail",
            api_detail_url_name="api-park-detail",
            synthesize=synthesize,
        ))
        contribute(
            self,
            NavigationEntry("/parks/", _("Parks"), order=50),
            CacheNamespace("parks", facilities=True, models=("parks.park", "parks.amenity")),
        )
