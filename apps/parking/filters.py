"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``car_park_type`` (any of), ``available`` (free spaces per a fresh report),
``accessible_spaces``, ``ev_spaces``, ``min_height_m`` (no limit, or at least this). Bad
values are reported per parameter (400 in the API)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.places.filters import BitFlagFilter, BitsFilter, FacilityFilterSet, StrictBooleanFilter

from .models import CarPark, CarParkType


class CarParkFilter(FacilityFilterSet):
    car_park_type = BitsFilter(
        choices=CarParkType.choices, field_name="car_park_type", match="any", label=_("Car park type"),
        widget=forms.CheckboxSelectMultiple,
    )
    available = StrictBooleanFilter(method="filter_available", label=_("Free spaces now"))
    accessible_spaces = BitFlagFilter(field_name="accessible_spaces", label=_("Has accessible spaces"))
    ev_spaces = BitFlagFilter(field_name="ev_spaces", label=_("Has spaces with a charger"))
    min_height_m = django_filters.NumberFilter(
        method="filter_min_height", label=_("Vehicle height (m)"), min_value=1, max_value=10,
    )

    class Meta:
        model = CarPark
        fields: list[str] = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_available(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.free_now() if value else queryset.free_now(negate=True)

    def filter_min_height(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(height_limit_m__isnull=True) | Q(height_limit_m__gte=value))
