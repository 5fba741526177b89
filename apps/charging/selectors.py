"""Reads for charging pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.places.hours import is_open_at
from apps.places.models import OpeningException
from apps.places.selectors import local_now

from . import accessibility
from .models import ChargePoint, ChargePointStatus, ChargingStation

EXCEPTIONS_AHEAD = timedelta(days=60)


def station_base() -> QuerySet:
    """Published, not deleted charging stations."""
    return ChargingStation.objects.published()


def with_display_data(qs: QuerySet, *, today=None) -> QuerySet:
    today = today or local_now().date()
    return qs.select_related("community__sub_district", "operator").prefetch_related(
        "opening_hours",
        Prefetch(
            "opening_exceptions",
            queryset=OpeningException.objects.filter(date__gte=today, date__lte=today + EXCEPTIONS_AHEAD),
            to_attr="upcoming_exceptions",
        ),
        "photos",
        Prefetch("charge_points", queryset=ChargePoint.objects.prefetch_related("connectors")),
    )


def annotate_display(stations, *, when: datetime | None = None):
    """Sets ``open_now``, ``accessibility_labels`` and the live charge-point summary on each
    station from prefetched data (no query)."""
    when = when or local_now()
    now = timezone.now()
    for station in stations:
        station.open_now = is_open_at(when, station.opening_hours.all(), station.upcoming_exceptions)
        station.accessibility_labels = accessibility.labels(station.accessibility)
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
