"""Reads for canteen pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from apps.places.selectors import annotate_facility, facility_prefetches, local_now

from .models import Canteen, MenuItem


def canteen_base() -> QuerySet:
    """Published, not deleted canteens."""
    return Canteen.objects.published().of_kind("canteen")  # the kind: read through its list index


def with_display_data(qs: QuerySet, *, today=None) -> QuerySet:
    return qs.select_related("community__sub_district").prefetch_related(
        *facility_prefetches(today=today),
        "meal_services",
        "discounts",
    )


def annotate_open_now(canteens, *, when: datetime | None = None):
    """Sets ``open_now`` and ``accessibility_labels`` on each canteen from prefetched data
    (no query)."""
    when = when or local_now()
    for canteen in canteens:
        annotate_facility(canteen, when)
    return canteens


def canteen_detail(*, pk: int) -> Canteen:
    qs = with_display_data(canteen_base()).prefetch_related(
        Prefetch("menu_items", queryset=MenuItem.objects.order_by("weekday", "position"))
    )
    canteen = get_object_or_404(qs, pk=pk)
    annotate_open_now([canteen])
    return canteen
