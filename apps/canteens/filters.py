"""One FilterSet for the API and the page: ``street``, ``community``, ``search``,
``open_now``, ``meal`` (repeatable or comma list: canteens serving all of them), ``delivery``.
Bad values are reported per parameter (400 in the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.places.filters import BitFlagFilter, BitsFilter, FacilityFilterSet

from .models import Canteen, Meal, MealService


class CanteenFilter(FacilityFilterSet):
    meal = BitsFilter(
        choices=Meal.choices, field_name="meal", match="all", label=_("Meal"), rare=(MealService, "meal", "canteen"),
        widget=forms.CheckboxSelectMultiple,
    )
    delivery = BitFlagFilter(field_name="delivery", label=_("Home delivery"))

    class Meta:
        model = Canteen
        fields: list[str] = []
