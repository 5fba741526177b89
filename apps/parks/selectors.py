"""Reads for park pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from apps.places.hours import is_open_at
from apps.places.models import OpeningException
from apps.places.selectors import local_now

from . import accessibility
from .models import Park

EXCEPTIONS_AHEAD = timedelta(days=60)


def park_base() -> QuerySet:
    """Published, not deleted parks."""
    return Park.objects.published()


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
        "amenities",
    )


def annotate_display(parks, *, when: datetime | None = None):
    """Sets ``open_now`` and ``accessibility_labels`` on each park from prefetched data
    (no query)."""
    when = when or local_now()
    for park in parks:
        park.open_now = is_open_at(when, park.opening_hours.all(), park.upcoming_exceptions)
        park.accessibility_labels = accessibility.labels(park.accessibility)
    return parks


def park_detail(*, pk: int) -> Park:
    park = get_object_or_404(with_display_data(park_base()), pk=pk)
    annotate_display([park])
    return park
