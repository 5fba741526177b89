"""Reads for park pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apps.places.selectors import annotate_facility, facility_prefetches, local_now

from .models import Park


def park_base() -> QuerySet:
    """Published, not deleted parks."""
    return Park.objects.published().of_kind("park")  # the kind: read through its list index


def with_display_data(qs: QuerySet, *, today=None) -> QuerySet:
    return qs.select_related("community__sub_district").prefetch_related(
        *facility_prefetches(today=today),
        "amenities",
    )


def annotate_display(parks, *, when: datetime | None = None):
    """Sets ``open_now`` and ``accessibility_labels`` on each park from prefetched data
    (no query)."""
    when = when or local_now()
    for park in parks:
        annotate_facility(park, when)
    return parks


def park_detail(*, pk: int) -> Park:
    park = get_object_or_404(with_display_data(park_base()), pk=pk)
    annotate_display([park])
    return park
