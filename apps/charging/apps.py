from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChargingConfig(AppConfig):
    name = "apps.charging"
    label = "charging"
    verbose_name = _("Charging stations")

    def ready(self):
        from apps.core.contributions import CacheNamespace, NavigationEntry, contribute
        from apps.places.registry import KindInfo, register_kind

        from . import operators
        from .models import KIND, ConnectorStandard
        from .pending import PENDING_WORK
        from .selectors import live_availability
        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=KIND,
            label=_("Charging station"),
            detail_url_name="charging:detail",
            list_url_name="charging:list",
            api_detail_url_name="api-charging-station-detail",
            synthesize=synthesize,
            generated_name=("充电站", "Charging station"),
            generation_weight=0.5,
            coverage_reach_m=1000,
            availability=live_availability,
            availability_field="free_points",
            connector_choices=ConnectorStandard.choices,
        ))
        contribute(
            self,
            NavigationEntry("/charging/", _("Charging"), order=40),
            # operator accounts, tokens and the status-report log are not shown on public pages
            CacheNamespace("charging", facilities=True, models=(
                "charging.chargingoperator", "charging.chargingstation", "charging.chargepoint",
                "charging.connector")),
            *PENDING_WORK,  # charge points out of order for too long
            operators.contribution(),  # operators answer problem reports about their stations
        )
