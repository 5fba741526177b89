"""Charge points out of order, for the notices to the people following their station (issue 20;
a :class:`~apps.core.contributions.FacilityOutages` contributed in ``ChargingConfig.ready()``)."""

from django.db.models.functions import Coalesce

from apps.core.contributions import FacilityOutages

from .models import KIND, ChargePoint, ChargePointStatus


def outages(started_after, started_before):
    """``(station id, charge point id, its label, out of order since)`` of every charge point of
    a published station whose reported status is "out of order" since a time in the window
    (``status_since``; a point reported before it was kept: its last report)."""
    points = (
        ChargePoint.objects.filter(status=ChargePointStatus.OUT_OF_ORDER, station__status="published",
                                   station__deleted_at__isnull=True)
        .annotate(since=Coalesce("status_since", "status_reported_at"))
        .filter(since__gt=started_after, since__lte=started_before)
        .order_by("pk")
        .values_list("station_id", "pk", "label", "code", "since")
    )
    for station_id, pk, label, code, since in points:
        yield station_id, str(pk), label or code, since


CONTRIBUTION = FacilityOutages(kind=KIND, outages=outages)
