"""Reads for charging pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.places.selectors import annotate_facility, facility_prefetches, local_now

from .models import ChargePoint, ChargePointStatus, ChargingStation


def station_base() -> QuerySet:
    """Published, not deleted charging stations."""
    return ChargingStation.objects.published().of_kind("charging")  # the kind: read through its list index


def with_display_data(qs: QuerySet, *, today=None) -> QuerySet:
    return qs.select_related("community__sub_district", "operator").prefetch_related(
        *facility_prefetches(today=today),
        Prefetch("charge_points", queryset=ChargePoint.objects.prefetch_related("connectors")),
    )


def annotate_display(stations, *, when: datetime | None = None):
    """Sets ``open_now``, ``accessibility_labels`` and the live charge-point summary on each
    station from prefetched data (no query)."""
    when = when or local_now()
    now = timezone.now()
    for station in stations:
        annotate_facility(station, when)
        points = list(station.charge_points.all())
        for point in points:
            point.live = point.live_status(now)
        connectors = [c for p in points for c in p.connectors.all()]
        station.points_total = len(points)
        station.points_available = sum(p.live == ChargePointStatus.AVAILABLE for p in points)
        station.max_power_kw = max((c.max_power_kw for c in connectors), default=None)
        labels = {}
        for connector in connectors:
            labels.setdefault(connector.standard, connector.get_standard_display())
        station.connector_labels = list(labels.values())
    return stations


def station_detail(*, pk: int) -> ChargingStation:
    station = get_object_or_404(with_display_data(station_base()), pk=pk)
    annotate_display([station])
    return station
