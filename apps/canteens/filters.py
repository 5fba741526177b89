"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``meal`` (repeatable or comma list: canteens serving all of them), ``delivery``.
Bad values are reported per parameter (400 in the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.places.filters import CommaMultipleChoiceFilter, FacilityFilterSet, StrictBooleanFilter

from .models import Canteen, Meal


class CanteenFilter(FacilityFilterSet):
    meal = CommaMultipleChoiceFilter(
        choices=Meal.choices, method="filter_meal", label=_("Meal"),
        widget=forms.CheckboxSelectMultiple,
    )
    delivery = StrictBooleanFilter(method="filter_delivery", label=_("Home delivery"))

    class Meta:
        model = Canteen
        fields: list[str] = []

    def filter_meal(self, queryset, name, value):
        return queryset.serving(*value) if value else queryset

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_delivery(self, queryset, name, value):
        return queryset if value is None else queryset.delivering(value)
