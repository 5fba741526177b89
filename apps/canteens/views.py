"""What the canteen page shows beyond the kit's (apps.places.kit): prices and the weekly menu."""

from apps.places.models import Weekday

from .models import MEAL_ORDER, Meal


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
