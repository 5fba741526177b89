from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParkingConfig(AppConfig):
    name = "apps.parking"
    label = "parking"
    verbose_name = _("Parking")

    def ready(self):
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places.registry import KindInfo, register_kind

        from . import operators
        from .models import KIND
        from .selectors import live_availability
        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=KIND,
            label=_("Car park"),
            detail_url_name="parking:detail",
            list_url_name="parking:list",
            api_detail_url_name="api-car-park-detail",
            synthesize=synthesize,
            generated_name=("停车场", "Car park"),
            generation_weight=0.3,
            coverage_reach_m=300,  # a car park within a 5-minute walk (until a standard is entered)
            availability=live_availability,
            availability_field="free_spaces",
        ))
        contribute(
            self,
            NavigationEntry("/parking/", _("Parking"), order=55),
            # operator accounts, tokens and the free-spaces log are not shown on public pages;
            # the live counts bump "parking-live" only (services.free_spaces_report)
            CacheNamespace("parking", facilities=True, models=("parking.parkingoperator", "parking.carpark")),
            operators.contribution(),  # operators answer problem reports about their car parks
        )
