"""Public pages: ``/canteens/`` (filters, search, pagination, map) and ``/canteens/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.utils.translation import gettext as _

from apps.places.models import Weekday
from apps.places.pages import facility_detail_page, facility_list_page

from .filters import CanteenFilter
from .models import MEAL_ORDER, Meal
from .selectors import annotate_open_now, canteen_base, canteen_detail, with_display_data


def canteen_list(request):
    return facility_list_page(
        request, app="canteens", filterset_class=CanteenFilter, base=canteen_base,
        with_display_data=with_display_data, annotate=annotate_open_now, items_name="canteens",
        label=_("Senior canteen"), template="canteens/canteen_list.html",
        content_template="canteens/_canteen_list_content.html",
    )


def meals_and_menu(canteen) -> dict:
    """Prices (with the senior discounts) per meal service and the weekly menu table, from the
    prefetched rows."""
    services = sorted(canteen.meal_services.all(), key=lambda s: MEAL_ORDER.get(s.meal, 9))
    discounts = list(canteen.discounts.all())
    price_rows = [{"service": s, "senior_prices": [d.price_for(s.price) for d in discounts]} for s in services]
    meals = [m for m in Meal.values if any(i.meal == m for i in canteen.menu_items.all())]
    menu_rows = []
    for day in Weekday.values:
        cells = [[i for i in canteen.menu_items.all() if i.weekday == day and i.meal == meal] for meal in meals]
        if any(cells):
            menu_rows.append({"day": Weekday(day).label, "cells": cells})
    return {
        "discounts": discounts,
        "price_rows": price_rows,
        "menu_meals": [Meal(m).label for m in meals],
        "menu_rows": menu_rows,
    }


def canteen_detail_view(request, pk: int):
    return facility_detail_page(
        request, pk, app="canteens", detail=canteen_detail, item_name="canteen", label=_("Senior canteen"),
        template="canteens/canteen_detail.html", content_template="canteens/_canteen_detail_content.html",
        extra_context=meals_and_menu,
    )
