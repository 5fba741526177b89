from django.utils.translation import gettext_lazy as _

from apps.places import kind_app


class ParkingConfig(kind_app.FacilityKindConfig):
    name = "apps.parking"
    label = "parking"
    verbose_name = _("Parking")
    kind_label = _("Car park")
    nav_label = _("Parking")
    nav_order = 55
    api_detail_url_name = "api-car-park-detail"
    generated_name = ("停车场", "Car park")
    generation_weight = 0.3
    coverage_reach_m = 300  # a car park within a 5-minute walk (until a standard is entered)
    # operator accounts, tokens and the free-spaces log are not shown on public pages;
    # the live counts bump "parking-live" only (services.free_spaces_report)
    cache_models = ("parking.parkingoperator", "parking.carpark")

    def kind_options(self) -> dict:
        from .selectors import live_availability

        return {"availability": live_availability, "availability_field": "free_spaces"}

    def contributions(self):
        from . import operators
        from .outages import CONTRIBUTION as OUTAGES

        # operators answer problem reports about their car parks; a live count silent for long:
        # the car park's followers hear (notices)
        return (operators.contribution(), OUTAGES)
