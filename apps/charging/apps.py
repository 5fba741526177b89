from django.utils.translation import gettext_lazy as _

from apps.places import kind_app


class ChargingConfig(kind_app.FacilityKindConfig):
    name = "apps.charging"
    label = "charging"
    verbose_name = _("Charging stations")
    kind_label = _("Charging station")
    nav_label = _("Charging")
    nav_order = 40
    api_detail_url_name = "api-charging-station-detail"
    generated_name = ("充电站", "Charging station")
    generation_weight = 0.5
    coverage_reach_m = 1000
    # operator accounts, tokens and the status-report log are not shown on public pages
    cache_models = ("charging.chargingoperator", "charging.chargingstation", "charging.chargepoint",
                    "charging.connector")

    def kind_options(self) -> dict:
        from .models import ConnectorStandard
        from .selectors import live_availability

        return {"availability": live_availability, "availability_field": "free_points",
                "connector_choices": ConnectorStandard.choices}

    def contributions(self):
        from . import operators
        from .outages import CONTRIBUTION as OUTAGES
        from .pending import PENDING_WORK

        # charge points out of order for too long; operators answer problem reports about their
        # stations; charge points out of order for long: the station's followers hear (notices)
        return (*PENDING_WORK, operators.contribution(), OUTAGES)

    def ready(self):
        super().ready()
        from django.db.models.signals import post_migrate

        from .live import install_after_migrate

        # a station's "a pile is free now", kept on its facility row by the database
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="charging_free_triggers")
