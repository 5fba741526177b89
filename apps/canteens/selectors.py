"""Reads for canteen pages and the API (the kit's: see apps.places.kit.KindSelectors)."""

from django.db.models import Prefetch

from apps.places.kit import KindSelectors

from .models import KIND, Canteen, MenuItem

canteens = KindSelectors(
    Canteen, KIND, prefetch=["meal_services", "discounts"], card_prefetch=["meal_services"],
    detail_prefetch=[Prefetch("menu_items", queryset=MenuItem.objects.order_by("weekday", "position"))],
)
