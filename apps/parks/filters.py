"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``amenity`` (all of; repeatable or comma list), ``park_type`` (any of),
``min_area_m2``, ``parking``. Bad values are reported per parameter (400 in the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.places.filters import (
    CommaMultipleChoiceFilter,
    FacilityFilterSet,
    IndexedChoiceFilter,
    StrictBooleanFilter,
)

from .models import AmenityType, Park, ParkType


class ParkFilter(FacilityFilterSet):
    amenity = CommaMultipleChoiceFilter(
        choices=AmenityType.choices, method="filter_amenity", label=_("Amenities"),
        widget=forms.CheckboxSelectMultiple,
    )
    park_type = IndexedChoiceFilter(
        choices=ParkType.choices, field_name="park_type", label=_("Park type"),
        widget=forms.CheckboxSelectMultiple,
    )
    min_area_m2 = django_filters.NumberFilter(
        field_name="area_m2", lookup_expr="gte", label=_("Minimum area (m²)"), min_value=0,
        max_value=100_000_000,
    )
    parking = StrictBooleanFilter(method="filter_parking", label=_("Has parking"))

    class Meta:
        model = Park
        fields: list[str] = []

    def filter_amenity(self, queryset, name, value):
        return queryset.with_amenities(*value) if value else queryset

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_parking(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(parking_spaces__gt=0) if value else queryset.filter(parking_spaces=0)
