"""Public pages: ``/canteens/`` (filters, search, pagination, map) and ``/canteens/<id>/``.
Server-rendered; everything but the map works without JavaScript."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.cache import cached_page
from apps.places.models import Weekday

from .filters import CanteenFilter
from .models import MEAL_ORDER, Meal
from .selectors import annotate_open_now, canteen_base, canteen_detail, with_display_data

PAGE_SIZE = 20
# the data these pages show: the shared facility tables and this kind's own
NAMESPACES = ("places", "canteens")
MAX_PAGE_SIZE = 100


def page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def feature_collection(canteens) -> dict:
    """The page's canteens as GeoJSON for the map component (WGS-84)."""
    label = _("Senior canteen")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                "properties": {
                    "id": c.pk, "name": c.display_name, "kind_label": label,
                    "url": reverse("canteens:detail", args=[c.pk]),
                    "open_now": getattr(c, "open_now", None),
                },
            }
            for c in canteens
        ],
    }


def weekly_hours(facility) -> list[tuple[str, list]]:
    """``[(weekday label, [periods])]`` Monday to Sunday from the prefetched hours."""
    days: dict[int, list] = {day: [] for day in Weekday.values}
    for period in facility.opening_hours.all():
        days[period.weekday].append(period)
    return [(Weekday(day).label, days[day]) for day in Weekday.values]


def canteen_list(request):
    # the list as every visitor sees it, cached per language, query and minute (open now)
    def build():
        filterset = CanteenFilter(request.GET, queryset=canteen_base(), request=request)
        valid = filterset.is_valid()
        queryset = filterset.qs if valid else canteen_base().none()
        paginator = Paginator(with_display_data(queryset), page_size(request))
        page = paginator.get_page(request.GET.get("page"))
        canteens = annotate_open_now(list(page.object_list))
        context = {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "canteens": canteens,
            "map_points": feature_collection(canteens),
        }
        return "canteens/_canteen_list_content.html", context, 200 if valid else 400

    return cached_page(request, name="canteens:list", namespaces=NAMESPACES, build=build,
                       template="canteens/canteen_list.html")


def canteen_detail_view(request, pk: int):
    def build():
        canteen = canteen_detail(pk=pk)
        services = sorted(canteen.meal_services.all(), key=lambda s: MEAL_ORDER.get(s.meal, 9))
        discounts = list(canteen.discounts.all())
        price_rows = [
            {"service": s, "senior_prices": [d.price_for(s.price) for d in discounts]} for s in services
        ]
        meals = [m for m in Meal.values if any(i.meal == m for i in canteen.menu_items.all())]
        menu_rows = []
        for day in Weekday.values:
            cells = [
                [i for i in canteen.menu_items.all() if i.weekday == day and i.meal == meal] for meal in meals
            ]
            if any(cells):
                menu_rows.append({"day": Weekday(day).label, "cells": cells})
        context = {
            "page_title": canteen.display_name,
            "canteen": canteen,
            "facility": canteen,
            "hours": weekly_hours(canteen),
            "discounts": discounts,
            "price_rows": price_rows,
            "menu_meals": [Meal(m).label for m in meals],
            "menu_rows": menu_rows,
            "map_points": feature_collection([canteen]),
        }
        return "canteens/_canteen_detail_content.html", context, 200

    return cached_page(request, name=f"canteens:detail:{pk}", namespaces=NAMESPACES, build=build,
                       template="canteens/canteen_detail.html")
