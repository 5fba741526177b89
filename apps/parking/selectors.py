"""Reads for car-park pages and the API (the kit's, see apps.places.kit.KindSelectors), and
the live free spaces nearby search reads (``KindInfo.availability``)."""

from datetime import datetime

from django.utils import timezone

from apps.accounts.operators import is_fresh
from apps.places.kit import KindSelectors
from apps.places.registry import Availability

from .models import KIND, CarPark, free_spaces_max_age


class CarParkSelectors(KindSelectors):
    def annotate(self, car_parks, *, when: datetime | None = None):
        """Sets ``open_now``, ``accessibility_labels`` and ``free_now`` (the fresh reported
        count, None when unknown or stale) on each car park (no query)."""
        super().annotate(car_parks, when=when)
        now = timezone.now()
        for car_park in car_parks:
            car_park.free_now = car_park.live_free_spaces(now)
        return car_parks


car_parks = CarParkSelectors(CarPark, KIND, select=["operator"])


def live_availability(ids, now: datetime) -> dict[int, Availability]:
    """``KindInfo.availability`` for parking: each car park's free spaces per its operator's
    fresh report (unknown when the last report is older than the staleness limit). One query."""
    out = {}
    max_age = free_spaces_max_age()
    rows = CarPark.objects.filter(pk__in=list(ids)).values_list(
        "pk", "spaces_total", "free_spaces", "free_spaces_reported_at")
    for pk, total, free, reported_at in rows:
        if is_fresh(reported_at, now, max_age):
            out[pk] = Availability(available=free > 0, free=free, total=total, as_of=reported_at)
        else:
            out[pk] = Availability(available=None, free=None, total=total)
    return out
