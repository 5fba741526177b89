"""Reads for charging pages and the API, with a constant number of queries whatever the page
size (select_related + prefetch_related)."""

from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from apps.core.prefetch import related_rows
from apps.places.kit import KindSelectors

from .models import KIND, ChargePoint, ChargePointStatus, ChargingStation, standard_labels, status_max_age


class StationSelectors(KindSelectors):
    def annotate(self, stations, *, when: datetime | None = None):
        """Sets ``open_now``, ``accessibility_labels`` and the live charge-point summary on each
        station from prefetched data (no query)."""
        super().annotate(stations, when=when)
        fresh_since = timezone.now() - status_max_age()
        names = standard_labels()
        for station in stations:
            points = list(related_rows(station, "charge_points"))
            for point in points:
                point.live = point.status_if_fresh(fresh_since)
            connectors = [c for p in points for c in related_rows(p, "connectors")]
            station.points_total = len(points)
            station.points_available = sum(p.live == ChargePointStatus.AVAILABLE for p in points)
            station.max_power_kw = max((c.max_power_kw for c in connectors), default=None)
            standards = dict.fromkeys(connector.standard for connector in connectors)  # (in their order, once each)
            station.connector_labels = [names.get(standard, standard) for standard in standards]
        return stations


stations = StationSelectors(
    ChargingStation, KIND, select=["operator"],
    prefetch=[Prefetch("charge_points", queryset=ChargePoint.objects.prefetch_related("connectors"))],
)


def live_availability(ids, now: datetime) -> dict:
    """``KindInfo.availability`` for charging: per station, free charge points per fresh
    reports (in total and per connector standard) and every connector standard it has. One
    query."""
    from apps.places.registry import Availability

    fresh_since = now - status_max_age()
    stations: dict[int, dict] = {}
    rows = ChargePoint.objects.filter(station_id__in=list(ids)).values_list(
        "station_id", "pk", "status", "status_reported_at", "connectors__standard")
    for station_id, point_id, status, reported_at, standard in rows:
        s = stations.setdefault(station_id, {"points": {}, "standards": set(), "free_by": {}})
        fresh = reported_at is not None and reported_at >= fresh_since
        s["points"][point_id] = (fresh, fresh and status == ChargePointStatus.AVAILABLE, reported_at)
        if standard:
            s["standards"].add(standard)
            if fresh and status == ChargePointStatus.AVAILABLE:
                s["free_by"].setdefault(standard, set()).add(point_id)
    out = {}
    for station_id, s in stations.items():
        points = s["points"].values()
        fresh_times = [at for fresh, _free, at in points if fresh]
        free = sum(1 for _fresh, is_free, _at in points if is_free)
        out[station_id] = Availability(
            available=(free > 0) if fresh_times else None,
            free=free, total=len(s["points"]), as_of=max(fresh_times, default=None),
            free_by_connector={standard: len(p) for standard, p in s["free_by"].items()},
            connectors=frozenset(s["standards"]),
        )
    return out
