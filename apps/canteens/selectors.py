"""Reads for canteen pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from apps.places.hours import is_open_at
from apps.places.models import OpeningException
from apps.places.selectors import local_now

from . import accessibility
from .models import Canteen, MenuItem

EXCEPTIONS_AHEAD = timedelta(days=60)


def canteen_base() -> QuerySet:
    """Published, not deleted canteens."""
    return Canteen.objects.published()


def with_display_data(qs: QuerySet, *, today=None) -> QuerySet:
    today = today or local_now().date()
    return qs.select_related("community__sub_district").prefetch_related(
        "opening_hours",
        Prefetch(
            "opening_exceptions",
            queryset=OpeningException.objects.filter(date__gte=today, date__lte=today + EXCEPTIONS_AHEAD),
            to_attr="upcoming_exceptions",
        ),
        "photos",
        "meal_services",
        "discounts",
    )


def annotate_open_now(canteens, *, when: datetime | None = None):
    """Sets ``open_now`` and ``accessibility_labels`` on each canteen from prefetched data
    (no query)."""
    when = when or local_now()
    for canteen in canteens:
        canteen.open_now = is_open_at(when, canteen.opening_hours.all(), canteen.upcoming_exceptions)
        canteen.accessibility_labels = accessibility.labels(canteen.accessibility)
    return canteens


def canteen_detail(*, pk: int) -> Canteen:
    qs = with_display_data(canteen_base()).prefetch_related(
        Prefetch("menu_items", queryset=MenuItem.objects.order_by("weekday", "position"))
    )
    canteen = get_object_or_404(qs, pk=pk)
    annotate_open_now([canteen])
    return canteen
