"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``amenity`` (all of; repeatable or comma list), ``park_type`` (any of),
``min_area_m2``, ``parking``. Bad values are reported per parameter (400 in the API)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import BitFlagFilter, BitsFilter, FacilityFilterSet

from .models import Amenity, AmenityType, Park, ParkType


class ParkFilter(FacilityFilterSet):
    amenity = BitsFilter(
        choices=AmenityType.choices, field_name="amenity", match="all", label=_("Amenities"),
        rare=(Amenity, "amenity", "park"),
        widget=forms.CheckboxSelectMultiple,
    )
    park_type = BitsFilter(
        choices=ParkType.choices, field_name="park_type", match="any", label=_("Park type"),
        widget=forms.CheckboxSelectMultiple,
    )
    min_area_m2 = django_filters.NumberFilter(
        field_name="area_m2", lookup_expr="gte", label=_("Minimum area (m²)"), min_value=0,
        max_value=100_000_000,
    )
    parking = BitFlagFilter(field_name="parking", label=_("Has parking"))

    class Meta:
        model = Park
        fields: list[str] = []
