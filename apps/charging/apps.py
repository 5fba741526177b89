from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChargingConfig(AppConfig):
    name = "apps.charging"
    label = "charging"
    verbose_name = _("Charging stations")

    def ready(self):
        from apps.places.models import FacilityKind
        from apps.places.registry import KindInfo, register_kind

        from .synthesize import synthesize

        register_kind(KindInfo(
            kind=FacilityKind.CHARGING,
            label=_("Charging station"),
            detail_url_name="charging:detail",
            api_detail_url_name="api-charging-station-detail",
            synthesize=synthesize,
        ))
