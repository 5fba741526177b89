"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``connector`` (any of; repeatable or comma list), ``min_power_kw``,
``available``, ``power_type``, ``public``. Bad values are reported per parameter (400 in
the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import (
    BitChoiceFilter,
    BitFlagFilter,
    BitsFilter,
    BitThresholdFilter,
    FacilityFilterSet,
    FreeNowFilter,
)

from .models import ChargingStation, Connector, ConnectorStandard, PowerType, status_max_age


class ChargingStationFilter(FacilityFilterSet):
    connector = BitsFilter(
        choices=ConnectorStandard.choices, field_name="connector", match="any", label=_("Connector"),
        rare=(Connector, "standard", "charge_point__station"),
        widget=forms.CheckboxSelectMultiple,
    )
    min_power_kw = BitThresholdFilter(
        field_name="min_power", exact="with_min_power", label=_("Minimum power (kW)"), min_value=0, max_value=2000,
    )
    available = FreeNowFilter(field_name="free_reported_at", max_age=status_max_age, label=_("Available now"))
    power_type = BitChoiceFilter(
        choices=PowerType.choices, field_name="power_type", label=_("Power type"),
        empty_label=_("AC or DC"),
    )
    public = BitFlagFilter(field_name="public", label=_("Open to the public"))

    class Meta:
        model = ChargingStation
        fields: list[str] = []
